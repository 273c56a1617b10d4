/**
 * The line splitter's byte scan (kernel/line-scan.ts), in the byte kernel
 * compiled once per process and instantiated once per thread and set of
 * targets (`LineScan.for`): the instance's memory holds the data window
 * that splitters fill and scan, and the record scan's part (record-scan.ts).
 */
import {
  COUNTED_ALLOWS,
  COUNTED_DENIALS,
  DATA,
  EDGE_TABLE,
  FILE_WINDOW,
  FILE_WINDOWS,
  MARKER_BYTES,
  MARKER_MAX,
  MARKERS,
  SCAN_HOLDS,
  SCAN_LINE_END,
  SCAN_MARKER,
  SCAN_SKIPPED,
  SLACK,
  SCAN_WINDOW as WINDOW,
} from './dialects.js';
import { KernelTable } from './kernel-table.js';
import { KERNEL_WASM } from './kernel-wasm.generated.js';

/** Within a marker's slot: its length, the offsets of its probed bytes, its bytes. */
const LENGTH = 0;
const PROBES = 1;
const BYTES = 4;

/**
 * Bytes scanned per call: small enough to stay in the CPU's cache from the
 * read that fills the window to the scan and the parse that follow it.
 * Reads this size cost no more than larger ones (`bench/scan.mjs`).
 */
export const SCAN_WINDOW = WINDOW;

/** What a scan looks for. */
export interface ScanTargets {
  /** One or two byte strings of 1 to 31 bytes: a line holding one is a candidate. */
  markers: readonly Buffer[];
  /** A line starting with one of these bytes is not stepped over as noise. */
  firstBytes: readonly number[];
  /** Nor is a line ending with one of these (before a CR). */
  lastBytes: readonly number[];
}

/** What the kernel (kernel/index.ts) exports. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  findMarker(from: number, end: number): number;
  sweep(
    from: number,
    marker: number,
    end: number,
    max: number,
    mode: number,
    before: number,
  ): number;
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

/**
 * Bytes of journal text, commonest first (as counted in fixtures/demo.log);
 * any byte not listed is rarer than all of these.
 */
const COMMON = Buffer.from(' 012eats-.:ronmicp/l6345u"Tdh8]7x[=g9f+bvyk');

/**
 * The offsets of the two bytes `find` looks for first: the marker's two
 * rarest (COMMON), so that few places hold both and are compared in full.
 * A marker's first and last bytes are often common: t...t of type=audit
 * stand 9 bytes apart 23 times as often as the marker does on the bench's
 * sparse journal, while y and = 3 bytes apart stand nowhere else.
 */
export function probes(marker: Uint8Array): [number, number] {
  const rank = (i: number) => {
    const at = COMMON.indexOf(marker[i]!);
    return at === -1 ? COMMON.length : at;
  };
  const byRarity = [...marker.keys()].sort((x, y) => rank(y) - rank(x) || x - y);
  return [byRarity[0]!, byRarity[1] ?? byRarity[0]!];
}

let compiled: WebAssembly.Module | undefined;
const shared = new WeakMap<ScanTargets, LineScan>();

export class LineScan {
  /**
   * The scan for `targets`, one per thread. Splitters share it: a splitter
   * uses the window only within one synchronous call, and each instance
   * reserves gigabytes of address space, which a fan-out over many hosts
   * must not multiply.
   */
  static for(targets: ScanTargets): LineScan {
    let scan = shared.get(targets);
    if (!scan) {
      scan = new LineScan(targets);
      shared.set(targets, scan);
    }
    return scan;
  }

  /** Where the bytes to scan are written; offsets below are into it. */
  readonly window: Buffer;
  /**
   * The kernel instance, whose memory record-scan.ts reads lines in where
   * the scan leaves them.
   */
  readonly kernel: KernelExports;
  /** The kernel's memory as i32s, for what `sweep` leaves there. */
  private readonly i32: Int32Array;
  /** Where the window `sweep` read last starts. */
  private base = DATA;
  /** The two file windows, while a reader has them (`claimFileWindows`). */
  private readonly files: [Buffer, Buffer];
  private filesClaimed = false;

