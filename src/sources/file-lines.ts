/**
 * Lines of a regular file read again by where they start (report/aggregate.ts
 * LineReader): the first record of a wording a worker thread only counted,
 * and a group's sample when the report is written (report/line-sample.ts).
 * The file is opened on the first read; `close` closes it (a later read
 * opens it again), and so does the reader being collected: samples keep it
 * for as long as the report.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { LineReader } from '../report/aggregate.js';

/** Larger than most lines: a longer one gets a buffer of its own size, kept for the next. */
const SCRATCH_BYTES = 4096;

/** Closes the file of a reader no longer reachable; the box holds its descriptor. */
const closer = new FinalizationRegistry<{ fd: number | undefined }>((open) => {
  if (open.fd !== undefined) closeSync(open.fd);
});

export function fileLines(path: string): LineReader & { close(): void } {
  const open: { fd: number | undefined } = { fd: undefined };
  // One buffer for every read (LineReader.read's bytes last until the next):
  // the dense bench input reads 40,000 samples when the report is written.
  let scratch: Buffer | undefined;
  const reader = {
    read(offset: number, length: number) {
      open.fd ??= openSync(path, 'r');
      if (scratch === undefined || length > scratch.length)
        scratch = Buffer.allocUnsafeSlow(Math.max(length, SCRATCH_BYTES));
      const buf = scratch;
      let n = 0;
      while (n < length) {
        const got = readSync(open.fd, buf, n, length - n, offset + n);
        if (got === 0) break;
        n += got;
      }
      // A file cut short since: what is there is read, and found not to be the record.
      return buf.subarray(0, n);
    },
    close() {
      if (open.fd !== undefined) closeSync(open.fd);
      open.fd = undefined;
    },
  };
  closer.register(reader, open);
  return reader;
}
