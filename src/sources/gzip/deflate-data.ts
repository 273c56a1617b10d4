import { createInflateRaw } from 'node:zlib';
import type { ByteReader } from './byte-reader.js';
import { crc32 } from './crc32.js';

/** What a member's trailer is checked against: the CRC-32 and length of its text. */
export interface Inflated {
  crc: number;
  size: number;
}

/**
 * A member's deflate data, inflated by zlib as it comes (raw: the framing
 * is ours, so that a bad trailer or what follows the member cannot take
 * with it the text zlib made in the same call, as gunzip's error does);
 * the bytes after it go back to `bytes`. Each piece of text is yielded
 * once zlib makes it, and zlib waits while it is not taken, so memory
 * stays the same whatever the file's size or ratio. Undefined when the
 * stream ends first; a zlib error is thrown.
 */
export async function* deflateData(
  bytes: ByteReader,
): AsyncGenerator<Buffer, Inflated | undefined> {
  // 64 KiB of text a piece, not zlib's 16: a quarter of the calls, reads and yields.
  const zlib = createInflateRaw({ chunkSize: 64 * 1024 });
  const inflated: Inflated = { crc: 0, size: 0 };
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const rouse = () => {
    const woken = wake;
    wake = undefined;
    woken?.();
  };
  zlib.on('readable', rouse);
  zlib.on('error', (err) => {
    failed ??= err;
    rouse();
  });
  try {
    for (let chunk = await bytes.next(); chunk !== undefined; chunk = await bytes.next()) {
      const before = zlib.bytesWritten;
      let taken = false;
      zlib.write(chunk, (err) => {
        if (err) failed ??= err;
        taken = true;
        rouse();
      });
      for (;;) {
        for (let text: Buffer | null = zlib.read(); text !== null; text = zlib.read()) {
          inflated.crc = crc32(text, inflated.crc);
          inflated.size += text.length;
          yield text;
        }
        if (failed) throw failed;
        if (taken) break;
        await new Promise<void>((woken) => {
          wake = woken;
        });
      }
      // zlib stops at the end of the deflate data, the trailer unread: it
      // takes less than it was given (nothing, when the data ended exactly
      // where the chunk before did).
      const used = zlib.bytesWritten - before;
      if (used < chunk.length) {
        bytes.unread(chunk.subarray(used));
        return inflated;
      }
    }
    return undefined;
  } finally {
    zlib.destroy();
  }
}
