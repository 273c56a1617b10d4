import { InvalidArgumentError } from 'commander';
import { leadingWeekday, parseJournalTime } from '../parser/journal-time.js';
import type { TimeWindow } from '../report/time-window.js';
import { UsageError } from './usage-error.js';

/**
 * `--since` / `--until`, for every source: journalctl's time syntax
 * (parser/journal-time.ts), checked as the command line is read, then
 * resolved once, from one moment, into the window records are kept in.
 */

const FORMS =
  'use e.g. "2026-11-22 10:00:00", "2026-11-22", "today", "yesterday", "-2h", "3 days ago", "2026-11-22T10:00:00Z" or "@EPOCH"';

/** Why `value` is no journalctl time, for the error: a weekday the date does not fall on, or the forms. */
function notATime(value: string, nowMicros: number): string {
  const named = leadingWeekday(value);
  if (named && parseJournalTime(named.rest, nowMicros) !== undefined)
    return `"${value}" is not a journalctl time: ${named.rest} is not a ${named.name} (give the date alone, or its own weekday)`;
  return `"${value}" is not a journalctl time: ${FORMS}`;
}

/** The commander argParser: the value as given, once it reads as a journalctl time. */
export function parseTimeOption(value: string): string {
  const now = Date.now() * 1000;
  if (parseJournalTime(value, now) === undefined)
    throw new InvalidArgumentError(notATime(value, now));
  return value;
}

/** The window of `--since` and `--until` (epoch milliseconds), relative ones counted from `now`. */
export function timeWindow(
  opts: { since?: string | undefined; until?: string | undefined },
  now = Date.now(),
): TimeWindow | undefined {
  if (opts.since === undefined && opts.until === undefined) return undefined;
  const window: TimeWindow = {};
  for (const key of ['since', 'until'] as const) {
    const value = opts[key];
    if (value === undefined) continue;
    const micros = parseJournalTime(value, now * 1000);
    if (micros === undefined) throw new UsageError(`--${key} ${notATime(value, now * 1000)}`);
    window[key] = micros / 1000;
  }
  if (window.since !== undefined && window.until !== undefined && window.since > window.until)
    throw new UsageError(
      `--since ${opts.since} is after --until ${opts.until}: no record could be in between`,
    );
  return window;
}

/** What runs sharing a state must agree on of the window: a fixed time as the instant, a relative one as given. */
export interface WindowGiven {
  since?: string;
  until?: string;
}

/** Two moments far enough apart that any time counted from now (`today`, `10:00`, `Dec 01`) differs. */
const LATER_MS = 400 * 24 * 3600 * 1000;

/** Whether `value` is counted from the moment it is read (`1 hour ago`, `today`), not a fixed time. */
export function isRelativeTime(value: string, now = Date.now()): boolean {
  return parseJournalTime(value, now * 1000) !== parseJournalTime(value, (now + LATER_MS) * 1000);
}

/** The window as a state records it: fixed times as ISO instants (a zone change shows), relative ones as given. */
export function windowGiven(
  opts: { since?: string | undefined; until?: string | undefined },
  now = Date.now(),
): WindowGiven {
  const out: WindowGiven = {};
  for (const key of ['since', 'until'] as const) {
    const value = opts[key];
    if (value === undefined) continue;
    const micros = parseJournalTime(value, now * 1000);
    out[key] =
      micros === undefined || isRelativeTime(value, now)
        ? value
        : new Date(Math.floor(micros / 1000)).toISOString();
  }
  return out;
}
