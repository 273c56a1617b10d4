import { Readable } from 'node:stream';
import { LONGEST_LEADING_MAGIC, type Named, SNIFF_BYTES, sniff } from './sniff.js';

/**
 * An input's bytes as journal text: its first bytes say what it is
 * (sniff.ts); gzip is inflated as it streams (a file logrotate compressed,
 * of one member or several), anything else that is not text is refused.
 */

/** A problem of one input, said in one line: it ends that input, what was read is kept. */
export class InputProblem extends Error {}

/**
 * The chunks of `raw`, as text: the first one at least SNIFF_BYTES long
 * (unless the input is shorter), so that its kind is seen whatever sizes the
 * chunks come in. `onRaw` is told the bytes taken from `raw` (for gzip,
 * before inflating: a file's share read).
 */
export async function* inputBytes(
  raw: AsyncIterable<Buffer>,
  input: Named,
  onRaw?: (n: number) => void,
  inside?: 'gzip',
): AsyncGenerator<Buffer> {
  const chunks = raw[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let n = 0;
  // A stream that is followed may send one short line and then wait: once
  // a whole line has come, only tar (its magic at byte 257, after a name
  // that holds no newline) could still be told, and text has been seen.
  while (n < SNIFF_BYTES && !(n >= LONGEST_LEADING_MAGIC && head.some((b) => b.includes(0x0a)))) {
    const next = await chunks.next();
    if (next.done) break;
    head.push(next.value);
    n += next.value.length;
    onRaw?.(next.value.length);
  }
  const first = head.length === 1 ? head[0]! : Buffer.concat(head);
  const kind = sniff(first, first.length, input);
  if (kind.kind === 'refused')
    throw new InputProblem(inside ? `${kind.what} (${inside}-compressed)` : kind.what);
  const rest = (async function* () {
    if (first.length > 0) yield first;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      onRaw?.(next.value.length);
      yield next.value;
    }
  })();
  if (kind.kind === 'text') {
    yield* rest;
    return;
  }
  if (inside)
    throw new InputProblem(`${inside}-compressed twice: decompress it once, then read it`);
  yield* inputBytes(inflate(rest), input, undefined, 'gzip');
}

/** Gzip inflated as it comes; a corrupt or cut stream is an InputProblem. */
async function* inflate(compressed: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  // Loaded for gzip alone: zlib is a few ms of every run's start-up otherwise.
  const [{ createGunzip }, { pipeline }] = await Promise.all([
    import('node:zlib'),
    import('node:stream/promises'),
  ]);
  const gunzip = createGunzip();
  // Errors of either side reach the loop below through gunzip.
  const fed = pipeline(Readable.from(compressed, { objectMode: false }), gunzip).catch(() => {});
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
  } catch (err) {
    throw gzipProblem(err);
  } finally {
    gunzip.destroy();
    await fed;
  }
}

function gzipProblem(err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'Z_BUF_ERROR')
    return new InputProblem(
      'the gzip data ends early (a cut or still-growing file): what was read before is kept',
    );
  if (typeof code === 'string' && code.startsWith('Z_'))
    return new InputProblem(
      `corrupt gzip data (${(err as Error).message}): what was read before is kept`,
    );
  return err;
}
