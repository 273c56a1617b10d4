import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cursorProblem } from '../../../src/sources/journal-cursor.js';
import { readCluster, TOKEN } from '../../helpers/cluster-run.js';
import { type LoggingCluster, startLoggingCluster } from '../../helpers/logging-stand-in.js';
import { buildJournal } from '../../helpers/sshd.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { type TestCa, testCa } from '../../helpers/test-ca.js';
import { TOKEN_PLACES, tokenEntries } from '../../helpers/token-entries.js';

// What a master sends is kept only as the report, its samples, the errors
// and the state file; the token must reach none of them, however the
// logging API writes the entries that repeat it, and a cursor the master
// sends must be one before it is kept. Addresses 127.0.44.x belong to this file.

const PLAIN = '127.0.44.11';
const ESCAPED = '127.0.44.12';
const BYTES = '127.0.44.13';
const MIXED = '127.0.44.14';
const GARBLED = '127.0.44.21';
const INJECTED = '127.0.44.22';

let ca: TestCa;
let cluster: LoggingCluster;
let journal: string;

/** The cursors of the journal's entries, in order. */
let cursors: string[];

beforeAll(async () => {
  const dir = tempDir('a2g-secrets-');
  // Each place of the token, with and without a control character.
  const entries = TOKEN_PLACES.flatMap((place) => [
    { place, esc: false },
    { place, esc: true },
  ]);
  journal = await buildJournal(dir, 'm', tokenEntries(TOKEN, entries));
  cursors = execFileSync('journalctl', ['--file', journal, '-o', 'json'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { __CURSOR: string }).__CURSOR);
  ca = testCa([PLAIN, ESCAPED, BYTES, MIXED, GARBLED, INJECTED]);
  cluster = await startLoggingCluster({
    token: TOKEN,
    tls: { key: ca.key, cert: ca.cert },
    masters: [
      { address: PLAIN, journal },
      { address: ESCAPED, journal, messages: ['escaped'] },
      { address: BYTES, journal, messages: ['bytes'] },
      { address: MIXED, journal, messages: ['escaped', 'text', 'bytes', 'bytes', 'escaped'] },
      { address: GARBLED, journal, badCursor: { after: 3, cursor: 's=1;i=2;b=zz' } },
      // Its stream breaks after the entry with the bad cursor: a follow
      // would connect again after the last entry it took.
      {
        address: INJECTED,
        journal,
        mode: 'cut',
        cutAfter: 3,
        badCursor: { after: 2, cursor: 's=1;i=2;b=3;m=4;t=5;x=6\r\nX-Injected: yes' },
      },
    ],
  });
});

afterAll(() => cluster?.stop());

const read = (address: string, follow = false) =>
  readCluster(
    { cluster: cluster.url, caCert: ca.caFile, masters: [address], follow },
    { deps: { tuning: { backoff: { firstMs: 10, maxMs: 10, healthyMs: 60_000 } } } },
  );

/** What a run keeps, the master it came from named `master`. */
const kept = (run: Awaited<ReturnType<typeof read>>, address: string): unknown => {
  const { inputs: _, ...report } = run.report;
  return JSON.parse(
    JSON.stringify({ report, snapshot: run.snapshot }).replaceAll(address, 'master'),
  );
};

describe('a master whose entries repeat the token', () => {
  it('keeps <token> in its place, however the logging API writes the message', async () => {
    const plain = await read(PLAIN);
    const text = JSON.stringify(kept(plain, PLAIN));
    expect(text).not.toContain(TOKEN);
    // Every place the token stood is kept, with <token> there.
    expect(plain.report.suspicious[0]!.samples[0]!.text).toContain('token=<token>');
    expect(plain.report.malformed[0]!.samples[0]!.text).toContain('token=<token>');
    // An account or an id holding <token> is outside IAM's grammar: listed, never granted.
    expect(plain.report.invalid.map((i) => [i.uid, i.rid])).toEqual(
      expect.arrayContaining([
        ['svc-2', 'dcos:secrets:default:/app/<token>'],
        ['svc-<token>', 'dcos:secrets:default:/app/4'],
      ]),
    );
    expect(plain.report.accounts[0]!.denied[0]!.reasons).toEqual([
      'header Authorization: token=<token>',
    ]);
    expect(plain.report.stats.records).toBe(6);
    for (const address of [ESCAPED, BYTES, MIXED]) {
      const run = await read(address);
      expect(run.statuses[0]).toMatchObject({ complete: true, error: null });
      expect(JSON.stringify(kept(run, address))).not.toContain(TOKEN);
      // The same text decoded, the same findings, samples and all.
      expect(kept(run, address)).toEqual(kept(plain, PLAIN));
    }
  });
});

describe('a master that sends what is no journal cursor', () => {
  it('fails that master in one line, its place the last journal cursor it sent', async () => {
    const run = await read(GARBLED);
    expect(run.statuses[0]!.complete).toBe(false);
    expect(run.statuses[0]!.error).toMatch(
      new RegExp(
        `^malformed answer from ${GARBLED}:${cluster.port}/system/v1/logs/v2/component: line 4: the entry's cursor: not a journal cursor`,
      ),
    );
    expect(run.report.partial).toBe(true);
    // What came before it counts; its place is a cursor the next run can resume after.
    expect(run.report.stats.lines).toBe(3);
    const position = run.inputs[0]!.position!();
    expect(position).toEqual({ kind: 'journal', cursor: cursors[2] });
  });

  it('never follows it: not into Last-Event-ID, not into a request again', async () => {
    const run = await read(INJECTED, true);
    const error = run.statuses[0]!.error!;
    expect(error).toMatch(/line \d+: the entry's cursor: not a journal cursor/);
    expect(error).not.toMatch(/[\r\n]/);
    expect(error).not.toContain('X-Injected');
    expect(run.states.at(-1)).toMatchObject({ source: INJECTED, state: 'failed' });
    const asked = cluster.requests.filter(
      (r) => r.address === INJECTED && r.target.startsWith('/system/'),
    );
    expect(asked.map((r) => [r.accept, r.lastEventId])).toEqual([['text/event-stream', undefined]]);
    const position = run.inputs[0]!.position!();
    expect(position).toEqual({ kind: 'journal', cursor: cursors[1] });
    expect(cursorProblem(cursors[1]!)).toBeUndefined();
  });
});
