import { paint, type Tone } from './colour.js';
import { displayWidth, foldCell, foldLine } from './fold.js';

/**
 * A table laid out for a terminal: as wide as its widest cells when they
 * fit, else narrowed to the terminal's width. Columns the reader needs least
 * are left out first; then long cells wrap; when even the columns that are
 * always shown cannot fit, each row becomes a block of lines (stacked).
 */

/** Where the table report is shown: a terminal's width, if any, and whether to colour. */
export interface Terminal {
  /** Columns of the terminal; absent: as wide as the text (a pipe or a file). */
  width?: number;
  colour: boolean;
}

export interface Column {
  head: string;
  /** Left out to fit a narrow terminal, 1 first, then 2, ...; absent: always shown. */
  leaveOut?: number;
  /**
   * The narrowest it is wrapped to; absent: it never wraps (counts, times,
   * actions). A terminal too narrow for the columns always shown at these
   * widths gets the rows stacked.
   */
  wrapTo?: number;
  /**
   * For a column always shown: the width at which it still reads well.
   * Columns are left out before it is wrapped narrower. Absent: its widest cell.
   */
  reads?: number;
}

export interface Row {
  /** Printable text; a newline starts a new line in the cell. */
  cells: string[];
  tone?: Tone;
}

export interface FittedTable {
  lines: string[];
  /** Headings of the columns left out to fit. */
  leftOut: string[];
}

const borders = (columns: number) => 3 * columns + 1;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The columns a terminal `width` wide shows, and their widths: none when the rows must be stacked. */
interface Plan {
  kept: number[];
  widths: number[] | undefined;
}

function plan(columns: readonly Column[], rows: readonly Row[], width: number): Plan {
  const natural = columns.map((c) => displayWidth(c.head));
  for (const row of rows) {
    row.cells.forEach((cell, x) => {
      for (const line of cell.split('\n')) natural[x] = Math.max(natural[x]!, displayWidth(line));
    });
  }
  const narrowest = columns.map((c, x) => Math.min(natural[x]!, c.wrapTo ?? natural[x]!));
  // The width a column is counted at when deciding what to leave out.
  const wanted = columns.map((c, x) =>
    c.leaveOut === undefined ? Math.min(natural[x]!, c.reads ?? natural[x]!) : narrowest[x]!,
  );
  let kept = columns.map((_, x) => x);
  const leaving = kept
    .filter((x) => columns[x]!.leaveOut !== undefined)
    .sort((a, b) => columns[a]!.leaveOut! - columns[b]!.leaveOut!);
  for (const x of leaving) {
    if (sum(kept.map((k) => wanted[k]!)) + borders(kept.length) <= width) break;
    kept = kept.filter((k) => k !== x);
  }
  // Narrowed in turn: the columns that may be left out, then those always
  // shown down to the width they read well at, then all to their narrowest.
  const room = width - borders(kept.length);
  const floors = [
    kept.map((x) => (columns[x]!.leaveOut === undefined ? natural[x]! : narrowest[x]!)),
    kept.map((x) => Math.max(narrowest[x]!, wanted[x]!)),
    kept.map((x) => narrowest[x]!),
  ];
  for (const floor of floors) {
    const widths = shrink(
      kept.map((x) => natural[x]!),
      floor,
      room,
    );
    if (widths) return { kept, widths };
  }
  return { kept, widths: undefined };
}

/** Whether the rows fit a terminal `width` wide as a table, not stacked. */
export function boxes(columns: readonly Column[], rows: readonly Row[], width: number): boolean {
  return plan(columns, rows, width).widths !== undefined;
}

/**
 * The table fitted to `terminal`. `title` leading columns name a row (the
 * permission and its action): in a stacked layout they head its block.
 * `stacked`: stacked even if the rows fit as a table, like the tables
 * around it.
 */
export function fitTable(
  columns: readonly Column[],
  rows: readonly Row[],
  terminal: Terminal,
  title = 1,
  stacked = false,
): FittedTable {
  const width = terminal.width ?? Number.POSITIVE_INFINITY;
  const { kept, widths } = plan(columns, rows, width);
  if (widths !== undefined && !stacked) {
    const leftOut = columns.filter((_, x) => !kept.includes(x)).map((c) => c.head);
    return { lines: drawBoxed(columns, rows, kept, widths, terminal.colour), leftOut };
  }
  const shown = columns.map((_, x) => x).filter((x) => columns[x]!.leaveOut === undefined);
  return {
    lines: drawStacked(columns, rows, shown, Math.min(title, shown.length), width, terminal.colour),
    leftOut: columns.filter((c) => c.leaveOut !== undefined).map((c) => c.head),
  };
}

