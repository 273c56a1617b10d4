import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ended, pidOf, running } from '../../helpers/process-identity.js';
import {
  connectionsOf,
  cursors,
  journalctlRuns,
  type Reading,
  type ReadingOptions,
  readingsNow,
  readSsh,
  sessionOf,
} from '../../helpers/ssh-reading.js';
import {
  auditEntries,
  buildJournal,
  cleanup,
  freePort,
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
/** A jump host to the master. */
let bastion: Sshd;
let knownHosts: string;
let hostKey: KeyPair;
/** Audit records in the journal so far. */
let total = 0;
let batches = 0;

/**
 * Where the next batch starts, in seconds: after every entry before it
 * (a round is a minute). journalctl -f goes forward in time: an entry of a
 * new file that sorts before those it has shown is never shown.
 */
let clock = 3600;

/** Appends `rounds` rounds of audit records (5 each) and some noise, after all before them. */
async function grow(rounds: number, file: string): Promise<void> {
  step = `growing the journal by file ${file}`;
  batches++;
  const at = clock;
  clock += rounds * 60 + 3600;
  await buildJournal(journalDir, file, [
    ...noiseEntries(HOST, 20, 200, at),
    ...auditEntries(HOST, 1 + batches, rounds, at + 1),
  ]);
  total += rounds * 5;
}

const follows = (r: Reading) => r.states.filter((s) => s.state === 'following').length;
const latestJournalctl = () => pidOf(journalctlRuns(sshd).at(-1)!);

beforeAll(async () => {
  dir = await tempDir();
  journalDir = join(dir, 'journal');
  mkdirSync(journalDir);
  hostKey = await keygen(join(dir, 'host_ed25519'));
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
  bastion = await startSshd({
    dir,
    address: '127.0.36.20',
    hostKey,
    authorized: [userKey.pub],
    journal: journalDir,
    allowTcpForwarding: true,
  });
  knownHosts = join(dir, 'known_hosts');
  writeFileSync(
    knownHosts,
    [sshd, bastion].map((s) => `${knownHostsLine(s.address, s.port, hostKey.pub)}\n`).join(''),
  );
});

afterAll(cleanup);

// A wait that never ends shows only as the test's timeout: say what each
// reading had seen and was awaiting, and what the host ran.
let step = '';
beforeEach(({ onTestFailed }) => {
  step = 'starting';
  onTestFailed(() => {
    const runs = journalctlRuns(sshd).map((id) => `${pidOf(id)}${running(id) ? ' (running)' : ''}`);
    console.error(
      [
        `last step: ${step}`,
        readingsNow(),
        `journalctl runs on the host: ${runs.join(', ')}`,
        `sshd: ${sshd.log().split('\n').slice(-20).join('\n')}`,
      ].join('\n'),
    );
  });
});

/**
 * A follow of the master that has read every record so far; `reachTotal`
 * waits until it has read every record the journal holds now.
 */
async function following(
  opts: ReadingOptions,
): Promise<{ r: Reading; reachTotal(): Promise<void> }> {
  const r = await readSsh({ ...opts, follow: true });
  // Once there are enough, there must be no more: an entry read twice would show.
  const reachTotal = async () => {
    step = `reading up to ${total} records`;
    await r.until(() => r.agg.stats.records >= total, `${total} records`);
    expect(r.agg.stats.records).toBe(total);
  };
  await reachTotal();
  expect(r.states.map((s) => s.state)).toEqual(['connecting', 'following']);
  return { r, reachTotal };
}

describe('following a host over SSH', () => {
  it('reads what the journal gets, through killed journalctls and sessions, each entry once', async () => {
    const opts = { target: sshd.target, key: userKey.path, knownHosts };
    const { r, reachTotal } = await following(opts);

    // Grown in a new file, then by appending to it: real journalctl -f sees both.
    await grow(3, 'b');
    await reachTotal();
    await grow(2, 'b');
    await reachTotal();

    // The remote journalctl is killed: the follow connects again after the last cursor.
    step = 'killing journalctl';
    process.kill(latestJournalctl(), 'SIGKILL');
    await r.until(() => follows(r) === 2, 'follow 2');
    await grow(2, 'c');
    await reachTotal();

    // The SSH session is killed; the next journalctl will be killed while writing a
    // line (cut.out: 20 noise lines, then records, the last cut short).
    step = 'killing the session';
    writeFileSync(join(sshd.dir, 'cut'), '999');
    process.kill(sessionOf(latestJournalctl()), 'SIGKILL');
    await r.until(() => follows(r) === 3, 'follow 3');
    await grow(400, 'd');
    await r.until(() => follows(r) === 4, 'follow 4');
    await reachTotal();
    const cut = readFileSync(join(sshd.dir, 'cut.out'), 'utf8').split('\n');
    expect(cut).toHaveLength(1000);
    expect(cut.at(-2)).toMatch(/"MESSAGE":"[^"]*type=audit/);

    step = 'stopping';
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
    step = 'reading the whole journal once';
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
    step = 'waiting for every journalctl to end';
    for (const run of journalctlRuns(sshd)) await ended(run);
  });

  it('follows through a jump host, and opens the jump anew when its connection drops', async () => {
    const opts = { target: sshd.target, jump: bastion.target, key: userKey.path, knownHosts };
    const { r, reachTotal } = await following(opts);
    const jump = connectionsOf(bastion);
    expect(jump.length).toBeGreaterThan(0);
    await grow(2, 'e');
    await reachTotal();

    // journalctl is killed on the master: the follow connects again through the jump it has.
    process.kill(latestJournalctl(), 'SIGKILL');
    await r.until(() => follows(r) === 2, 'follow 2');
    expect(connectionsOf(bastion)).toEqual(jump);
    await grow(2, 'f');
    await reachTotal();

    // The connection to the jump host drops, and the master's inside it: a new
    // jump is opened, and reading goes on after the last cursor.
    for (const pid of jump) process.kill(pid, 'SIGKILL');
    await r.until(() => follows(r) === 3, 'follow 3');
    const again = connectionsOf(bastion);
    expect(again.length).toBeGreaterThan(0);
    expect(again.some((pid) => jump.includes(pid))).toBe(false);
    await grow(2, 'g');
    await reachTotal();

    r.stop();
    const status = await r.status;
    expect(status).toMatchObject({ complete: true, error: null, records: total });
    const retries = r.states.filter((s) => s.state === 'retrying').map((s) => s.detail);
    expect(retries).toHaveLength(2);
    expect(retries[0]).toMatch(/journalctl was killed on the host/);
    expect(retries[1]).toMatch(/the connection closed before the remote command finished/);

    // Exactly what one read of the whole journal through the jump finds.
    const once = await readSsh(opts);
    expect(await once.status).toMatchObject({ complete: true, records: total });
    expect(r.agg.snapshot()).toEqual(once.agg.snapshot());
  });

  it('tries a jump host that was down again, at the next retry', async () => {
    // Nothing listens there yet: the first connection is refused.
    const address = '127.0.36.21';
    const port = await freePort(address);
    writeFileSync(knownHosts, `${knownHostsLine(address, port, hostKey.pub)}\n`, { flag: 'a' });
    const opts = { target: sshd.target, jump: `${address}:${port}`, key: userKey.path, knownHosts };
    const r = await readSsh({ ...opts, follow: true });
    step = 'waiting for the refused jump';
    await r.until(() => r.states.some((s) => s.state === 'retrying'), 'a retry');
    expect(r.states.find((s) => s.state === 'retrying')!.detail).toMatch(
      new RegExp(`jump host ${address}:${port}: .*refused`),
    );
    step = 'starting the jump host';
    const late = await startSshd({
      dir,
      address,
      port,
      hostKey,
      authorized: [userKey.pub],
      journal: journalDir,
      allowTcpForwarding: true,
    });
    step = `reading up to ${total} records through the jump host started late`;
    // Up to three retries after it started: a jump remembered as refused is never tried again.
    const before = r.states.length;
    const retriesSince = () => r.states.slice(before).filter((s) => s.state === 'retrying').length;
    await r.until(() => r.agg.stats.records >= total || retriesSince() >= 3, `${total} records`);
    expect(r.agg.stats.records).toBe(total);
    expect(connectionsOf(late).length).toBeGreaterThan(0);
    r.stop();
    expect(await r.status).toMatchObject({ complete: true, error: null, records: total });
  });
});
