// --state with the built binary: runs that read only what is new and report
// every run, and a state file that cannot be used (damaged, newer, in use,
// written under other options) refused with exit 2 and left as it was.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Report } from '../../src/report/schema.js';
import { roleRecord } from '../helpers/bouncer-line.js';
import { startFollow } from '../helpers/follow-run.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('a2g-state-');
let n = 0;
const fresh = () => {
  const at = join(dir, `case-${n++}`);
  return { log: `${at}.log`, state: `${at}.state` };
};
const json = (stdout: string) => Report.parse(JSON.parse(stdout));
const pairs = (r: Report) =>
  r.accounts.flatMap((a) =>
    a.denied.map((d) => `${a.uid} r${d.rid.split(':r').pop()} ${d.count}${d.new ? ' new' : ''}`),
  );

describe('runs sharing a state file', () => {
  it('read only what is new, report every run, and mark what this run saw first', async () => {
    const { log, state } = fresh();
    writeFileSync(log, roleRecord('svc', 1) + roleRecord('svc', 2));
    const first = await runCli(['--state', state, '-f', 'json', log]);
    expect(first.code).toBe(1);
    expect(pairs(json(first.stdout))).toEqual(['svc r1 1 new', 'svc r2 1 new']);
    expect(json(first.stdout).runs).toBe(1);
    appendFileSync(log, roleRecord('svc', 2) + roleRecord('svc', 3) + roleRecord('other', 1));
    const second = await runCli(['--state', state, '-f', 'json', log]);
    const report = json(second.stdout);
    expect(pairs(report)).toEqual(['other r1 1 new', 'svc r1 1', 'svc r2 2', 'svc r3 1 new']);
    // This run read 3 lines; the report covers both runs.
    expect(report.inputs[0]).toMatchObject({ lines: 3, complete: true });
    expect(report.stats).toMatchObject({ lines: 5, denyRecords: 5 });
    // Nothing new: a run reads nothing, and still reports every run, not partial.
    const third = await runCli(['--state', state, log]);
    expect(third.code).toBe(1);
    expect(third.stdout).toMatch(/^Account svc: 3 denied permissions$/m);
    expect(third.stdout).not.toMatch(/new in this run/);
    expect(third.stdout).not.toMatch(/PARTIAL/);
    // The table and markdown mark what is new.
    appendFileSync(log, roleRecord('svc', 4));
    const table = await runCli(['--state', state, log]);
    expect(table.stdout).toMatch(/^Account svc: 4 denied permissions \(1 new in this run\)$/m);
    expect(table.stdout).toMatch(/\(new in this run\)/);
    appendFileSync(log, roleRecord('svc', 5));
    const md = await runCli(['--state', state, '-f', 'markdown', log]);
    expect(md.stdout).toContain('`dcos:mesos:master:reservation:role:r5` **new**');
    expect(md.stdout).toContain(
      ' (1 line) in this run, and what the runs before it read (`--state`).',
    );
    // What this run read, and what every run did: each said as such.
    const cli = await runCli(['--state', state, '-f', 'cli', log]);
    expect(cli.stdout).toMatch(/^# from \(this run\): \S+ \(0 lines\)$/m);
    expect(cli.stdout).toMatch(/^# read \(every run of the --state file\): 7 lines, /m);
    const shown = await runCli(['state', state]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(
      /^State file .*: written 1970-01-01T00:00:00.000Z by audit2grant \S+, 6 runs \(state version 1\)$/m,
    );
    expect(shown.stdout).toMatch(/^ {2}\S+\.log \(file:\/\S+\): read to byte \d+ of \d+, line 7 /m);
    expect(shown.stdout).toMatch(
      /^Findings: 6 denied permissions of 2 accounts, 0 kinds of denial without an account, /m,
    );
  });

  it('cut into parts appended between runs, give the report of one run over the whole', async () => {
    const { log, state } = fresh();
    const lines = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'demo.log'));
    const cuts = [0, 9000, 9001, 40_123, lines.length];
    writeFileSync(log, '');
    let last = '';
    for (let i = 0; i + 1 < cuts.length; i++) {
      appendFileSync(log, lines.subarray(cuts[i], cuts[i + 1]));
      last = (await runCli(['--state', state, '-f', 'json', log])).stdout;
    }
    const whole = json((await runCli(['-f', 'json', log])).stdout);
    const strip = ({ runs: _, ...r }: Report) => ({
      ...r,
      inputs: [],
      accounts: r.accounts.map((a) => ({ ...a, denied: a.denied.map(({ new: _, ...d }) => d) })),
      unattributed: r.unattributed.map(({ new: _, ...u }) => u),
      authenticationFailures: r.authenticationFailures.map(({ new: _, ...f }) => f),
    });
    expect(strip(json(last))).toEqual(strip(whole));
    expect(json(last).runs).toBe(cuts.length - 1);
  });

  it('say when a file was rotated since the last run, and read the rest of the old one', async () => {
    const { log, state } = fresh();
    writeFileSync(log, roleRecord('svc', 1));
    await runCli(['--state', state, log]);
    appendFileSync(log, roleRecord('svc', 2));
    renameSync(log, `${log}.1`);
    writeFileSync(log, roleRecord('svc', 3));
    const r = await runCli(['--state', state, '-f', 'json', log]);
    expect(r.stderr).toContain(
      `${log}: rotated since the last run: the rest of it read from ${log}.1, then the new file from its start`,
    );
    const report = json(r.stdout);
    expect(pairs(report)).toEqual(['svc r1 1', 'svc r2 1 new', 'svc r3 1 new']);
    expect(report.warnings.map((w) => w.code)).toContain('input-restarted');
    // Each sample names the file its line is in, and the line there.
    const samples = report.accounts[0]!.denied.map((d) => [d.sample?.source, d.sample?.line]);
    expect(samples).toEqual([
      [log, 1],
      [`${log}.1`, 2],
      [log, 1],
    ]);
  });

  it('a file whose old content is nowhere beside it: read in part (exit 3), saying what may be missing', async () => {
    const { log, state } = fresh();
    writeFileSync(log, roleRecord('svc', 1));
    await runCli(['--state', state, log]);
    unlinkSync(log);
    writeFileSync(log, roleRecord('svc', 2));
    const r = await runCli(['--state', state, '-f', 'json', log]);
    expect(r.code).toBe(3);
    const report = json(r.stdout);
    expect(report.partial).toBe(true);
    expect(report.inputs[0]!.error).toMatch(
      /^the rest of the file the last run read \(after byte \d+\) is not beside it .*: lines written to it since may be missing; /,
    );
    expect(pairs(report)).toEqual(['svc r1 1', 'svc r2 1 new']);
  });

  it('a damaged rotated .gz: what it holds before the damage counted once, the new file read, the run partial naming it', async () => {
    const { log, state } = fresh();
    const demo = readFileSync(join(ROOT, 'fixtures', 'demo.log'), 'utf8').split(/(?<=\n)/);
    const whole = json((await runCli(['-f', 'json', join(ROOT, 'fixtures', 'demo.log')])).stdout);
    writeFileSync(log, demo.slice(0, 100).join(''));
    await runCli(['--state', state, log]);
    appendFileSync(log, demo.slice(100, 200).join(''));
    const gz = gzipSync(readFileSync(log));
    writeFileSync(`${log}.1.gz`, gz.subarray(0, gz.length - 2000));
    unlinkSync(log);
    writeFileSync(log, demo.slice(200).join(''));
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await runCli(['--state', state, '-f', 'json', log]));
    const [second, third, fourth] = runs.map((r) => ({ code: r.code, report: json(r.stdout) }));
    expect(second!.code).toBe(3);
    expect(second!.report.inputs[0]!.error).toMatch(
      new RegExp(`^${log.replace(/[.]/g, '\\.')}\\.1\\.gz: .*gzip.*\\(the rest of it not read\\)$`),
    );
    // The new file was read: its records are in, and retries add nothing.
    expect(second!.report.inputs[0]!.lines).toBeGreaterThan(263 - 200);
    expect(third!.code).toBe(1);
    expect(third!.report.inputs[0]!.lines).toBe(0);
    expect(fourth!.report.stats.records).toBe(second!.report.stats.records);
    expect(second!.report.stats.records).toBeLessThan(whole.stats.records);
  });

  it('a last line without a newline: held back, said, the run partial; the next run counts it once', async () => {
    const { log, state } = fresh();
    const record = roleRecord('svc', 1);
    writeFileSync(log, record.slice(0, -1));
    const first = await runCli(['--state', state, '-f', 'json', log]);
    expect(first.code).toBe(3);
    expect(json(first.stdout)).toMatchObject({ partial: true, accounts: [] });
    expect(first.stderr).toContain(
      `${log}: its last ${record.length - 1} bytes are a line without a newline at its end: not read`,
    );
    appendFileSync(log, '\n');
    const second = await runCli(['--state', state, '-f', 'json', log]);
    expect(second.code).toBe(1);
    expect(pairs(json(second.stdout))).toEqual(['svc r1 1 new']);
  });

  it('a file named through a link in a later run is the same file: nothing counted twice', async () => {
    const { log, state } = fresh();
    writeFileSync(log, roleRecord('svc', 1));
    await runCli(['--state', state, log]);
    const link = `${log}.link`;
    symlinkSync(log, link);
    appendFileSync(log, roleRecord('svc', 2));
    const r = await runCli(['--state', state, '-f', 'json', link]);
    expect(pairs(json(r.stdout))).toEqual(['svc r1 1', 'svc r2 1 new']);
  });

  it('a link moved to the next log: the rest of the one it named is read as a rotation, once', async () => {
    const { log, state } = fresh();
    const [older, newer, link] = [`${log}-1206`, `${log}-1207`, `${log}.current`];
    writeFileSync(older, roleRecord('svc', 1));
    symlinkSync(older, link);
    await runCli(['--state', state, link]);
    // Read by its own name in between: the link's name finds the place reached then.
    appendFileSync(older, roleRecord('svc', 2));
    await runCli(['--state', state, older]);
    appendFileSync(older, roleRecord('svc', 3));
    writeFileSync(newer, roleRecord('svc', 4));
    unlinkSync(link);
    symlinkSync(newer, link);
    const r = await runCli(['--state', state, '-f', 'json', link]);
    expect(r.stderr).toContain(
      `${link}: rotated since the last run: the rest of it read from ${realpathSync(older)}, then the new file from its start`,
    );
    expect(r.code).toBe(1);
    expect(pairs(json(r.stdout))).toEqual(['svc r1 1', 'svc r2 1', 'svc r3 1 new', 'svc r4 1 new']);
    // The link names the new log now: the next run through it resumes there.
    appendFileSync(newer, roleRecord('svc', 5));
    const next = await runCli(['--state', state, '-f', 'json', link]);
    expect(next.stderr).not.toMatch(/rotated/);
    expect(pairs(json(next.stdout))).toEqual([
      'svc r1 1',
      'svc r2 1',
      'svc r3 1',
      'svc r4 1',
      'svc r5 1 new',
    ]);
  });

  it('a state file of this version, a file kept under the name it was given by, resumes there', async () => {
    const { log, state } = fresh();
    const first = roleRecord('svc', 1);
    writeFileSync(log, first + roleRecord('svc', 2));
    const link = `${log}.named`;
    symlinkSync(log, link);
    const { dev, ino } = statSync(log);
    const head = createHash('sha256').update(first).digest('hex');
    // What a run over that first line found: the findings the state holds.
    const seed = fresh();
    writeFileSync(seed.log, first);
    await runCli(['--state', seed.state, seed.log]);
    const findings = JSON.parse(readFileSync(seed.state, 'utf8')).findings;
    writeFileSync(
      state,
      JSON.stringify({
        format: 'audit2grant-state',
        version: 1,
        generator: { name: 'audit2grant', version: '0.1.0' },
        written: '1970-01-01T00:00:00.000Z',
        runs: 1,
        options: { accounts: [], evidence: 'denied', securityMode: 'strict' },
        inputs: [
          {
            key: `file:${link}`,
            source: link,
            position: {
              kind: 'file',
              dev,
              ino,
              size: first.length,
              offset: first.length,
              head,
              lines: 1,
            },
          },
        ],
        findings,
      }),
    );
    const r = await runCli(['--state', state, '-f', 'json', link]);
    expect(r.stderr).toBe('');
    expect(pairs(json(r.stdout))).toEqual(['svc r1 1', 'svc r2 1 new']);
    // Kept under the file's own name now, once.
    const saved = JSON.parse(readFileSync(state, 'utf8'));
    expect(saved.inputs.map((i: { key: string }) => i.key)).toEqual([`file:${realpathSync(log)}`]);
  });

  it('resume a JSON journal piped in: cursors per host, and what was counted is not counted again', async () => {
    const { state } = fresh();
    const entries = [1, 2, 3].map((i) =>
      JSON.stringify({
        __CURSOR: `s=abc;i=${i};b=b;m=1;t=2;x=3`,
        _HOSTNAME: `master-${i % 2}`,
        MESSAGE: roleRecord('svc', i)
          .replace(/^.*?bouncer\.sh\[1877\]: /, '')
          .trimEnd(),
      }),
    );
    const text = entries.map((e) => `${e}\n`).join('');
    const first = await runCli(['--state', state, '-f', 'json', '-'], { stdin: text });
    expect(json(first.stdout).stats.denyRecords).toBe(3);
    const shown = (await runCli(['state', state])).stdout;
    expect(shown).toContain('master-1: s=abc;i=3;b=b;m=1;t=2;x=3');
    expect(shown).toContain(
      `journalctl -u 'dcos-*' -o json --all --after-cursor='s=abc;i=3;b=b;m=1;t=2;x=3' | audit2grant --state ${state}`,
    );
    // The same journal piped in again: nothing counted twice.
    const again = await runCli(['--state', state, '-f', 'json', '-'], { stdin: text });
    const report = json(again.stdout);
    expect(report.stats.denyRecords).toBe(3);
    expect(report.warnings.find((w) => w.code === 'already-counted')?.count).toBe(3);
    // Every line had its cursor: no warning that there was none.
    expect(report.warnings.map((w) => w.code)).not.toContain('no-cursor');
    // The counts are the first run's, though this run passed over as many lines.
    expect(report.runs).toBe(2);
    const cli = await runCli(['--state', state, '-f', 'cli', '-'], { stdin: text });
    expect(cli.stdout).toMatch(/^# from \(this run\): - \(3 lines\)$/m);
    expect(cli.stdout).toMatch(/^# read \(every run of the --state file\): 3 lines, /m);
  });

  it('a JSON journal piped in that breaks off mid-entry: the cut entry is not counted, and the next run reads it', async () => {
    const { state } = fresh();
    const entry = (i: number) =>
      JSON.stringify({
        __CURSOR: `s=abc;i=${i};b=b;m=1;t=2;x=3`,
        _HOSTNAME: 'master-1',
        MESSAGE: roleRecord(`svc${i}`, i)
          .replace(/^.*?bouncer\.sh\[1877\]: /, '')
          .trimEnd(),
      });
    // journalctl writes __CURSOR first: the cut entry still shows its cursor.
    const first = await runCli(['--state', state, '-f', 'json', '-'], {
      stdin: `${entry(1)}\n${entry(2).slice(0, 200)}`,
    });
    expect(first.code).toBe(3);
    const cut = json(first.stdout);
    expect(cut.partial).toBe(true);
    expect(cut.accounts.map((a) => a.uid)).toEqual(['svc1']);
    expect(cut.inputs[0]!.error).toMatch(/^its last 200 bytes are a journal entry cut short/);
    expect((await runCli(['state', state])).stdout).toContain('master-1: s=abc;i=1;');
    const next = await runCli(['--state', state, '-f', 'json', '-'], {
      stdin: `${entry(2)}\n${entry(3)}\n`,
    });
    expect(next.code).toBe(1);
    expect(pairs(json(next.stdout))).toEqual(['svc1 r1 1', 'svc2 r2 1 new', 'svc3 r3 1 new']);
  });

  it('a text journal piped in with --state, its last line without a newline: counted, as without --state', async () => {
    const { state } = fresh();
    const r = await runCli(['--state', state, '-f', 'json', '-'], {
      stdin: roleRecord('svc', 1).trimEnd(),
    });
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    expect(report.partial).toBe(false);
    expect(pairs(report)).toEqual(['svc r1 1 new']);
  });

  // The line journald cut, its rest not yet written when the first run stops.
  const text = {
    cut: `2026-11-22T10:00:08+0000 master-1 bouncer.sh[1877]: ${'A'.repeat(2048)}\n`,
    record: (uid: string, n: number) => roleRecord(uid, n),
  };
  const entry = (message: string) =>
    `${JSON.stringify({ __REALTIME_TIMESTAMP: '1763805608000000', _HOSTNAME: 'master-1', SYSLOG_IDENTIFIER: 'bouncer.sh', _CMDLINE: 'x'.repeat(1500), MESSAGE: message })}\n`;
  const json_ = {
    // Longer than 3 KiB with its other fields.
    cut: entry('A'.repeat(2048)),
    record: (uid: string, n: number) =>
      entry(
        roleRecord(uid, n)
          .replace(/^.*?bouncer\.sh\[1877\]: /, '')
          .trimEnd(),
      ),
  };
  it.each([
    ['text', text, false],
    ['JSON entries', json_, false],
    ['text, the file rotated since', text, true],
  ] as const)(
    'a run that resumes right after a line as long as a cut one still judges the record after it: %s',
    async (_, lines, rotated) => {
      const { log, state } = fresh();
      writeFileSync(log, lines.record('svc', 1) + lines.cut);
      expect((await runCli(['--state', state, log])).code).toBe(1);
      appendFileSync(log, lines.record('victim', 2));
      if (rotated) {
        renameSync(log, `${log}.1`);
        writeFileSync(log, '');
      }
      const next = json((await runCli(['--state', state, '-f', 'json', log])).stdout);
      expect(next.accounts.map((a) => a.uid)).toEqual(['svc']);
      expect(next.suspicious.map((x) => x.problem)).toEqual([
        'may be the rest of a line journald cut at 2048 bytes: the line before, of the same process, is as long as a cut one',
      ]);
    },
  );

  it('keep what a follow saved before it was killed, and the next run reads on from there', async () => {
    const { log, state } = fresh();
    writeFileSync(log, roleRecord('svc', 1));
    const run = startFollow(['--follow', '--state', state, '-f', 'ndjson', log]);
    await run.stdoutLine((l) => l.includes('"state":"following"'));
    // Written every few seconds while following: wait for the save that holds the denial.
    while (!(existsSync(state) && readFileSync(state, 'utf8').includes('role:r1'))) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    run.child.kill('SIGKILL');
    await run.ended;
    appendFileSync(log, roleRecord('svc', 2));
    const next = await runCli(['--state', state, '-f', 'json', log]);
    expect(next.code).toBe(1);
    expect(pairs(json(next.stdout))).toEqual(['svc r1 1', 'svc r2 1 new']);
  });
});

describe('what a state file holds', () => {
  it('no token, passphrase or cluster address given to the run; readable by its owner only', async () => {
    const { log, state } = fresh();
    writeFileSync(log, roleRecord('svc', 1));
    const secrets = {
      DCOS_ACS_TOKEN: 'tok-5ecret-a1b2',
      AUDIT2GRANT_KEY_PASSPHRASE: 'pass-5ecret-c3d4',
    };
    const r = await runCli(
      ['--state', state, '-f', 'curl', '--cluster-url', 'https://dcos-5ecret.example', log],
      { env: secrets },
    );
    expect(r.code).toBe(1);
    const text = readFileSync(state, 'utf8');
    expect(text).not.toMatch(/5ecret/);
    expect(statSync(state).mode & 0o777).toBe(0o600);
  });
});

describe('an empty state file', () => {
  it('is a first run (as `--state "$(mktemp)"` makes one), and then holds the state', async () => {
    const { log, state } = fresh();
    writeFileSync(log, roleRecord('svc', 1));
    writeFileSync(state, '');
    const r = await runCli(['-f', 'json', '--state', state, log]);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(state, 'utf8')).format).toBe('audit2grant-state');
  });
});

