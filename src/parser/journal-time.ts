import { parseTimeSpan } from './time-span.js';
import {
  instantOf,
  isZoneName,
  UTC,
  type Wall,
  wallAt,
  weekdayOf,
  type Zone,
} from './wall-clock.js';

/**
 * The times journalctl's --since and --until read (systemd.time(7), "Parsing
 * Timestamps"), to epoch microseconds, as systemd's parse_timestamp reads
 * them: `2026-12-01 10:00:00[.frac]`, `26-12-01 10:00`, `2026-12-01`,
 * `2026-12-01T10:00:00Z`, `10:00` (today), `Dec 01 10:00:00` (this year),
 * an optional weekday before (`Tue 2026-12-01`, which must be right), an
 * optional zone after (` UTC`, ` +05:30`, ` Europe/Berlin`, or welded
 * `Z`/`+05:30`); `now`, `today`, `yesterday`, `tomorrow`; `-1h`, `+30min`,
 * `2 days ago`, `1h left`; `@1764583200` (seconds since 1970). Without a
 * zone, times are this machine's local time (TZ). A zone abbreviation other
 * than a tz name (CEST) is not read: name the zone or give the offset.
 *
 * `now` is the moment relative times count from, in microseconds; `local`
 * the zone of times that name none.
 */
export function parseJournalTime(
  text: string,
  now: number,
  local: Zone = 'local',
): number | undefined {
  const n = text.length;
  if (n > 2 && text.endsWith('Z')) {
    const t = timeIn(text.slice(0, -1), now, UTC, true);
    if (t !== undefined) return t;
  }
  if (n > 7 && (text[n - 6] === '+' || text[n - 6] === '-') && text[n - 7] !== ' ') {
    const offset = offsetOf(text.slice(n - 6));
    if (offset !== undefined) return timeIn(text.slice(0, n - 6), now, offset, true);
  }
  const space = text.lastIndexOf(' ');
  if (space === -1) return timeIn(text, now, local, false);
  const head = text.slice(0, space);
  const zone = text.slice(space + 1);
  if (zone === 'UTC') return timeIn(head, now, UTC, true);
  const offset = offsetOf(zone);
  if (offset !== undefined) return timeIn(head, now, offset, true);
  if (!isZoneName(zone)) return timeIn(text, now, local, false);
  return timeIn(head, now, { name: zone }, true);
}

/** `Thu 9999-12-30 23:59:59 UTC`: the last time systemd writes, and reads. */
const LAST = 253_402_214_399_000_000;

/**
 * glibc's %z: `Z`, or a sign and `hh`, `hhmm` or `hh:mm` (systemd refuses
 * offsets beyond a day).
 */
function offsetOf(text: string): Zone | undefined {
  const m = /^\s*(?:Z|([+-])(\d\d)(?::?(\d\d))?)$/.exec(text);
  if (!m) return undefined;
  if (m[1] === undefined) return UTC;
  const minutes = Number(m[3] ?? 0);
  const seconds = Number(m[2]) * 3600 + minutes * 60;
  if (minutes >= 60 || seconds > 86_400) return undefined;
  return { offsetSeconds: m[1] === '-' ? -seconds : seconds };
}

const DAYS = new Map([
  ['today', 0],
  ['yesterday', -1],
  ['tomorrow', 1],
]);

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const NAMED_DAYS = WEEKDAYS.flatMap((day, i) => [
  [day, i],
  [day.slice(0, 3), i],
]) as [string, number][];

/**
 * A weekday's name (or its first three letters) and a space starting `text`,
 * in any letter case, as systemd reads one: its number (0 is Sunday), its
 * full name, and the text after it.
 */
export function leadingWeekday(
  text: string,
): { weekday: number; name: string; rest: string } | undefined {
  for (const [name, i] of NAMED_DAYS) {
    if (text.length <= name.length || text[name.length] !== ' ') continue;
    if (text.slice(0, name.length).toLowerCase() !== name.toLowerCase()) continue;
    return { weekday: i, name: WEEKDAYS[i]!, rest: text.slice(name.length + 1) };
  }
  return undefined;
}

/** The strptime formats systemd tries, in its order; `frac`: a `.` and digits may follow. */
const FORMATS: readonly [string, boolean][] = [
  ['%y-%m-%d %H:%M:%S', true],
  ['%Y-%m-%d %H:%M:%S', true],
  ['%Y-%m-%dT%H:%M:%S', true],
  ['%b %d %H:%M:%S', true],
  ['%y-%m-%d %H:%M', false],
  ['%Y-%m-%d %H:%M', false],
  ['%Y-%m-%dT%H:%M', false],
  ['%y-%m-%d', false],
  ['%Y-%m-%d', false],
  ['%H:%M:%S', true],
  ['%H:%M', false],
];

