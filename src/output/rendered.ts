/**
 * What a format renders: the whole text, or its pieces in order, made while
 * they are written. A large report written piece by piece is never held as
 * one string (nor as one buffer of its bytes).
 */
export type Rendered = string | Iterable<string>;

/**
 * Characters written at once: few system calls, and a string small enough
 * for V8's ordinary memory even of two-byte text (a table's borders): 128 KiB
 * and larger strings get memory of their own, fresh pages each time, and a
 * page fault per 4 KiB costs more than the write.
 */
const CHUNK = 32 * 1024;

/** What renderers of large reports cut their text into, at most about (joined here into chunks). */
const PIECE = 16 * 1024;

/**
 * `lines`, each ending in a newline, as pieces of about PIECE characters:
 * `${lines.join('\n')}\n` without making that one string. A line longer
 * than a piece is a piece of its own.
 */
export function* inPieces(lines: readonly string[]): Generator<string> {
  if (lines.length === 0) yield '\n';
  let from = 0;
  let size = 0;
  for (let i = 0; i < lines.length; i++) {
    size += lines[i]!.length + 1;
    if (size < PIECE && i + 1 < lines.length) continue;
    yield `${lines.slice(from, i + 1).join('\n')}\n`;
    from = i + 1;
    size = 0;
  }
}

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
