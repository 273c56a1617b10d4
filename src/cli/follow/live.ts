import { type LiveModel, liveLines } from '../../output/live-view.js';

/**
 * The live view on a terminal's stderr, redrawn in place: each line drawn
 * last is erased (ANSI CSI 2K, going down with CSI B), the cursor goes back
 * up to where the view began (CSI A), and the new lines are written there.
 * Lines are erased one by one, never the screen to its end: a terminal
 * such as tmux keeps a copy of a screen cleared from its top in its history
 * (scroll-on-clear). Notes are written above the view; it is cleared before
 * the report.
 */
export class LiveView {
  private drawn = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  draw(model: LiveModel): void {
    const lines = fitRows(liveLines(model, this.stream.columns || 80), this.stream.rows || 24);
    this.stream.write(`${this.erase()}${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }

  /** A line above the view: it stays when the view is redrawn. */
  note(line: string, model: LiveModel): void {
    this.stream.write(`${this.erase()}${line}\n`);
    this.drawn = 0;
    this.draw(model);
  }

  clear(): void {
    if (this.drawn > 0) this.stream.write(this.erase());
    this.drawn = 0;
  }

  /** Erases the lines drawn last and leaves the cursor where they began. */
  private erase(): string {
    const n = this.drawn;
    return n > 0 ? `\x1b[${n}A\r${'\x1b[2K\x1b[1B'.repeat(n)}\x1b[${n}A` : '';
  }
}

/**
 * The view within the terminal's height: the cursor cannot go back above
 * the screen's top, and what stood there would stay in the scrollback at
 * every redraw. Its first lines are kept, and its last (how to end it).
 */
export function fitRows(lines: string[], rows: number): string[] {
  const most = Math.max(2, rows - 1);
  return lines.length <= most ? lines : [...lines.slice(0, most - 1), lines.at(-1)!];
}
