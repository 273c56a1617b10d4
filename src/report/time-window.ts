import type { Stats, Warning } from './schema.js';

/**
 * `--since` / `--until`, resolved to instants: epoch milliseconds, both
 * ends inclusive as journalctl's (an entry at the very time is in). A record
 * is placed by its journal entry's time, as journalctl places it, else by
 * the record's own `timestamp=` (a line of `-o cat`); a record with neither
 * cannot be placed and is left out, counted as `untimed` with a warning.
 */
export interface TimeWindow {
  since?: number;
  until?: number;
}

/** The window as the report says it: ISO times, null for an open end. */
export function windowOf(window: TimeWindow): { since: string | null; until: string | null } {
  const iso = (ms: number | undefined) =>
    ms === undefined ? null : new Date(Math.floor(ms)).toISOString();
  return { since: iso(window.since), until: iso(window.until) };
}

/** What a window left out that a reader must know of: records with no time, a window nothing was in. */
export function windowWarnings(s: Stats): Warning[] {
  const out: Warning[] = [];
  const outside = s.outsideWindow ?? 0;
  if (s.untimed) {
    out.push({
      code: 'untimed',
      message: `${s.untimed} audit records have no time (no journal time, e.g. -o cat, and no timestamp= of their own): left out by --since/--until; read the journal with -o short-iso or -o json to place them`,
      count: s.untimed,
    });
  }
  if (outside > 0 && s.records === 0) {
    out.push({
      code: 'nothing-in-window',
      message: `all ${outside} audit lines read (records, and lines with a problem) are outside --since/--until (times without a zone are this machine's local time): none is reported`,
      count: outside,
    });
  }
  return out;
}
