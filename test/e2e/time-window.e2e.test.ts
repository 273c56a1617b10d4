// --since/--until for every source: files, stdin, gzip, every journal format
// alike, in journalctl's syntax and this machine's zone; what is left out
// counted, records without a time said in a warning, bad windows refused.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Report } from '../../src/report/schema.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const DEMO = 'fixtures/demo.log';
const FORMATS = ['json', 'json-seq', 'short', 'short-iso', 'short-precise', 'short-unix', 'cat'];
const tmp = tempDir('a2g-window-');
const json = (stdout: string) => Report.parse(JSON.parse(stdout));
const WINDOW = ['--since', '2026-11-22 07:30 UTC', '--until', '2026-11-22T10:15:00Z'];
const SINCE = Date.UTC(2026, 10, 22, 7, 30);
const UNTIL = Date.UTC(2026, 10, 22, 10, 15);

/**
 * The lines of the demo journal holding a record (malformed and suspicious
 * ones too), by their journal time, counted here from its short-iso lines.
 */
const demoRecords = readFileSync(join(ROOT, DEMO), 'utf8')
  .split('\n')
  .filter((l) => l.includes('type=audit'))
  .map((l) => Date.parse(l.slice(0, 24).replace('+0000', 'Z')));
const inside = demoRecords.filter((t) => t >= SINCE && t <= UNTIL).length;

/** What the window keeps: the accounts and their denials, the counts. */
const kept = (r: Report) => ({
  accounts: r.accounts.map((a) => [a.uid, a.denied.map((d) => `${d.rid} ${d.action}`)]),
  records: r.stats.records,
  outside: r.stats.outsideWindow,
});

