/**
 * Splits a byte stream into lines without decoding it, and tells the lines
 * that can matter from noise on bytes alone.
 *
 * Why not split2: it decodes every byte to text before splitting and cannot
 * tell how many over-long lines it dropped. Here a line is a byte range; a
 * line holding none of the markers is counted as noise without being looked
 * at again (the bytes are copied into a scan window, where the byte kernel
 * finds the markers and steps over runs of noise lines, 16 bytes at a
 * time); a line longer than `maxLine` is skipped and counted while holding
 * at most `maxLine` bytes in memory.
 */
import { CUT_AT } from './dialects.js';
import { LineScan, type ScanTargets } from './line-scan.js';

export interface LineSink {
  /** `buf[start, end)` is one line holding a marker, without its `\n` (a trailing `\r` is removed). */
  line(buf: Buffer, start: number, end: number): void;
  /** `lines` lines in a row holding no marker. */
  noise(lines: number): void;
  /** A line longer than the limit was skipped. */
  tooLong(): void;
  /**
   * A line looked at alone (it starts or ends with one of the edge bytes,
   * e.g. a JSON entry) and found to be noise; without it, `noise(1)`. For a
   * reader that must see every such line (the cursor of each JSON entry).
   */
  noiseLine?(buf: Buffer, start: number, end: number): void;
  /**
   * Which lines the byte kernel may count itself rather than hand over
   * (COUNT_* bits of dialects.ts; kernel/count.ts says which lines those
   * are); asked before each stretch of the scan, since what the sink
   * allows may change with each line handed over.
   */
  counting?(): number;
  /** Lines the kernel counted itself: denials, and allow records. */
  counted?(denials: number, allows: number): void;
}

const LF = 0x0a;
const CR = 0x0d;

/** What makes a line worth handing over, decided on bytes. */
export interface Candidates extends ScanTargets {
  /**
   * Looks at a line holding no marker but starting or ending with one of
   * the `firstBytes` or `lastBytes`; it must not allocate. A line with
   * neither edge is noise without being asked about.
   */
  mayMatter(buf: Buffer, start: number, end: number): boolean;
}

export class LineSplitter {
  /** Bytes of an unfinished line carried over from earlier chunks. */
  private carry: Buffer[] = [];
  private carryLength = 0;
  /** Where the carried line starts in the stream. */
  private carryAt = 0;
  /** Inside a line already known to be too long: discard until its end. */
  private skipping = false;
  private readonly scan: LineScan | undefined;
  /** Where the current chunk starts in the stream. */
  private chunkAt: number;
  /**
   * The last line ended before the current chunk's lines: its bytes when it
   * is CUT_AT bytes or longer (longLineBefore), else its length.
   */
  private lastLine: Buffer | number = 0;
  /**
   * The chunk being split; the line a carry ended at its start, handed over
   * from a buffer of its own (`headBuffer`), without its CR (`headLine`).
   */
  private chunk: Buffer | undefined;
  private headBuffer: Buffer | undefined;
  private headLine: Buffer | undefined;
  /**
   * Where the line handed to `sink.line` starts in the stream, counted from
   * `firstByte` (for a file, its byte offset there: the line can be read
   * again).
   */
  lineAt = 0;

  /**
   * Without `candidates`, every line is handed to `sink.line`. `firstByte`
   * is where the stream starts (a range of a file starts inside it).
   */
  constructor(
    private readonly sink: LineSink,
    private readonly maxLine: number,
    private readonly candidates?: Candidates,
    firstByte = 0,
  ) {
    this.scan = candidates && LineScan.for(candidates);
    this.chunkAt = firstByte;
  }

  push(chunk: Buffer): void {
    const scan = this.scan;
    if (!scan) {
      this.piece(chunk);
      return;
    }
    for (let at = 0; at < chunk.length; at += scan.window.length) {
      const n = chunk.copy(scan.window, 0, at, at + scan.window.length);
      this.piece(scan.window.subarray(0, n));
    }
  }

  /**
   * Where a reader may write the next bytes itself, saving `push` a copy;
   * `pushWindow(n)` then takes the first `n`, in the same synchronous turn
   * (other splitters share the window). Undefined without candidates.
   */
  window(): Buffer | undefined {
    return this.scan?.window;
  }