/**
 * Widths no larger than `natural` and no smaller than `narrowest` that add
 * up to at most `room`: the widest columns are narrowed first, to one level.
 * Undefined when even the narrowest do not fit.
 */
export function shrink(natural: number[], narrowest: number[], room: number): number[] | undefined {
  if (sum(natural) <= room) return natural;
  if (sum(narrowest) > room) return undefined;
  const at = (level: number) => natural.map((n, x) => Math.max(narrowest[x]!, Math.min(n, level)));
  // The highest level at which the columns fit.
  let low = 0;
  let high = Math.max(...natural);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (sum(at(mid)) <= room) low = mid;
    else high = mid - 1;
  }
  const widths = at(low);
  // What is left goes, a column each, to those the level narrowed.
  let spare = room - sum(widths);
  for (let x = 0; x < widths.length && spare > 0; x++) {
    if (widths[x]! < natural[x]!) {
      widths[x]!++;
      spare--;
    }
  }
  return widths;
}

/** Boxed as cli-table3 draws it, each cell folded to its column's width. */
function drawBoxed(
  columns: readonly Column[],
  rows: readonly Row[],
  kept: number[],
  widths: number[],
  colour: boolean,
): string[] {
  const border = (left: string, middle: string, right: string) =>
    `${left}${widths.map((w) => '─'.repeat(w + 2)).join(middle)}${right}`;
  const between = border('├', '┼', '┤');
  const out = [border('┌', '┬', '┐')];
  const draw = (cells: string[], tone: Tone | undefined) => {
    const folded = kept.map((x, i) => foldCell(cells[x] ?? '', widths[i]!));
    const height = Math.max(...folded.map((lines) => lines.length));
    for (let y = 0; y < height; y++) {
      const line = folded.map((lines, i) => {
        const text = lines[y] ?? '';
        const pad = ' '.repeat(widths[i]! - displayWidth(text));
        return ` ${colour ? paint(text, tone) : text}${pad} `;
      });
      out.push(`│${line.join('│')}│`);
    }
  };
  draw(
    columns.map((c) => c.head),
    'heading',
  );
  for (const row of rows) {
    out.push(between);
    draw(row.cells, row.tone);
  }
  out.push(border('└', '┴', '┘'));
  return out;
}

/**
 * Each row as a block: its title columns on the first line (folded), then
 * one `heading: value` line per other column shown, indented under it;
 * blocks are separated by a blank line.
 */
function drawStacked(
  columns: readonly Column[],
  rows: readonly Row[],
  shown: number[],
  title: number,
  width: number,
  colour: boolean,
): string[] {
  const out: string[] = [];
  const say = (
    text: string,
    indent: number,
    hang: number,
    tone: Tone | undefined,
    bold = false,
  ) => {
    // On a terminal too narrow for the indent, the text starts at the left edge.
    const lead = (n: number) => (n <= width / 2 ? n : 0);
    const lines = foldLine(text, width - lead(indent), width - lead(hang));
    lines.forEach((l, i) => {
      const painted = colour ? paint(bold ? paint(l, 'heading') : l, tone) : l;
      out.push(`${' '.repeat(lead(i === 0 ? indent : hang))}${painted}`);
    });
  };
  for (const [y, row] of rows.entries()) {
    // A blank line between blocks: a title may take two lines.
    if (y > 0) out.push('');
    const heads = shown.slice(0, title).map((x) => (row.cells[x] ?? '').split('\n'));
    // The title's continuation lines stay at its indent: those below it are its details.
    say(heads.map((lines) => lines[0]).join(' '), 2, 2, row.tone, true);
    for (const lines of heads)
      for (const more of lines.slice(1)) if (more.trim() !== '') say(more, 4, 6, row.tone);
    for (const x of shown.slice(title)) {
      const value = (row.cells[x] ?? '').split('\n').join(' ');
      say(`${columns[x]!.head}: ${value}`, 4, 6, row.tone);
    }
  }
  return out;
}