  constructor(targets: ScanTargets) {
    const { markers } = targets;
    if (markers.length < 1 || markers.length > 2)
      throw new RangeError('a line scan looks for one or two markers');
    compiled ??= new WebAssembly.Module(Buffer.from(KERNEL_WASM, 'base64'));
    this.kernel = new WebAssembly.Instance(compiled).exports as unknown as KernelExports;
    const memory = Buffer.from(this.kernel.memory.buffer);
    [MARKERS, MARKERS + MARKER_BYTES].forEach((slot, i) => {
      const marker = markers[i] ?? markers[0]!;
      if (marker.length < 1 || marker.length > MARKER_MAX)
        throw new RangeError(`a marker is 1 to ${MARKER_MAX} bytes`);
      memory[slot + LENGTH] = marker.length;
      const [a, b] = probes(marker);
      memory[slot + PROBES] = a;
      memory[slot + PROBES + 1] = b;
      marker.copy(memory, slot + BYTES);
    });
    for (const b of targets.firstBytes) memory[EDGE_TABLE + b]! |= 1;
    for (const b of targets.lastBytes) memory[EDGE_TABLE + b]! |= 2;
    this.window = memory.subarray(DATA, DATA + SCAN_WINDOW);
    this.i32 = new Int32Array(this.kernel.memory.buffer);
    const file = (i: number) => FILE_WINDOWS + i * (FILE_WINDOW + SLACK);
    this.files = [
      memory.subarray(file(0), file(0) + FILE_WINDOW),
      memory.subarray(file(1), file(1) + FILE_WINDOW),
    ];
  }

  private kernelTable: KernelTable | undefined;

  /** The room for the aggregator's table in the kernel's memory, for `sweep`. */
  get table(): KernelTable {
    this.kernelTable ??= new KernelTable(this.kernel.memory.buffer);
    return this.kernelTable;
  }

  /**
   * Two windows of the kernel's memory for one reader of a regular file, who
   * reads into one while the other is scanned; undefined while another
   * reader has them. They are the reader's until `releaseFileWindows`.
   */
  claimFileWindows(): [Buffer, Buffer] | undefined {
    if (this.filesClaimed) return undefined;
    this.filesClaimed = true;
    return this.files;
  }

  releaseFileWindows(): void {
    this.filesClaimed = false;
  }

  /**
   * Where the first marker starts in `window[from, end)`, ending before
   * `end`; -1 if nowhere. `window`: the scan's own, or a file window
   * (offsets are into the one given).
   */
  find(from: number, end: number, window: Buffer = this.window): number {
    const base = window.byteOffset;
    const at = this.kernel.findMarker(base + from, base + end);
    return at === -1 ? -1 : at - base;
  }

  /**
   * The splitter's step in one call: steps over noise lines from the line
   * start `from` (lines that end before `marker`, hold at most `maxLine`
   * bytes and neither start nor end with a byte of interest), up to
   * `marker` (where `find` found one, or -1), and over each line the kernel
   * counts itself (kernel/count.ts) as `mode` allows (COUNT_* bits of
   * dialects.ts; 0: none), with the aggregator's table in its memory
   * (kernel-table.ts); returns where the line to look at starts. `lineEnd`,
   * `holds` (whether that line holds a marker) and `marker` then tell the
   * rest; `skipped` counts the noise lines stepped over, `denials` and
   * `allows` the lines counted. `before` is the length of the line before
   * `from`: the line after one as long as a line old journald cut is not
   * counted (LineSplitter.longLineBefore).
   */
  sweep(
    from: number,
    marker: number,
    end: number,
    maxLine: number,
    mode: number,
    window: Buffer = this.window,
    before = 0,
  ): number {
    const base = window.byteOffset;
    this.base = base;
    const m = marker === -1 ? -1 : base + marker;
    return this.kernel.sweep(base + from, m, base + end, maxLine, mode, before) - base;
  }

  get holds(): boolean {
    return this.i32[SCAN_HOLDS >> 2] === 1;
  }
  get denials(): number {
    return this.i32[COUNTED_DENIALS >> 2]!;
  }
  get allows(): number {
    return this.i32[COUNTED_ALLOWS >> 2]!;
  }

  /** The line feed ending the line `sweep` returned; -1 when none came before the end. */
  get lineEnd(): number {
    const at = this.i32[SCAN_LINE_END >> 2]!;
    return at === -1 ? -1 : at - this.base;
  }

  /** Lines `sweep` stepped over. */
  get skipped(): number {
    return this.i32[SCAN_SKIPPED >> 2]!;
  }

  /** The marker still to come after `sweep`: the next one when the line returned holds the one given, else that one. */
  get marker(): number {
    const at = this.i32[SCAN_MARKER >> 2]!;
    return at === -1 ? -1 : at - this.base;
  }
}
