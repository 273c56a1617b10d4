import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/report/schema.js';
import {
  audit2grant,
  auditEntries,
  BIN,
  buildJournal,
  cleanup,
  journalJson,
  type KeyPair,
  keygen,
  knownHostsLine,
  makeHome,
  noiseEntries,
  run,
  type Sshd,
  startAgent,
  startSshd,
  tempDir,
  withoutSamples,
} from '../../helpers/sshd.js';

// Three "masters" with their own journals, a bastion, and the keys to reach them.
// Addresses 127.0.31.x belong to this file.
let dir: string;
let userKey: KeyPair;
let masters: Sshd[];
let bastion: Sshd;
let journals: string[];
let knownHosts: string[];

const NAMES = ['master-1.example', 'master-2.example', 'master-3.example'];

beforeAll(async () => {
  dir = await tempDir();
  const hostKey = await keygen(join(dir, 'host_ed25519'));
  const bastionKey = await keygen(join(dir, 'bastion_ecdsa'), { type: 'ecdsa' });
  userKey = await keygen(join(dir, 'user_ed25519'));
  journals = await Promise.all(
    NAMES.map((name, i) =>
      buildJournal(dir, `m${i + 1}`, [
        ...noiseEntries(name, 40, 200, i),
        ...auditEntries(name, i + 1, 2 + i, i),
      ]),
    ),
  );
  masters = await Promise.all(
    journals.map((journal, i) =>
      startSshd({
        dir,
        address: `127.0.31.${11 + i}`,
        hostKey,
        authorized: [userKey.pub],
        journal,
        // A read cut short once under load (master-b, through the bastion): their logs say why.
        logLevel: 'DEBUG1',
      }),
    ),
  );
  bastion = await startSshd({
    dir,
    address: '127.0.31.20',
    hostKey: bastionKey,
    authorized: [userKey.pub],
    journal: journals[0]!,
    allowTcpForwarding: true,
    logLevel: 'DEBUG1',
  });
  knownHosts = [...masters, bastion].map((s) => knownHostsLine(s.address, s.port, s.hostKey.pub));
});

afterAll(cleanup);

const parse = (stdout: string) => JSON.parse(stdout) as Report;

/** What must not depend on how the journals reached audit2grant. */
function findings(r: Report) {
  return withoutSamples({
    accounts: r.accounts,
    unattributed: r.unattributed,
    truncated: r.truncated,
    authenticationFailures: r.authenticationFailures,
    invalid: r.invalid,
    suspicious: r.suspicious.map((p) => [p.problem, p.count]),
    malformed: r.malformed.map((p) => [p.problem, p.count]),
  });
}

