/**
 * The common line, read on its bytes: a `short`, `short-precise`,
 * `short-iso` or `short-iso-precise` line of printable ASCII holding one
 * complete record with an account that is not a login (audit-record.ts'
 * kindOf tells an authorization from a Mesos HTTP authentication, for both
 * readers). Such a line is read without decoding it and without making a
 * string: what it says is kept as offsets, so that a denial seen before
 * costs a lookup by its bytes (report/aggregate.ts), and an allow record a
 * count.
 *
 * `read` answers only for lines it is sure of, and for those gives what
 * classifyLine gives (`outcome`); every other line (another format, other
 * bytes, a line the parser flags, a login, a record without an account) is
 * left to classifyLine. test/parser/record-view.property.test.ts checks
 * the two agree on any line.
 */
import { type AuditRecord, kindOf } from './audit-record.js';
import { CANDIDATES } from './classify-line.js';
import {
  COMPONENTS,
  type Component,
  HIDDEN_END,
  KERNEL_FORMATS,
  READ_MAX,
  RECORD_PARTS,
  RESULTS,
  SHORTEST_RECORD_LINE,
} from './dialects.js';
import type { JournalEntry } from './entry.js';
import { shortTime } from './journal-entry.js';
import type { KernelTable } from './kernel-table.js';
import { LineScan } from './line-scan.js';
import { RecordScan } from './record-scan.js';

const UID = RECORD_PARTS.indexOf('uid');
const OBJECT = RECORD_PARTS.indexOf('object');
const ACTION = RECORD_PARTS.indexOf('action');
const REASON = RECORD_PARTS.indexOf('reason');
const TIMESTAMP = RECORD_PARTS.indexOf('timestamp');

export class RecordView {
  /** The memory lines are read in (RecordScan): offsets below are into it. */
  readonly buf: Buffer;
  lineEnd = 0;
  format: (typeof KERNEL_FORMATS)[number] = 'short-iso';
  // Times are read when asked for: counting an allow record needs neither.
  private entryStampStart = 0;
  private entryStampEnd = 0;
  hostStart = 0;
  hostEnd = 0;
  /** -1 when the line has no `ident[pid]: `. */
  identStart = -1;
  identEnd = -1;
  messageStart = 0;
  component: Component = 'adminrouter';
  /** The component's code (dialects.ts COMPONENTS; report/aggregate.ts keys by it). */
  componentCode = 0;
  result: (typeof RESULTS)[number] = 'deny';
  uidStart = 0;
  uidEnd = 0;
  objectStart = 0;
  objectEnd = 0;
  actionStart = 0;
  actionEnd = 0;
  /** -1 when the record has no reason. */
  reasonStart = -1;
  reasonEnd = -1;
  /** -1 when the record has no `timestamp=`. */
  private stampStart = -1;
  private stampEnd = -1;

  private readonly run: RecordScan;
  /**
   * The kernel's memory as words, and where in it `said` writes its key
   * (report/said-key.ts compares keys four bytes at a time).
   */
  readonly saidWords: Int32Array;
  readonly saidAt: number;

  /** The room for the aggregator's table in the memory lines are read in. */
  readonly table: KernelTable;

  /** Reads lines in `scan`'s memory: the scan of the splitter that hands them over. */
  constructor(scan = LineScan.for(CANDIDATES)) {
    this.table = scan.table;
    const run = new RecordScan(scan);
    this.run = run;
    this.buf = run.memory;
    this.saidWords = new Int32Array(run.memory.buffer);
    this.saidAt = run.saidAt;
  }

  /** Whether `buf[start, end)` is a line this view reads; if so it now holds it. */
  read(buf: Buffer, start: number, end: number): boolean {
    // The kernel's sweep (kernel/count.ts) leaves the same lines to the parser.
    const n = end - start;
    if (n >= READ_MAX || n < SHORTEST_RECORD_LINE || buf[end - 1] === HIDDEN_END) return false;
    const run = this.run;
    const from = run.place(buf, start, end);
    const to = from + end - start;
    if (!run.line(from, to)) return false;
    this.lineEnd = to;
    this.format = KERNEL_FORMATS[run.prefixPart(0)]!;
    this.entryStampStart = from;
    this.entryStampEnd = run.prefixPart(1);
    this.hostStart = run.prefixPart(2);
    this.hostEnd = run.prefixPart(3);
    this.identStart = run.prefixPart(4);
    this.identEnd = run.prefixPart(5);
    this.messageStart = run.prefixPart(6);
    this.componentCode = run.componentCode;
    this.component = COMPONENTS[this.componentCode]!;
    this.result = RESULTS[run.resultCode]!;
    this.uidStart = run.partStart(UID);
    this.uidEnd = run.partEnd(UID);
    this.objectStart = run.partStart(OBJECT);
    this.objectEnd = run.partEnd(OBJECT);
    this.actionStart = run.partStart(ACTION);
    this.actionEnd = run.partEnd(ACTION);
    this.reasonStart = run.partStart(REASON);
    this.reasonEnd = run.partEnd(REASON);
    this.stampStart = run.partStart(TIMESTAMP);
    this.stampEnd = run.partEnd(TIMESTAMP);
    return true;
  }

