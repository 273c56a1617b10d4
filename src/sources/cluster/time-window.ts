/**
 * `--since`/`--until` for the logging API, which has no time parameter: the
 * journalctl time forms (systemd.time(7)), already checked by the option
 * parser, evaluated here as journalctl would on this machine, to epoch
 * microseconds compared with each entry's `realtime_timestamp`.
 */

/** Entries of `[since, until]`, in epoch microseconds; either end open. */
export interface TimeWindow {
  since?: number;
  until?: number;
}

/** A time that cannot be evaluated here: the message says what to write instead. */
export class TimeError extends Error {}

const SECOND = 1_000_000;
const UNIT_USEC: [RegExp, number][] = [
  [/^(us|usec)$/, 1],
  [/^(ms|msec)$/, 1000],
  [/^(s|sec|secs|second|seconds)$/, SECOND],
  [/^(m|min|mins|minute|minutes)$/, 60 * SECOND],
  [/^(h|hr|hrs|hour|hours)$/, 3600 * SECOND],
  [/^(d|day|days)$/, 86_400 * SECOND],
  [/^(w|week|weeks)$/, 7 * 86_400 * SECOND],
  // systemd's month and year: 30.44 and 365.25 days.
  [/^(M|month|months)$/, 2_629_800 * SECOND],
  [/^(y|year|years)$/, 31_557_600 * SECOND],
];

const DATE =
  /^(?:[A-Za-z]+\s+)?(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(.*)$/;
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(.*)$/;

export function timeWindow(since: string | undefined, until: string | undefined, now: Date) {
  const window: TimeWindow = {};
  if (since !== undefined) window.since = journalTime(since, now, '--since');
  if (until !== undefined) window.until = journalTime(until, now, '--until');
  if (window.since !== undefined && window.until !== undefined && window.since > window.until)
    throw new TimeError(`--since ${since} is after --until ${until}: nothing could be read`);
  return window;
}

/** One journalctl time, in epoch microseconds. */
export function journalTime(text: string, now: Date, flag = 'the time'): number {
  const value = text.trim();
  const nowUsec = now.getTime() * 1000;
  const midnight = (days: number) =>
    new Date(now.getFullYear(), now.getMonth(), now.getDate() + days).getTime() * 1000;
  switch (value) {
    case 'now':
      return nowUsec;
    case 'today':
      return midnight(0);
    case 'yesterday':
      return midnight(-1);
    case 'tomorrow':
      return midnight(1);
    case 'epoch':
      return 0;
  }
  if (value.startsWith('@')) return Math.round(Number(value.slice(1)) * SECOND);
  const relative = /^([+-]?)\s*(.*?)\s*(ago|left)?$/.exec(value)!;
  const span = relative[2] === '' ? undefined : timeSpan(relative[2]!);
  if (span !== undefined) {
    const sign = relative[3] === 'ago' || relative[1] === '-' ? -1 : 1;
    if (relative[1] === '' && relative[3] === undefined)
      throw new TimeError(
        `${flag} ${text}: a time span needs a direction, as journalctl wants: -${value} or "${value} ago"`,
      );
    return nowUsec + sign * span;
  }
  const date = DATE.exec(value);
  if (date) {
    const [, y, mo, d, h, mi, s, frac, zone] = date;
    const at = [Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0)] as const;
    return zoned(at, Number(s ?? 0), frac, zone!, flag, text);
  }
  const clock = CLOCK.exec(value);
  if (clock) {
    const [, h, mi, s, frac, zone] = clock;
    const at = [now.getFullYear(), now.getMonth(), now.getDate(), Number(h), Number(mi)] as const;
    return zoned(at, Number(s ?? 0), frac, zone!, flag, text);
  }
  throw new TimeError(
    `${flag} ${text}: not a time this machine can read: use e.g. "2026-11-22 10:00:00", today, -2h or @EPOCH`,
  );
}

/** `2h 30min` in microseconds, or undefined when it is not a time span. */
function timeSpan(text: string): number | undefined {
  let total = 0;
  let rest = text;
  while (rest.length > 0) {
    const m = /^(\d+)\s*([A-Za-z]+)\s*/.exec(rest);
    const unit = m && UNIT_USEC.find(([re]) => re.test(m[2]!));
    if (!m || !unit) return undefined;
    total += Number(m[1]) * unit[1];
    rest = rest.slice(m[0].length);
  }
  return total;
}

type Fields = readonly [year: number, month: number, day: number, hour: number, minute: number];

/** The wall time `at` in `zone` (none: this machine's zone), in epoch microseconds. */
function zoned(
  at: Fields,
  seconds: number,
  frac: string | undefined,
  zone: string,
  flag: string,
  text: string,
): number {
  const micros = Number((frac ?? '').padEnd(6, '0'));
  const utc = Date.UTC(at[0], at[1], at[2], at[3], at[4], seconds);
  const name = zone.trim();
  let ms: number;
  if (name === '') ms = new Date(at[0], at[1], at[2], at[3], at[4], seconds).getTime();
  else if (name === 'Z' || name === 'UTC' || name === 'GMT') ms = utc;
  else {
    const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(name);
    if (offset) {
      const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
      ms = utc - (offset[1] === '-' ? -1 : 1) * minutes * 60_000;
    } else ms = inZone(utc, name, flag, text);
  }
  if (!Number.isFinite(ms)) throw new TimeError(`${flag} ${text}: not a valid date`);
  return ms * 1000 + micros;
}

/** Wall time `utc` (read as if in UTC) in the IANA zone `zone`, to epoch milliseconds. */
function inZone(utc: number, zone: string, flag: string, text: string): number {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new TimeError(`${flag} ${text}: unknown time zone ${zone}: use UTC or +HH:MM`);
  }
  const wall = (t: number) => {
    const p = Object.fromEntries(format.formatToParts(t).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  };
  // Two rounds settle the zone's offset at that time (daylight saving included).
  let t = utc - (wall(utc) - utc);
  t = utc - (wall(t) - t);
  return t;
}
