import { formatBytes, type ProgressSink, StatusLine } from '../status-line.js';

/**
 * The status line while hosts are read (status-line.ts): hosts done (and
 * failed), audit records found, bytes received. Redrawn at most every
 * 100 ms, from the first byte or host done on.
 */

export { formatBytes } from '../status-line.js';

export interface ProgressCounts {
  hosts: number;
  done: number;
  failed: number;
  records: number;
  bytes: number;
}

export function progressLine(c: ProgressCounts): string {
  const failed = c.failed > 0 ? `, ${c.failed} failed` : '';
  return `audit2grant: ${c.done}/${c.hosts} hosts read${failed}, ${c.records} audit records, ${formatBytes(c.bytes)} received`;
}

export class Progress {
  private readonly counts: ProgressCounts;
  private readonly line: StatusLine;

  constructor(
    sink: ProgressSink,
    hosts: number,
    /** Live count of audit records (the aggregator's). */
    records: () => number,
    intervalMs = 100,
  ) {
    this.counts = { hosts, done: 0, failed: 0, records: 0, bytes: 0 };
    this.line = new StatusLine(
      sink,
      () => {
        this.counts.records = records();
        return progressLine(this.counts);
      },
      intervalMs,
    );
  }

  bytes(n: number): void {
    this.counts.bytes += n;
    this.line.changed();
  }

  hostDone(failed: boolean): void {
    this.counts.done++;
    if (failed) this.counts.failed++;
    this.line.draw();
  }

  /** Writes a line above the status line. */
  log(line: string): void {
    this.line.log(line);
  }

  /** Erases the status line for good. */
  end(): void {
    this.line.end();
  }
}
