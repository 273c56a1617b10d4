const DAY = 86_400_000;
/** Year 10000: from there toISOString writes six-digit years. */
const END = 253_402_300_800_000;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** The date part of the last day written: a report's times are mostly of a few days. */
let lastDay = Number.NaN;
let lastDate = '';

/**
 * A time in milliseconds as `new Date(ms).toISOString()` writes it, or null
 * when there is none (null, or not finite): a group's first and last seen. The
 * report writes two per group, and a Date costs about a microsecond; this
 * writes the time of day itself and keeps the date part of the last day.
 */
export function isoTime(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  if (ms < 0 || ms >= END) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY);
  if (day !== lastDay) {
    lastDay = day;
    lastDate = new Date(day * DAY).toISOString().slice(0, 11);
  }
  let rest = Math.trunc(ms) - day * DAY;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  // Joined, not concatenated: V8 keeps a concatenation this long as a tree of
  // its pieces, five times the memory of the flat string a join makes.
  const millis = THREE[rest - seconds * 1000];
  return [lastDate, TWO[hours], ':', TWO[minutes], ':', TWO[seconds], '.', millis, 'Z'].join('');
}
