/**
 * The byte work of reading a record line, in the byte kernel
 * (kernel/index.ts `line`): whether the line is printable ASCII, its
 * journal prefix (timestamp, host, `ident[pid]: `), the run of `key=value`
 * pairs that holds `type=audit`, by pairs.ts' rules, and the record in it
 * as audit-record.ts reads it (its authorizer, where its logger writes it,
 * its uid, Admin Router's included, object, action, result, reason and
 * time). On printable ASCII a byte is a character and the only whitespace
 * is the space, so the rules and the offsets are pairs.ts' and
 * audit-record.ts' own; test/parser/record-view.property.test.ts checks
 * that the reader built on this agrees with the parser. A line is read in
 * one call: with the journal prefix and the record's checks in JavaScript,
 * the byte reader took about 900 ns a line of the dense bench input; in one
 * call about 630, and about 550 with keys, bare values and the printable
 * check read in wider SIMD steps (bench/parts.mjs' view, in turns).
 *
 * The kernel works in the line scan's memory: a line the splitter found in
 * its scan window is read where it lies; any other line is copied in
 * first. Offsets are into `memory`, laid out in dialects.ts.
 */
import {
  KERNEL_WORDS,
  KEY_TABLE,
  KEYED_HOST_HASH,
  KEYED_REASON_HASH,
  KEYED_SAID_LENGTH,
  KEYED_SEED,
  KEYED_TIME,
  LINE_COPY,
  PAIR_BYTES,
  PAIRS,
  PREFIX,
  RECORD_COMPONENT,
  RECORD_PARTS_AT,
  RECORD_RESULT,
  RUN_END,
  RUN_START,
  SAID_AT,
  SAID_HASH,
  WORD_BYTES,
  WORDS,
} from './dialects.js';
import { SEED } from './hash-seed.js';
import type { KernelExports, LineScan } from './line-scan.js';

/** A word `find` looks for, as kept in the kernel's memory. */
export interface Word {
  at: number;
  length: number;
}

/** Where the words `word` keeps start: after KERNEL_WORDS. */
const OWN_WORDS = WORDS + Object.keys(KERNEL_WORDS).length * WORD_BYTES;

export class RecordScan {
  /** The kernel's memory, as bytes. */
  readonly memory: Buffer;
  /** The same, as i32s: an address `a` is `i32[a >> 2]`. */
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  /** Where `said` writes its key. */
  readonly saidAt = SAID_AT;
  private wordsEnd = OWN_WORDS;
  /** The last buffer found to lie in `memory`, and where. */
  private lastIn: Buffer | undefined;
  private lastOffset = 0;
  private readonly kernel: KernelExports;
  /** Pairs in the run. */
  count = 0;

  constructor(scan: LineScan) {
    this.kernel = scan.kernel;
    this.memory = Buffer.from(scan.kernel.memory.buffer);
    this.i32 = new Int32Array(scan.kernel.memory.buffer);
    this.f64 = new Float64Array(scan.kernel.memory.buffer);
    this.i32[KEYED_SEED >> 2] = SEED;
    Object.values(KERNEL_WORDS).forEach((word, i) => {
      this.memory.write(word, WORDS + i * WORD_BYTES, 'latin1');
    });
    this.said = this.kernel.said;
    this.time = this.kernel.time;
  }

  /**
   * The timestamp in `memory[from, end)`, epoch milliseconds, as
   * timestamp.ts' parseTimestampBytes reads it; NaN where that gives
   * undefined.
   */
  readonly time: KernelExports['time'];

  /**
   * Reads the line `memory[from, end)` (kernel/index.ts `line`): printable
   * ASCII, a journal prefix of one of KERNEL_FORMATS (journal-entry.ts),
   * then a record (kernel/audit-record.ts). True with the prefix laid out
   * for the getters below and the record for those after them, and what
   * `keyRecord` works out (`keyedTime` and those after it).
   */
  line(from: number, end: number): boolean {
    return this.kernel.line(from, end) === 1;
  }

  /**
   * What `line` read of the journal's part, numbered as dialects.ts lays it
   * out at PREFIX: 0 the format (KERNEL_FORMATS), 1 where the timestamp
   * ends (it starts the line), 2 and 3 the host, 4 and 5 the ident (-1
   * twice without one), 6 where the message starts.
   */
  prefixPart(n: number): number {
    return this.i32[(PREFIX >> 2) + n]!;
  }

