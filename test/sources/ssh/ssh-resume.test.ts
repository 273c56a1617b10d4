import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merge } from '../../../src/report/merge.js';
import type { InputPosition } from '../../../src/sources/position.js';
import { cursors, type ReadingOptions, readSsh } from '../../helpers/ssh-reading.js';
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
  withoutSamples,
} from '../../helpers/sshd.js';

// Resuming after a saved cursor, and the failures a follow does or does not retry.
// Addresses 127.0.37.x belong to this file.
const HOST = 'master-2.example';
let dir: string;
let journalDir: string;
let hostKey: KeyPair;
let userKey: KeyPair;
let stranger: KeyPair;
let master: Sshd;
let denied: Sshd;
let knownHosts: string;
let total = 0;
let batches = 0;

async function grow(rounds: number): Promise<void> {
  batches++;
  const at = batches * 3600;
  await buildJournal(journalDir, `b${batches}`, [
    ...noiseEntries(HOST, 20, 200, at),
    ...auditEntries(HOST, 1 + batches, rounds, at + 1),
  ]);
  total += rounds * 5;
}

async function lastAuditCursor(): Promise<InputPosition> {
  const args = ['--directory', journalDir, '-u', 'dcos-*', '-o', 'json', '--grep', 'type=audit'];
  return { kind: 'journal', cursor: cursors((await run('journalctl', args)).stdout).at(-1)! };
}

beforeAll(async () => {
  dir = await tempDir();
  journalDir = join(dir, 'journal');
  mkdirSync(journalDir);
  hostKey = await keygen(join(dir, 'host_ed25519'));
  userKey = await keygen(join(dir, 'user_ed25519'));
  stranger = await keygen(join(dir, 'stranger_ed25519'));
  await buildJournal(journalDir, 'a', [...noiseEntries(HOST, 30), ...auditEntries(HOST, 1, 2)]);
  total = 10;
  const host = { dir, hostKey, authorized: [userKey.pub], journal: journalDir };
  master = await startSshd({ ...host, address: '127.0.37.11' });
  denied = await startSshd({ ...host, address: '127.0.37.12', mode: 'denied' });
  knownHosts = join(dir, 'known_hosts');
  const lines = [master, denied].map((h) => knownHostsLine(h.address, h.port, hostKey.pub));
  writeFileSync(knownHosts, `${lines.join('\n')}\n`);
});

afterAll(cleanup);

const at = (sshd: Sshd, extra: Partial<ReadingOptions> = {}): ReadingOptions => ({
  target: sshd.target,
  key: userKey.path,
  knownHosts,
  ...extra,
});

