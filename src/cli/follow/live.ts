import { type LiveModel, liveLines } from '../../output/live-view.js';

/**
 * The live view on a terminal's stderr, redrawn in place: the cursor goes
 * back up over the lines drawn last and everything below it is cleared
 * (ANSI CSI A and J), then the new lines are written. Notes are written
 * above it; it is cleared before the report.
 */
export class LiveView {
  private drawn = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  draw(model: LiveModel): void {
    const lines = liveLines(model, this.stream.columns || 80);
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

  private erase(): string {
    return this.drawn > 0 ? `\x1b[${this.drawn}A\r\x1b[J` : '';
  }
}