  pushWindow(n: number): void {
    this.piece(this.scan!.window.subarray(0, n));
  }

  /**
   * Two windows a reader of a regular file may fill in turns, and hand over
   * with `pushFileWindow` (line-scan.ts claimFileWindows): undefined without
   * candidates, or while another reader has them. Given back with
   * `releaseFileWindows`.
   */
  claimFileWindows(): [Buffer, Buffer] | undefined {
    return this.scan?.claimFileWindows();
  }

  releaseFileWindows(): void {
    this.scan?.releaseFileWindows();
  }

  /** Takes the first `n` bytes of `window`, one of the file windows. */
  pushFileWindow(window: Buffer, n: number): void {
    this.piece(window.subarray(0, n));
  }

  /**
   * Bytes held of a line not yet ended (0 while a line too long is being
   * skipped): a reader that knows where its bytes came from is this far
   * behind the last line start handed over.
   */
  get pending(): number {
    return this.carryLength;
  }

  /**
   * The line before the one at `buf[start]` just handed to `sink.line`, when
   * it is CUT_AT bytes or longer: old journald cut a longer line at 2048
   * bytes and made its rest an entry of its own, whose message starts with
   * whatever text came there (parser/split-line.ts). Else undefined.
   */
  longLineBefore(buf: Buffer, start: number): Buffer | undefined {
    const last = this.lastLine;
    if (buf === this.headBuffer || (buf === this.chunk && start === 0))
      return typeof last === 'number' ? undefined : last;
    if (buf !== this.chunk) return undefined;
    const lf = start >= 2 ? buf.lastIndexOf(LF, start - 2) : -1;
    if (lf === -1 && this.headLine)
      return this.headLine.length >= CUT_AT ? this.headLine : undefined;
    const from = lf + 1;
    let to = start - 1;
    if (to > from && buf[to - 1] === CR) to--;
    return to - from >= CUT_AT ? buf.subarray(from, to) : undefined;
  }

  /** Reading resumes after `line`, which an earlier run read: the line before the first one. */
  seedLineBefore(line: Buffer): void {
    this.lastLine = kept(line.at(-1) === CR ? line.subarray(0, -1) : line);
  }

  /** The length of `line` as longLineBefore keeps it. */
  private static lengthOf(line: Buffer | number): number {
    return typeof line === 'number' ? line : line.length;
  }

  /** The first byte of the line not yet ended; undefined when none is held. */
  get pendingFirstByte(): number | undefined {
    return this.carryLength > 0 ? this.carry[0]![0] : undefined;
  }

  /** Ends the stream: a last line without `\n` still counts as a line. */
  end(): void {
    const last =
      !this.skipping && this.carryLength > 0
        ? Buffer.concat(this.carry, this.carryLength)
        : undefined;
    // Cleared first: a sink that throws on the last line must not get it again at a second end().
    this.skipping = false;
    this.carry = [];
    this.carryLength = 0;
    this.chunk = undefined;
    this.setHead(last);
    if (last) this.emit(last, 0, last.length, this.holdsMarker(last), this.carryAt);
    // The line before the next file's first (a rotation read on: TrackedFile).
    if (this.headLine) this.lastLine = kept(this.headLine);
  }

