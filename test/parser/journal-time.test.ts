import { describe, expect, it } from 'vitest';
import { parseJournalTime } from '../../src/parser/journal-time.js';
import { parseTimeSpan } from '../../src/parser/time-span.js';

/**
 * journalctl's --since/--until syntax (systemd.time(7)), read as systemd's
 * parse_timestamp reads it. Local times are compared with what Date makes
 * of them in this process's zone; zoned ones with their instant.
 * journal-time.property.test.ts compares random times with systemd-analyze.
 */

/** Sun 2026-12-06 06:30:15.250 UTC, in microseconds. */
const NOW = Date.UTC(2026, 11, 6, 6, 30, 15, 250) * 1000;
const at = (text: string) => parseJournalTime(text, NOW);
const utc = (...f: number[]) =>
  Date.UTC(f[0]!, f[1]! - 1, f[2], f[3] ?? 0, f[4] ?? 0, f[5] ?? 0) * 1000;
const local = (...f: number[]) =>
  new Date(f[0]!, f[1]! - 1, f[2], f[3] ?? 0, f[4] ?? 0, f[5] ?? 0).getTime() * 1000;
const H = 3_600_000_000;

describe('parseJournalTime', () => {
  it.each([
    ['2026-11-22 10:00:00', local(2026, 11, 22, 10)],
    ['2026-11-22 10:00', local(2026, 11, 22, 10)],
    ['2026-11-22', local(2026, 11, 22)],
    ['26-11-22 10:00:05', local(2026, 11, 22, 10, 0, 5)],
    ['12-11-23', local(2012, 11, 23)],
    ['2026-1-2 3:4:5', local(2026, 1, 2, 3, 4, 5)],
    ['2026-11-22T10:00', local(2026, 11, 22, 10)],
    ['2026-11-22 10:00:00.123456', local(2026, 11, 22, 10) + 123456],
    ['2026-11-22 10:00:00.1234565', local(2026, 11, 22, 10) + 123457],
    ['2026-02-31', local(2026, 3, 3)],
    ['Sun 2026-11-22', local(2026, 11, 22)],
    ['sunday 2026-11-22 10:00', local(2026, 11, 22, 10)],
    ['Nov 22 10:00:00', local(2026, 11, 22, 10)],
  ])('%j is a local time', (text, expected) => {
    expect(at(text)).toBe(expected);
  });

  it.each([
    ['2026-11-22 10:00:00 UTC', utc(2026, 11, 22, 10)],
    ['2026-11-22T10:00:00Z', utc(2026, 11, 22, 10)],
    ['2026-11-22T10:00:00.5Z', utc(2026, 11, 22, 10) + 500000],
    ['2026-11-22T10:00:00+05:30', utc(2026, 11, 22, 4, 30)],
    ['2026-11-22 10:00 -0800', utc(2026, 11, 22, 18)],
    ['2026-11-22 10:00 +01', utc(2026, 11, 22, 9)],
    ['2026-11-22 10:00 Z', utc(2026, 11, 22, 10)],
    ['2026-11-22 10:00 Europe/Berlin', utc(2026, 11, 22, 9)],
    ['2026-07-01 10:00 Europe/Berlin', utc(2026, 7, 1, 8)],
    ['2026-03-29 03:30 Europe/Berlin', utc(2026, 3, 29, 1, 30)],
    ['Sun 2026-11-22 10:00:00 America/New_York', utc(2026, 11, 22, 15)],
    ['today UTC', utc(2026, 12, 6)],
    ['yesterday UTC', utc(2026, 12, 5)],
    ['tomorrow Asia/Tokyo', utc(2026, 12, 6, 15)],
    ['11:12 UTC', utc(2026, 12, 6, 11, 12)],
    ['@1763805607', 1763805607_000000],
    ['@1763805607.25', 1763805607_250000],
    ['@0', 0],
  ])('%j is its instant', (text, expected) => {
    expect(at(text)).toBe(expected);
  });

  it.each([
    ['now', NOW],
    ['-1h', NOW - H],
    ['- 1 h', NOW - H],
    ['+30min', NOW + H / 2],
    ['-2h 30min', NOW - 2.5 * H],
    ['3 days ago', NOW - 72 * H],
    ['1h left', NOW + H],
    ['-5', NOW - 5_000_000],
    ['-1.5d', NOW - 36 * H],
    ['-55s500ms', NOW - 55_500_000],
    ['-1M', NOW - 2_629_800_000_000],
    ['-1y', NOW - 31_557_600_000_000],
    ['-3w', NOW - 21 * 24 * H],
  ])('%j counts from now', (text, expected) => {
    expect(at(text)).toBe(expected);
  });

  it('today, yesterday and tomorrow are local midnights', () => {
    const d = new Date(NOW / 1000);
    const midnight = (days: number) =>
      new Date(d.getFullYear(), d.getMonth(), d.getDate() + days).getTime() * 1000;
    expect([at('today'), at('yesterday'), at('tomorrow')]).toEqual([
      midnight(0),
      midnight(-1),
      midnight(1),
    ]);
  });

  it.each([
    '',
    ' today',
    'today ',
    'now UTC',
    '-1h UTC',
    'last tuesday',
    'Mon 2026-11-22',
    '2026-13-01',
    '2026-11-32',
    '24:00',
    '2026-11-22 10:00:00.',
    '2026-11-22 10:00.5',
    '1969-12-31 UTC',
    '2026-11-22 10:00 +25:00',
    '2026-11-22 10:00 Nowhere/Else',
    '1h',
    '-1x',
    '-',
    '+.5.5',
    '@1e3',
    '-infinity',
    "today'; rm -rf / #",
    '$(reboot)',
    '2026-11-22 `id`',
    'epoch',
  ])('refuses %j', (text) => {
    expect(at(text)).toBeUndefined();
  });
});

describe('parseTimeSpan', () => {
  it.each([
    ['2 h', 2 * H],
    ['2hours', 2 * H],
    ['48hr', 48 * H],
    ['1y 12month', 31_557_600_000_000 + 12 * 2_629_800_000_000],
    ['55s500ms', 55_500_000],
    ['300ms20s 5day', 20_300_000 + 120 * H],
    ['.5', 500_000],
    ['5.5s 0.5ms', 5_500_500],
    ['3.1s.2', 3_300_000],
    ['23us', 23],
    ['23\u00b5s', 23],
    ['+3s', 3_000_000],
  ])('%j', (text, usec) => {
    expect(parseTimeSpan(text)).toBe(usec);
  });

  it.each(['', ' ', 'x', '5x', '12.34.56', '3.', '3. 1', '-1s', 'infinity', '1e3'])(
    'refuses %j',
    (text) => {
      expect(parseTimeSpan(text)).toBeUndefined();
    },
  );
});
