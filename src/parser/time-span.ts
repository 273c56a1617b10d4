/**
 * A time span as systemd.time(7) writes one and journalctl reads it after
 * `-`, `+`, `@` or before `ago`/`left`: numbers, each with an optional
 * fraction and unit (seconds when none), spaces anywhere between: `2h`,
 * `1h 30min`, `55s500ms`, `1.5d`, `3 weeks`. In microseconds, as systemd
 * counts; undefined when it is not one. Follows systemd's parse_time.
 */

const SECOND = 1_000_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** systemd's table, in its order: the first unit the text starts with is taken. */
const UNITS: readonly (readonly [string, number])[] = [
  ['seconds', SECOND],
  ['second', SECOND],
  ['sec', SECOND],
  ['s', SECOND],
  ['minutes', MINUTE],
  ['minute', MINUTE],
  ['min', MINUTE],
  ['months', 2_629_800 * SECOND],
  ['month', 2_629_800 * SECOND],
  ['M', 2_629_800 * SECOND],
  ['msec', 1000],
  ['ms', 1000],
  ['m', MINUTE],
  ['hours', HOUR],
  ['hour', HOUR],
  ['hr', HOUR],
  ['h', HOUR],
  ['days', DAY],
  ['day', DAY],
  ['d', DAY],
  ['weeks', 7 * DAY],
  ['week', 7 * DAY],
  ['w', 7 * DAY],
  ['years', 31_557_600 * SECOND],
  ['year', 31_557_600 * SECOND],
  ['y', 31_557_600 * SECOND],
  ['usec', 1],
  ['us', 1],
  ['\u03bcs', 1],
  ['\u00b5s', 1],
];

/** Spans beyond this (8000 years) are refused: no timestamp can use them. */
const LONGEST = 8000 * 31_557_600 * SECOND;

const isSpace = (c: string | undefined) => c === ' ' || (c !== undefined && c >= '\t' && c <= '\r');
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

export function parseTimeSpan(text: string): number | undefined {
  let p = 0;
  let usec = 0;
  let something = false;
  for (;;) {
    while (isSpace(text[p])) p++;
    if (p === text.length) return something && usec <= LONGEST ? usec : undefined;
    // strtoll: an optional plus sign, then digits (none is 0 when a fraction follows).
    let e = p;
    if (text[e] === '+') e++;
    const digitsAt = e;
    while (isDigit(text[e])) e++;
    const whole = e > digitsAt ? Number(text.slice(digitsAt, e)) : 0;
    // No digit: no number read, so a sign is not taken either ("+.5" is not a span).
    if (e === digitsAt) e = p;
    const fraction = text[e] === '.';
    if (!fraction && e === p) return undefined;
    p = e;
    if (fraction) {
      p = e + 1;
      while (isDigit(text[p])) p++;
    }
    let unitAt = p;
    while (isSpace(text[unitAt])) unitAt++;
    const unit = UNITS.find(([name]) => text.startsWith(name, unitAt));
    const multiplier = unit ? unit[1] : SECOND;
    const after = unit ? unitAt + unit[0].length : unitAt;
    // "12.34.56" is not a span; "12.34 .56" and "12.34s.56" are.
    if (after === p && p < text.length) return undefined;
    p = after;
    usec += whole * multiplier;
    something = true;
    if (fraction) {
      let m = Math.floor(multiplier / 10);
      let b = e + 1;
      for (; isDigit(text[b]); b++, m = Math.floor(m / 10)) usec += (text.charCodeAt(b) - 48) * m;
      if (b === e + 1) return undefined;
    }
    if (usec > LONGEST) return undefined;
  }
}
