/**
 * Timestamps as the components write them, to epoch milliseconds:
 * `2026-11-22T10:00:07Z` (Admin Router), `2026-11-22T10:00:08.431207Z` (IAM),
 * `2026-11-22 10:00:07.752534123+00:00` (Mesos), `2026-11-22T10:00:09.120Z`
 * (Marathon), `2026-11-22T10:00:07+0000` (journalctl short-iso).
 *
 * Read with character codes rather than a regex: this runs once per record.
 */

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** The UTC day of the last parse (as YYYYMMDD), so records of one day cost no Date call. */
let lastDay = -1;
let lastDayMs = 0;

/** The timestamp in `text[start, end)`. */
export function parseTimestamp(text: string, start = 0, end = text.length): number | undefined {
  const n = end - start;
  const at = (i: number) => text.charCodeAt(start + i);
  if (n < 19 || at(4) !== 45 || at(7) !== 45 || at(13) !== 58 || at(16) !== 58) {
    return undefined;
  }
  const sep = at(10);
  if (sep !== 84 /* T */ && sep !== 32 /* space */) return undefined;
  const h = digits(text, start + 11, 2);
  const mi = digits(text, start + 14, 2);
  const s = digits(text, start + 17, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return undefined;
  const y = digits(text, start, 4);
  const mo = digits(text, start + 5, 2);
  const d = digits(text, start + 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const day = (y * 100 + mo) * 100 + d;
  if (day !== lastDay) {
    lastDay = day;
    lastDayMs = Date.UTC(y, mo - 1, d);
  }
  const dayMs = lastDayMs;
  let i = 19;
  let ms = 0;
  const fracSep = at(i);
  if (fracSep === 46 /* . */ || fracSep === 44 /* , */) {
    const fracStart = ++i;
    while (i < n && i - fracStart < 9) {
      const c = at(i) - 48;
      if (c < 0 || c > 9) break;
      if (i - fracStart < 3) ms = ms * 10 + c;
      i++;
    }
    if (i === fracStart) return undefined;
    for (let k = Math.min(i - fracStart, 3); k < 3; k++) ms *= 10;
  }
  let offset = 0;
  if (i < n) {
    const z = at(i);
    if (z === 90 /* Z */ && i + 1 === n) {
      // UTC
    } else if (z === 43 /* + */ || z === 45 /* - */) {
      // [+-]HH:?MM, and nothing after it.
      const colon = at(i + 3) === 58 ? 1 : 0;
      const oh = digits(text, start + i + 1, 2);
      const om = digits(text, start + i + 3 + colon, 2);
      if (oh < 0 || om < 0 || i + 5 + colon !== n) return undefined;
      offset = (z === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
    } else return undefined;
  }
  return dayMs + ((h * 60 + mi) * 60 + s) * 1000 + ms - offset;
}