describe('--since / --until on files and stdin', () => {
  it('keeps the records of the window by their journal time and counts the rest', async () => {
    expect(inside).toBeGreaterThan(5);
    expect(inside).toBeLessThan(demoRecords.length - 5);
    const r = await runCli(['-f', 'json', ...WINDOW, DEMO]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const report = json(r.stdout);
    // Every line holding a record is either kept or counted outside: a
    // malformed or suspicious one as a record is.
    const all = json((await runCli(['-f', 'json', DEMO])).stdout).stats;
    expect(all.records + all.malformed + all.suspicious).toBe(demoRecords.length);
    const outside = demoRecords.length - inside;
    expect(report.stats.records + report.stats.malformed + report.stats.suspicious).toBe(inside);
    expect(report.stats.outsideWindow).toBe(outside);
    expect(report.stats.untimed).toBe(0);
    expect(report.window).toEqual({
      since: '2026-11-22T07:30:00.000Z',
      until: '2026-11-22T10:15:00.000Z',
    });
    for (const a of report.accounts)
      for (const d of a.denied) {
        expect(Date.parse(d.firstSeen!)).toBeGreaterThanOrEqual(SINCE - 60_000);
        expect(Date.parse(d.lastSeen!)).toBeLessThanOrEqual(UNTIL + 60_000);
      }
    const table = await runCli([...WINDOW, DEMO]);
    expect(table.stdout).toContain(
      `${outside} outside the window (since 2026-11-22T07:30:00.000Z until 2026-11-22T10:15:00.000Z)`,
    );
    const script = await runCli(['-f', 'script', ...WINDOW, DEMO]);
    expect(script.stdout).toContain(
      `# window: since 2026-11-22T07:30:00.000Z until 2026-11-22T10:15:00.000Z; ${outside} records outside it left out`,
    );
  });

  it('every journal format of the same journal, a file or stdin, plain or gzip: the same records', async () => {
    const expected = kept(json((await runCli(['-f', 'json', ...WINDOW, DEMO])).stdout));
    for (const format of FORMATS) {
      const file = `fixtures/journals/demo/${format}.txt`;
      // `short` has no year and no zone: read in this machine's zone, the one it was written in.
      const env = { TZ: 'UTC' };
      const asFile = await runCli(['-f', 'json', ...WINDOW, file], { env });
      expect(kept(json(asFile.stdout)), format).toEqual(expected);
      const gz = gzipSync(readFileSync(join(ROOT, file)));
      const piped = await runCli(['-f', 'json', ...WINDOW], { env, stdin: gz });
      expect(kept(json(piped.stdout)), `${format} gzip on stdin`).toEqual(expected);
    }
  });

  it('a time without a zone is local time (TZ), as journalctl reads it', async () => {
    const utc = await runCli(['-f', 'json', ...WINDOW, DEMO]);
    const tokyo = await runCli(
      ['-f', 'json', '--since', '2026-11-22 16:30', '--until', 'Sun 2026-11-22 19:15:00', DEMO],
      { env: { TZ: 'Asia/Tokyo' } },
    );
    expect(kept(json(tokyo.stdout))).toEqual(kept(json(utc.stdout)));
    expect(json(tokyo.stdout).window).toEqual(json(utc.stdout).window);
  });

  it('records with no time at all are left out, with a warning counting them', async () => {
    const cat = readFileSync(join(ROOT, 'fixtures/journals/demo/cat.txt'), 'utf8').split('\n');
    const untimed = cat.filter((l) => /metronome|marathon/.test(l) && /timestamp=\S+Z /.test(l));
    expect(untimed.length).toBeGreaterThan(0);
    const lines = cat.map((l) => (untimed.includes(l) ? l.replace(/timestamp=\S+Z /, '') : l));
    writeFileSync(join(tmp, 'untimed.txt'), lines.join('\n'));
    const r = await runCli(['-f', 'json', '--since', '2026-11-01', join(tmp, 'untimed.txt')]);
    const report = json(r.stdout);
    // Without a window they are read.
    const all = json((await runCli(['-f', 'json', join(tmp, 'untimed.txt')])).stdout);
    expect(all.stats.records).toBe(report.stats.records + untimed.length);
    // Malformed and suspicious lines have no time of their own to read: left out too.
    const problems = all.stats.malformed + all.stats.suspicious;
    expect(problems).toBeGreaterThan(0);
    expect(report.stats.malformed + report.stats.suspicious).toBe(0);
    const n = untimed.length + problems;
    expect(report.stats.untimed).toBe(n);
    expect(report.stats.outsideWindow).toBe(n);
    expect(report.warnings).toContainEqual({
      code: 'untimed',
      message: `${n} audit records have no time (no journal time, e.g. -o cat, and no timestamp= of their own): left out by --since/--until; read the journal with -o short-iso or -o json to place them`,
      count: n,
    });
  });

  it('a window nothing is in: no denials, a warning that says so, exit 0', async () => {
    const r = await runCli(['-f', 'json', '--since', '2027-01-01', DEMO]);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.accounts).toEqual([]);
    expect(report.warnings.map((w) => w.code)).toEqual(['nothing-in-window']);
    // Its count is every line a plain run counts as a record or a line with a problem.
    const plain = json((await runCli(['-f', 'json', DEMO])).stdout).stats;
    const lines = plain.records + plain.malformed + plain.suspicious;
    expect(report.warnings[0]!.count).toBe(lines);
    expect(report.warnings[0]!.message).toMatch(new RegExp(`^all ${lines} audit lines read \\(`));
  });

  it.each([
    [
      ['--since', 'tomorrow', '--until', 'yesterday'],
      /^audit2grant: --since tomorrow is after --until yesterday: no record could be in between/,
    ],
    [
      ['--since', 'last tuesday'],
      /option '--since <time>' argument 'last tuesday' is invalid\. "last tuesday" is not a journalctl time: use e\.g\./,
    ],
    [['--until', '2026-11-22 25:00'], /"2026-11-22 25:00" is not a journalctl time/],
    // 2026-11-22 is a Sunday: journalctl refuses a weekday the date does not fall on.
    [
      ['--since', 'Mon 2026-11-22'],
      /"Mon 2026-11-22" is not a journalctl time: 2026-11-22 is not a Monday \(give the date alone, or its own weekday\)/,
    ],
  ])('%j: a usage error, exit 2, nothing read', async (args, says) => {
    const r = await runCli([...args, DEMO]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(says);
  });
});
