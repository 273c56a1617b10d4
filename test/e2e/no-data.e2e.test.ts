// No data is not the same as no denials: an input that gave nothing is said
// on stderr and in the report.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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
    expect(table.stdout).toContain('No denials in what was read.');
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

  it('bytes without a record are data: a warning in the report, no partial', async () => {
    const r = await runCli(['-f', 'json'], { stdin: 'hello\n' });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = json(r.stdout);
    expect(report.partial).toBe(false);
    expect(report.warnings.map((w) => w.code)).toEqual(['no-audit-records']);
  });
});