describe('reading several hosts over SSH', () => {
  it('merges three hosts into the report of their concatenated journals', async () => {
    const home = await makeHome({ knownHosts });
    const concatenated = join(dir, 'concatenated.json');
    writeFileSync(concatenated, await journalJson(journals));
    const expected = await audit2grant(['-f', 'json', concatenated], { home });
    expect(expected.code).toBe(1);
    const want = parse(expected.stdout);
    expect(want.accounts.map((a) => a.uid)).toEqual(
      expect.arrayContaining(['kafka-principal', 'svc-1', 'svc-2', 'svc-3', 'deploy-1']),
    );

    const targets = masters.map((m) => m.target).join(',');
    for (const filter of ['on', 'off']) {
      const got = await audit2grant(['-f', 'json', '--ssh', targets, '-i', userKey.path], {
        home,
        env: { AUDIT2GRANT_SSH_FILTER: filter },
      });
      expect(got.stderr).toBe('');
      expect(got.code).toBe(1);
      const report = parse(got.stdout);
      expect(report.partial).toBe(false);
      expect(findings(report)).toEqual(findings(want));
      const { lines, notAudit, ...records } = report.stats;
      const { lines: wantLines, notAudit: wantNotAudit, ...wantRecords } = want.stats;
      expect(records).toEqual(wantRecords);
      // The filter drops the noise before it crosses the network; without it, every line arrives.
      if (filter === 'off') expect([lines, notAudit]).toEqual([wantLines, wantNotAudit]);
      else expect(notAudit).toBe(0);
      expect(report.inputs.map((i) => [i.source, i.kind, i.complete, i.error])).toEqual(
        masters.map((m) => [m.target, 'ssh', true, null]),
      );
      expect(report.inputs.map((i) => i.records)).toEqual([10, 15, 20]);
      // Records carry the journal's _HOSTNAME, not the address they were read from.
      expect(report.accounts.find((a) => a.uid === 'kafka-principal')!.denied[0]!.hosts).toEqual(
        NAMES,
      );
    }
  });

  it('shows a hosts table in the table output', async () => {
    const home = await makeHome({ knownHosts });
    const got = await audit2grant(['--ssh', masters[0]!.target, '-i', userKey.path], { home });
    expect(got.code).toBe(1);
    expect(got.stdout).toContain('Hosts read over SSH: 1 complete, 0 not read completely');
    expect(got.stdout).toMatch(new RegExp(`${masters[0]!.target.replaceAll('.', '\\.')} +│ ok +│`));
    expect(got.stdout).toContain(`root@${masters[0]!.target}`);
  });

  it('combines SSH hosts with files and stdin; with --ssh alone stdin is not read', async () => {
    const home = await makeHome({ knownHosts });
    const file = join(dir, 'm2.json');
    writeFileSync(file, await journalJson([journals[1]!]));
    const both = await audit2grant(
      ['-f', 'json', '--ssh', masters[0]!.target, '-i', userKey.path, file, '-'],
      { home, stdin: await journalJson([journals[2]!]) },
    );
    const r = parse(both.stdout);
    expect(r.inputs.map((i) => [i.source, i.kind, i.records])).toEqual([
      [file, 'file', 15],
      ['-', 'stdin', 20],
      [masters[0]!.target, 'ssh', 10],
    ]);

    const sshOnly = await audit2grant(
      ['-f', 'json', '--ssh', masters[0]!.target, '-i', userKey.path],
      {
        home,
        stdin: await journalJson([journals[2]!]),
      },
    );
    expect(parse(sshOnly.stdout).inputs.map((i) => i.source)).toEqual([masters[0]!.target]);
  });

  it('shows progress on a terminal (and none in a pipe, as every other test checks)', async () => {
    const home = await makeHome({ knownHosts });
    const targets = masters.map((m) => m.target).join(',');
    // script(1) runs the command on a pseudo-terminal: stderr is a TTY there.
    const command = `'${process.execPath}' '${BIN}' -f json -i '${userKey.path}' --ssh ${targets}`;
    const got = await run('script', ['-qec', command, '/dev/null'], {
      env: { PATH: process.env.PATH, HOME: home, SOURCE_DATE_EPOCH: '0' },
    });
    expect(got.code).toBe(1);
    expect(got.stdout).toMatch(/\r\u001b\[2Kaudit2grant: \d\/3 hosts read, \d+ audit records, /);
    expect(got.stdout).toContain('3/3 hosts read, 45 audit records');
  });

  it('attributes records without _HOSTNAME to the SSH target', async () => {
    const journal = await buildJournal(dir, 'nohost', auditEntries(undefined, 9));
    const sshd = await startSshd({
      dir,
      address: '127.0.31.14',
      hostKey: masters[0]!.hostKey,
      authorized: [userKey.pub],
      journal,
    });
    const home = await makeHome({
      knownHosts: [knownHostsLine(sshd.address, sshd.port, sshd.hostKey.pub)],
    });
    const got = await audit2grant(['-f', 'json', '--ssh', sshd.target, '-i', userKey.path], {
      home,
    });
    const r = parse(got.stdout);
    expect(r.accounts.find((a) => a.uid === 'svc-9')!.denied[0]!.hosts).toEqual(['127.0.31.14']);
    await sshd.stop();
  });
});

describe('authentication', () => {
  it('uses ssh-agent (SSH_AUTH_SOCK) when no key is named', async () => {
    const home = await makeHome({ knownHosts });
    const agent = await startAgent(dir, [userKey.path]);
    const got = await audit2grant(['-f', 'json', '--ssh', masters[1]!.target], {
      home,
      env: { SSH_AUTH_SOCK: agent.sock },
    });
    agent.stop();
    expect(got.stderr).toBe('');
    expect(parse(got.stdout).inputs[0]).toMatchObject({ complete: true, records: 15 });
  });

  it('goes on to -i keys when the agent has none that fits', async () => {
    const home = await makeHome({ knownHosts });
    const other = await keygen(join(dir, 'agent_other'));
    const agent = await startAgent(dir, [other.path]);
    const got = await audit2grant(['-f', 'json', '--ssh', masters[1]!.target, '-i', userKey.path], {
      home,
      env: { SSH_AUTH_SOCK: agent.sock },
    });
    agent.stop();
    expect(parse(got.stdout).inputs[0]).toMatchObject({ complete: true, records: 15 });
  });

  it('uses a key file, and the default ~/.ssh/id_ed25519 when none is named', async () => {
    const home = await makeHome({ knownHosts });
    await run('cp', [userKey.path, join(home, '.ssh', 'id_ed25519')]);
    const got = await audit2grant(['-f', 'json', '--ssh', masters[2]!.target], { home });
    expect(got.stderr).toBe('');
    expect(parse(got.stdout).inputs[0]).toMatchObject({ complete: true, records: 20 });
  });

  it('opens an encrypted key with AUDIT2GRANT_KEY_PASSPHRASE or a prompt on a terminal, and says what to do without either', async () => {
    const secret = await keygen(join(dir, 'user_encrypted'), {
      passphrase: 'correct horse battery',
    });
    const sshd = await startSshd({
      dir,
      address: '127.0.31.15',
      hostKey: masters[0]!.hostKey,
      authorized: [secret.pub],
      journal: journals[0]!,
    });
    const home = await makeHome({
      knownHosts: [knownHostsLine(sshd.address, sshd.port, sshd.hostKey.pub)],
    });
    const args = ['-f', 'json', '--ssh', sshd.target, '-i', secret.path];
    const ok = await audit2grant(args, {
      home,
      env: { AUDIT2GRANT_KEY_PASSPHRASE: 'correct horse battery' },
    });
    expect(ok.stderr).toBe('');
    expect(parse(ok.stdout).inputs[0]).toMatchObject({ complete: true, records: 10 });

    // No terminal to ask on and no variable: a usage error naming the fix, before any connection.
    const none = await audit2grant(args, { home });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('encrypted: set AUDIT2GRANT_KEY_PASSPHRASE');
    const wrong = await audit2grant(args, { home, env: { AUDIT2GRANT_KEY_PASSPHRASE: 'wrong' } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('wrong passphrase');

    // On a terminal, the passphrase is asked for, without echo.
    const command = `'${process.execPath}' '${BIN}' ${args.map((a) => `'${a}'`).join(' ')}`;
    const tty = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], {
        env: { PATH: process.env.PATH, HOME: home, SOURCE_DATE_EPOCH: '0' },
      });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (d.includes('Passphrase for')) child.stdin.write('correct horse battery\r');
      });
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(tty.out).toContain(`Passphrase for ${secret.path}: `);
    expect(tty.out).not.toContain('correct horse');
    expect(tty.out).toContain('"complete": true');
    expect(tty.code).toBe(1);
    await sshd.stop();
  });
});