  /**
   * Writes at `saidAt` what a denial said, as report/aggregate.ts' SaidKey
   * lays it out (component code, then uid, object and action, each ended),
   * from the three ranges of `memory`, and hashes it (`saidHash`) as
   * byte-keys.ts' hashWords does with `seed`. Returns the key's length.
   */
  readonly said: KernelExports['said'];

  /**
   * What `line` worked out of the record it read (kernel/said.ts
   * `keyRecord`): its time, NaN when the kernel cannot tell it; the length
   * of its key at `saidAt` when it is a denial, else 0; the hashes of its
   * host and reason, with SEED.
   */
  get keyedTime(): number {
    return this.f64[KEYED_TIME >> 3]!;
  }
  get saidLength(): number {
    return this.i32[KEYED_SAID_LENGTH >> 2]!;
  }
  get hostHash(): number {
    return this.i32[KEYED_HOST_HASH >> 2]!;
  }
  get reasonHash(): number {
    return this.i32[KEYED_REASON_HASH >> 2]!;
  }

  /** The hash of the key `said` wrote last. */
  get saidHash(): number {
    return this.i32[SAID_HASH >> 2]!;
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
    this.memory.set(buf.subarray(start, end), LINE_COPY);
    return LINE_COPY;
  }

  /** Keeps `word` (1 to 128 bytes in all) in the kernel's memory, for `find`. */
  word(word: Buffer): Word {
    if (word.length < 1 || this.wordsEnd + word.length > LINE_COPY)
      throw new RangeError('no room for this word');
    word.copy(this.memory, this.wordsEnd);
    const kept = { at: this.wordsEnd, length: word.length };
    this.wordsEnd += word.length;
    return kept;
  }

  /** Where `word` first stands wholly inside `memory[from, end)`, or -1. */
  find(word: Word, from: number, end: number): number {
    return this.kernel.find(from, end, word.at, word.length);
  }

  /** Whether `memory[from, end)` is printable ASCII. */
  printable(from: number, end: number): boolean {
    return this.kernel.printable(from, end) === 1;
  }

  /**
   * Reads the first run in `memory[from, end)` that holds `type=audit`, and
   * indexes it by key: false if there is none, if it has more than
   * PAIRS_MAX pairs, or if a key appears twice in it.
   */
  findAudit(from: number, end: number): boolean {
    this.count = this.kernel.audit(from, end);
    return this.count > 0;
  }

  /** The record's component code (dialects.ts DIALECTS). */
  get componentCode(): number {
    return this.i32[RECORD_COMPONENT >> 2]!;
  }
  /** The record's result, numbered as dialects.ts RESULTS. */
  get resultCode(): number {
    return this.i32[RECORD_RESULT >> 2]!;
  }
  /**
   * Where the record's part `n` (dialects.ts RECORD_PARTS) starts; -1 when
   * it has no reason or timestamp.
   */
  partStart(n: number): number {
    return this.i32[(RECORD_PARTS_AT >> 2) + 2 * n]!;
  }
  partEnd(n: number): number {
    return this.i32[(RECORD_PARTS_AT >> 2) + 2 * n + 1]!;
  }

  /** Offset of the run's first key. */
  get start(): number {
    return this.i32[RUN_START >> 2]!;
  }
  /** Offset just past the run's last pair. */
  get end(): number {
    return this.i32[RUN_END >> 2]!;
  }

  /** The index of the pair of the key numbered `id` (dialects.ts KEY_ID), or -1. */
  pairOf(id: number): number {
    return this.i32[(KEY_TABLE >> 2) + id]!;
  }

  keyStart(i: number): number {
    return this.i32[((PAIRS + i * PAIR_BYTES) >> 2) + 0]!;
  }
  keyEnd(i: number): number {
    return this.i32[((PAIRS + i * PAIR_BYTES) >> 2) + 1]!;
  }
  valueStart(i: number): number {
    return this.i32[((PAIRS + i * PAIR_BYTES) >> 2) + 2]!;
  }
  valueEnd(i: number): number {
    return this.i32[((PAIRS + i * PAIR_BYTES) >> 2) + 3]!;
  }
}
