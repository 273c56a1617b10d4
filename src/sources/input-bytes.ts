import { InputProblem } from './input-problem.js';
import { LONGEST_LEADING_MAGIC, type Named, SNIFF_BYTES, sniff } from './sniff.js';

/**
 * An input's bytes as journal text: its first bytes say what it is
 * (sniff.ts); gzip is inflated as it streams (a file logrotate compressed,
 * of one member or several: gzip/members.ts), anything else that is not
 * text is refused.
 */

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
  // The bytes that came before the stream failed are read all the same (a
  // cut gzip's last lines), then its error is thrown.
  let failed: { error: unknown } | undefined;
  try {
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
  } catch (error) {
    failed = { error };
  }
  const first = head.length === 1 ? head[0]! : Buffer.concat(head);
  const kind = sniff(first, first.length, input);
  if (kind.kind === 'refused')
    throw new InputProblem(inside ? `${kind.what} (${inside}-compressed)` : kind.what);
  const rest = (async function* () {
    if (first.length > 0) yield first;
    if (failed) throw failed.error;
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
  // Loaded for gzip alone: zlib is a few ms of every run's start-up otherwise.
  const { gunzip } = await import('./gzip/members.js');
  yield* inputBytes(gunzip(rest, input), input, undefined, 'gzip');
}
