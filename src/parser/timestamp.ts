/**
 * Timestamps as the components write them, to epoch milliseconds:
 * `2026-11-22T10:00:07Z` (Admin Router), `2026-11-22T10:00:08.431207Z` (IAM),
 * `2026-11-22 10:00:07.752534123+00:00` (Mesos), `2026-11-22T10:00:09.120Z`
 * (Marathon), `2026-11-22T10:00:07+0000` (journalctl short-iso).
 *
 * Read on bytes with character codes rather than a regex: this runs once per
 * record, on the line as read (record-view.ts). Text is written to bytes first.
 */

function digits(b: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = b[i]! - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** The days of month `mo` (1 to 12) of year `y`. */
function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/** The UTC day of the last parse (as YYYYMMDD), so records of one day cost no Date call. */
let lastDay = -1;
let lastDayMs = 0;

/** The longest timestamp read: 19 characters, 9 fraction digits and a zone. */
const LONGEST = 19 + 10 + 6;
const scratch = Buffer.alloc(3 * LONGEST + 1);

/** The timestamp in `text[start, end)`. */
export function parseTimestamp(text: string, start = 0, end = text.length): number | undefined {
  if (end - start > LONGEST) return undefined;
  // UTF-8: any character past ASCII becomes bytes that no check accepts.
  const n = scratch.write(text.slice(start, end), 0, 'utf8');
  return parseTimestampBytes(scratch, 0, n);
}

/** The timestamp in `b[start, end)`. */
export function parseTimestampBytes(b: Uint8Array, start: number, end: number): number | undefined {
  const n = end - start;
  if (
    n < 19 ||
    n > LONGEST ||
    b[start + 4] !== 45 ||
    b[start + 7] !== 45 ||
    b[start + 13] !== 58 ||
    b[start + 16] !== 58
  ) {
    return undefined;
  }
  const sep = b[start + 10];
  if (sep !== 84 /* T */ && sep !== 32 /* space */) return undefined;
  const h = digits(b, start + 11, 2);
  const mi = digits(b, start + 14, 2);
  const s = digits(b, start + 17, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return undefined;
  const y = digits(b, start, 4);
  const mo = digits(b, start + 5, 2);
  const d = digits(b, start + 8, 2);
  // No day past its month's end (Date.UTC would run into the next month),
  // and no year before 1970, which no audit record was written in (Date.UTC
  // would read 0000 to 0099 as 1900 to 1999).
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  const day = (y * 100 + mo) * 100 + d;
  if (day !== lastDay) {
    lastDay = day;
    lastDayMs = Date.UTC(y, mo - 1, d);
  }
  const dayMs = lastDayMs;
  let i = start + 19;
  let ms = 0;
  const fracSep = b[i];
  if (i < end && (fracSep === 46 /* . */ || fracSep === 44) /* , */) {
    const fracStart = ++i;
    while (i < end && i - fracStart < 9) {
      const c = b[i]! - 48;
      if (c < 0 || c > 9) break;
      if (i - fracStart < 3) ms = ms * 10 + c;
      i++;
    }
    if (i === fracStart) return undefined;
    for (let k = Math.min(i - fracStart, 3); k < 3; k++) ms *= 10;
  }
  let offset = 0;
  if (i < end) {
    const z = b[i];
    if (z === 90 /* Z */ && i + 1 === end) {
      // UTC
    } else if (z === 43 /* + */ || z === 45 /* - */) {
      // [+-]HH:?MM, and nothing after it.
      const colon = i + 3 < end && b[i + 3] === 58 ? 1 : 0;
      const oh = digits(b, i + 1, 2);
      const om = digits(b, i + 3 + colon, 2);
      if (oh < 0 || om < 0 || i + 5 + colon !== end) return undefined;
      offset = (z === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
    } else return undefined;
  }
  return dayMs + ((h * 60 + mi) * 60 + s) * 1000 + ms - offset;
}
