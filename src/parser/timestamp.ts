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

/** The UTC day of the last parse, so records of one day cost no Date call. */
let lastDay = '';
let lastDayMs = 0;

export function parseTimestamp(text: string): number | undefined {
  const n = text.length;
  if (
    n < 19 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  ) {
    return undefined;
  }
  const sep = text.charCodeAt(10);
  if (sep !== 84 /* T */ && sep !== 32 /* space */) return undefined;
  const h = digits(text, 11, 2);
  const mi = digits(text, 14, 2);
  const s = digits(text, 17, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return undefined;
  let dayMs: number;
  const day = text.slice(0, 10);
  if (day === lastDay) dayMs = lastDayMs;
  else {
    const y = digits(text, 0, 4);
    const mo = digits(text, 5, 2);
    const d = digits(text, 8, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
    dayMs = Date.UTC(y, mo - 1, d);
    lastDay = day;
    lastDayMs = dayMs;
  }
  let i = 19;
  let ms = 0;
  const fracSep = text.charCodeAt(i);
  if (fracSep === 46 /* . */ || fracSep === 44 /* , */) {
    const start = ++i;
    while (i < n && i - start < 9) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (i - start < 3) ms = ms * 10 + c;
      i++;
    }
    if (i === start) return undefined;
    for (let k = Math.min(i - start, 3); k < 3; k++) ms *= 10;
  }
  let offset = 0;
  if (i < n) {
    const z = text.charCodeAt(i);
    if (z === 90 /* Z */ && i + 1 === n) {
      // UTC
    } else if (z === 43 /* + */ || z === 45 /* - */) {
      const rest = text.slice(i + 1);
      const m = /^(\d\d):?(\d\d)$/.exec(rest);
      if (!m) return undefined;
      offset = (z === 45 ? -1 : 1) * (Number(m[1]) * 60 + Number(m[2])) * 60_000;
    } else return undefined;
  }
  return dayMs + ((h * 60 + mi) * 60 + s) * 1000 + ms - offset;
}