  /**
   * When the record read is a denial, the length of what it said, written
   * by the kernel at `saidAt` as report/said-key.ts' SaidKey lays it out
   * (its component's code, then uid, object and action) and hashed as
   * byte-keys.ts' hashWords hashes with the process's SEED (`saidHash`); 0
   * for an allow record (which the kernel does not key).
   */
  get saidLength(): number {
    return this.run.saidLength;
  }

  get saidHash(): number {
    return this.run.saidHash;
  }

  /**
   * A denial's host and reason bytes hashed as byte-keys.ts' hashBytes with
   * SEED (0: no reason); nothing for an allow record.
   */
  get hostHash(): number {
    return this.run.hostHash;
  }
  get reasonHash(): number {
    return this.run.reasonHash;
  }

  /** The journal entry's time, epoch milliseconds. */
  get entryTime(): number | undefined {
    const at = this.entryStampStart;
    if (this.format === 'short-iso' || this.format === 'short-iso-precise')
      return this.timeOf(at, this.entryStampEnd);
    const number = (from: number, n: number) => Number(this.text(from, from + n));
    return shortTime(
      this.text(at, at + 3),
      Number(this.text(at + 4, at + 6).trim()),
      number(at + 7, 2),
      number(at + 10, 2),
      number(at + 13, 2),
      this.format === 'short-precise' ? this.text(at + 15, at + 22) : undefined,
    );
  }

  /** The record's own `timestamp=`, epoch milliseconds. */
  get recordTime(): number | undefined {
    return this.stampStart === -1 ? undefined : this.timeOf(this.stampStart, this.stampEnd);
  }

  /**
   * The time the aggregator keeps: the record's own, else the journal's.
   * The kernel tells a denial's, but for a `short` line without a record
   * time of its own, whose year is guessed here.
   */
  get time(): number | undefined {
    if (this.saidLength === 0) return this.recordTime ?? this.entryTime;
    const t = this.run.keyedTime;
    if (!Number.isNaN(t)) return t;
    return this.format === 'short-iso' || this.format === 'short-iso-precise'
      ? undefined
      : this.entryTime;
  }

  /** What classifyLine gives for the line read. */
  outcome(): { kind: 'record'; entry: JournalEntry; record: AuditRecord } {
    const entry: JournalEntry = {
      format: this.format,
      message: this.text(this.messageStart, this.lineEnd),
      host: this.text(this.hostStart, this.hostEnd),
    };
    if (this.identStart !== -1) entry.ident = this.text(this.identStart, this.identEnd);
    const time = this.entryTime;
    if (time !== undefined) entry.time = time;
    const object = this.text(this.objectStart, this.objectEnd);
    const action = this.text(this.actionStart, this.actionEnd);
    return {
      kind: 'record',
      entry,
      record: {
        component: this.component,
        kind: kindOf(this.component, false, object, action),
        result: this.result,
        uid: this.text(this.uidStart, this.uidEnd),
        object,
        action,
        reason: this.reasonStart === -1 ? undefined : this.text(this.reasonStart, this.reasonEnd),
        time: this.recordTime,
        truncated: false,
      },
    };
  }

  /** The timestamp in `buf[start, end)`, as timestamp.ts reads it. */
  private timeOf(start: number, end: number): number | undefined {
    const t = this.run.time(start, end);
    return Number.isNaN(t) ? undefined : t;
  }

  /** ASCII bytes as text: latin1 is the cheapest decoding, and the same for ASCII. */
  text(start: number, end: number): string {
    return this.buf.toString('latin1', start, end);
  }
}
