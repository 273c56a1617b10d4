import { displayWidth } from '../../src/output/fold.js';

/** Text as the terminal shows it, its colour escapes taken out. */
export const stripEscapes = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

/** The lines of `text` wider than `width` columns. */
export const tooWide = (text: string, width: number) =>
  stripEscapes(text)
    .split('\n')
    .filter((line) => displayWidth(line) > width);

/** Text with its spaces taken out: what a wrapped cell still has of it. */
export const compact = (text: string) => text.replace(/\s+/g, '');

/**
 * What a reader reads as one thing, each compacted: a table row (its cells,
 * each rejoined from the lines it was wrapped into, separated by `|`) or a
 * paragraph (lines up to a blank line or a table: a stacked block, a heading).
 */
export function records(text: string): string[] {
  const out: string[] = [];
  let row: string[] | undefined;
  let paragraph: string[] = [];
  const flush = () => {
    if (row) out.push(row.map(compact).join('|'));
    if (paragraph.length > 0) out.push(compact(paragraph.join('')));
    row = undefined;
    paragraph = [];
  };
  for (const line of stripEscapes(text).split('\n')) {
    if (line.startsWith('│')) {
      if (paragraph.length > 0) flush();
      const cells = line.slice(1, -1).split('│');
      row = row ? row.map((c, i) => c + (cells[i] ?? '')) : cells;
    } else if (/^[┌├└]/.test(line) || line.trim() === '') flush();
    else {
      if (row) flush();
      paragraph.push(line);
    }
  }
  flush();
  return out;
}

/** Whether one record holds every one of `texts` in full (spaces aside). */
export const together = (recs: string[], ...texts: string[]) =>
  recs.some((r) => texts.every((t) => r.includes(compact(t))));
