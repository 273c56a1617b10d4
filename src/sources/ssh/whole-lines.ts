import { entryCursor } from '../journal-cursor.js';

/**
 * Cuts the byte stream of `journalctl -o json` into whole lines, and knows the
 * cursor of the last entry handed on: the position a later read resumes
 * after. What is not handed on yet is kept back:
 *
 * - the unfinished tail after the last newline;
 * - a last line that is not a whole JSON entry. When journalctl is killed
 *   while writing, a `grep` stage after it ends the cut line with a newline
 *   of its own; that line can only be the last of its stream, so it is handed
 *   on once more data follows it, or at a clean end, and dropped when the
 *   stream fails (the next read after the cursor brings the entry whole).
 */
export interface Handed {
  /** Bytes ending at a line end. */
  bytes: Buffer;
  /** The cursor of the last entry in `bytes`, when one has a cursor. */
  cursor: string | undefined;
}

const LF = 0x0a;

export class WholeLines {
  private pending: Buffer[] = [];

  /** What of `chunk` (after what was kept back) can be handed on now. */
  take(chunk: Buffer): Handed | undefined {
    if (chunk.indexOf(LF) < 0) {
      if (chunk.length > 0) this.pending.push(chunk);
      return undefined;
    }
    const all = this.pending.length === 0 ? chunk : Buffer.concat([...this.pending, chunk]);
    const lastEnd = all.lastIndexOf(LF);
    // (lastIndexOf counts a negative offset from the end: the first line is looked at apart.)
    const lastStart = lastEnd === 0 ? 0 : all.lastIndexOf(LF, lastEnd - 1) + 1;
    const last = entryCursor(all.toString('utf8', lastStart, lastEnd));
    // A last line that is no whole entry waits for what follows it.
    const cut = last === undefined ? lastStart : lastEnd + 1;
    this.pending = cut < all.length ? [all.subarray(cut)] : [];
    if (cut === 0) return undefined;
    return { bytes: all.subarray(0, cut), cursor: last ?? lastCursor(all, cut) };
  }

  /** The stream ended cleanly: everything kept back is handed on. */
  end(): Handed | undefined {
    if (this.pending.length === 0) return undefined;
    const all = Buffer.concat(this.pending);
    this.pending = [];
    return { bytes: all, cursor: lastCursor(all, all.length) };
  }

  /** The stream failed: what was kept back is dropped (read again after the cursor). */
  drop(): void {
    this.pending = [];
  }
}

/** The cursor of the last line of `buf[0, end)` that has one. */
function lastCursor(buf: Buffer, end: number): string | undefined {
  let lineEnd = end > 0 && buf[end - 1] === LF ? end - 1 : end;
  while (lineEnd > 0) {
    const start = buf.lastIndexOf(LF, lineEnd - 1) + 1;
    const cursor = entryCursor(buf.toString('utf8', start, lineEnd));
    if (cursor !== undefined) return cursor;
    lineEnd = start - 1;
  }
  return undefined;
}
