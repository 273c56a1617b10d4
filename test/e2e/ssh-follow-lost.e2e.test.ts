// --ssh --follow of the built binary when a master is lost while followed
// (its sshd killed, its connection dropped) and when one never answers: the
// retries are said on stderr, --quiet-for does not end the follow while a
// master goes unread, and a follow that ends then leaves the report partial,
// each host with its reason. Every wait is for a line the run writes; the
// one clock is the pace of the journal's growth. Addresses 127.0.51.x
// belong to this file.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../src/report/schema.js';
import { events, startFollow } from '../helpers/follow-run.js';
import { connectionsOf } from '../helpers/ssh-reading.js';
import {
  auditEntries,
  buildJournal,
  cleanup,
  freePort,
  type KeyPair,
  keygen,
  knownHostsLine,
  makeHome,
  type Sshd,
  silentListener,
  startSshd,
  tempDir,
} from '../helpers/sshd.js';

let dir: string;
let hostKey: KeyPair;
let userKey: KeyPair;

/** A master with a journal of its own, of account svc-<n>, and its sshd. */
interface Master {
  sshd: Sshd;
  journal: string;
  n: number;
}

/** Its sshd, on `port` when given (a master back on its address). */
function serve(address: string, journal: string, port?: number): Promise<Sshd> {
  return startSshd({ dir, address, port, hostKey, authorized: [userKey.pub], journal });
}

async function master(address: string, n: number): Promise<Master> {
  const journal = join(dir, `journal-${n}`);
  mkdirSync(journal);
  await buildJournal(journal, 'a', auditEntries(`master-${n}.example`, n, 1));
  return { sshd: await serve(address, journal), journal, n };
}

/** Its sshd killed, and the connections it served: the host is gone. */
async function lose(m: Master): Promise<void> {
  const served = connectionsOf(m.sshd);
  await m.sshd.stop();
  for (const pid of served) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // ended with the listener
    }
  }
}

/**
 * Until `stopped`, the same records again and again in new journal files:
 * allow records keep arriving, and no new denial.
 */
function keepWorking(m: Master): { stop(): Promise<void> } {
  let stopped = false;
  const done = (async () => {
    for (let i = 1; !stopped; i++) {
      await buildJournal(
        m.journal,
        `w${i}`,
        auditEntries(`master-${m.n}.example`, m.n, 1, i * 600),
      );
      await sleep(200);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

let a: Master;
let home: string;
const env = () => ({ HOME: home, SSH_AUTH_SOCK: '' });
const knows = (...ms: Master[]) =>
  ms.map((m) => knownHostsLine(m.sshd.address, m.sshd.port, hostKey.pub));
/** The stderr line of the `nth` time `m` retries, with `why`. */
const retry = (target: string, why: string, nth = 1) => {
  let seen = 0;
  return (line: string) =>
    line.startsWith(`audit2grant: ${target}: retrying (in `) &&
    line.includes(why) &&
    ++seen === nth;
};
const said = (text: string) => (line: string) => line.includes(text);

beforeAll(async () => {
  dir = await tempDir();
  hostKey = await keygen(join(dir, 'host_ed25519'));
  userKey = await keygen(join(dir, 'user_ed25519'));
  a = await master('127.0.51.11', 1);
});

afterAll(cleanup);

describe('--ssh --follow with a master lost', () => {
  it('--quiet-for waits while a master is retrying, and ends once it is followed again', async () => {
    const b = await master('127.0.51.12', 2);
    home = await makeHome({ knownHosts: knows(a, b) });
    const hosts = `${a.sshd.target},${b.sshd.target}`;
    const args = ['--ssh', hosts, '-i', userKey.path, '--follow', '--quiet-for', '1s'];
    const run = startFollow([...args, '-f', 'ndjson'], { env: env() });
    await run.stderrLine(said('new denial: svc-1 '));
    await run.stderrLine(said('new denial: svc-2 '));

    await lose(b);
    await run.stderrLine(retry(b.sshd.target, 'the connection closed before the remote command'));
    // Master 1 keeps working, master 2 goes unread: no end while it retries.
    // Its fourth retry comes at least 3.5 s (0.5 + 1 + 2) after its first.
    const work = keepWorking(a);
    try {
      await run.stderrLine(retry(b.sshd.target, 'connection refused by', 3));
      b.sshd = await serve(b.sshd.address, b.journal, b.sshd.port);
      // Followed again: the quiet time counts from then, and the follow ends.
      await run.stderrLine(said(`audit2grant: ${b.sshd.target}: following`));
      const { code, stderr } = await run.ended;
      expect(stderr).toMatch(/following ended: no new denial for 1s while allow records kept/);
      expect(code).toBe(1);
      const all = events(run.stdout());
      expect(all.at(-1)).toMatchObject({ event: 'end', partial: false });
      const ofB = all.filter((e) => e.event === 'source' && e.source === b.sshd.target);
      expect(ofB.at(-1)).toMatchObject({ state: 'done' });
      expect(ofB.filter((e) => e.state === 'retrying').length).toBeGreaterThanOrEqual(4);
    } finally {
      await work.stop();
    }
  });

  it('a follow that ends while masters are not followed is partial, each with its reason', async () => {
    const b = await master('127.0.51.13', 3);
    const never = `127.0.51.14:${await freePort('127.0.51.14')}`;
    // Accepts the connection and never says a word: still connecting at the end.
    const hung = await silentListener('127.0.51.15');
    const mute = `127.0.51.15:${hung.port}`;
    home = await makeHome({ knownHosts: knows(a, b) });
    const hosts = `${a.sshd.target},${b.sshd.target},${never},${mute}`;
    const args = ['--ssh', hosts, '-i', userKey.path, '--connect-timeout', '300', '--follow'];
    const run = startFollow([...args, '-f', 'json'], { env: env() });
    await run.stderrLine(said('new denial: svc-1 '));
    await run.stderrLine(said('new denial: svc-3 '));
    await run.stderrLine(retry(never, 'connection refused by'));
    await lose(b);
    await run.stderrLine(retry(b.sshd.target, 'connection refused by'));
    run.child.kill('SIGINT');

    const { code, stdout, stderr } = await run.ended;
    await hung.close();
    expect(code).toBe(3);
    const report = Report.parse(JSON.parse(stdout));
    expect(report.partial).toBe(true);
    const [first, lost, unreached, connecting] = report.inputs;
    expect(first).toMatchObject({ source: a.sshd.target, complete: true, error: null });
    expect(lost).toMatchObject({ source: b.sshd.target, complete: false });
    expect(lost!.error).toMatch(
      /^not followed since \d\d:\d\d:\d\d UTC: connection refused by \S+: no SSH server listens there/,
    );
    expect(unreached).toMatchObject({ source: never, complete: false, records: 0 });
    expect(unreached!.error).toMatch(/^not followed: connection refused by \S+: no SSH server/);
    expect(connecting).toMatchObject({
      source: mute,
      complete: false,
      error: 'not followed: the follow ended before the host was connected',
    });
    expect(stderr).toContain(`audit2grant: ${b.sshd.target}: not followed since `);
    expect(stderr).toContain(`audit2grant: ${never}: not followed: connection refused by `);
    expect(stderr).toMatch(/following ended: Ctrl-C; writing the report/);
  });
});
