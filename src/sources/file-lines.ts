/**
 * Lines of a regular file read again by where they start (report/aggregate.ts
 * LineReader): the first record of a wording a worker thread only counted.
 * The file is opened on the first read; `close` closes it.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { LineReader } from '../report/aggregate.js';

export function fileLines(path: string): LineReader & { close(): void } {
  let fd: number | undefined;
  return {
    read(offset, length) {
      fd ??= openSync(path, 'r');
      const buf = Buffer.allocUnsafe(length);
      let n = 0;
      while (n < length) {
        const got = readSync(fd, buf, n, length - n, offset + n);
        if (got === 0) break;
        n += got;
      }
      // A file cut short since: what is there is read, and found not to be the record.
      return buf.subarray(0, n);
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
