import type { NdjsonEvent } from '../report/events.js';
import type { Report } from '../report/schema.js';
import { terminalSafeJson } from './json-string.js';

/**
 * `--format ndjson`: events, one JSON object a line (report/events.ts has
 * their schema). The events of findings are written as they are first
 * seen, while reading; the report gives the last one, `end`.
 */

/** One event as its line. */
export function ndjsonLine(event: NdjsonEvent): string {
  return `${terminalSafeJson(JSON.stringify(event))}\n`;
}

/** The last event: what was read, whether it is partial, and the report's warnings. */
export function renderNdjsonEnd(report: Report): string {
  const { stats, partial, warnings } = report;
  return ndjsonLine({ event: 'end', stats, partial, warnings });
}
