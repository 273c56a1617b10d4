import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cursors,
  journalctlPids,
  type Reading,
  readSsh,
  running,
  sessionOf,
} from '../../helpers/ssh-reading.js';
import {
  auditEntries,
  buildJournal,
  cleanup,
  type KeyPair,
  keygen,
  knownHostsLine,
  noiseEntries,
  run,
  type Sshd,
  startSshd,
  tempDir,
} from '../../helpers/sshd.js';

// A master whose journal is a directory of real journal files, grown by
// systemd-journal-remote while real journalctl -f reads it over real sshd.
// Addresses 127.0.36.x belong to this file.
const HOST = 'master-1.example';
let dir: string;
let journalDir: string;
let userKey: KeyPair;
let sshd: Sshd;
let knownHosts: string;
/** Audit records in the journal so far. */
let total = 0;
let batches = 0;

/** Appends `rounds` rounds of audit records (5 each) and some noise, after all before them. */
async function grow(rounds: number, file: string): Promise<void> {
  batches++;
  const at = batches * 3600;
  await buildJournal(journalDir, file, [
    ...noiseEntries(HOST, 20, 200, at),
    ...auditEntries(HOST, 1 + batches, rounds, at + 1),
  ]);
  total += rounds * 5;
}

const follows = (r: Reading) => r.states.filter((s) => s.state === 'following').length;
const latestJournalctl = () => journalctlPids(sshd).at(-1)!;

beforeAll(async () => {
  dir = await tempDir();
  journalDir = join(dir, 'journal');
  mkdirSync(journalDir);
  const hostKey = await keygen(join(dir, 'host_ed25519'));
  userKey = await keygen(join(dir, 'user_ed25519'));
  await buildJournal(journalDir, 'a', [...noiseEntries(HOST, 30), ...auditEntries(HOST, 1, 2)]);
  total = 10;
  sshd = await startSshd({
    dir,
    address: '127.0.36.11',
    hostKey,
    authorized: [userKey.pub],
    journal: journalDir,
    mode: 'watched',
  });
  knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `${knownHostsLine(sshd.address, sshd.port, hostKey.pub)}\n`);
});

afterAll(cleanup);

describe('following a host over SSH', () => {
  it('reads what the journal gets, through killed journalctls and sessions, each entry once', async () => {
    const opts = { target: sshd.target, key: userKey.path, knownHosts };
    const r = await readSsh({ ...opts, follow: true });
    const records = () => r.agg.stats.records;
    // Once there are enough, there must be no more: an entry read twice would show.
    const reachTotal = async () => {
      await r.until(() => records() >= total);
      expect(records()).toBe(total);
    };
    await reachTotal();
    expect(r.states.map((s) => s.state)).toEqual(['connecting', 'following']);

    // Grown in a new file, then by appending to it: real journalctl -f sees both.
    await grow(3, 'b');
    await reachTotal();
    await grow(2, 'b');
    await reachTotal();

    // The remote journalctl is killed: the follow connects again after the last cursor.
    process.kill(latestJournalctl(), 'SIGKILL');
    await r.until(() => follows(r) === 2);
    await grow(2, 'c');
    await reachTotal();

    // The SSH session is killed; the next journalctl will be killed while writing a
    // line (cut.out: 20 noise lines, then records, the last cut short).
    writeFileSync(join(sshd.dir, 'cut'), '999');
    process.kill(sessionOf(latestJournalctl()), 'SIGKILL');
    await r.until(() => follows(r) === 3);
    await grow(400, 'd');
    await r.until(() => follows(r) === 4);
    await reachTotal();
    const cut = readFileSync(join(sshd.dir, 'cut.out'), 'utf8').split('\n');
    expect(cut).toHaveLength(1000);
    expect(cut.at(-2)).toMatch(/"MESSAGE":"[^"]*type=audit/);

    r.stop();
    const status = await r.status;
    expect(status).toMatchObject({ complete: true, error: null, records: total });
    const states = r.states.map((s) => s.state);
    expect(states.at(-1)).toBe('done');
    expect(states).not.toContain('failed');
    const retries = r.states.filter((s) => s.state === 'retrying').map((s) => s.detail);
    // (How the waits grow is the backoff's test: one that followed a healthy while starts over.)
    expect(retries).toHaveLength(3);
    expect(retries[0]).toMatch(
      /^in \d+(\.\d)? s: journalctl was killed on the host \(exit status 137\)/,
    );
    expect(retries[1]).toMatch(/^in \d+(\.\d)? s: the connection closed before the remote command/);
    expect(retries[2]).toMatch(/^in \d+(\.\d)? s: journalctl was killed on the host/);

    // Exactly what one read of the whole journal finds, to the last cursor.
    const once = await readSsh(opts);
    const whole = await once.status;
    expect(whole).toMatchObject({ complete: true, records: total, lines: status.lines });
    expect(r.agg.snapshot()).toEqual(once.agg.snapshot());
    const audit = await run('journalctl', [
      ...['--directory', journalDir, '-u', 'dcos-*', '-o', 'json', '--grep', 'type=audit'],
    ]);
    expect(r.input.position()).toEqual({ kind: 'journal', cursor: cursors(audit.stdout).at(-1) });
    expect(once.input.position()).toEqual(r.input.position());

    // The watchdog ended every journalctl -f once its connection was gone.
    for (const pid of journalctlPids(sshd))
      while (running(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
  });
});
