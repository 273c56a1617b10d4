// --follow of the built binary: files appended to, rotated and truncated
// while it runs, stdin until it ends, and each way a follow ends. Every
// wait is for a line the run writes (an ndjson event, a note), never for a
// time; the only clocks are lower bounds that a slow machine cannot break.
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  readFileSync,
  renameSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NdjsonEvent } from '../../src/report/events.js';
import { Report } from '../../src/report/schema.js';
import { roleRecord } from '../helpers/bouncer-line.js';
import { events, startFollow } from '../helpers/follow-run.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('a2g-follow-');
let files = 0;
const newFile = (text = '') => {
  const path = join(dir, `master-${files++}.log`);
  writeFileSync(path, text);
  return path;
};

/** The ndjson line of the first denial of uid on r<n>. */
const denied = (uid: string, n: number) => (line: string) =>
  line.includes('"event":"denied"') &&
  line.includes(`"uid":"${uid}"`) &&
  line.includes(`"rid":"dcos:mesos:master:reservation:role:r${n}"`);
const said = (text: string) => (line: string) => line.includes(text);

/** CPU time the process has used, in clock ticks (utime + stime of /proc/<pid>/stat). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
const TICKS_PER_SECOND = 100;

describe('--follow of files', () => {
  it('reads what is appended, across a rotation and a truncation, each denial announced once', async () => {
    const path = newFile(roleRecord('svc', 1));
    const run = startFollow(['--follow', '-f', 'ndjson', path]);
    await run.stdoutLine(denied('svc', 1));
    await run.stdoutLine(said('"state":"following"'));
    appendFileSync(path, roleRecord('svc', 2) + roleRecord('svc', 1));
    await run.stdoutLine(denied('svc', 2));
    // Rotated: renamed, written to once more, then a new file of that name.
    renameSync(path, `${path}.1`);
    appendFileSync(`${path}.1`, roleRecord('svc', 3));
    writeFileSync(path, roleRecord('svc', 4) + roleRecord('svc', 40));
    await run.stdoutLine(said('rotated: reading the new file from its start'));
    await run.stdoutLine(denied('svc', 40));
    // Truncated (copytruncate), then written again, shorter than what was read.
    truncateSync(path, 0);
    appendFileSync(path, roleRecord('svc', 5));
    await run.stdoutLine(denied('svc', 5));
    await run.stderrLine(said('truncated: reading it again from its start'));
    run.child.kill('SIGINT');
    const { code, stderr } = await run.ended;
    expect(code).toBe(1);
    const all = events(run.stdout());
    for (const e of all) NdjsonEvent.parse(e);
    const rids = all.filter((e) => e.event === 'denied').map((e) => e.rid);
    expect(rids.sort()).toEqual(
      [1, 2, 3, 4, 40, 5].map((n) => `dcos:mesos:master:reservation:role:r${n}`).sort(),
    );
    const end = all.at(-1)!;
    expect(end).toMatchObject({ event: 'end', partial: false });
    expect(end.stats).toMatchObject({ lines: 7, denyRecords: 7 });
    expect(stderr).toMatch(/following ended: Ctrl-C; writing the report/);
  });

  // Stopped (SIGSTOP) while the file changes, so that the run looks once at
  // what two changes left, as a busy machine may make it.
  const followingOne = async () => {
    const path = newFile(roleRecord('svc', 1));
    const run = startFollow(['--follow', '-f', 'ndjson', path]);
    await run.stdoutLine(denied('svc', 1));
    await run.stdoutLine(said('"state":"following"'));
    return { path, run };
  };
  /** Once the denial of r<n> is announced, Ctrl-C: the run's end. */
  const endAfter = async (run: ReturnType<typeof startFollow>, n: number) => {
    await run.stdoutLine(denied('svc', n));
    run.child.kill('SIGINT');
    return run.ended;
  };
  /** The numbers of the roles r<n> the run announced a denial of, in order. */
  const deniedRoles = (run: ReturnType<typeof startFollow>) =>
    events(run.stdout())
      .filter((e) => e.event === 'denied')
      .map((e) => Number(String(e.rid).replace('dcos:mesos:master:reservation:role:r', '')))
      .sort((a, b) => a - b);
  it('rotated twice between two looks: the file rotated in between is read too', async () => {
    const { path, run } = await followingOne();
    run.child.kill('SIGSTOP');
    appendFileSync(path, roleRecord('svc', 2));
    renameSync(path, `${path}.1`);
    writeFileSync(path, roleRecord('svc', 3));
    renameSync(`${path}.1`, `${path}.2`);
    renameSync(path, `${path}.1`);
    writeFileSync(path, roleRecord('svc', 4));
    run.child.kill('SIGCONT');
    const { code, stderr } = await endAfter(run, 4);
    expect(code).toBe(1);
    expect(deniedRoles(run)).toEqual([1, 2, 3, 4]);
    expect(events(run.stdout()).at(-1)).toMatchObject({ event: 'end', partial: false });
    expect(stderr).toContain(
      `${path}: rotated again since it was last looked at: the rest of it read from ${path}.2, then ${path}.1`,
    );
  });

  it('rotated twice between two looks, the file read deleted: what it cannot put in order is named, and the run partial', async () => {
    const { path, run } = await followingOne();
    run.child.kill('SIGSTOP');
    renameSync(path, `${path}.1`);
    writeFileSync(path, roleRecord('svc', 2));
    // logrotate with rotate 1: the next rotation replaces x.log.1, the file read.
    renameSync(path, `${path}.1`);
    writeFileSync(path, roleRecord('svc', 3));
    run.child.kill('SIGCONT');
    const { code, stderr } = await endAfter(run, 3);
    expect(code).toBe(3);
    expect(events(run.stdout()).at(-1)).toMatchObject({ event: 'end', partial: true });
    expect(stderr).toContain(
      `the file it read deleted: ${path}.1 may hold lines never read; give them on the command line`,
    );
  });

  it('copied and truncated between two looks: what was written since the last look is read from the copy', async () => {
    const { path, run } = await followingOne();
    run.child.kill('SIGSTOP');
    appendFileSync(path, roleRecord('svc', 2));
    copyFileSync(path, `${path}.1`);
    truncateSync(path, 0);
    run.child.kill('SIGCONT');
    await run.stderrLine(said('truncated: reading it again from its start'));
    appendFileSync(path, roleRecord('svc', 3));
    const { code, stderr } = await endAfter(run, 3);
    expect(code).toBe(1);
    expect(deniedRoles(run)).toEqual([1, 2, 3]);
    expect(stderr).toContain(`${path}: copied and truncated: the rest of it read from ${path}.1`);
  });

  it('copied, truncated and written past where it was read between two looks: read again from its start', async () => {
    const { path, run } = await followingOne();
    run.child.kill('SIGSTOP');
    appendFileSync(path, roleRecord('svc', 2));
    copyFileSync(path, `${path}.1`);
    truncateSync(path, 0);
    // Longer than what was read: by its size alone, not truncated.
    appendFileSync(path, roleRecord('svc', 5) + roleRecord('svc', 6) + roleRecord('svc', 7));
    run.child.kill('SIGCONT');
    const { code, stderr } = await endAfter(run, 7);
    expect(code).toBe(1);
    expect(deniedRoles(run)).toEqual([1, 2, 5, 6, 7]);
    expect(stderr).toContain(`${path}: copied and truncated: the rest of it read from ${path}.1`);
  });

  // SIGHUP: the terminal or the SSH session that ran it closed.
  it.each(['SIGTERM', 'SIGHUP'] as const)(
    '%s ends a follow: the whole report, not partial, and the state kept',
    async (signal) => {
      const path = newFile(roleRecord('svc', 1));
      const state = join(dir, `${signal}.state`);
      const run = startFollow(['--follow', '--state', state, '-f', 'json', path]);
      await run.stderrLine(said('new denial: svc'));
      run.child.kill(signal);
      const { code, stdout, stderr } = await run.ended;
      expect(code).toBe(1);
      const report = Report.parse(JSON.parse(stdout));
      expect(report.partial).toBe(false);
      expect(report.inputs[0]).toMatchObject({ complete: true, error: null, lines: 1 });
      expect(report.accounts.map((a) => a.uid)).toEqual(['svc']);
      expect(stderr).toMatch(new RegExp(`following ended: ${signal}`));
      // Kept, and free for the next run: no lock left behind.
      expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ version: 1 });
      expect(existsSync(`${state}.lock`)).toBe(false);
    },
  );

  it('--for ends it by itself, and the report is whole', async () => {
    const path = newFile(roleRecord('svc', 1));
    const { code, stdout, stderr } = await startFollow([
      '--follow',
      '--for',
      '1s',
      '-f',
      'json',
      path,
    ]).ended;
    expect(code).toBe(1);
    expect(Report.parse(JSON.parse(stdout)).partial).toBe(false);
    expect(stderr).toMatch(/following ended: --for 1s is over/);
  });

  it('waits for a file that does not exist yet, and reads it once it appears', async () => {
    const path = join(dir, 'later.log');
    const run = startFollow(['--follow', '-f', 'ndjson', path]);
    await run.stdoutLine(said('waiting for the file to appear'));
    writeFileSync(path, roleRecord('late', 1));
    await run.stdoutLine(denied('late', 1));
    run.child.kill('SIGINT');
    expect((await run.ended).code).toBe(1);
  });

  it('a file that never appeared: nothing read, and said so, not "the file is empty"', async () => {
    const path = join(dir, 'never.log');
    const run = startFollow(['--follow', '-f', 'ndjson', path]);
    await run.stdoutLine(said('waiting for the file to appear'));
    run.child.kill('SIGTERM');
    const { code, stderr } = await run.ended;
    expect(code).toBe(3);
    expect(stderr).toContain(
      `${path}: nothing read (0 bytes): no such file: it never appeared while followed; `,
    );
    expect(stderr).not.toMatch(/empty/);
  });

  it('a last line without its newline when the follow ends: held back, said, and the report partial', async () => {
    const record = roleRecord('svc', 1);
    const path = newFile(record.slice(0, -1));
    const run = startFollow(['--follow', '-f', 'ndjson', path]);
    await run.stdoutLine(said('"state":"following"'));
    run.child.kill('SIGTERM');
    const { code, stderr } = await run.ended;
    expect(code).toBe(3);
    expect(stderr).toContain(
      `${path}: its last ${Buffer.byteLength(record) - 1} bytes are a line without a newline at its end: not read`,
    );
    expect(events(run.stdout()).at(-1)).toMatchObject({ event: 'end', partial: true });
  });

  it('uses next to no CPU while nothing is written (no busy polling)', async () => {
    const path = newFile(roleRecord('svc', 1));
    const run = startFollow(['--follow', '-f', 'ndjson', path]);
    await run.stdoutLine(said('"state":"following"'));
    // The window: from the follow waiting to the event of a line written 3 s later.
    const started = performance.now();
    const before = cpuTicks(run.child.pid!);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    appendFileSync(path, roleRecord('svc', 2));
    await run.stdoutLine(denied('svc', 2));
    const used = (cpuTicks(run.child.pid!) - before) / TICKS_PER_SECOND;
    const window = (performance.now() - started) / 1000;
    run.child.kill('SIGINT');
    await run.ended;
    // Far above need: idle it uses well under 1% (bench/run.mjs measures it).
    expect(used).toBeLessThan(0.2 * window);
  });
});

