/**
 * A gzip stream's chunks as its members are read: a step hands back what it
 * did not use (the deflate data ends inside a chunk, the trailer follows),
 * and the offset of the next byte names where damage starts.
 */
export class ByteReader {
  private readonly chunks: AsyncIterator<Buffer>;
  private rest: Buffer | undefined;
  /** Where the next byte is in the stream. */
  offset = 0;

  constructor(chunks: AsyncIterable<Buffer>) {
    this.chunks = chunks[Symbol.asyncIterator]();
  }

  /** The next bytes, at least one; undefined at the end of the stream. */
  async next(): Promise<Buffer | undefined> {
    let chunk = this.rest;
    this.rest = undefined;
    while (chunk === undefined || chunk.length === 0) {
      const next = await this.chunks.next();
      if (next.done) return undefined;
      chunk = next.value;
    }
    this.offset += chunk.length;
    return chunk;
  }

  /** Hands back `tail`, the end of what `next()` gave last, to be read next. */
  unread(tail: Buffer): void {
    if (tail.length === 0) return;
    this.rest = tail;
    this.offset -= tail.length;
  }

  /** The next `n` bytes, fewer only at the end of the stream. */
  async take(n: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (let got = 0; got < n; ) {
      const chunk = await this.next();
      if (chunk === undefined) break;
      const part = chunk.subarray(0, n - got);
      this.unread(chunk.subarray(part.length));
      parts.push(part);
      got += part.length;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /**
   * The bytes up to and with the next `byte` (a name's closing NUL), handed
   * to `seen` as they pass; false if the stream ends first.
   */
  async skipPast(byte: number, seen: (bytes: Buffer) => void): Promise<boolean> {
    for (let chunk = await this.next(); chunk !== undefined; chunk = await this.next()) {
      const at = chunk.indexOf(byte);
      if (at < 0) {
        seen(chunk);
        continue;
      }
      seen(chunk.subarray(0, at + 1));
      this.unread(chunk.subarray(at + 1));
      return true;
    }
    return false;
  }
}
