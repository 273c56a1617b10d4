/**
 * Wall-clock times in a zone, to and from instants (epoch milliseconds),
 * for the times journalctl's --since and --until read: this machine's zone
 * (TZ), UTC or a fixed offset, or an IANA zone named in the time. Fields out
 * of range roll over as mktime(3) rolls them (day 0 is the last of the month
 * before, second 60 the next minute).
 */

export type Zone = 'local' | { offsetSeconds: number } | { name: string };

/** Month 1 to 12, as written. */
export interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export const UTC: Zone = { offsetSeconds: 0 };

/** The wall time `wall` read in UTC, rolled over, as epoch milliseconds (years below 100 too). */
function utcOf(wall: Wall): number {
  const d = new Date(0);
  d.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  d.setUTCHours(wall.hour, wall.minute, wall.second, 0);
  return d.getTime();
}

/** 0 Sunday to 6 Saturday: the day of the week of the wall date, after rolling over. */
export function weekdayOf(wall: Wall): number {
  return new Date(utcOf(wall)).getUTCDay();
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(name: string): Intl.DateTimeFormat {
  let f = formats.get(name);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formats.set(name, f);
  }
  return f;
}

/** Whether `name` is an IANA time zone (`Europe/Berlin`, `Asia/Tokyo`, `CET`). */
export function isZoneName(name: string): boolean {
  if (!/^[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    formatFor(name);
    return true;
  } catch {
    return false;
  }
}

/** The wall time at instant `ms` in the zone `name`. */
function zoneWall(ms: number, name: string): Wall {
  const parts: Record<string, string> = {};
  for (const p of formatFor(name).formatToParts(ms)) parts[p.type] = p.value;
  const year = Number(parts.year);
  return {
    year: parts.era === 'BC' ? 1 - year : year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The wall time at instant `ms`. */
export function wallAt(ms: number, zone: Zone): Wall {
  if (zone === 'local') {
    const d = new Date(ms);
    return {
      year: d.getFullYear(),
      month: d.getMonth() + 1,
      day: d.getDate(),
      hour: d.getHours(),
      minute: d.getMinutes(),
      second: d.getSeconds(),
    };
  }
  if ('name' in zone) return zoneWall(ms, zone.name);
  const d = new Date(ms + zone.offsetSeconds * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** The instant, epoch milliseconds, of the wall time `wall` in the zone. */
export function instantOf(wall: Wall, zone: Zone): number {
  if (zone === 'local') {
    const d = new Date(2000, 0, 1);
    d.setFullYear(wall.year, wall.month - 1, wall.day);
    d.setHours(wall.hour, wall.minute, wall.second, 0);
    return d.getTime();
  }
  const utc = utcOf(wall);
  if ('offsetSeconds' in zone) return utc - zone.offsetSeconds * 1000;
  // The zone's offset at a guess, then at the instant it gives (it differs across a change).
  const offsetAt = (ms: number) => utcOf(zoneWall(ms, zone.name)) - ms;
  const first = utc - offsetAt(utc);
  return utc - offsetAt(first);
}