/** systemd's parse_timestamp_impl: `text` in `zone`; `withZone` when the text named one. */
function timeIn(text: string, now: number, zone: Zone, withZone: boolean): number | undefined {
  if (text.length === 0) return undefined;
  const span = (s: string) => parseTimeSpan(s);
  const checked = (t: number | undefined) => (t === undefined || t < 0 || t > LAST ? undefined : t);
  if (!withZone) {
    if (text[0] === '@') return checked(span(text.slice(1)));
    if (text === 'now') return now;
    const sign = text[0] === '+' ? 1 : text[0] === '-' ? -1 : 0;
    if (sign !== 0) return relative(now, sign, span(text.slice(1)));
    if (text.endsWith(' ago')) return relative(now, -1, span(text.slice(0, -4)));
    if (text.endsWith(' left')) return relative(now, 1, span(text.slice(0, -5)));
  }
  // Today's date and time as the zone reads it (a fixed offset reads UTC's date, as systemd).
  const today = wallAt(
    Math.floor(now / 1000),
    zone !== 'local' && 'offsetSeconds' in zone ? UTC : zone,
  );
  const days = DAYS.get(text);
  if (days !== undefined)
    return checked(
      instantOf({ ...today, day: today.day + days, hour: 0, minute: 0, second: 0 }, zone) * 1000,
    );
  const named = leadingWeekday(text);
  const weekday = named?.weekday ?? -1;
  const rest = named?.rest ?? text;
  for (const [format, frac] of FORMATS) {
    const read = strptime(rest, format, today);
    if (!read) continue;
    let micros = 0;
    if (read.rest !== '') {
      if (!frac || read.rest[0] !== '.') continue;
      // Six digits, rounded on the seventh; more are allowed and left out.
      const digits = /^\.(\d+)$/.exec(read.rest)?.[1];
      if (digits === undefined) return undefined;
      micros = Number(digits.slice(0, 6).padEnd(6, '0')) + (digits[6]! >= '5' ? 1 : 0);
    }
    if (weekday !== -1 && weekdayOf(read.wall) !== weekday) return undefined;
    return checked(instantOf(read.wall, zone) * 1000 + micros);
  }
  return undefined;
}

function relative(now: number, sign: number, span: number | undefined): number | undefined {
  if (span === undefined) return undefined;
  const t = now + sign * span;
  return t < 0 || t > LAST ? undefined : t;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * glibc's strptime for the conversions above: numbers of up to their width
 * (spaces before them skipped), a space matching any run of spaces, other
 * characters matched as they are. Fields the format lacks keep `base`'s
 * date (a time alone is today), and a time not given is 00:00:00.
 */
function strptime(
  text: string,
  format: string,
  base: Wall,
): { wall: Wall; rest: string } | undefined {
  const wall: Wall = { ...base, hour: 0, minute: 0, second: 0 };
  let p = 0;
  const number = (min: number, max: number, width: number) => {
    while (text[p] === ' ' || (text[p]! >= '\t' && text[p]! <= '\r')) p++;
    if (!(text[p]! >= '0' && text[p]! <= '9')) return undefined;
    let v = 0;
    let n = width;
    do v = v * 10 + text.charCodeAt(p++) - 48;
    while (--n > 0 && v * 10 <= max && text[p]! >= '0' && text[p]! <= '9');
    return v < min || v > max ? undefined : v;
  };
  for (let f = 0; f < format.length; f++) {
    const c = format[f]!;
    if (c === ' ') {
      while (text[p] === ' ' || (text[p]! >= '\t' && text[p]! <= '\r')) p++;
      continue;
    }
    if (c !== '%') {
      if (text[p++] !== c) return undefined;
      continue;
    }
    const conversion = format[++f];
    let v: number | undefined;
    if (conversion === 'b') {
      v = monthName(text, p);
      if (v === undefined) return undefined;
      p += v >> 4;
      wall.month = v & 15;
      continue;
    }
    if (conversion === 'y') v = number(0, 99, 2);
    else if (conversion === 'Y') v = number(0, 9999, 4);
    else if (conversion === 'm') v = number(1, 12, 2);
    else if (conversion === 'd') v = number(1, 31, 2);
    else if (conversion === 'H') v = number(0, 23, 2);
    else if (conversion === 'M') v = number(0, 59, 2);
    else v = number(0, 61, 2);
    if (v === undefined) return undefined;
    if (conversion === 'y') wall.year = v >= 69 ? 1900 + v : 2000 + v;
    else if (conversion === 'Y') wall.year = v;
    else if (conversion === 'm') wall.month = v;
    else if (conversion === 'd') wall.day = v;
    else if (conversion === 'H') wall.hour = v;
    else if (conversion === 'M') wall.minute = v;
    else wall.second = v;
  }
  return { wall, rest: text.slice(p) };
}

/** A month's English name or its first three letters at `p`, any case: (length << 4) | month. */
function monthName(text: string, p: number): number | undefined {
  const at = text.slice(p).toLowerCase();
  for (let i = 0; i < 12; i++) {
    const full = MONTHS[i]!.toLowerCase();
    if (at.startsWith(full)) return (full.length << 4) | (i + 1);
    if (at.startsWith(full.slice(0, 3))) return (3 << 4) | (i + 1);
  }
  return undefined;
}
