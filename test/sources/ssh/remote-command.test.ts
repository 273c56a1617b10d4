import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FIXED_PATTERNS,
  journalctlArgs,
  remoteCommand,
} from '../../../src/sources/ssh/remote-command.js';
import { remoteOutcome } from '../../../src/sources/ssh/remote-outcome.js';
import { tempDir } from '../../helpers/temp-dir.js';

const BASE = tempDir('a2g-rc-');

/**
 * The remote command run by a real shell, as sshd runs it (`$SHELL -c COMMAND`),
 * against a stub journalctl that records its arguments and prints JSON lines.
 */
function stub(behaviour: { grep: 'yes' | 'unknown-option'; exit?: number; stderr?: string }) {
  const dir = mkdtempSync(join(BASE, 'd-'));
  const log = join(dir, 'calls');
  const lines = [
    '{"MESSAGE":"type=audit uid=a result=deny","_HOSTNAME":"m1"}',
    '{"MESSAGE":"heartbeat","_HOSTNAME":"m1"}',
    `{"MESSAGE":[27,91,51,50,109,${[...Buffer.from('type=audit')].join(',')}],"_HOSTNAME":"m1"}`,
    `{ "MESSAGE" : [ 27, 91, ${[...Buffer.from('type=audit')].join(', ')} ] }`,
    '{"MESSAGE":"Suppressed 12 messages from dcos-marathon.service"}',
    '{"MESSAGE":"more noise"}',
  ];
  writeFileSync(join(dir, 'lines'), `${lines.join('\n')}\n`);
  const script = [
    '#!/bin/sh',
    `printf '%s\\0' CALL "$@" >> '${log}'`,
    'for a in "$@"; do case "$a" in --grep*)',
    behaviour.grep === 'unknown-option'
      ? `  echo "journalctl: unrecognized option '$a'" >&2; exit 1;;`
      : `  case "$*" in *audit2grant-probe*) exit 1;; esac; grep -E 'type=audit|Suppressed' '${dir}/lines'; exit 0;;`,
    'esac; done',
    `cat '${dir}/lines'`,
    behaviour.stderr ? `echo '${behaviour.stderr}' >&2` : '',
    `exit ${behaviour.exit ?? 0}`,
  ].join('\n');
  writeFileSync(join(dir, 'journalctl'), script);
  chmodSync(join(dir, 'journalctl'), 0o755);
  return {
    dir,
    calls: () =>
      readFileSync(log, 'utf8')
        .split('CALL\0')
        .filter(Boolean)
        .map((c) => c.split('\0').slice(0, -1)),
    run: (command: string) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          '/bin/sh',
          ['-c', command],
          { env: { PATH: `${dir}:/usr/bin:/bin` } },
          (err, stdout, stderr) => {
            resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
          },
        );
      }),
  };
}

const BASE_ARGS = ['-u', 'dcos-*', '--no-pager', '--all', '-o', 'json'];