describe('jump hosts and ~/.ssh/config', () => {
  it('reaches the hosts through a bastion (--jump), one shared connection', async () => {
    const home = await makeHome({ knownHosts });
    const got = await audit2grant(
      [
        '-f',
        'json',
        '--ssh',
        masters.map((m) => m.target).join(','),
        '--jump',
        `root@${bastion.target}`,
        '-i',
        userKey.path,
      ],
      { home },
    );
    expect(got.stderr).toBe('');
    const r = parse(got.stdout);
    expect(r.inputs.map((i) => [i.complete, i.records])).toEqual([
      [true, 10],
      [true, 15],
      [true, 20],
    ]);
    expect(r.inputs[0]!.target).toBe(`root@${masters[0]!.target} via root@${bastion.target}`);
    // The bastion opened a forwarding channel to each master.
    for (const m of masters) {
      expect(bastion.log()).toMatch(
        new RegExp(`target ${m.address.replaceAll('.', '\\.')} port ${m.port}`),
      );
    }
    expect(bastion.log().match(/Accepted publickey/g)).toHaveLength(1);
  });

  it('follows ~/.ssh/config: HostName, Port, User, IdentityFile, ProxyJump, hashed known_hosts', async () => {
    const [a, b] = masters;
    const home = await makeHome({
      knownHosts,
      config: [
        'Host master-a',
        `  HostName ${a!.address}`,
        `  Port ${a!.port}`,
        '  User root',
        '  IdentityFile ~/.ssh/lab_key',
        '',
        'Host master-b',
        `  HostName ${b!.address}`,
        `  Port ${b!.port}`,
        '  ProxyJump bastion',
        '',
        'Host bastion',
        `  HostName ${bastion.address}`,
        `  Port ${bastion.port}`,
        '',
        'Host *',
        '  IdentityFile ~/.ssh/lab_key',
        '',
      ].join('\n'),
    });
    await run('cp', [userKey.path, join(home, '.ssh', 'lab_key')]);
    // Hash the known_hosts names the way OpenSSH does (|1|salt|hash).
    const hashed = await run('ssh-keygen', ['-H', '-f', join(home, '.ssh', 'known_hosts')]);
    expect(hashed.code).toBe(0);

    const got = await audit2grant(['-f', 'json', '--ssh', 'master-a,master-b'], { home });
    expect(got.stderr, `master-b's sshd:\n${b!.log()}\nthe bastion's:\n${bastion.log()}`).toBe('');
    const r = parse(got.stdout);
    expect(r.inputs.map((i) => [i.source, i.complete, i.records, i.host])).toEqual([
      ['master-a', true, 10, 'master-a'],
      ['master-b', true, 15, 'master-b'],
    ]);
    expect(r.inputs[1]!.target).toBe(`root@${b!.target} via root@${bastion.target}`);

    // An alias and the address it stands for are one host: read once, not counted twice.
    const twice = await audit2grant(['-f', 'json', '--ssh', `master-a,root@${a!.target}`], {
      home,
    });
    expect(twice.stderr).toBe(
      `audit2grant: root@${a!.target}: the same host as master-a (root@${a!.target}), read once\n`,
    );
    expect(parse(twice.stdout).inputs.map((i) => i.source)).toEqual(['master-a']);
    // Another user on it reads the same journal: once too.
    const user = await audit2grant(['-f', 'json', '--ssh', `master-a,nobody@${a!.target}`], {
      home,
    });
    expect(user.stderr).toBe(
      `audit2grant: nobody@${a!.target}: the same host as master-a (nobody@${a!.target}), read once
`,
    );
    expect(parse(user.stdout).inputs.map((i) => i.source)).toEqual(['master-a']);
  });

  it('--state keeps apart one address reached directly and through a bastion (maybe two machines)', async () => {
    const [a] = masters;
    const home = await makeHome({
      knownHosts,
      config: [
        'Host direct',
        `  HostName ${a!.address}`,
        `  Port ${a!.port}`,
        'Host jumped',
        `  HostName ${a!.address}`,
        `  Port ${a!.port}`,
        `  ProxyJump root@${bastion.target}`,
        '',
      ].join('\n'),
    });
    const state = join(home, 'run.state');
    const args = ['-f', 'json', '-i', userKey.path, '--state', state, '--ssh', 'direct,jumped'];
    const first = await audit2grant(args, { home });
    expect(first.code, first.stderr).toBe(1);
    const saved = JSON.parse(readFileSync(state, 'utf8')) as { inputs: { key: string }[] };
    expect(saved.inputs.map((i) => i.key).sort()).toEqual([
      `ssh:${a!.target}`,
      `ssh:${a!.target} via ${bastion.target}`,
    ]);
    // Each resumes from its own place: nothing new, nothing read twice.
    const again = await audit2grant(args, { home });
    expect(again.code, again.stderr).toBe(1);
    expect(parse(again.stdout).inputs.map((i) => [i.source, i.records])).toEqual([
      ['direct', 0],
      ['jumped', 0],
    ]);
    // A state written before the chain was part of the key: the jumped host
    // alone in it resumes from its place, kept from then on under its own key.
    const legacy = join(home, 'legacy.state');
    const only = ['-f', 'json', '-i', userKey.path, '--state', legacy, '--ssh', 'jumped'];
    expect((await audit2grant(only, { home })).code).toBe(1);
    writeFileSync(legacy, readFileSync(legacy, 'utf8').replaceAll(` via ${bastion.target}`, ''));
    const resumed = await audit2grant(only, { home });
    expect(parse(resumed.stdout).inputs.map((i) => [i.source, i.records])).toEqual([['jumped', 0]]);
    const kept = JSON.parse(readFileSync(legacy, 'utf8')) as { inputs: { key: string }[] };
    expect(kept.inputs.map((i) => i.key)).toEqual([`ssh:${a!.target} via ${bastion.target}`]);
  });
});
