/**
 * The byte work of reading a record line, in WebAssembly (record-scan.wat):
 * whether the line is printable ASCII, its journal prefix (timestamp, host,
 * `ident[pid]: `), the run of `key=value` pairs that
 * holds `type=audit`, by pairs.ts' rules, and the record in it as
 * audit-record.ts reads it (its authorizer, where its logger writes it, its
 * uid, Admin Router's included, object, action, result, reason and time).
 * On printable ASCII a byte is a character and the only whitespace is the
 * space, so the rules and the offsets are pairs.ts' and audit-record.ts'
 * own; test/property/record-view.property.test.ts checks that the reader
 * built on this agrees with the parser. A line is read in one call (`line`):
 * with the journal prefix and the record's checks in JavaScript, the byte
 * reader took about 900 ns a line of the dense bench input; in one call
 * about 630, and about 550 with keys, bare values and the printable check
 * read in wider SIMD steps (bench/parts.mjs' view, in turns).
 *
 * The module works in the line scan's memory: a line the splitter found in
 * its scan window is read where it lies; any other line is copied in first.
 * Offsets are into `memory`.
 */
import type { LineScan } from './line-scan.js';
import { RECORD_SCAN_WASM } from './record-scan-wasm.js';

/** The run header, 64 pairs, the key table, the record and the line read (see record-scan.wat). */
const SLOTS_BYTES = 16 + 64 * 16 + 48 + 48 + 48;
/** The words `record` looks for, 16 bytes apart, right after the slots (record-scan.wat). */
const RECORD_WORDS = ['type=', ', client: ', ' while ', ' uid=', 'request: "'].map((w) =>
  Buffer.from(w),
);
/** Room for those words and the ones JavaScript looks for with `find`, after the slots. */
const WORDS_BYTES = 256;
/** Where the key table starts, in i32s. */
const KEY_TABLE = (16 + 64 * 16) / 4;
/** Where the record `record` read starts, in i32s. */
const RECORD = (16 + 64 * 16 + 48) / 4;
/** Where the journal's part of the line `line` read starts, in i32s. */
const LINE = RECORD + 12;
/** The longest line copied in; longer ones are not read here. */
export const RECORD_SCAN_MAX = 48 * 1024;
/** Room for the key `said` writes, after the copied line and its slack: more than any line read holds. */
const SAID_BYTES = 4 * 1024 + 8;

interface RecordScanExports {
  printable(from: number, end: number): number;
  audit(from: number, end: number): number;
  line(from: number, end: number): number;
  time(from: number, end: number): number;
  find(from: number, end: number, word: number, n: number): number;
  said(
    code: number,
    uidStart: number,
    uidEnd: number,
    objectStart: number,
    objectEnd: number,
    actionStart: number,
    actionEnd: number,
    seed: number,
  ): number;
}

/** A word `find` looks for, as kept in the module's memory. */
export interface Word {
  at: number;
  length: number;
}

let compiled: WebAssembly.Module | undefined;

export class RecordScan {
  /** The line scan's memory, as bytes. */
  readonly memory: Buffer;
  /** The run read last (see record-scan.wat), as i32s. */
  private readonly slots: Int32Array;
  private readonly copyTo: number;
  /** Where `said` writes its key. */
  readonly saidAt: number;
  private wordsEnd: number;
  /** The last buffer found to lie in `memory`, and where. */
  private lastIn: Buffer | undefined;
  private lastOffset = 0;
  private readonly wasm: RecordScanExports;
  /** Pairs in the run. */
  count = 0;

  constructor(scan: LineScan) {
    compiled ??= new WebAssembly.Module(Buffer.from(RECORD_SCAN_WASM, 'base64'));
    const slots = scan.spare;
    const imports = { scan: { memory: scan.memory, slots } };
    this.wasm = new WebAssembly.Instance(compiled, imports).exports as unknown as RecordScanExports;
    this.memory = Buffer.from(scan.memory.buffer);
    this.slots = new Int32Array(scan.memory.buffer, slots, SLOTS_BYTES / 4);
    this.wordsEnd = slots + SLOTS_BYTES;
    for (const word of RECORD_WORDS) {
      word.copy(this.memory, this.wordsEnd);
      this.wordsEnd += 16;
    }
    this.copyTo = slots + SLOTS_BYTES + WORDS_BYTES;
    this.saidAt = this.copyTo + RECORD_SCAN_MAX + 64;
    if (this.saidAt + SAID_BYTES > this.memory.length)
      throw new RangeError('the line scan memory has no room for a record scan');
    this.slots[3] = this.saidAt;
    this.said = this.wasm.said;
    this.time = this.wasm.time;
  }

