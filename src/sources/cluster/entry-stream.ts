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
  private marks: { end: number; cursor: string }[] = [];
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
    this.batch.push(json, NL);
    this.pushed += json.length + 1;
    this.mark(cursor);
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
    while (this.first < this.marks.length && this.marks[this.first]!.end <= this.taken) {
      this.last = this.marks[this.first]!.cursor;
      this.first++;
    }
    if (this.first > 1024 && this.first * 2 > this.marks.length) {
      this.marks = this.marks.slice(this.first);
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
    this.marks.push({ end: this.pushed, cursor });
  }
}