  /** One chunk; with candidates, the first `chunk.length` bytes of the scan window or a file window. */
  private piece(chunk: Buffer): void {
    let pos = 0;
    this.chunk = chunk;
    this.setHead(undefined);
    /** The length of the line before `pos` (one skipped as too long: past any cut one). */
    let before = LineSplitter.lengthOf(this.lastLine);
    if (this.carryLength > 0 || this.skipping) {
      const nl = chunk.indexOf(LF);
      if (nl === -1) {
        this.keep(chunk, 0, chunk.length);
        this.chunkAt += chunk.length;
        return;
      }
      before = 0x7fffffff;
      if (this.skipping) this.skipping = false;
      else {
        this.keep(chunk, 0, nl);
        if (this.skipping) this.skipping = false;
        else {
          const line = Buffer.concat(this.carry, this.carryLength);
          this.setHead(line);
          before = this.headLine!.length;
          this.emit(line, 0, line.length, this.holdsMarker(line), this.carryAt);
        }
      }
      this.carry = [];
      this.carryLength = 0;
      pos = nl + 1;
    }
    const scan = this.scan;
    const end = chunk.length;
    // Line lengths past 2^31 bytes do not fit the scan's integers; none gets there.
    const maxLine = Math.min(this.maxLine, 0x7fffffff);
    if (!scan) {
      for (let nl = chunk.indexOf(LF, pos); nl !== -1; nl = chunk.indexOf(LF, pos)) {
        this.emit(chunk, pos, nl, true, this.chunkAt + pos);
        pos = nl + 1;
      }
    } else {
      // One call into the kernel a line looked at: noise stepped over, the
      // lines it counts itself, the line's end, the next marker. The chunk is
      // a window of the kernel's memory.
      const sink = this.sink;
      for (let marker = scan.find(pos, end, chunk); ; ) {
        const mode = sink.counting?.() ?? 0;
        pos = scan.sweep(pos, marker, end, maxLine, mode, chunk, before);
        const skipped = scan.skipped;
        if (skipped > 0) sink.noise(skipped);
        if (mode !== 0 && scan.denials + scan.allows > 0) sink.counted!(scan.denials, scan.allows);
        const nl = scan.lineEnd;
        if (nl === -1) break;
        // Taken before the line is handed over: the sink may use the kernel too.
        const holds = scan.holds;
        marker = scan.marker;
        this.emit(chunk, pos, nl, holds, this.chunkAt + pos);
        before = nl > pos && chunk[nl - 1] === CR ? nl - 1 - pos : nl - pos;
        pos = nl + 1;
      }
    }
    if (pos > 0) this.lastLine = this.lineEndingAt(chunk, pos - 1);
    this.keep(chunk, pos, end);
    this.chunkAt += end;
  }

  private setHead(line: Buffer | undefined): void {
    this.headBuffer = line;
    this.headLine = line && line.at(-1) === CR ? line.subarray(0, -1) : line;
  }

  /** The line of `chunk` ending at the line feed at `nl`, as `lastLine` keeps it. */
  private lineEndingAt(chunk: Buffer, nl: number): Buffer | number {
    const lf = nl >= 1 ? chunk.lastIndexOf(LF, nl - 1) : -1;
    if (lf === -1 && this.headLine) return kept(this.headLine);
    const from = lf + 1;
    return kept(chunk.subarray(from, nl > from && chunk[nl - 1] === CR ? nl - 1 : nl));
  }

  private holdsMarker(line: Buffer): boolean {
    return !this.candidates || this.candidates.markers.some((m) => line.indexOf(m) !== -1);
  }

  private keep(chunk: Buffer, start: number, end: number): void {
    if (this.skipping || end === start) return;
    // One byte of slack for a `\r` that a CRLF line end would strip.
    if (this.carryLength + (end - start) > this.maxLine + 1) {
      this.carry = [];
      this.carryLength = 0;
      this.skipping = true;
      this.sink.tooLong();
      return;
    }
    if (this.carryLength === 0) this.carryAt = this.chunkAt + start;
    // Copy: the chunk's memory is the scan window or the stream's, reused after this call.
    this.carry.push(Buffer.from(chunk.subarray(start, end)));
    this.carryLength += end - start;
  }

  private emit(buf: Buffer, start: number, end: number, candidate: boolean, at: number): void {
    const stop = end > start && buf[end - 1] === CR ? end - 1 : end;
    if (stop - start > this.maxLine) this.sink.tooLong();
    else if (candidate || this.candidates?.mayMatter(buf, start, stop)) {
      this.lineAt = at;
      this.sink.line(buf, start, stop);
    } else if (this.sink.noiseLine) this.sink.noiseLine(buf, start, stop);
    else this.sink.noise(1);
  }
}

/**
 * A line as `lastLine` keeps it: a copy of its bytes when it is CUT_AT
 * bytes or longer (the memory it lies in is reused), else its length.
 */
function kept(line: Buffer): Buffer | number {
  return line.length >= CUT_AT ? Buffer.from(line) : line.length;
}
