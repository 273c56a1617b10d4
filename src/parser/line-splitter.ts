/**
 * Splits a byte stream into lines without decoding it, and tells the lines
 * that can matter from noise on bytes alone.
 *
 * Why not split2: it decodes every byte to text before splitting and cannot
 * tell how many over-long lines it dropped. Here a line is a byte range; a
 * line holding none of the `markers` is counted as noise without being
 * looked at again (the markers are found by scanning each chunk once per
 * marker, in native code); a line longer than `maxLine` is skipped and
 * counted while holding at most `maxLine` bytes in memory.
 */

export interface LineSink {
  /** `buf[start, end)` is one line holding a marker, without its `\n` (a trailing `\r` is removed). */
  line(buf: Buffer, start: number, end: number): void;
  /** A line holding no marker. */
  noise(): void;
  /** A line longer than the limit was skipped. */
  tooLong(): void;
}

const LF = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  /** Bytes of an unfinished line carried over from earlier chunks. */
  private carry: Buffer[] = [];
  private carryLength = 0;
  /** Inside a line already known to be too long: discard until its end. */
  private skipping = false;
  /** Per marker, where it next occurs in the current chunk (-1: nowhere). */
  private readonly next: number[];

  /**
   * Without markers, every line is handed to `sink.line`. `mayMatter` looks at
   * a line holding no marker for what a marker scan cannot find cheaply (a
   * line's first or last bytes); it must not allocate.
   */
  constructor(
    private readonly sink: LineSink,
    private readonly maxLine: number,
    private readonly markers?: readonly Buffer[],
    private readonly mayMatter?: (buf: Buffer, start: number, end: number) => boolean,
  ) {
    this.next = new Array(markers?.length ?? 0).fill(-1);
  }

  push(chunk: Buffer): void {
    let pos = 0;
    if (this.carryLength > 0 || this.skipping) {
      const nl = chunk.indexOf(LF);
      if (nl === -1) {
        this.keep(chunk, 0, chunk.length);
        return;
      }
      if (this.skipping) this.skipping = false;
      else {
        this.keep(chunk, 0, nl);
        if (this.skipping) this.skipping = false;
        else {
          const line = Buffer.concat(this.carry, this.carryLength);
          this.emit(line, 0, line.length, this.holdsMarker(line));
        }
      }
      this.carry = [];
      this.carryLength = 0;
      pos = nl + 1;
    }
    const markers = this.markers;
    let candidate = markers ? this.firstMarker(chunk, pos, true) : -1;
    for (;;) {
      const nl = chunk.indexOf(LF, pos);
      if (nl === -1) break;
      if (!markers || (candidate !== -1 && candidate < nl)) {
        this.emit(chunk, pos, nl, true);
        if (markers) candidate = this.firstMarker(chunk, nl + 1, false);
      } else {
        this.emit(chunk, pos, nl, false);
      }
      pos = nl + 1;
    }
    this.keep(chunk, pos, chunk.length);
  }

  /** Ends the stream: a last line without `\n` still counts as a line. */
  end(): void {
    if (!this.skipping && this.carryLength > 0) {
      const line = Buffer.concat(this.carry, this.carryLength);
      this.emit(line, 0, line.length, this.holdsMarker(line));
    }
    this.skipping = false;
    this.carry = [];
    this.carryLength = 0;
  }

  /** The first marker occurrence at or after `from` in `chunk`; -1 if none. */
  private firstMarker(chunk: Buffer, from: number, fresh: boolean): number {
    const markers = this.markers!;
    const next = this.next;
    let first = -1;
    for (let i = 0; i < markers.length; i++) {
      let at = next[i]!;
      if (fresh || (at !== -1 && at < from)) {
        at = chunk.indexOf(markers[i]!, from);
        next[i] = at;
      }
      if (at !== -1 && (first === -1 || at < first)) first = at;
    }
    return first;
  }

  private holdsMarker(line: Buffer): boolean {
    return !this.markers || this.markers.some((m) => line.indexOf(m) !== -1);
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
    // Copy: the chunk's memory may be reused by the stream after this call.
    this.carry.push(Buffer.from(chunk.subarray(start, end)));
    this.carryLength += end - start;
  }

  private emit(buf: Buffer, start: number, end: number, candidate: boolean): void {
    const stop = end > start && buf[end - 1] === CR ? end - 1 : end;
    if (stop - start > this.maxLine) this.sink.tooLong();
    else if (candidate || this.mayMatter?.(buf, start, stop)) this.sink.line(buf, start, stop);
    else this.sink.noise();
  }
}
