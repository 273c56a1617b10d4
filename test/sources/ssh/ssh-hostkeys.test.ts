import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/report/schema.js';
import {
  audit2grant,
  auditEntries,
  buildJournal,
  cleanup,
  type KeyPair,
  keygen,
  knownHostsLine,
  makeHome,
  run,
  type Sshd,
  sshFingerprint,
  startSshd,
  tempDir,
} from '../../helpers/sshd.js';

// Addresses 127.0.32.x belong to this file.
let dir: string;
let userKey: KeyPair;
let hostKey: KeyPair;
let otherKey: KeyPair;
let sshd: Sshd;
let second: Sshd;

beforeAll(async () => {
  dir = await tempDir();
  hostKey = await keygen(join(dir, 'host_ed25519'));
  otherKey = await keygen(join(dir, 'impostor_ed25519'));
  userKey = await keygen(join(dir, 'user_ed25519'));
  const journal = await buildJournal(dir, 'm', auditEntries('master-1.example', 1));
  const started = await Promise.all(
    ['127.0.32.11', '127.0.32.12'].map((address) =>
      startSshd({ dir, address, hostKey, authorized: [userKey.pub], journal }),
    ),
  );
  sshd = started[0]!;
  second = started[1]!;
});

afterAll(cleanup);

const parse = (stdout: string) => JSON.parse(stdout) as Report;

function readAll(args: string[], home: string) {
  return audit2grant(['-f', 'json', '-i', userKey.path, '--ssh', ...args], { home });
}

describe('host keys', () => {
  it('refuses an unknown host, with its fingerprint and how to accept it', async () => {
    const home = await makeHome({ knownHosts: [] });
    const got = await readAll([`${sshd.target},${second.target}`], home);
    expect(got.code).toBe(3);
    const r = parse(got.stdout);
    expect(r.partial).toBe(true);
    const fp = await sshFingerprint(`${hostKey.path}.pub`);
    for (const input of r.inputs) {
      expect(input.complete).toBe(false);
      expect(input.bytes).toBe(0);
      expect(input.error).toContain('unknown host key');
      expect(input.error).toContain(`ED25519 key ${fp}`);
      expect(input.error).toContain('--accept-new-host-keys');
    }
    expect(got.stderr).toContain(`${sshd.target}: unknown host key: [127.0.32.11]:${sshd.port}`);
    expect(readFileSync(join(home, '.ssh', 'known_hosts'), 'utf8')).toBe('\n');
  });

  it('--accept-new-host-keys records new hosts, and OpenSSH reads what it wrote', async () => {
    const home = await makeHome();
    const file = join(home, '.ssh', 'known_hosts');
    const first = await readAll(
      [`${sshd.target},${second.target}`, '--accept-new-host-keys'],
      home,
    );
    expect(first.code).toBe(1);
    expect(parse(first.stdout).partial).toBe(false);
    expect(first.stderr).toContain(`added [127.0.32.11]:${sshd.port} (ED25519 key`);
    const lines = readFileSync(file, 'utf8').trim().split('\n').sort();
    expect(lines).toEqual(
      [
        knownHostsLine(sshd.address, sshd.port, hostKey.pub),
        knownHostsLine(second.address, second.port, hostKey.pub),
      ].sort(),
    );
    const found = await run('ssh-keygen', ['-F', `[127.0.32.11]:${sshd.port}`, '-f', file]);
    expect(found.code).toBe(0);

    // Known now: read without the flag, nothing more added.
    const again = await readAll([sshd.target], home);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('');
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('refuses a changed host key, even with --accept-new-host-keys', async () => {
    const home = await makeHome({
      knownHosts: [
        '# an old key of the host',
        knownHostsLine(sshd.address, sshd.port, otherKey.pub),
        knownHostsLine(second.address, second.port, hostKey.pub),
      ],
    });
    const file = join(home, '.ssh', 'known_hosts');
    const before = readFileSync(file, 'utf8');
    const got = await readAll([`${sshd.target},${second.target}`, '--accept-new-host-keys'], home);
    expect(got.code).toBe(3);
    const [changed, fine] = parse(got.stdout).inputs;
    expect(changed!.complete).toBe(false);
    expect(changed!.error).toContain('HOST KEY CHANGED');
    expect(changed!.error).toContain(`${file} line 2`);
    expect(changed!.error).toContain(`ssh-keygen -R '[127.0.32.11]:${sshd.port}'`);
    expect(fine).toMatchObject({ complete: true, error: null });
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('looks up a HostKeyAlias as OpenSSH does: the alias alone, on any port', async () => {
    const config = `Host lab\n  HostName ${sshd.address}\n  Port ${sshd.port}\n  HostKeyAlias lab-master\n`;
    const line = (pub: string) => `lab-master ${pub.split(' ').slice(0, 2).join(' ')}`;
    const known = await makeHome({ config, knownHosts: [line(hostKey.pub)] });
    const ok = await readAll(['lab'], known);
    expect(ok.code, ok.stderr).toBe(1);
    expect(ok.stderr).toBe('');
    // Another key for the alias is a changed key, even with --accept-new-host-keys.
    const changed = await makeHome({ config, knownHosts: [line(otherKey.pub)] });
    const file = join(changed, '.ssh', 'known_hosts');
    const before = readFileSync(file, 'utf8');
    const got = await readAll(['lab', '--accept-new-host-keys'], changed);
    expect(got.code).toBe(3);
    expect(parse(got.stdout).inputs[0]!.error).toContain('HOST KEY CHANGED');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses a key of another type than the one recorded', async () => {
    const ecdsa = await keygen(join(dir, 'old_ecdsa'), { type: 'ecdsa' });
    const home = await makeHome({
      knownHosts: [knownHostsLine(sshd.address, sshd.port, ecdsa.pub)],
    });
    const got = await readAll([sshd.target, '--accept-new-host-keys'], home);
    expect(got.code).toBe(3);
    expect(parse(got.stdout).inputs[0]!.error).toContain('records another ECDSA key');
  });

  it('reads --known-hosts FILE, with wildcard and @revoked entries', async () => {
    const file = join(dir, 'known_hosts.custom');
    writeFileSync(file, `[127.0.32.1?]:* ${hostKey.pub.split(' ').slice(0, 2).join(' ')}\n`);
    const home = await makeHome();
    const ok = await audit2grant(
      ['-f', 'json', '-i', userKey.path, '--known-hosts', file, '--ssh', sshd.target],
      { home },
    );
    expect(ok.code).toBe(1);

    writeFileSync(
      file,
      `@revoked * ${hostKey.pub.split(' ').slice(0, 2).join(' ')}\n${knownHostsLine(sshd.address, sshd.port, hostKey.pub)}\n`,
    );
    const revoked = await audit2grant(
      ['-f', 'json', '-i', userKey.path, '--known-hosts', file, '--ssh', sshd.target],
      { home },
    );
    expect(revoked.code).toBe(3);
    expect(parse(revoked.stdout).inputs[0]!.error).toContain('@revoked');
  });
});
