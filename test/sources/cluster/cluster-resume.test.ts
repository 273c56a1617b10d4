import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupCluster } from '../../../src/sources/cluster/setup.js';
import type { InputPosition, SourceState } from '../../../src/sources/position.js';
import { findings, readBytes, readCluster, TOKEN } from '../../helpers/cluster-run.js';
import { journalJsonOf, masterJournals } from '../../helpers/corpus-journals.js';
import { type LoggingCluster, startLoggingCluster } from '../../helpers/logging-stand-in.js';
import { type Entry, exportFormat } from '../../helpers/sshd.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { type TestCa, testCa } from '../../helpers/test-ca.js';

// Resuming after a saved cursor, and following a master's journal as it
// grows. Addresses 127.0.43.x belong to this file.

const RESUME = '127.0.43.11';
/** The same journal, its first request for logs answered 500. */
const FLAKY = '127.0.43.12';
const FLAKY_SINCE = '127.0.43.13';
/** The same, and each answer then cut after 2 entries. */
const FLAKY_CUT = '127.0.43.14';
/** The same journal, every cursor asked for gone, its first answer cut after 2 entries. */
const LOST = '127.0.43.15';
const FOLLOW = '127.0.43.21';
const SILENT = '127.0.43.22';
/** A master address nothing listens on: every connection is refused. */
const REFUSED = '127.0.43.23';

let dir: string;
let ca: TestCa;
let resumeJournal: string;
let followJournal: string;
let cluster: LoggingCluster;

beforeAll(async () => {
  dir = tempDir('a2g-resume-');
  const [first] = await masterJournals(dir, ['demo']);
  resumeJournal = join(dir, 'resume.journal');
  followJournal = join(dir, 'follow.journal');
  copyFileSync(first!, resumeJournal);
  copyFileSync(first!, followJournal);
  ca = testCa([RESUME, FLAKY, FLAKY_SINCE, FLAKY_CUT, LOST, FOLLOW, SILENT]);
  cluster = await startLoggingCluster({
    token: TOKEN,
    tls: { key: ca.key, cert: ca.cert },
    pingMs: 20,
    masters: [
      { address: RESUME, journal: resumeJournal },
      { address: FLAKY, journal: resumeJournal, mode: 'fail-once' },
      { address: FLAKY_SINCE, journal: resumeJournal, mode: 'fail-once' },
      { address: FLAKY_CUT, journal: resumeJournal, mode: 'fail-once-then-cut', cutAfter: 2 },
      { address: LOST, journal: resumeJournal, mode: 'lost-cursors', cutAfter: 2 },
      { address: FOLLOW, journal: followJournal },
      { address: SILENT, journal: followJournal, mode: 'silent' },
    ],
  });
});

afterAll(() => cluster?.stop());

/** After every entry of the corpus, in microseconds. */
const LATER = BigInt(Date.UTC(2026, 10, 28)) * 1000n;
let appended = 0;

/** Denials of a new account, appended to a journal as journald would write them. */
function append(journal: string, uid: string, count: number): void {
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    appended++;
    const usec = LATER + BigInt(appended) * 1_000_000n;
    entries.push({
      usec,
      host: 'master-1.example',
      unit: 'dcos-bouncer.service',
      ident: 'bouncer.sh',
      pid: 1877,
      message: `[261128-10:00:0${i % 10}.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-28T10:00:0${i % 10}.431207Z srcip=127.0.0.1 authorizer=bouncer uid=${uid} action=read object=dcos:secrets:default:/app/${uid}/${appended} result=deny reason="no matching ACL"`,
    });
  }
  const file = join(dir, `append-${appended}.export`);
  writeFileSync(file, exportFormat(entries));
  execFileSync(
    '/lib/systemd/systemd-journal-remote',
    [`--output=${journal}`, '--split-mode=none', file],
    {
      stdio: 'ignore',
    },
  );
}

const logRequests = (address: string) =>
  cluster.requests.filter((r) => r.address === address && r.target.startsWith('/system/'));

