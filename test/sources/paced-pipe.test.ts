// The paced pipe over a real FIFO (mkfifo), written by this process: every
// byte comes once and in order whatever sizes the writes come in, however
// slowly it is read; it can be ended while the writer keeps the pipe open.
import { once } from 'node:events';
import { closeSync, openSync, write, writeSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPipe, pacedPipe } from '../../src/sources/paced-pipe.js';
import { fifo } from '../helpers/fifo.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('a2g-paced-');

/** Writes `pieces` one write each, waiting for each (a full pipe makes the writer wait), then closes. */
async function writeAll(fd: number, pieces: readonly Buffer[]): Promise<void> {
  for (const piece of pieces) {
    for (let at = 0; at < piece.length; ) {
      at += await new Promise<number>((resolve, reject) =>
        write(fd, piece, at, piece.length - at, null, (err, n) => (err ? reject(err) : resolve(n))),
      );
    }
  }
  closeSync(fd);
}

/** What the paced pipe gives, chunk by chunk, optionally waiting after each. */
async function readAll(reader: number, slow = false): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of pacedPipe(reader) as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    if (slow) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return chunks;
}

describe('pacedPipe', () => {
  it('takes a FIFO for a pipe and a regular file for none (sockets: the e2e runs, whose stdin is a socket pair)', () => {
    const { reader, writer } = fifo(dir);
    expect(isPipe(reader)).toBe(true);
    closeSync(reader);
    closeSync(writer);
    const file = openSync(join(dir, 'plain'), 'w');
    expect(isPipe(file)).toBe(false);
    closeSync(file);
  });

  it('gives every byte once, in order, whatever the sizes of the writes and however slowly it is read', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 150_000 }), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        async (sizes, slow) => {
          // Bytes that say where they stand: a piece lost, doubled or out of place shows.
          let at = 0;
          const pieces = sizes.map((n) => {
            const piece = Buffer.alloc(n);
            for (let i = 0; i < n; i++, at++)
              piece[i] = (at * 131 + (at >>> 8) + (at >>> 16) * 29) & 0xff;
            return piece;
          });
          const { reader, writer } = fifo(dir);
          const [chunks] = await Promise.all([readAll(reader, slow), writeAll(writer, pieces)]);
          // No chunk is a view of a buffer filled again later.
          expect(Buffer.concat(chunks).equals(Buffer.concat(pieces))).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('ends when destroyed while the writer keeps the pipe open, and closes its end (an fd above 2)', async () => {
    const { reader, writer } = fifo(dir);
    const stream = pacedPipe(reader);
    writeSync(writer, 'one line\n');
    const [first] = await once(stream, 'data');
    expect(String(first)).toBe('one line\n');
    stream.destroy();
    await once(stream, 'close');
    // Its end of the pipe is closed: with no reader left, a write fails.
    expect(() => writeSync(writer, 'more\n')).toThrow(/EPIPE/);
    closeSync(writer);
  });
});
