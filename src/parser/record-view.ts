/**
 * The common line, read on its bytes: a `short`, `short-precise`,
 * `short-iso` or `short-iso-precise` line of printable ASCII holding one
 * complete authorization record with an account. Such a line is read without decoding it and without making a
 * string: what it says is kept as offsets, so that a denial seen before
 * costs a lookup by its bytes (report/aggregate.ts), and an allow record a
 * count.
 *
 * `read` answers only for lines it is sure of, and for those gives what
 * classifyLine gives (`outcome`); every other line (another format, other
 * bytes, a line the parser flags, a login, a record without an account) is
 * left to classifyLine. test/property/record-view.property.test.ts checks
 * the two agree on any line.
 */
import { AUTHORIZERS, type AuditRecord, type Component, CUT_AT } from './audit-record.js';
import { CANDIDATES } from './classify-line.js';
import { type JournalEntry, shortTime } from './journal-entry.js';
import { LineScan } from './line-scan.js';
import { RECORD_SCAN_MAX, RecordScan } from './record-scan.js';
import { parseTimestampBytes } from './timestamp.js';

const SPACE = 0x20;
const COLON = 0x3a;
const OPEN = 0x5b; /* [ */
const CLOSE = 0x5d; /* ] */

/** Lines at least this long may have been cut: left to the parser. */
const MAY_BE_CUT = Math.min(CUT_AT, RECORD_SCAN_MAX);
/** `2026-11-22T10:00:07Z h type=audit`: no shorter line holds a record. */
const SHORTEST = 32;

/** Components by their code in record-scan.wat: AUTHORIZERS' order. */
const COMPONENTS = [...AUTHORIZERS.values()];

export class RecordView {
  /** The memory lines are read in (RecordScan): offsets below are into it. */
  readonly buf: Buffer;
  lineEnd = 0;
  format: 'short-iso' | 'short-iso-precise' | 'short' | 'short-precise' = 'short-iso';
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
  /** The component's number in audit-record.ts' AUTHORIZERS (report/aggregate.ts keys by it). */
  componentCode = 0;
  result: 'allow' | 'deny' = 'deny';
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
  /** The key `said` writes, as words (report/aggregate.ts compares keys four bytes at a time). */
  readonly saidWords: DataView;

  /** Reads lines in `scan`'s memory: the scan of the splitter that hands them over. */
  constructor(scan = LineScan.for(CANDIDATES)) {
    const run = new RecordScan(scan);
    this.run = run;
    this.buf = run.memory;
    this.saidWords = new DataView(run.memory.buffer, run.saidAt);
  }

  /** Whether `buf[start, end)` is a line this view reads; if so it now holds it. */
  read(buf: Buffer, start: number, end: number): boolean {
    // A line ending `blob data]` may be a hidden message: left to the parser.
    if (end - start >= MAY_BE_CUT || end - start < SHORTEST || buf[end - 1] === CLOSE) return false;
    const run = this.run;
    const b = this.buf;
    const from = run.place(buf, start, end);
    const to = from + end - start;
    if (!run.printable(from, to)) return false;
    this.lineEnd = to;
    return this.readPrefix(b, from, to) && this.readRecord(to);
  }

  /**
   * Writes what the record read says into `saidWords` (report/aggregate.ts'
   * SaidKey: `code` for its component, then uid, object and action), hashed
   * as byte-keys.ts' hashWords hashes with `seed` (`saidHash`); returns the
   * key's length.
   */
  said(code: number, seed: number): number {
    return this.run.said(
      code,
      this.uidStart,
      this.uidEnd,
      this.objectStart,
      this.objectEnd,
      this.actionStart,
      this.actionEnd,
      seed,
    );
  }

  get saidHash(): number {
    return this.run.saidHash;
  }

  /** The journal entry's time, epoch milliseconds. */
  get entryTime(): number | undefined {
    const b = this.buf;
    const at = this.entryStampStart;
    if (this.format === 'short-iso' || this.format === 'short-iso-precise')
      return parseTimestampBytes(b, at, this.entryStampEnd);
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
    return this.stampStart === -1
      ? undefined
      : parseTimestampBytes(this.buf, this.stampStart, this.stampEnd);
  }

  /** The time the aggregator keeps: the record's own, else the journal's. */
  get time(): number | undefined {
    return this.recordTime ?? this.entryTime;
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
    return {
      kind: 'record',
      entry,
      record: {
        component: this.component,
        kind: 'authorization',
        result: this.result,
        uid: this.text(this.uidStart, this.uidEnd),
        object: this.text(this.objectStart, this.objectEnd),
        action: this.text(this.actionStart, this.actionEnd),
        reason: this.reasonStart === -1 ? undefined : this.text(this.reasonStart, this.reasonEnd),
        time: this.recordTime,
        truncated: false,
      },
    };
  }

  /** ASCII bytes as text: latin1 is the cheapest decoding, and the same for ASCII. */
  text(start: number, end: number): string {
    return this.buf.toString('latin1', start, end);
  }

