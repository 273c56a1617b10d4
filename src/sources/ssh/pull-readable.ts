import { Readable } from 'node:stream';

/** Pulls chunks from an async iterator; highWaterMark 1 so an error never overtakes data. */
export class PullReadable extends Readable {
  private pulling = false;

  constructor(
    private readonly chunks: AsyncIterator<Buffer>,
    private readonly stop: () => void,
  ) {
    // With a one-byte mark, _read runs only once the buffer is empty: an error
    // that ends the stream is raised after every byte before it was consumed.
    super({ highWaterMark: 1 });
  }

  override _read(): void {
    if (this.pulling) return;
    this.pulling = true;
    this.chunks.next().then(
      (r) => {
        this.pulling = false;
        if (this.destroyed) return;
        this.push(r.done ? null : r.value);
      },
      (err: Error) => {
        this.pulling = false;
        this.destroy(err);
      },
    );
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.stop();
    callback(err);
  }
}