describe('--follow of standard input', () => {
  it('reads until stdin ends, then writes the report', async () => {
    const run = startFollow(['--follow', '-f', 'ndjson', '-']);
    run.child.stdin.write(roleRecord('piped', 1));
    await run.stdoutLine(denied('piped', 1));
    run.child.stdin.write(roleRecord('piped', 2));
    await run.stdoutLine(denied('piped', 2));
    run.child.stdin.end(roleRecord('piped', 3));
    const { code, stderr } = await run.ended;
    expect(code).toBe(1);
    expect(stderr).toMatch(/following ended: standard input ended/);
    const all = events(run.stdout());
    expect(all.filter((e) => e.event === 'denied')).toHaveLength(3);
    expect(all.at(-1)).toMatchObject({ event: 'end', partial: false, stats: { lines: 3 } });
  });
});

describe('--follow of standard input, stopped', () => {
  it('Ctrl-C while the pipe stays open ends it well: the whole report, not partial', async () => {
    const run = startFollow(['--follow', '-f', 'json', '-']);
    run.child.stdin.write(roleRecord('piped', 1));
    await run.stderrLine(said('new denial: piped'));
    run.child.kill('SIGINT');
    const { code, stdout, stderr } = await run.ended;
    expect(code).toBe(1);
    const report = Report.parse(JSON.parse(stdout));
    expect(report.partial).toBe(false);
    expect(report.inputs[0]).toMatchObject({ source: '-', complete: true, error: null, lines: 1 });
    expect(stderr).toMatch(/following ended: Ctrl-C/);
  });
});

