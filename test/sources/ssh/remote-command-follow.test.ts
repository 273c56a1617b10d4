import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { remoteCommand } from '../../../src/sources/ssh/remote-command.js';
import { endedByAccident, remoteOutcome } from '../../../src/sources/ssh/remote-outcome.js';
import { WholeLines } from '../../../src/sources/ssh/whole-lines.js';
import { ended, PROCID_SH } from '../../helpers/process-identity.js';
import { tempDir } from '../../helpers/temp-dir.js';

const BASE = tempDir('a2g-rcf-');
const CURSOR =
  's=a5319541c25941e68f89eb4a50970dd1;i=3;b=5f0c2d6e8a9b4c1d9e7f3a2b1c0d4e5f;m=2dc6c0;t=6442bfe5c2c80;x=637b88c9f83af9cd';
const AUDIT = `{"__CURSOR":"${CURSOR}","MESSAGE":"type=audit uid=a result=deny"}`;
const NOISE = `{"__CURSOR":"${CURSOR}","MESSAGE":"heartbeat"}`;

/** A journalctl stub that records its arguments, then runs `body`. */
function stub(body: string): { dir: string; calls: () => string[][] } {
  const dir = mkdtempSync(join(BASE, 'd-'));
  const log = join(dir, 'calls');
  writeFileSync(
    join(dir, 'journalctl'),
    `#!/bin/sh\nprintf '%s\\0' CALL "$@" >> '${log}'\n${body}\n`,
  );
  chmodSync(join(dir, 'journalctl'), 0o755);
  return {
    dir,
    calls: () =>
      readFileSync(log, 'utf8')
        .split('CALL\0')
        .filter(Boolean)
        .map((c) => c.split('\0').slice(0, -1)),
  };
}

/**
 * Runs a command as sshd does: `sh -c` in a session of its own (the
 * watchdog's `kill 0` must stay inside it), its stdin open until it exits
 * (an SSH client sends no end of input).
 */
