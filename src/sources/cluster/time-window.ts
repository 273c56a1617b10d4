import type { TimeWindow as ReportWindow } from '../../report/time-window.js';

/**
 * `--since`/`--until` for the logging API, which has no time parameter: the
 * window (resolved once for every source, as journalctl reads the times) in
 * epoch microseconds, compared with each entry's `realtime_timestamp`.
 */

/** Entries of `[since, until]`, in epoch microseconds; either end open. */
export interface TimeWindow {
  since?: number;
  until?: number;
}

export function inMicroseconds(window: ReportWindow | undefined): TimeWindow {
  const us: TimeWindow = {};
  if (window?.since !== undefined) us.since = Math.floor(window.since * 1000);
  if (window?.until !== undefined) us.until = Math.ceil(window.until * 1000);
  return us;
}