  /**
   * `YYYY-MM-DDTHH:MM:SS[.ffffff](Z|±HH[:]MM)` (short-iso) or
   * `Mon DD HH:MM:SS[.ffffff]` (short, journalctl's default), then
   * `host [ident[\[pid\]]: ]` (journal-entry.ts).
   */
  private readPrefix(b: Buffer, start: number, end: number): boolean {
    const p = isUpper(b[start]) ? this.shortStamp(b, start, end) : this.isoStamp(b, start, end);
    if (p === -1 || p >= end || b[p] !== SPACE) return false;
    this.entryStampStart = start;
    this.entryStampEnd = p;
    // The host: one or more bytes up to a space.
    let h = p + 1;
    while (h < end && b[h] !== SPACE) h++;
    if (h === p + 1 || h >= end) return false;
    this.hostStart = p + 1;
    this.hostEnd = h;
    // `ident[pid]: `, `ident: `, or the message straight away.
    const rest = h + 1;
    let i = rest;
    while (i < end && b[i] !== SPACE && b[i] !== OPEN && b[i] !== COLON) i++;
    let after = -1;
    if (i > rest) {
      let j = i;
      if (b[j] === OPEN) {
        let d = j + 1;
        while (d < end && isDigitByte(b[d])) d++;
        j = d > j + 1 && b[d] === CLOSE ? d + 1 : -1;
      }
      if (j !== -1 && j + 1 < end && b[j] === COLON && b[j + 1] === SPACE) after = j + 2;
    }
    this.identStart = after === -1 ? -1 : rest;
    this.identEnd = after === -1 ? -1 : i;
    this.messageStart = after === -1 ? rest : after;
    return true;
  }

  /** The record in the message: what audit-record.ts would read, or false. */
  private readRecord(end: number): boolean {
    const run = this.run;
    if (!run.record(this.messageStart, end)) return false;
    this.componentCode = run.componentCode;
    this.component = COMPONENTS[this.componentCode]!;
    this.result = run.allows ? 'allow' : 'deny';
    this.uidStart = run.partStart(0);
    this.uidEnd = run.partEnd(0);
    this.objectStart = run.partStart(1);
    this.objectEnd = run.partEnd(1);
    this.actionStart = run.partStart(2);
    this.actionEnd = run.partEnd(2);
    this.reasonStart = run.partStart(3);
    this.reasonEnd = run.partEnd(3);
    this.stampStart = run.partStart(4);
    this.stampEnd = run.partEnd(4);
    return true;
  }

  /** Where short-iso's timestamp ends, or -1. */
  private isoStamp(b: Buffer, start: number, end: number): number {
    if (
      !digits(b, start, 4) ||
      b[start + 4] !== 0x2d ||
      !digits(b, start + 5, 2) ||
      b[start + 7] !== 0x2d ||
      !digits(b, start + 8, 2) ||
      b[start + 10] !== 0x54 /* T */ ||
      !clock(b, start + 11)
    ) {
      return -1;
    }
    let p = start + 19;
    this.format =
      b[p] === 0x2e && p + 7 <= end && digits(b, p + 1, 6) ? 'short-iso-precise' : 'short-iso';
    if (this.format === 'short-iso-precise') p += 7;
    if (b[p] === 0x5a /* Z */) return p + 1;
    if ((b[p] === 0x2b || b[p] === 0x2d) && p + 6 <= end && digits(b, p + 1, 2)) {
      p += b[p + 3] === COLON ? 4 : 3;
      return p + 2 <= end && digits(b, p, 2) ? p + 2 : -1;
    }
    return -1;
  }

  /** Where short's timestamp ends, or -1: `[A-Z][a-z]{2} [ \d]\d HH:MM:SS[.ffffff]`. */
  private shortStamp(b: Buffer, start: number, end: number): number {
    if (
      !isLower(b[start + 1]) ||
      !isLower(b[start + 2]) ||
      b[start + 3] !== SPACE ||
      !(b[start + 4] === SPACE || isDigitByte(b[start + 4])) ||
      !isDigitByte(b[start + 5]) ||
      b[start + 6] !== SPACE ||
      !clock(b, start + 7)
    ) {
      return -1;
    }
    const p = start + 15;
    this.format = b[p] === 0x2e && p + 7 <= end && digits(b, p + 1, 6) ? 'short-precise' : 'short';
    return this.format === 'short-precise' ? p + 7 : p;
  }
}

function isUpper(c: number | undefined): boolean {
  return c !== undefined && c >= 0x41 && c <= 0x5a;
}

function isLower(c: number | undefined): boolean {
  return c !== undefined && c >= 0x61 && c <= 0x7a;
}

function isDigitByte(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function digits(b: Uint8Array, at: number, n: number): boolean {
  for (let i = at; i < at + n; i++) if (!isDigitByte(b[i])) return false;
  return true;
}

/** `HH:MM:SS` at `at`. */
function clock(b: Uint8Array, at: number): boolean {
  return (
    digits(b, at, 2) &&
    b[at + 2] === COLON &&
    digits(b, at + 3, 2) &&
    b[at + 5] === COLON &&
    digits(b, at + 6, 2)
  );
}
