import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { journalTime, TimeError, timeWindow } from '../../../src/sources/cluster/time-window.js';
import { buildJournal, cleanup, tempDir as sshTempDir } from '../../helpers/sshd.js';

// --since/--until for the logging API, evaluated here as journalctl would.

const NOW = new Date(2026, 10, 22, 15, 30, 45, 500); // local time
const us = (d: Date) => d.getTime() * 1000;

afterAll(cleanup);

describe('journalctl times, evaluated on this machine', () => {
  it.each([
    ['now', us(NOW)],
    ['today', us(new Date(2026, 10, 22))],
    ['yesterday', us(new Date(2026, 10, 21))],
    ['tomorrow', us(new Date(2026, 10, 23))],
    ['epoch', 0],
    ['@1763805607', 1_763_805_607_000_000],
    ['@1763805607.25', 1_763_805_607_250_000],
    ['-2h', us(NOW) - 7_200_000_000],
    ['+90s', us(NOW) + 90_000_000],
    ['3 days ago', us(NOW) - 3 * 86_400_000_000],
    ['1h 30min ago', us(NOW) - 5_400_000_000],
    ['2 weeks left', us(NOW) + 14 * 86_400_000_000],
    ['2026-11-22', us(new Date(2026, 10, 22))],
    ['2026-11-22 10:00', us(new Date(2026, 10, 22, 10, 0))],
    ['Sun 2026-11-22 10:00:07', us(new Date(2026, 10, 22, 10, 0, 7))],
    ['2026-11-22 10:00:07.123456', us(new Date(2026, 10, 22, 10, 0, 7)) + 123_456],
    ['2026-11-22T10:00:07Z', Date.UTC(2026, 10, 22, 10, 0, 7) * 1000],
    ['2026-11-22 10:00:07 UTC', Date.UTC(2026, 10, 22, 10, 0, 7) * 1000],
    ['2026-11-22 10:00:07+01:00', Date.UTC(2026, 10, 22, 9, 0, 7) * 1000],
    ['2026-11-22 10:00:07 -0500', Date.UTC(2026, 10, 22, 15, 0, 7) * 1000],
    ['2026-11-22 10:00 Europe/Berlin', Date.UTC(2026, 10, 22, 9, 0) * 1000],
    ['2026-07-22 10:00 Europe/Berlin', Date.UTC(2026, 6, 22, 8, 0) * 1000],
    ['09:15', us(new Date(2026, 10, 22, 9, 15))],
  ])('%s', (text, want) => {
    expect(journalTime(text, NOW)).toBe(want);
  });

  it('draws the line where journalctl --since does, in a zone other than UTC', async () => {
    // A journal of an entry every 10 minutes over three days, and where journalctl starts it.
    const start = Date.UTC(2026, 10, 21) * 1000;
    const entries = Array.from({ length: 432 }, (_, i) => ({
      usec: BigInt(start + i * 600_000_000),
      unit: 'dcos-x.service',
      ident: 'x',
      message: `entry ${i}`,
    }));
    const journal = await buildJournal(await sshTempDir('a2g-time-'), 'times', entries);
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      for (const form of [
        '2026-11-22 10:00:07',
        '2026-11-22',
        'Sun 2026-11-22 10:05',
        '2026-11-22 10:00 UTC',
        '2026-11-22 10:00 Europe/Berlin',
        `@${Date.UTC(2026, 10, 22, 10, 3, 7) / 1000}`,
      ]) {
        const out = execFileSync('journalctl', ['--file', journal, '-o', 'json', '--since', form], {
          env: { ...process.env, TZ: 'America/New_York' },
          encoding: 'utf8',
        });
        const first = Number(JSON.parse(out.split('\n')[0]!).__REALTIME_TIMESTAMP);
        const since = journalTime(form, new Date());
        expect(since, form).toBeLessThanOrEqual(first);
        expect(since, form).toBeGreaterThan(first - 600_000_000);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('refuses what it cannot read, saying what to write', () => {
    expect(() => journalTime('2h', NOW, '--since')).toThrow(
      new TimeError(
        '--since 2h: a time span needs a direction, as journalctl wants: -2h or "2h ago"',
      ),
    );
    expect(() => journalTime('2026-11-22 10:00 Mars/Olympus', NOW)).toThrow(/unknown time zone/);
    expect(() => timeWindow('today', 'yesterday', NOW)).toThrow(/after --until/);
    expect(timeWindow(undefined, '-1h', NOW)).toEqual({ until: us(NOW) - 3_600_000_000 });
  });
});
