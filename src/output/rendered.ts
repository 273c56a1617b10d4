/**
 * What a format renders: the whole text, or its pieces in order, made while
 * they are written. A large report written piece by piece is never held as
 * one string (nor as one buffer of its bytes).
 */
export type Rendered = string | Iterable<string>;

/** Written at once: large enough for few system calls, small next to the report. */
const CHUNK = 64 * 1024;

/** The rendered text as strings of at least `CHUNK` characters each, but the last. */
export function* chunks(rendered: Rendered): Generator<string> {
  if (typeof rendered === 'string') {
    yield rendered;
    return;
  }
  let parts: string[] = [];
  let length = 0;
  for (const piece of rendered) {
    // A piece large enough on its own is written as it is: joining would copy it.
    if (length === 0 && piece.length >= CHUNK) {
      yield piece;
      continue;
    }
    parts.push(piece);
    length += piece.length;
    if (length >= CHUNK) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.join('');
}
