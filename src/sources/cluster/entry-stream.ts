import { Readable } from 'node:stream';

const NL = Buffer.from('\n');

/**
 * The byte stream a master's input hands on: whole entry lines, each marked
 * with its cursor at the offset where it ends. The reader of the stream
 * takes bytes out of it (each `data` event, whether it reads or listens);
 * `position()` is the cursor of the last entry whose line it has taken
 * entirely, and entries that were read but not handed on (before --since)
 * count as taken once every line before them was. What sits in the stream's
 * buffer when it is destroyed was never taken, and is not counted.
 */
export class EntryStream extends Readable {
  private pushed = 0;
  private taken = 0;
  private batch: Buffer[] = [];
  /** Per entry read, where its line ends in the stream, and its cursor. */
  private ends: number[] = [];
  private cursors: string[] = [];
  private first = 0;
  private last: string | undefined;

  constructor(
    /** The reader wants more: resume the answer. */
    private readonly pull: () => void,
    /** The stream is destroyed: stop reading. */
    private readonly stop: () => void,
    /** Where the input started: the saved cursor, if any. */
    start?: string,
  ) {
    super({ highWaterMark: 256 * 1024 });
    this.last = start;
  }

  /** One entry's line, handed on with the next `flush()`. */
  line(json: Buffer, cursor: string): void {
    this.pushed += json.length + 1;
    this.mark(cursor);
    // A line that follows the one before in the answer's own bytes, the
    // newline between them, extends it: the lines of a chunk are handed on
    // as that piece of it, copied once. (Framing copies a line only into
    // memory of its own, so that memory next to a line is the answer's.)
    const n = this.batch.length;
    const prev = n >= 2 ? this.batch[n - 2]! : undefined;
    if (prev && prev.buffer === json.buffer) {
      const gap = prev.byteOffset + prev.length;
      if (json.byteOffset === gap + 1 && new Uint8Array(json.buffer, gap, 1)[0] === 10) {
        this.batch[n - 2] = Buffer.from(
          json.buffer,
          prev.byteOffset,
          prev.length + 1 + json.length,
        );
        return;
      }
    }
    this.batch.push(json, NL);
  }

  /** One entry read and not handed on. */
  skipped(cursor: string): void {
    this.mark(cursor);
  }

  /** Hands on the lines gathered; false when the reader has enough for now. */
  flush(): boolean {
    if (this.batch.length === 0) return true;
    const chunk = Buffer.concat(this.batch);
    this.batch = [];
    return this.push(chunk);
  }

  position(): string | undefined {
    const { ends, cursors } = this;
    let i = this.first;
    while (i < ends.length && ends[i]! <= this.taken) i++;
    if (i > this.first) this.last = cursors[i - 1];
    this.first = i;
    if (i > 4096 && i * 2 > ends.length) {
      this.ends = ends.slice(i);
      this.cursors = cursors.slice(i);
      this.first = 0;
    }
    return this.last;
  }

  override _read(): void {
    this.pull();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.stop();
    callback(err);
  }

  // Every chunk leaves the stream through a `data` event, in paused and in
  // flowing mode alike: counted there, it is what the reader has taken.
  // biome-ignore lint/suspicious/noExplicitAny: the signature of EventEmitter.emit
  override emit(event: string | symbol, ...args: any[]): boolean {
    if (event === 'data') {
      this.taken += (args[0] as Buffer).length;
      this.position();
    }
    return super.emit(event, ...args);
  }

  private mark(cursor: string): void {
    this.ends.push(this.pushed);
    this.cursors.push(cursor);
  }
}