describe('the remote command', () => {
  it('quotes every value; --since/--until as the whole seconds around the window', () => {
    const since = Date.UTC(2026, 10, 22, 10, 0, 0, 250);
    expect(journalctlArgs({ window: { since, until: since + 1000 } })).toEqual([
      '-u',
      "'dcos-*'",
      '--no-pager',
      '--all',
      '-o',
      'json',
      '--since=@1795341600',
      '--until=@1795341602',
    ]);
    expect(journalctlArgs({ window: { until: since - 250 } }).slice(-1)).toEqual([
      '--until=@1795341600',
    ]);
    expect(remoteCommand()).toMatch(/^sh -c '/);
  });

  it('uses journalctl --grep when the probe says it works, and passes the arguments intact', async () => {
    const s = stub({ grep: 'yes' });
    const window = { since: Date.UTC(2026, 10, 22, 10), until: Date.UTC(2026, 10, 23) };
    const r = await s.run(remoteCommand({ window }));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    const calls = s.calls();
    expect(calls[0]).toContain('audit2grant-probe.service');
    expect(calls[1]).toEqual([
      ...BASE_ARGS,
      '--since=@1795341600',
      '--until=@1795392000',
      '--grep=type=audit|Suppressed [0-9]+ messages',
    ]);
  });

  it('falls back to grep -F, keeping records as text and as byte arrays (both spacings)', async () => {
    const s = stub({ grep: 'unknown-option' });
    const r = await s.run(remoteCommand());
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const kept = r.stdout.split('\n').filter(Boolean);
    expect(kept).toHaveLength(4);
    expect(kept.join('\n')).not.toMatch(/heartbeat|more noise/);
    expect(s.calls()[1]).toEqual(BASE_ARGS);
    expect(FIXED_PATTERNS).toContain('type=audit');
  });

  it("exits with journalctl's status through the grep -F pipeline", async () => {
    const s = stub({ grep: 'unknown-option', exit: 4, stderr: 'Failed to open journal' });
    const r = await s.run(remoteCommand());
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('Failed to open journal');
  });

  it('turns "--grep matched nothing" (exit 1, silent) into success, but not a real error', async () => {
    const dir = mkdtempSync(join(BASE, 'd-'));
    const j = join(dir, 'journalctl');
    writeFileSync(j, '#!/bin/sh\ncase "$*" in *probe*) exit 1;; esac\nexit 1\n');
    chmodSync(j, 0o755);
    const run = (command: string) =>
      new Promise<number>((resolve) =>
        execFile('/bin/sh', ['-c', command], { env: { PATH: `${dir}:/usr/bin:/bin` } }, (err) =>
          resolve(err ? Number(err.code) : 0),
        ),
      );
    expect(await run(remoteCommand())).toBe(0);
    writeFileSync(j, '#!/bin/sh\ncase "$*" in *probe*) exit 1;; esac\necho boom >&2\nexit 1\n');
    expect(await run(remoteCommand())).toBe(1);
  });

  it('runs journalctl through sudo -n with --sudo', async () => {
    const s = stub({ grep: 'yes' });
    const sudoLog = join(s.dir, 'sudo-calls');
    writeFileSync(join(s.dir, 'sudo'), `#!/bin/sh\necho "$*" >> '${sudoLog}'\nshift\nexec "$@"\n`);
    chmodSync(join(s.dir, 'sudo'), 0o755);
    const r = await s.run(remoteCommand({ sudo: true }));
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    const sudo = readFileSync(sudoLog, 'utf8').trim().split('\n');
    expect(sudo).toHaveLength(2);
    expect(sudo[0]).toMatch(/^-n journalctl -q --no-pager -n 0 --grep=\. /);
    expect(sudo[1]).toMatch(/^-n journalctl -u dcos-\* /);
  });
});

describe('what the end of the remote command says', () => {
  const hop = { user: 'core' };
  it.each([
    [{ code: 0, signal: undefined }, '', false, null],
    [
      { code: 0, signal: undefined },
      'Hint: You are currently not seeing messages from other users and the system.',
      false,
      /^core may not read the system journal: Hint: .*; use --sudo, or add core to the systemd-journal group$/,
    ],
    [undefined, '', false, /^the connection closed before the remote command finished/],
    [{ code: null, signal: 'KILL' }, '', false, /^the remote command was killed by signal KILL/],
    [
      { code: 127, signal: undefined },
      'bash: journalctl: command not found',
      false,
      /^journalctl not found on the host: bash: journalctl: command not found$/,
    ],
    [
      { code: 127, signal: undefined },
      'sh: 1: sudo: not found',
      true,
      /^sudo not found on the host/,
    ],
    [
      { code: 1, signal: undefined },
      'sudo: a password is required',
      true,
      /^sudo -n refused to run journalctl: sudo: a password is required/,
    ],
    [
      { code: 1, signal: undefined },
      'motd noise\nFailed to get journal fields: Bad message',
      false,
      /^journalctl failed with exit status 1: Failed to get journal fields: Bad message$/,
    ],
    [
      { code: 2, signal: undefined },
      '',
      false,
      /^journalctl failed with exit status 2 \(no message\)$/,
    ],
  ] as const)('%j %j', (exit, stderr, sudo, want) => {
    const got = remoteOutcome(exit, stderr, hop, sudo);
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatch(want);
  });
});