describe('--quiet-for', () => {
  it('ends once no new denial came while allow records kept arriving, and not before they arrive', async () => {
    const path = newFile(roleRecord('svc', 1));
    const run = startFollow(['--follow', '--quiet-for', '1s', '-a', 'svc', '-f', 'ndjson', path]);
    await run.stdoutLine(said('"state":"following"'));
    // No allow record: an idle service has not converged, however long it is quiet.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(run.child.exitCode).toBeNull();
    // The service works: its allow records arrive until the follow ends.
    let done = false;
    void run.ended.then(() => {
      done = true;
    });
    while (!done) {
      appendFileSync(path, roleRecord('svc', 1, 'allow'));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { code, stderr } = await run.ended;
    expect(stderr).toMatch(
      /following ended: no new denial for 1s while allow records kept arriving/,
    );
    expect(code).toBe(1);
    expect(events(run.stdout()).at(-1)).toMatchObject({ event: 'end', partial: false });
  });

  it('needs --follow', async () => {
    const { code, stderr } = await startFollow(['--quiet-for', '1m', newFile()]).ended;
    expect(code).toBe(2);
    expect(stderr).toBe('audit2grant: --quiet-for needs --follow (see audit2grant --help)\n');
  });

  it('refuses --until with --follow, for files and stdin as for hosts: every line to come is past it', async () => {
    for (const input of [newFile(), '-']) {
      const { code, stderr } = await startFollow(['--follow', '--until', 'now', input]).ended;
      expect(code).toBe(2);
      expect(stderr).toBe(
        'audit2grant: --until cannot be used with --follow: a follow reads until it is stopped; end it with --for or --quiet-for\n',
      );
    }
  });
});