describe('resuming a host after its saved cursor', () => {
  it('reads only the entries after it; the runs add up to one read of the whole journal', async () => {
    const first = await readSsh(at(master));
    expect(await first.status).toMatchObject({ complete: true, records: 10 });
    const saved = first.input.position()!;
    expect(saved).toEqual(await lastAuditCursor());

    await grow(3);
    const second = await readSsh(at(master, { resume: saved }));
    expect(await second.status).toMatchObject({ complete: true, records: 15 });
    expect(second.input.position()).toEqual(await lastAuditCursor());

    // Nothing new: nothing read, and the position stays.
    const third = await readSsh(at(master, { resume: second.input.position()! }));
    expect(await third.status).toMatchObject({ bytes: 0, records: 0 });
    expect(third.input.position()).toEqual(second.input.position());

    const whole = await readSsh(at(master));
    expect(await whole.status).toMatchObject({ complete: true, records: total });
    expect(withoutSamples(merge(first.agg.snapshot(), second.agg.snapshot()))).toEqual(
      withoutSamples(whole.agg.snapshot()),
    );
  });

  it('a follow resumed after a saved cursor reads what is new, then what comes', async () => {
    const saved = await lastAuditCursor();
    await grow(2);
    const r = await readSsh(at(master, { resume: saved, follow: true }));
    await r.until(() => r.agg.stats.records >= 10);
    await grow(1);
    await r.until(() => r.agg.stats.records >= 15);
    r.stop();
    expect(await r.status).toMatchObject({ complete: true, error: null, records: 15 });
    expect(r.input.position()).toEqual(await lastAuditCursor());
  });

  it('knows a host by its address and port, however it is named: nothing is read twice', async () => {
    const first = await readSsh(at(master));
    expect(await first.status).toMatchObject({ complete: true });
    const saved = first.input.position()!;
    // Named with its user this time: the same journal, resumed.
    const named = `root@${master.target}`;
    const again = await readSsh({
      ...at(master, { target: named }),
      positions: new Map([[first.input.key!, saved]]),
    });
    expect(again.input.key).toBe(first.input.key);
    expect(await again.status).toMatchObject({ complete: true, records: 0 });
    // A state written when keys were the host as given still resumes, and that key is let go.
    const forgotten: string[] = [];
    const old = await readSsh({
      ...at(master, { target: named }),
      positions: new Map([[`ssh:${named}`, saved]]),
      forget: (key) => forgotten.push(key),
    });
    expect(await old.status).toMatchObject({ complete: true, records: 0 });
    expect(forgotten).toEqual([`ssh:${named}`]);
  });

  it('refuses a saved position that is no journal cursor, before connecting', async () => {
    const forged = { kind: 'journal', cursor: "s=1;i=1'; reboot; '" } as const;
    await expect(readSsh(at(master, { resume: forged }))).rejects.toThrow(
      `the saved position of ssh:${master.target}: not a journal cursor`,
    );
    const file = { kind: 'file', dev: 1, ino: 2, size: 3, offset: 3, head: 'x' } as const;
    await expect(readSsh(at(master, { resume: file }))).rejects.toThrow('not a journal cursor');
  });

  it('refuses --until with a follow (journalctl -f would wait past it)', async () => {
    await expect(readSsh(at(master, { follow: true, until: Date.now() }))).rejects.toThrow(
      '--until cannot be used with --follow',
    );
  });
});

describe('what a follow retries', () => {
  it.each([
    ['a key the host refuses', () => at(master, { key: stranger.path }), /^authentication failed/],
    [
      'a host key known_hosts does not know',
      () => at(master, { knownHosts: join(dir, 'no-such-known-hosts') }),
      /^unknown host key/,
    ],
    ['a journal the user may not read', () => at(denied), /may not read the system journal/],
  ])('not %s: the host fails for good', async (_what, options, error) => {
    const r = await readSsh({ ...options(), follow: true });
    const status = await r.status;
    expect(status.complete).toBe(false);
    expect(r.input.failure).toMatch(error);
    const states = r.states.map((s) => s.state);
    expect(states.filter((s) => s === 'retrying')).toEqual([]);
    expect(r.states.at(-1)).toMatchObject({ state: 'failed', detail: r.input.failure });
  });

  it('a host that refuses connections: retried, waiting longer each time, until it is back', async () => {
    const address = '127.0.37.13';
    const port = await freePort(address);
    const line = knownHostsLine(address, port, hostKey.pub);
    writeFileSync(join(dir, 'known_hosts_13'), `${line}\n`);
    const r = await readSsh({
      ...at(master, { knownHosts: join(dir, 'known_hosts_13'), follow: true }),
      target: `${address}:${port}`,
    });
    const retries = () => r.states.filter((s) => s.state === 'retrying').map((s) => s.detail);
    await r.until(() => retries().length >= 2);
    expect(retries()[0]).toMatch(/^in (0\.[5-9]|1) s: connection refused by/);
    expect(retries()[1]).toMatch(/^in (1|1\.\d|2) s: connection refused by/);
    await startSshd({
      dir,
      address,
      port,
      hostKey,
      authorized: [userKey.pub],
      journal: journalDir,
    });
    await r.until(() => r.agg.stats.records >= total);
    r.stop();
    expect(await r.status).toMatchObject({ complete: true, error: null, records: total });
  });

  it('an interrupted follow is not complete', async () => {
    const r = await readSsh(at(master, { follow: true }));
    await r.until(() => r.agg.stats.records >= total);
    r.interrupt();
    expect(await r.status).toMatchObject({ complete: false, error: 'interrupted' });
    expect(r.states.at(-1)).toEqual({
      source: master.target,
      state: 'failed',
      detail: 'interrupted',
    });
  });
});
