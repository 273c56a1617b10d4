import Table from 'cli-table3';
import { boxTableLines } from './box-table.js';
import { paint, type Tone } from './colour.js';
import { foldProse } from './fold.js';
import { boxes, type Column, fitTable, type Row, type Terminal } from './terminal-layout.js';

/**
 * Text made of lines and tables, as the reader sees it. In a pipe or a file:
 * plain, every table as wide as its cells (the same bytes in golden files).
 * On a terminal: fitted to its width and, unless turned off, coloured.
 */
export class Page {
  private readonly leftOut: string[] = [];
  private readonly terminal: Terminal | undefined;

  constructor(terminal?: Terminal) {
    // Neither narrowed nor coloured: drawn as in a pipe.
    this.terminal = terminal?.width !== undefined || terminal?.colour ? terminal : undefined;
  }

  /** A line of printable text, folded to the terminal's width and coloured in `tone`. */
  line(text: string, tone?: Tone): string {
    const t = this.terminal;
    if (!t) return text;
    const lines = t.width === undefined ? [text] : foldProse(text, t.width);
    return lines.map((l) => (t.colour ? paint(l, tone) : l)).join('\n');
  }

  /** Several lines, each as `line` shows it. */
  lines(texts: readonly string[], tone?: Tone): string[] {
    return texts.map((t) => this.line(t, tone));
  }

  /**
   * A table of printable cells. `title` leading columns name a row: a
   * terminal too narrow for the table (or `stacked`) shows each row under them.
   */
  table(columns: readonly Column[], rows: readonly Row[], title = 1, stacked = false): string {
    return this.tableLines(columns, rows, title, stacked).join('\n');
  }

  /** `table`'s lines: a table of many rows is better not made one string (json.ts says why). */
  tableLines(
    columns: readonly Column[],
    rows: readonly Row[],
    title = 1,
    stacked = false,
  ): string[] {
    if (!this.terminal) return plainTable(columns, rows);
    const fitted = fitTable(columns, rows, this.terminal, title, stacked);
    for (const head of fitted.leftOut) if (!this.leftOut.includes(head)) this.leftOut.push(head);
    return fitted.lines;
  }

  /**
   * Whether some of these tables, each its rows, must be stacked on this
   * terminal: then all of them are, to read alike.
   */
  stacks(columns: readonly Column[], tables: Iterable<readonly Row[]>): boolean {
    const width = this.terminal?.width;
    if (width === undefined) return false;
    for (const rows of tables) if (!boxes(columns, rows, width)) return true;
    return false;
  }

  /** Says which columns were left out to fit the terminal: nothing when none were. */
  leftOutNote(): string[] {
    if (this.leftOut.length === 0) return [];
    return [
      this.line(
        `Columns left out to fit the terminal (${this.terminal?.width} wide): ${this.leftOut.join(', ')}; pipe the output (| less -S) to see them all.`,
      ),
    ];
  }
}

/** Drawn as cli-table3 draws it with no colours: the same bytes in a pipe and in golden files. */
function plainTable(columns: readonly Column[], rows: readonly Row[]): string[] {
  const head = columns.map((c) => c.head);
  const cells = rows.map((r) => r.cells);
  const fast = boxTableLines(head, cells);
  if (fast !== undefined) return fast;
  const t = new Table({ head, style: { head: [], border: [] } });
  for (const row of cells) t.push(row);
  return t.toString().split('\n');
}
