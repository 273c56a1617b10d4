/**
 * Splits a byte stream into lines without decoding it.
 *
 * Why not split2: it decodes every byte to text before splitting and cannot
 * tell how many over-long lines it dropped. Here a line is handed over as a
 * byte range, so callers decide on bytes whether it is worth decoding, and a
 * line longer than `maxLine` is skipped (and counted) while holding at most
 * `maxLine` bytes in memory.
 */

export interface LineSink {
  /** `buf[start, end)` is one line without its `\n` (a trailing `\r` is removed). */
  line(buf: Buffer, start: number, end: number): void;
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

  constructor(
    private readonly sink: LineSink,
    private readonly maxLine: number,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(LF, start);
      if (nl === -1) {
        this.keep(chunk, start, chunk.length);
        return;
      }
      if (this.skipping) {
        this.skipping = false;
      } else if (this.carryLength > 0) {
        this.keep(chunk, start, nl);
        if (!this.skipping)
          this.emit(Buffer.concat(this.carry, this.carryLength), 0, this.carryLength);
        else this.skipping = false;
        this.carry = [];
        this.carryLength = 0;
      } else {
        this.emit(chunk, start, nl);
      }
      start = nl + 1;
    }
  }

  /** Ends the stream: a last line without `\n` still counts as a line. */
  end(): void {
    if (this.skipping) {
      this.skipping = false;
    } else if (this.carryLength > 0) {
      this.emit(Buffer.concat(this.carry, this.carryLength), 0, this.carryLength);
    }
    this.carry = [];
    this.carryLength = 0;
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

  private emit(buf: Buffer, start: number, end: number): void {
    const stop = end > start && buf[end - 1] === CR ? end - 1 : end;
    if (stop - start > this.maxLine) this.sink.tooLong();
    else this.sink.line(buf, start, stop);
  }
}
