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
