/**
 * One status line on a terminal's stderr while hosts are read: hosts done (and
 * failed), audit records found, bytes received. Redrawn at most every 100 ms,
 * erased before any other line is written and at the end. Only for a TTY: the
 * caller creates it when `stream.isTTY`, so pipes and logs get none of it.
 */

export interface ProgressSink {
  write(text: string): unknown;
}

export interface ProgressCounts {
  hosts: number;
  done: number;
  failed: number;
  records: number;
  bytes: number;
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

export function progressLine(c: ProgressCounts): string {
  const failed = c.failed > 0 ? `, ${c.failed} failed` : '';
  return `audit2grant: ${c.done}/${c.hosts} hosts read${failed}, ${c.records} audit records, ${formatBytes(c.bytes)} received`;
}

export class Progress {
  private readonly counts: ProgressCounts;
  private shown = false;
  private ended = false;
  private last = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: ProgressSink,
    hosts: number,
    /** Live count of audit records (the aggregator's). */
    private readonly records: () => number,
    private readonly intervalMs = 100,
  ) {
    this.counts = { hosts, done: 0, failed: 0, records: 0, bytes: 0 };
  }

  bytes(n: number): void {
    this.counts.bytes += n;
    if (!this.ended) this.schedule();
  }

  hostDone(failed: boolean): void {
    this.counts.done++;
    if (failed) this.counts.failed++;
    this.draw();
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

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.last + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.draw();
    }, wait);
    this.timer.unref();
  }

  private draw(): void {
    if (this.ended) return;
    this.counts.records = this.records();
    this.last = Date.now();
    this.sink.write(`\r\u001b[2K${progressLine(this.counts)}`);
    this.shown = true;
  }

  private erase(): void {
    if (!this.shown) return;
    this.sink.write('\r\u001b[2K');
    this.shown = false;
  }
}