  /**
   * The timestamp in `memory[from, end)`, epoch milliseconds, as
   * timestamp.ts' parseTimestampBytes reads it; NaN where that gives
   * undefined.
   */
  readonly time: RecordScanExports['time'];

  /**
   * Reads the line `memory[from, end)` (record-scan.wat `line`): printable
   * ASCII, a `short`, `short-precise`, `short-iso` or `short-iso-precise`
   * journal prefix (journal-entry.ts), then a record `record` reads. True
   * with the prefix laid out for the getters below and the record for
   * those after them.
   */
  line(from: number, end: number): boolean {
    return this.wasm.line(from, end) === 1;
  }

  /**
   * What `line` read of the journal's part, numbered as record-scan.wat
   * lays it out: 0 the format (0 short-iso, 1 short-iso-precise, 2 short,
   * 3 short-precise), 1 where the timestamp ends (it starts the line), 2
   * and 3 the host, 4 and 5 the ident (-1 twice without one), 6 where the
   * message starts.
   */
  prefixPart(n: number): number {
    return this.slots[LINE + n]!;
  }

  /**
   * Writes at `saidAt` what a denial said, as report/aggregate.ts' SaidKey
   * lays it out (component code, then uid, object and action, each ended),
   * from the three ranges of `memory`, and hashes it (`saidHash`) as
   * byte-keys.ts' hashWords does with `seed`. Returns the key's length.
   */
  readonly said: RecordScanExports['said'];

  /** The hash of the key `said` wrote last. */
  get saidHash(): number {
    return this.slots[2]!;
  }

  /**
   * Where `buf[start, end)` lies in `memory`, copied in unless it is there
   * already: its start (the end is start + length).
   */
  place(buf: Buffer, start: number, end: number): number {
    // The splitter hands over lines of one window, buffer after buffer.
    if (buf === this.lastIn) return this.lastOffset + start;
    if (buf.buffer === this.memory.buffer) {
      this.lastIn = buf;
      this.lastOffset = buf.byteOffset;
      return buf.byteOffset + start;
    }
    this.memory.set(buf.subarray(start, end), this.copyTo);
    return this.copyTo;
  }

  /** Keeps `word` (1 to 128 bytes in all) in the module's memory, for `find`. */
  word(word: Buffer): Word {
    if (word.length < 1 || this.wordsEnd + word.length > this.copyTo)
      throw new RangeError('no room for this word');
    word.copy(this.memory, this.wordsEnd);
    const kept = { at: this.wordsEnd, length: word.length };
    this.wordsEnd += word.length;
    return kept;
  }

  /** Where `word` first stands wholly inside `memory[from, end)`, or -1. */
  find(word: Word, from: number, end: number): number {
    return this.wasm.find(from, end, word.at, word.length);
  }

  /** Whether `memory[from, end)` is printable ASCII. */
  printable(from: number, end: number): boolean {
    return this.wasm.printable(from, end) === 1;
  }

  /**
   * Reads the first run in `memory[from, end)` that holds `type=audit`, and
   * indexes it by key: false if there is none, if it has more than 64 pairs,
   * or if a key appears twice in it.
   */
  findAudit(from: number, end: number): boolean {
    this.count = this.wasm.audit(from, end);
    return this.count > 0;
  }

  /** The record's component, numbered as audit-record.ts' AUTHORIZERS lists them. */
  get componentCode(): number {
    return this.slots[RECORD]!;
  }
  /** Whether the record's result is `allow` (else `deny`). */
  get allows(): boolean {
    return this.slots[RECORD + 1] === 1;
  }
  /**
   * Where the record's part `n` starts: 0 uid, 1 object (or path), 2
   * action, 3 reason, 4 timestamp; -1 when it has no reason or timestamp.
   */
  partStart(n: number): number {
    return this.slots[RECORD + 2 + 2 * n]!;
  }
  partEnd(n: number): number {
    return this.slots[RECORD + 3 + 2 * n]!;
  }

  /** Offset of the run's first key. */
  get start(): number {
    return this.slots[0]!;
  }
  /** Offset just past the run's last pair. */
  get end(): number {
    return this.slots[1]!;
  }

  /** The index of the pair of the key numbered `id` (record-scan.wat), or -1. */
  pairOf(id: number): number {
    return this.slots[KEY_TABLE + id]!;
  }

  keyStart(i: number): number {
    return this.slots[4 + 4 * i]!;
  }
  keyEnd(i: number): number {
    return this.slots[5 + 4 * i]!;
  }
  valueStart(i: number): number {
    return this.slots[6 + 4 * i]!;
  }
  valueEnd(i: number): number {
    return this.slots[7 + 4 * i]!;
  }
}
