import { readFileSync } from 'node:fs';
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
  noiseEntries,
  type Sshd,
  startSshd,
  tempDir,
} from '../../helpers/sshd.js';

// Addresses 127.0.35.x belong to this file: 50 hosts, one sshd each.
const HOSTS = 50;
let userKey: KeyPair;
let hosts: Sshd[];
let home: string;

beforeAll(async () => {
  const dir = await tempDir();
  const hostKey = await keygen(join(dir, 'host_ed25519'));
  userKey = await keygen(join(dir, 'user_ed25519'));
  const journal = await buildJournal(dir, 'm', [
    ...noiseEntries(undefined, 20),
    ...auditEntries(undefined, 1, 2),
  ]);
  hosts = [];
  for (let i = 0; i < HOSTS; i += 10) {
    hosts.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(10, HOSTS - i) }, (_, k) =>
          startSshd({
            dir,
            address: `127.0.35.${10 + i + k}`,
            hostKey,
            authorized: [userKey.pub],
            journal,
            mode: 'logged',
          }),
        ),
      )),
    );
  }
  home = await makeHome({
    knownHosts: hosts.map((h) => knownHostsLine(h.address, h.port, hostKey.pub)),
  });
});

afterAll(cleanup);

/** The most sessions that ran at once, from the start/end lines the hosts logged. */
function maxConcurrent(): number {
  const events = hosts.flatMap((h) =>
    readFileSync(join(h.dir, 'sessions.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [kind, at] = line.split(' ');
        return { at: Number(at), delta: kind === 'start' ? 1 : -1 };
      }),
  );
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let now = 0;
  let max = 0;
  for (const e of events) {
    now += e.delta;
    max = Math.max(max, now);
  }
  return max;
}

describe('many hosts', () => {
  it('reads 50 hosts with --parallel 16, all accounted for', async () => {
    const targets = hosts.map((h) => h.target);
    const got = await audit2grant(
      ['-f', 'json', '-i', userKey.path, '--parallel', '16', '--ssh', targets.join(',')],
      { home, timeoutMs: 240_000 },
    );
    expect(got.stderr).toBe('');
    expect(got.code).toBe(1);
    const r = JSON.parse(got.stdout) as Report;
    expect(r.partial).toBe(false);
    expect(r.inputs.map((i) => i.source)).toEqual(targets);
    expect(r.inputs.every((i) => i.kind === 'ssh' && i.complete && i.records === 10)).toBe(true);
    expect(r.stats.records).toBe(HOSTS * 10);
    // No _HOSTNAME in these journals: every record is attributed to the host it was read from.
    const kafka = r.accounts.find((a) => a.uid === 'kafka-principal')!.denied[0]!;
    expect(kafka.count).toBe(HOSTS * 2);
    expect(kafka.hosts).toEqual(hosts.map((h) => h.address).sort());
    // At most 16 at once; more than one, for sure: a host's session waits
    // for a second one to start ('logged' mode in helpers/sshd.ts).
    const sessions = maxConcurrent();
    expect(sessions).toBeLessThanOrEqual(16);
    expect(sessions).toBeGreaterThan(1);
  });
});