describe('a state file that cannot be used is refused with exit 2 and left as it is', () => {
  const refused = async (state: string, args: string[], message: RegExp) => {
    const before = readFileSync(state);
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(readFileSync(state)).toEqual(before);
  };

  it('damaged', async () => {
    const { log, state } = fresh();
    writeFileSync(log, roleRecord('svc', 1));
    writeFileSync(state, '{"format":"audit2grant-state","version":1,"runs":');
    await refused(
      state,
      ['--state', state, log],
      /--state \S+: it is damaged \(it is not JSON\); it was left as it is/,
    );
    writeFileSync(state, '{"format":"audit2grant-state","version":1}');
    await refused(state, ['--state', state, log], /it is damaged \(generator: /);
    await refused(state, ['state', state], /it is damaged/);
    // Well formed, with a place no file has: refused, not read from and saved again.
    writeFileSync(log, roleRecord('svc', 1));
    const good = `${state}.good`;
    await runCli(['--state', good, log]);
    for (const bad of ['-5', '1.5']) {
      writeFileSync(state, readFileSync(good, 'utf8').replace(/"offset":\d+/, `"offset":${bad}`));
      await refused(
        state,
        ['--state', state, log],
        /it is damaged \(inputs\.0\.position\.offset: /,
      );
    }
    writeFileSync(
      state,
      readFileSync(good, 'utf8').replace(/"denyRecords":\d+/, '"denyRecords":-1'),
    );
    await refused(
      state,
      ['--state', state, log],
      /it is damaged \(findings\.stats: a count below 0\)/,
    );
  });

  it('a directory, where `state` reads one: says to name a file', async () => {
    const { state } = fresh();
    writeFileSync(state, '');
    await refused(state, ['state', dirname(state)], /is a directory: name a file for the state/);
  });

  it('written by a newer version', async () => {
    const { log, state } = fresh();
    writeFileSync(log, roleRecord('svc', 1));
    writeFileSync(state, JSON.stringify({ format: 'audit2grant-state', version: 2, whatever: [] }));
    await refused(
      state,
      ['--state', state, log],
      /it was written by a newer audit2grant \(state version 2; this one reads 1\)/,
    );
  });

  it('state FILE: a file no run has written, and one that is not there, each said as what it is', async () => {
    const { state } = fresh();
    const missing = await runCli(['state', state]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `audit2grant: ${state}: no such state file: a run with --state makes it\n`,
    );
    writeFileSync(state, '');
    const empty = await runCli(['state', state]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe(
      `audit2grant: ${state}: empty: no run has written it yet (a first run with --state fills it)\n`,
    );
  });

  it('in use by another run; a lock whose run is gone is taken over', async () => {
    const { log, state } = fresh();
    writeFileSync(log, roleRecord('svc', 1));
    await runCli(['--state', state, log]);
    // This test's own process holds it: alive, on this host.
    writeFileSync(`${state}.lock`, `${process.pid} ${hostname()}\n`);
    await refused(
      state,
      ['--state', state, log],
      new RegExp(`in use by another run \\(process ${process.pid} on `),
    );
    expect(existsSync(`${state}.lock`)).toBe(true);
    // A process that has ended: its lock is stale.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    writeFileSync(`${state}.lock`, `${gone} ${hostname()}\n`);
    appendFileSync(log, roleRecord('svc', 2));
    const r = await runCli(['--state', state, '-f', 'json', log]);
    expect(r.code).toBe(1);
    expect(pairs(json(r.stdout))).toEqual(['svc r1 1', 'svc r2 1 new']);
    expect(existsSync(`${state}.lock`)).toBe(false);
  });

  it('what a run killed while writing the state left beside it is removed by the next', async () => {
    const { log, state } = fresh();
    writeFileSync(log, roleRecord('svc', 1));
    await runCli(['--state', state, log]);
    const dir = dirname(state);
    const name = basename(state);
    // As writeAtomic names its temporary file; another state's and another name stay.
    const left = join(dir, `.${name}.4242.a1b2c3d4e5f6.tmp`);
    const others = [join(dir, `.${name}x.4242.a1b2c3d4e5f6.tmp`), join(dir, `.${name}.4242.tmp`)];
    for (const f of [left, ...others]) writeFileSync(f, '{"findings":"kept from a killed run"}');
    expect((await runCli(['--state', state, log])).code).toBe(1);
    expect(existsSync(left)).toBe(false);
    for (const f of others) expect(existsSync(f)).toBe(true);
  });

  it('written under other options: the difference is named', async () => {
    const { log, state } = fresh();
    writeFileSync(log, roleRecord('svc', 1));
    await runCli(['--state', state, '-a', 'svc', log]);
    await refused(
      state,
      ['--state', state, '-a', 'other', log],
      /it was written with --account svc, this run has --account other: run with the same options/,
    );
    await refused(state, ['--state', state, log], /this run has no --account \(every account\)/);
    await refused(
      state,
      ['--state', state, '-a', 'svc', '--evidence', 'all', log],
      /written with --evidence denied, this run has --evidence all/,
    );
    await refused(
      state,
      ['--state', state, '-a', 'svc', '--security-mode', 'permissive', log],
      /written with --security-mode strict, this run has --security-mode permissive/,
    );
  });

  it('written with another --since or --until: records outside the first window would be lost', async () => {
    const { log, state } = fresh();
    writeFileSync(log, readFileSync(join(ROOT, 'fixtures', 'demo.log')));
    const until = ['--until', '2026-11-22 10:00 UTC'];
    const first = await runCli(['--state', state, '-f', 'json', ...until, log]);
    expect(first.code).toBe(1);
    await refused(
      state,
      ['--state', state, log],
      /--state \S+: it was written with --until 2026-11-22T10:00:00\.000Z, this run has no --until: run with the same options, or name another state file/,
    );
    await refused(
      state,
      ['--state', state, '--since', '2026-11-22 09:00 UTC', ...until, log],
      /it was written with no --since, this run has --since 2026-11-22T09:00:00\.000Z/,
    );
    // The same instant, however written: the same window.
    const same = await runCli(['--state', state, '--until', '2026-11-22T10:00:00Z', log]);
    expect(same.code).toBe(1);
  });

  it('a relative --since is compared as given; a relative --until is refused with --state', async () => {
    const { log, state } = fresh();
    writeFileSync(log, roleRecord('svc', 1));
    expect((await runCli(['--state', state, '--since', '1 hour ago', log])).code).toBe(0);
    expect((await runCli(['--state', state, '--since', '1 hour ago', log])).code).toBe(0);
    await refused(
      state,
      ['--state', state, '--since', '2 hours ago', log],
      /written with --since '1 hour ago', this run has --since '2 hours ago'/,
    );
    await refused(
      state,
      ['--state', state, '--since', '1 hour ago', '--until', '-5min', log],
      /^audit2grant: --until -5min counts from each run's start: with --state the records after it would be passed over and never counted; give a fixed time/,
    );
  });

  it('not a regular file, or nowhere to write one: refused before anything is read or locked', async () => {
    const { log, state } = fresh();
    writeFileSync(log, roleRecord('svc', 1));
    writeFileSync(state, '');
    const fifo = `${state}.fifo`;
    spawnSync('mkfifo', [fifo]);
    const link = `${state}.link`;
    symlinkSync(state, link);
    for (const [path, message] of [
      [fifo, /--state \S+: is a FIFO, not a regular file: /],
      [link, /--state \S+: is a symbolic link, not a regular file: /],
      [dirname(state), /--state \S+: is a directory, not a regular file: /],
      [join(state, 'x'), /--state \S+: a part of its path is not a directory: check the path/],
      [join(`${state}.none`, 'x'), /--state \S+: its directory does not exist: /],
      ['', /--state : an empty name: name a file/],
    ] as const) {
      const r = await runCli(['--state', path, log]);
      expect(r.code, path).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(existsSync(`${path}.lock`)).toBe(false);
    }
  });
});
