/**
 * A time in milliseconds as `new Date(ms).toISOString()` writes it, or null
 * when there is none (null, or not finite): a group's first and last seen.
 * (Writing the time of day by hand and keeping the last day's date part was
 * no quicker in turns, on any bench input.)
 */
export function isoTime(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  return new Date(ms).toISOString();
}