function run(dir: string, command: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], {
      env: { PATH: `${dir}:/usr/bin:/bin` },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('exit', () => child.stdin.end());
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('the remote command, following', () => {
  it('runs journalctl -f --no-tail after the cursor, without --since and without the --grep probe', async () => {
    const s = stub(`echo '${AUDIT}'; echo '${NOISE}'`);
    const r = await run(
      s.dir,
      remoteCommand({ follow: true, afterCursor: CURSOR, window: { since: 1_700_000_000_000 } }),
    );
    expect(r).toEqual({ code: 0, stdout: `${AUDIT}\n`, stderr: '' });
    expect(s.calls()).toEqual([
      [
        '-u',
        'dcos-*',
        '--no-pager',
        '--all',
        '-o',
        'json',
        '-f',
        '--no-tail',
        `--after-cursor=${CURSOR}`,
      ],
    ]);
    expect(() => remoteCommand({ afterCursor: `${CURSOR}'; reboot; '` })).toThrow(
      /journal cursor .*: not a journal cursor/,
    );
  });

  it('streams every line through a plain stage with AUDIT2GRANT_SSH_FILTER=off', async () => {
    const s = stub(`echo '${AUDIT}'; echo '${NOISE}'; exit 3`);
    const r = await run(s.dir, remoteCommand({ follow: true, filter: false }));
    expect(r).toEqual({ code: 3, stdout: `${AUDIT}\n${NOISE}\n`, stderr: '' });
  });

  it('reads once after the cursor with --grep, --until kept', async () => {
    const s = stub(`case "$*" in *probe*) exit 0;; esac; echo '${AUDIT}'`);
    const r = await run(
      s.dir,
      remoteCommand({
        afterCursor: CURSOR,
        window: { since: 1_700_000_000_000, until: 1_800_000_000_000 },
      }),
    );
    expect(r.code).toBe(0);
    expect(s.calls()[1]).toEqual([
      ...['-u', 'dcos-*', '--no-pager', '--all', '-o', 'json', `--after-cursor=${CURSOR}`],
      ...['--until=@1800000000', '--grep=type=audit|Suppressed [0-9]+ messages'],
    ]);
  });

  it('passes each record on as it comes, and ends every remote process once the connection is gone', async ({
    onTestFailed,
  }) => {
    // The stub's own child (sleep) is running sleep before the record is
    // written: one forked after the watchdog's `kill 0` would not get its
    // signal, and would outlive the test holding its stderr (vitest's, which
    // then waited 10 s on it at the end of a run). Nor would one forked but
    // not yet run: until it has reset the stub's trap, a TERM is taken by the
    // shell's handler and lost at its exec (seen under load: the sleep
    // outlived the session, and the test waited on it until its limit).
    const s = stub(
      [
        PROCID_SH,
        `procid $$ > "${'$'}{0%/*}/self"`,
        `trap 'echo yes > "${'$'}{0%/*}/terminated"; exit 143' TERM`,
        `sleep 100000 & procid $! > "${'$'}{0%/*}/sleeping"`,
        'until read c < /proc/$!/comm && [ "$c" = sleep ]; do :; done',
        `echo '${AUDIT}'; echo '${NOISE}'`,
        'wait $!',
      ].join('\n'),
    );
    // sshd runs the command in a session of its own: the watchdog's `kill 0` stays inside it.
    const child = spawn('/bin/sh', ['-c', remoteCommand({ follow: true })], {
      env: { PATH: `${s.dir}:/usr/bin:/bin` },
      detached: true,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    // A wait that never ends shows only as the test's timeout: say which, and
    // what of the session still ran.
    let step = 'waiting for the record';
    onTestFailed(() => {
      const ps = spawnSync('ps', ['-o', 'pid,ppid,pgid,stat,args', '-g', String(child.pid)], {
        encoding: 'utf8',
      });
      console.error(`last step: ${step}\nthe session's processes:\n${ps.stdout}`);
    });
    try {
      let stdout = '';
      // The record arrives while journalctl still runs: grep is line-buffered.
      // A session that ends first fails the test at once, with how it ended.
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes('\n')) resolve();
        });
        child.on('exit', (code, signal) =>
          reject(new Error(`the command ended first (${code ?? signal}), printing ${stdout}`)),
        );
      });
      expect(stdout).toBe(`${AUDIT}\n`);
      // The connection goes: sshd closes the session's stdin.
      const closed = new Promise((resolve) => child.on('close', resolve));
      step = 'waiting for the session to close, its stdin closed';
      child.stdin.end();
      await closed;
      step = 'waiting for journalctl to get its TERM';
      const marker = join(s.dir, 'terminated');
      while (!existsSync(marker)) await new Promise((r) => setTimeout(r, 20));
      step = 'waiting for journalctl and its child to end';
      // journalctl, and the process journalctl started, both end.
      for (const file of ['self', 'sleeping'])
        await ended(readFileSync(join(s.dir, file), 'utf8').trim());
    } finally {
      // Whatever failed above, nothing of the session outlives the test.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The session is gone already.
      }
    }
  });

  it('a journalctl killed mid-line: grep ends the cut line, which is not handed on; the end is an accident', async () => {
    const s = stub(`echo '${AUDIT}'; printf '%s' '${AUDIT.slice(0, -8)}'; kill -KILL $$`);
    const r = await run(s.dir, remoteCommand({ follow: true }));
    expect(r.code).toBe(137);
    expect(r.stdout).toBe(`${AUDIT}\n${AUDIT.slice(0, -8)}\n`);
    const cut = new WholeLines();
    expect(cut.take(Buffer.from(r.stdout))).toEqual({
      bytes: Buffer.from(`${AUDIT}\n`),
      cursor: CURSOR,
    });
    const exit = { code: r.code, signal: undefined };
    expect(remoteOutcome(exit, r.stderr, { user: 'core' }, false)).toMatch(
      /^journalctl was killed on the host \(exit status 137\)/,
    );
    expect(endedByAccident(exit)).toBe(true);
  });

  it('tells the ends that would come again from accidents', () => {
    expect(endedByAccident(undefined)).toBe(true);
    expect(endedByAccident({ code: null, signal: 'TERM' })).toBe(true);
    expect(endedByAccident({ code: 143, signal: undefined })).toBe(true);
    expect(endedByAccident({ code: 1, signal: undefined })).toBe(false);
    expect(endedByAccident({ code: 127, signal: undefined })).toBe(false);
    expect(endedByAccident({ code: 0, signal: undefined })).toBe(false);
  });
});
