import { fstatSync, statSync } from 'node:fs';
import type { Input } from './input.js';
import { formatBytes, type ProgressSink, StatusLine } from './status-line.js';

/**
 * The status line while files and stdin are read (status-line.ts): bytes
 * read, audit records, the rate, and when every input's size is known (files,
 * stdin redirected from a file) the share done and the time left. Shown from
 * a second on, so that a short read shows nothing; redrawn four times a
 * second at most. For gzip the bytes are those of the file, before inflating.
 */

export const PROGRESS_DELAY_MS = 1000;
const INTERVAL_MS = 250;

export interface ReadCounts {
  bytes: number;
  records: number;
  /** Milliseconds since the reading started. */
  elapsedMs: number;
  /** Bytes of every input, when all are known. */
  total?: number | undefined;
}

const perSecond = (n: number, ms: number) => (ms > 0 ? (n * 1000) / ms : 0);

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function readLine(c: ReadCounts): string {
  const rate = perSecond(c.bytes, c.elapsedMs);
  const parts = [`${c.records} audit records`, `${formatBytes(Math.round(rate))}/s`];
  let read = `read ${formatBytes(c.bytes)}`;
  if (c.total !== undefined && c.total > 0) {
    const share = Math.min(100, Math.floor((c.bytes * 100) / c.total));
    read += ` of ${formatBytes(c.total)} (${share}%)`;
    if (rate > 0 && c.bytes < c.total)
      parts.push(`about ${duration((c.total - c.bytes) / rate)} left`);
  }
  return `audit2grant: ${[read, ...parts].join(', ')}`;
}

/** The bytes of every input, or undefined when one of them has no size known before reading. */
export function knownSize(inputs: readonly Input[]): number | undefined {
  let total = 0;
  for (const input of inputs) {
    try {
      const stat =
        input.path !== undefined
          ? statSync(input.path)
          : input.source === '-'
            ? fstatSync(0)
            : undefined;
      if (!stat?.isFile()) return undefined;
      total += stat.size;
    } catch {
      return undefined;
    }
  }
  return total;
}

export class ReadProgress {
  private readonly counts: ReadCounts;
  private readonly line: StatusLine;
  private readonly started = Date.now();

  constructor(
    sink: ProgressSink,
    /** Live count of audit records read (the aggregator's). */
    records: () => number,
    total: number | undefined,
  ) {
    this.counts = { bytes: 0, records: 0, elapsedMs: 0, total };
    this.line = new StatusLine(
      sink,
      () => {
        this.counts.records = records();
        this.counts.elapsedMs = Date.now() - this.started;
        return readLine(this.counts);
      },
      INTERVAL_MS,
      PROGRESS_DELAY_MS,
    );
    this.line.start();
  }

  bytes(n: number): void {
    this.counts.bytes += n;
    this.line.changed();
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
