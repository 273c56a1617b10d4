// No data is not the same as no denials: an input that gave nothing, and an
// --account the input does not back, are said on stderr and in the report.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Report } from '../../src/report/schema.js';
import { BIN, ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const DEMO = 'fixtures/demo.log';
const JSON_DEMO = 'fixtures/journals/demo/json.txt';
const tmp = tempDir('a2g-no-data-');
const json = (stdout: string) => Report.parse(JSON.parse(stdout));
const lines = (stderr: string) => stderr.split('\n').filter(Boolean);

describe('an input that gave nothing at all', () => {
  it('an empty file: one warning naming it, the report partial, exit 3', async () => {
    const empty = join(tmp, 'empty.log');
    writeFileSync(empty, '');
    const r = await runCli(['-f', 'json', empty]);
    expect(r.code).toBe(3);
    expect(lines(r.stderr)).toEqual([
      `audit2grant: ${empty}: nothing read (0 bytes): the file is empty (for <(...) or a FIFO: its command wrote nothing); no data is not the same as no denials`,
    ]);
    const report = json(r.stdout);
    expect(report.partial).toBe(true);
    expect(report.inputs[0]).toMatchObject({ bytes: 0, complete: false, kind: 'file' });
    expect(report.warnings.map((w) => w.code)).toEqual(['nothing-read']);
    // The table does not say "No denials found." of what it never saw.
    const table = await runCli([empty]);
    expect(table.code).toBe(3);
    expect(table.stdout).not.toContain('No denials found.');
    expect(table.stdout).toContain('No audit records in what was read.');
    expect(table.stdout).toMatch(/^PARTIAL: Read 0 lines from 1 input/m);
  });

  it('an empty pipe (the command before | failed): exit 3, named "-"', async () => {
    // As `ssh master journalctl ... | audit2grant` when ssh cannot connect.
    const r = spawnSync(
      'bash',
      ['-c', `set -o pipefail; (echo 'ssh: connect refused' >&2; exit 255) | node ${BIN} -f cli`],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.status).toBe(3);
    expect(r.stderr).toBe(
      'ssh: connect refused\naudit2grant: -: nothing read (0 bytes): standard input was empty: did the command before the | fail?; no data is not the same as no denials\n',
    );
    expect(r.stdout).toMatch(/^# PARTIAL: /m);
    const devNull = await runCli(['-f', 'json']);
    expect(devNull.code).toBe(3);
    expect(json(devNull.stdout).inputs[0]).toMatchObject({ source: '-', kind: 'stdin', bytes: 0 });
  });

  it('per input: one empty file among good ones still makes the report partial', async () => {
    const empty = join(tmp, 'master-2.log');
    writeFileSync(empty, '');
    const r = await runCli(['-f', 'json', DEMO, empty, JSON_DEMO]);
    expect(r.code).toBe(3);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain(`audit2grant: ${empty}: nothing read (0 bytes)`);
    const report = json(r.stdout);
    expect(report.inputs.map((i) => i.complete)).toEqual([true, false, true]);
    expect(report.accounts.length).toBeGreaterThan(0);
  });

  it('bytes without a record are data: a warning in the report and on stderr, no partial', async () => {
    const r = await runCli(['-f', 'json'], { stdin: 'hello\n' });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'audit2grant: no audit records found: is this journalctl output of the dcos-* units (journalctl -u "dcos-*")?\n',
    );
    const report = json(r.stdout);
    expect(report.partial).toBe(false);
    expect(report.warnings.map((w) => w.code)).toEqual(['no-audit-records']);
    // No record is no data about denials: the table does not call it none.
    const table = await runCli([], { stdin: 'hello\n' });
    expect(table.stdout).toContain('\nNo audit records found.\n');
    expect(table.stdout).not.toContain('No denials');
  });

  it('a line skipped as longer than --max-line may hide a denial: exit 1 (0 with -a), and said', async () => {
    const log = join(tmp, 'long.log');
    writeFileSync(
      log,
      `${readFileSync(join(ROOT, DEMO), 'utf8')
        .split('\n')
        .filter((l) => l.includes('result=allow'))
        .join('\n')}\n${'x'.repeat(5000)}\n`,
    );
    const r = await runCli(['--max-line', '4096', log]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '\nNo denials found, but 1 line longer than --max-line was skipped, which may hide some.\n',
    );
    expect(r.stdout).toContain('1 line longer than 4096 bytes was skipped: raise --max-line');
    expect((await runCli(['--max-line', '4096', '-a', 'metrics-sa', log])).code).toBe(0);
  });

  it('names an input on stderr as it can be shown: a file name with escapes in it', async () => {
    const odd = join(tmp, 'z\x1b[2J.log');
    writeFileSync(odd, '');
    const r = await runCli([odd]);
    expect(r.code).toBe(3);
    expect(r.stderr).not.toContain('\x1b');
    expect(r.stderr).toContain(`${join(tmp, 'z\\x1b[2J.log')}: nothing read (0 bytes)`);
  });
});

describe('--account the input does not back', () => {
  it('a uid no record names: a warning with the closest uid seen, in the report too', async () => {
    const r = await runCli(['-f', 'json', '-a', 'kafka-principl', DEMO]);
    // Nothing read of the account asked for: not "no denials" (0).
    expect(r.code).toBe(3);
    expect(lines(r.stderr)).toEqual([
      'audit2grant: -a kafka-principl: no record names this account: did you mean kafka-principal?',
    ]);
    const report = json(r.stdout);
    expect(report.accounts).toEqual([]);
    expect(report.warnings).toContainEqual({
      code: 'account-not-seen',
      message: '-a kafka-principl: no record names this account: did you mean kafka-principal?',
      count: null,
    });
  });

  it('a uid far from every uid seen: no guess, the number of accounts seen', async () => {
    const r = await runCli(['-a', 'zookeeper-sa', '-a', 'metrics-sa', DEMO]);
    // metrics-sa's denials are reported; of zookeeper-sa nothing was read.
    expect(r.code).toBe(3);
    expect(lines(r.stderr)).toEqual([
      'audit2grant: -a zookeeper-sa: no record names this account: check the uid (9 accounts seen)',
    ]);
    expect(r.stdout).toContain('warning: -a zookeeper-sa: no record names this account');
  });

  it.each([
    ['short-iso, read on bytes', DEMO],
    ['journalctl -o json, read by the parser', JSON_DEMO],
  ])(
    'an account with allow records only: a hint to use --evidence allowed (%s)',
    async (_, file) => {
      const r = await runCli(['-f', 'json', '-a', 'bootstrapuser', file]);
      expect(r.code).toBe(0);
      expect(lines(r.stderr)).toEqual([
        'audit2grant: -a bootstrapuser: only allow records name this account, no denial: to grant what it was allowed, add --evidence allowed',
      ]);
      expect(json(r.stdout).warnings.map((w) => w.code)).toEqual(['account-allowed-only']);
      // With the hint followed, its allowed checks are the report's.
      const allowed = await runCli([
        '-f',
        'json',
        '-a',
        'bootstrapuser',
        '--evidence',
        'allowed',
        file,
      ]);
      expect(allowed.stderr).toBe('');
      expect(json(allowed.stdout).accounts.map((a) => a.uid)).toEqual(['bootstrapuser']);
    },
  );

  it('accounts with denials, or named without -a: no warning', async () => {
    for (const args of [['-a', 'kafka-principal', DEMO], [DEMO]]) {
      const r = await runCli(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
    }
  });
});
