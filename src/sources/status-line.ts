/**
 * One status line on a terminal's stderr while inputs are read, shared by
 * the displays of SSH hosts (ssh/progress.ts) and of files and stdin
 * (read-progress.ts): drawn no sooner than `delayMs` after it is made,
 * redrawn in place at most every `intervalMs`, cut to the terminal's width
 * (a wrapped line could not be redrawn in place), erased before any other
 * line is written and at the end. The caller makes one only for a terminal
 * (cli/terminal.ts' progressWanted): pipes and logs get none of it.
 */

export interface ProgressSink {
  write(text: string): unknown;
  /** The terminal's width, when known. */
  columns?: number;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

const ERASE = '\r\u001b[2K';

export class StatusLine {
  private shown = false;
  private ended = false;
  private last = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly from: number;

  constructor(
    private readonly sink: ProgressSink,
    /** The line as it stands now. */
    private readonly render: () => string,
    private readonly intervalMs = 100,
    /** No line before this long: a short read shows none. */
    private readonly delayMs = 0,
  ) {
    this.from = Date.now();
  }

  /** Draws the line once the delay is over, even if nothing changes by then. */
  start(): void {
    this.changed();
  }

  /** Something changed: the line is redrawn within the interval. */
  changed(): void {
    if (this.ended || this.timer) return;
    const now = Date.now();
    const at = Math.max(this.last + this.intervalMs, this.from + this.delayMs);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.draw();
      },
      Math.max(0, at - now),
    );
    this.timer.unref();
  }

  /** Redraws the line now, if the delay is over. */
  draw(): void {
    if (this.ended || Date.now() < this.from + this.delayMs) return;
    this.last = Date.now();
    const width = this.sink.columns;
    let line = this.render();
    // The last column is left free: a line filling it wraps on some terminals.
    if (width !== undefined && width > 1 && line.length > width - 1)
      line = `${line.slice(0, width - 2)}…`;
    this.sink.write(`${ERASE}${line}`);
    this.shown = true;
  }

  /** Writes a line above the status line. */
  log(line: string): void {
    this.erase();
    this.sink.write(`${line}\n`);
    this.draw();
  }

  /** Erases the status line for good. */
  end(): void {
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.erase();
  }

  private erase(): void {
    if (!this.shown) return;
    this.sink.write(ERASE);
    this.shown = false;
  }
}
