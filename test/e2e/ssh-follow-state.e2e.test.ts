// The loop the README shows, with the built binary: a master followed over
// real sshd (real journalctl -f on a journal grown by systemd-journal-remote)
// with a state file, stopped and started again; the last run's plan covers
// everything seen, each entry counted once. Addresses 127.0.38.x belong to
// this file.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../src/report/schema.js';
import { events, startFollow } from '../helpers/follow-run.js';
import {
  auditEntries,
  buildJournal,
  cleanup,
  type Entry,
  type KeyPair,
  keygen,
  knownHostsLine,
  makeHome,
  noiseEntries,
  type Sshd,
  startSshd,
  tempDir,
} from '../helpers/sshd.js';

const HOST = 'master-1.example';
let dir: string;
let journalDir: string;
let userKey: KeyPair;
let sshd: Sshd;
let home: string;

beforeAll(async () => {
  dir = await tempDir();
  journalDir = join(dir, 'journal');
  mkdirSync(journalDir);
  const hostKey = await keygen(join(dir, 'host_ed25519'));
  userKey = await keygen(join(dir, 'user_ed25519'));
  await buildJournal(journalDir, 'a', [...noiseEntries(HOST, 30), ...auditEntries(HOST, 1, 2)]);
  sshd = await startSshd({
    dir,
    address: '127.0.38.11',
    hostKey,
    authorized: [userKey.pub],
    journal: journalDir,
  });
  home = await makeHome({ knownHosts: [knownHostsLine(sshd.address, sshd.port, hostKey.pub)] });
});

afterAll(cleanup);

/** A denial of kafka-principal on the role r<n>, `minute` minutes into the test's day. */
function kafka(n: number, minute: number): Entry {
  const usec = 1_763_805_600_000_000n + BigInt(minute) * 60_000_000n;
  const time = new Date(Number(usec / 1000n)).toISOString();
  return {
    usec,
    host: HOST,
    unit: 'dcos-bouncer.service',
    ident: 'bouncer.sh',
    pid: 1877,
    message: `[251122-10:00:02.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=${time} srcip=127.0.0.1 authorizer=bouncer uid=kafka-principal action=create object=dcos:mesos:master:reservation:role:r${n} result=deny reason="no matching ACL"`,
  };
}

describe('--ssh --follow --state -a kafka-principal, stopped and started again, then read to the end with -f plan', () => {
  it('reads each entry once across runs, and the last plan covers every run', async () => {
    const state = join(dir, 'migration.state');
    const read = ['--ssh', sshd.target, '-i', userKey.path, '--state', state];
    const args = [...read, '--follow'];
    const only = ['-a', 'kafka-principal'];
    const env = { HOME: home, SSH_AUTH_SOCK: '' };
    const denial = (role: string) => (l: string) =>
      l.includes('"event":"denied"') && l.includes(`:role:${role}"`);

    // First run: follows the host; what the journal gets while it runs is announced.
    const first = startFollow([...args, ...only, '-f', 'ndjson'], { env });
    await first.stdoutLine(denial('kafka-role'));
    await first.stdoutLine((l) => l.includes('"state":"following"'));
    await buildJournal(journalDir, 'b', [kafka(1, 60), kafka(2, 61)]);
    await first.stdoutLine(denial('r2'));
    first.child.kill('SIGINT');
    expect((await first.ended).code).toBe(1);
    const end = events(first.stdout()).at(-1)!;
    expect(end).toMatchObject({ event: 'end', partial: false, stats: { records: 12 } });

    // Meanwhile the journal grows; the second run announces only what is new to the state.
    await buildJournal(journalDir, 'c', [kafka(2, 120), kafka(3, 121)]);
    const second = startFollow([...args, ...only, '-f', 'ndjson'], { env });
    await second.stdoutLine(denial('r3'));
    second.child.kill('SIGTERM');
    expect((await second.ended).code).toBe(1);
    const seen = events(second.stdout()).filter((e) => e.event === 'denied');
    expect(seen.map((e) => e.rid)).toEqual(['dcos:mesos:master:reservation:role:r3']);

    // The last runs read the host to its end (a follow that ends on a timer
    // may end before the host is followed, and is then partial): nothing new
    // on the host, the report of every run, and its plan.
    const last = startFollow([...read, ...only, '-f', 'json'], { env });
    const r = await last.ended;
    expect(r.code).toBe(1);
    const report = Report.parse(JSON.parse(r.stdout));
    expect(report.partial).toBe(false);
    expect(report.stats.records).toBe(14);
    expect(report.inputs[0]).toMatchObject({ kind: 'ssh', records: 0, complete: true });
    const denied = report.accounts[0]!.denied.map((d) => `${d.rid.split(':').pop()} ${d.count}`);
    expect(denied).toEqual(['kafka-role 2', 'r1 1', 'r2 2', 'r3 1']);
    const plan = await startFollow([...read, ...only, '-f', 'plan'], { env }).ended;
    expect(plan.code).toBe(1);
    for (const role of ['kafka-role', 'r1', 'r2', 'r3'])
      expect(plan.stdout).toContain(`dcos:mesos:master:reservation:role:${role} create`);
  });
});