const saved = (position: InputPosition, address = RESUME) => ({
  positions: new Map([[`cluster:${address}`, position]]),
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

describe('resuming a master after a saved cursor', () => {
  it('reads only what was written since, and its position is the last entry read', async () => {
    const opts = { cluster: cluster.url, caCert: ca.caFile, masters: [RESUME] };
    const first = await readCluster(opts);
    const position = first.inputs[0]!.position!();
    const last = execFileSync('journalctl', ['--file', resumeJournal, '-o', 'json', '-n', '1'], {
      encoding: 'utf8',
    });
    expect(position).toEqual({ kind: 'journal', cursor: JSON.parse(last).__CURSOR });

    append(resumeJournal, 'late-sa', 4);
    const second = await readCluster(opts, { resume: saved(position!) });
    expect(second.statuses[0]).toMatchObject({ complete: true, records: 4 });
    expect(second.report.accounts.map((a) => [a.uid, a.denied.length])).toEqual([['late-sa', 4]]);
    const asked = new URL(logRequests(RESUME).at(-1)!.target, 'https://x');
    expect(asked.searchParams.get('cursor')).toBe(position?.kind === 'journal' && position.cursor);
    expect(second.inputs[0]!.position!()).not.toEqual(position);

    // A state saved under the address as given (127.0.x.y as 127.0.N) resumes it, once.
    const [a, b, c, d] = RESUME.split('.').map(Number) as [number, number, number, number];
    const given = `${a}.${b}.${c * 256 + d}`;
    const forgotten: string[] = [];
    const spelled = await readCluster(
      { ...opts, masters: [given] },
      {
        resume: {
          positions: new Map([[`cluster:${given}`, position!]]),
          forget: (k) => forgotten.push(k),
        },
      },
    );
    expect(spelled.statuses[0]).toMatchObject({ source: RESUME, complete: true, records: 4 });
    expect(spelled.inputs[0]!.key).toBe(`cluster:${RESUME}`);
    expect(forgotten).toEqual([`cluster:${given}`]);

    // Nothing new since: nothing read, and that is no failure.
    const third = await readCluster(opts, { resume: saved(second.inputs[0]!.position!()!) });
    expect(third.statuses[0]).toMatchObject({ complete: true, error: null, bytes: 0 });
  });

  it('reads a master again from its oldest entry when the saved cursor is gone (500): said, and partial', async () => {
    const opts = { cluster: cluster.url, caCert: ca.caFile, masters: [RESUME] };
    const gone =
      's=0123456789abcdef0123456789abcdef;i=99999;b=5f0c2d6e8a9b4c1d9e7f3a2b1c0d4e5f;m=1;t=1;x=1';
    const run = await readCluster(opts, { resume: saved({ kind: 'journal', cursor: gone }) });
    expect(run.notices).toEqual([
      `${RESUME}: the cursor to resume from is no longer in the master's journal (HTTP 500: vacuumed?): reading from its oldest entry, without what was counted before it`,
    ]);
    // No entry of its journal is left: what was written after it may be lost.
    expect(run.statuses[0]).toMatchObject({ complete: false, error: VACUUMED });
    const want = await readBytes(await journalJsonOf([resumeJournal]));
    expect(findings(run.report)).toEqual(findings(want));
    const cursors = logRequests(RESUME)
      .slice(-2)
      .map((r) => [new URL(r.target, 'https://x').searchParams.get('cursor'), r.status]);
    expect(cursors).toEqual([
      [gone, 500],
      ['BEG', 200],
    ]);
  });

  it('a 500 on a cursor still in the journal: read from its oldest entry, nothing counted twice, nothing missing', async () => {
    const first = await readCluster({ cluster: cluster.url, caCert: ca.caFile, masters: [RESUME] });
    const position = first.inputs[0]!.position!()!;
    append(resumeJournal, 'after-500-sa', 3);
    const opts = { cluster: cluster.url, caCert: ca.caFile, masters: [FLAKY] };
    const run = await readCluster(opts, { resume: saved(position, FLAKY) });
    expect(run.statuses[0]).toMatchObject({ complete: true, error: null, records: 3 });
    expect(run.report.accounts.map((a) => [a.uid, a.denied.length])).toEqual([['after-500-sa', 3]]);
    expect(logRequests(FLAKY).map((r) => r.status)).toEqual([500, 200]);
    // Where it got to: the last entry, as a read without the 500 would have it.
    const again = await readCluster({ cluster: cluster.url, caCert: ca.caFile, masters: [RESUME] });
    expect(run.inputs[0]!.position!()).toEqual(again.inputs[0]!.position!());
  });

  it('a 500, then the answer cut among what was counted before: the place stays the saved cursor', async () => {
    const position = (
      await readCluster({ cluster: cluster.url, caCert: ca.caFile, masters: [RESUME] })
    ).inputs[0]!.position!()!;
    const opts = { cluster: cluster.url, caCert: ca.caFile, masters: [FLAKY_CUT] };
    const run = await readCluster(opts, { resume: saved(position, FLAKY_CUT) });
    expect(run.statuses[0]!.complete).toBe(false);
    expect(run.statuses[0]!.records).toBe(0);
    // Not the second entry of the journal: the next run would count the rest again.
    expect(run.inputs[0]!.position!()).toEqual(position);
  });

  it('a 500 on a cursor still there, with --since after it: not taken for a vacuum', async () => {
    const position = (
      await readCluster({ cluster: cluster.url, caCert: ca.caFile, masters: [RESUME] })
    ).inputs[0]!.position!()!;
    // After every entry there is now (the saved cursor's too), before the new ones.
    const since = Number((LATER + BigInt(appended) * 1_000_000n) / 1000n) + 500;
    append(resumeJournal, 'after-since-sa', 2);
    const opts = {
      cluster: cluster.url,
      caCert: ca.caFile,
      masters: [FLAKY_SINCE],
      window: { since },
    };
    const run = await readCluster(opts, { resume: saved(position, FLAKY_SINCE) });
    expect(run.statuses[0]).toMatchObject({ complete: true, error: null, records: 2 });
    expect(logRequests(FLAKY_SINCE).map((r) => r.status)).toEqual([500, 200]);
  });

  it('a 500 on a cursor of the journal older than its oldest entry: what was vacuumed is said, and partial', async () => {
    const oldest = JSON.parse(
      execFileSync('journalctl', ['--file', resumeJournal, '-o', 'json'], {
        encoding: 'utf8',
      }).split('\n')[0]!,
    ).__CURSOR as string;
    // The journal's own sequence, one entry before its oldest.
    const before = oldest.replace(
      /;i=([0-9a-f]+);/,
      (_, i: string) => `;i=${(parseInt(i, 16) - 1).toString(16)};`,
    );
    const opts = { cluster: cluster.url, caCert: ca.caFile, masters: [RESUME] };
    const run = await readCluster(opts, { resume: saved({ kind: 'journal', cursor: before }) });
    expect(run.statuses[0]).toMatchObject({ complete: false, error: VACUUMED });
    const want = await readBytes(await journalJsonOf([resumeJournal]));
    expect(findings(run.report)).toEqual(findings(want));
  });
});

const VACUUMED =
  "the cursor the last run stopped at is no longer in the master's journal (HTTP 500: vacuumed?): entries written between it and the oldest one left may be missing";

/** A followed master's input, its states gathered. */
async function following(
  address: string,
  heartbeatMs: number,
  stop?: AbortSignal,
  resume?: Parameters<typeof setupCluster>[3],
) {
  const states: SourceState[] = [];
  const {
    inputs: [input],
  } = await setupCluster(
    {
      cluster: cluster.url,
      caCert: ca.caFile,
      masters: [address],
      allowHttp: false,
      connectTimeout: 30,
      maxLine: 1 << 20,
      follow: true,
    },
    { DCOS_ACS_TOKEN: TOKEN },
    undefined,
    { stop, ...resume },
    {
      dcos: async () => undefined,
      tuning: { heartbeatMs, backoff: { firstMs: 10, maxMs: 10, healthyMs: 60_000 } },
    },
  );
  input!.onState = (s) => states.push(s);
  return { input, states };
}

/** The lines a stream hands on, gathered as they come. */
function gather(stream: Readable): { lines: string[] } {
  const got = { lines: [] as string[] };
  let rest = '';
  stream.setEncoding('utf8').on('data', (text: string) => {
    const parts = (rest + text).split('\n');
    rest = parts.pop()!;
    got.lines.push(...parts);
  });
  stream.on('error', () => {});
  return got;
}

describe('following a master', () => {
  it('a 500, a cut, then a 500 on the entry read again: the cursor lost first is kept, nothing counted twice', async () => {
    const position = (
      await readCluster({ cluster: cluster.url, caCert: ca.caFile, masters: [RESUME] })
    ).inputs[0]!.position!()!;
    append(resumeJournal, 'lost-sa', 2);
    const stop = new AbortController();
    const { input } = await following(LOST, 2000, stop.signal, saved(position, LOST));
    const stream = input!.open();
    const got = gather(stream);
    await until(() => got.lines.length >= 2);
    // Connected again after the cut: from the start once more, and told of nothing new since.
    await until(() => logRequests(LOST).filter((r) => r.status === 200).length === 2);
    stop.abort();
    await until(() => cluster.open() === 0);
    expect(got.lines.map((l) => /uid=([a-z-]+)/.exec(l)?.[1])).toEqual(['lost-sa', 'lost-sa']);
    expect(logRequests(LOST).map((r) => r.status)).toEqual([500, 200, 500, 200]);
  });

  it('streams new entries, reconnects after the last one when the stream breaks, keeps an idle stream on pings', async () => {
    const stop = new AbortController();
    const { input, states } = await following(FOLLOW, 2000, stop.signal);
    const { lines } = await readCluster({
      cluster: cluster.url,
      caCert: ca.caFile,
      masters: [FOLLOW],
    }).then((run) => ({ lines: run.statuses[0]!.lines }));
    const stream = input!.open();
    const got = gather(stream);
    await until(() => got.lines.length === lines);
    const [first] = logRequests(FOLLOW).slice(-1);
    expect(first).toMatchObject({
      accept: 'text/event-stream',
      lastEventId: undefined,
      status: 200,
    });
    expect(states.map((s) => s.state)).toEqual(['connecting', 'following']);

    append(followJournal, 'follow-sa', 3);
    await until(() => got.lines.length === lines + 3);
    expect(got.lines.at(-1)).toContain('uid=follow-sa');

    const requests = logRequests(FOLLOW).length;
    cluster.drop();
    await until(() => logRequests(FOLLOW).length === requests + 1);
    const cursor = (line: string) => (JSON.parse(line) as { cursor: string }).cursor;
    expect(logRequests(FOLLOW).at(-1)!.lastEventId).toBe(cursor(got.lines.at(-1)!));
    expect(states.some((s) => s.state === 'retrying')).toBe(true);

    append(followJournal, 'again-sa', 2);
    await until(() => got.lines.length === lines + 5);
    expect(new Set(got.lines.map(cursor)).size).toBe(got.lines.length);
    expect(input!.position!()).toEqual({ kind: 'journal', cursor: cursor(got.lines.at(-1)!) });

    // Pings every 20 ms keep a stream alive that sends nothing else for longer than 2 s.
    const pings = cluster.pings();
    await until(() => cluster.pings() > pings + 150);
    expect(logRequests(FOLLOW).length).toBe(requests + 1);

    // Stopped, the follow ends well: the stream ends after what was read, the master done.
    let ended = false;
    stream.on('end', () => {
      ended = true;
    });
    stop.abort();
    await until(() => ended && cluster.open() === 0);
    expect(states.at(-1)).toEqual({ source: FOLLOW, state: 'done' });
    expect(input!.position!()).toEqual({ kind: 'journal', cursor: cursor(got.lines.at(-1)!) });
    expect(logRequests(FOLLOW).length).toBe(requests + 1);
  });

  it('fails a master the follow ends without, with why: its journal since is unread', async () => {
    const stop = new AbortController();
    const { input, states } = await following(REFUSED, 2000, stop.signal);
    const stream = input!.open();
    let ended: 'well' | Error | undefined;
    stream.on('error', (err) => {
      ended = err;
    });
    stream.on('end', () => {
      ended = 'well';
    });
    stream.resume();
    await until(() => states.some((s) => s.state === 'retrying'));
    stop.abort();
    await until(() => ended !== undefined);
    expect(ended).toBeInstanceOf(Error);
    const why = states.find((s) => s.state === 'retrying')!.detail!.replace(/^in [\d.]+ s: /, '');
    expect(why).toMatch(/refused/);
    expect(states.at(-1)).toEqual({
      source: REFUSED,
      state: 'failed',
      detail: `not followed: ${why}`,
    });
  });

  it('calls a stream with no ping and no data a dead one, and connects again', async () => {
    const { input, states } = await following(SILENT, 300);
    const stream = input!.open();
    gather(stream);
    await until(() => logRequests(SILENT).length >= 2);
    stream.destroy();
    expect(states.at(-1)).toEqual({ source: SILENT, state: 'failed', detail: 'interrupted' });
    expect(states.find((s) => s.state === 'retrying')?.detail).toMatch(
      new RegExp(
        `^in 0 s: no ping or data from ${SILENT}:${cluster.port} for 0\\.3 s: the stream is dead$`,
      ),
    );
  });
});
