import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCluster, TOKEN } from '../../helpers/cluster-run.js';
import { type LoggingCluster, startLoggingCluster } from '../../helpers/logging-stand-in.js';
import { buildJournal } from '../../helpers/sshd.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { type TestCa, testCa } from '../../helpers/test-ca.js';
import { TOKEN_PLACES, tokenEntries } from '../../helpers/token-entries.js';

// What a master sends is kept only as the report, its samples, the errors
// and the state file; the token must reach none of them, however the
// logging API writes the entries that repeat it. Addresses 127.0.44.x
// belong to this file.

const PLAIN = '127.0.44.11';
const ESCAPED = '127.0.44.12';
const BYTES = '127.0.44.13';
const MIXED = '127.0.44.14';

let ca: TestCa;
let cluster: LoggingCluster;
let journal: string;

beforeAll(async () => {
  const dir = tempDir('a2g-secrets-');
  // Each place of the token, with and without a control character.
  const entries = TOKEN_PLACES.flatMap((place) => [
    { place, esc: false },
    { place, esc: true },
  ]);
  journal = await buildJournal(dir, 'm', tokenEntries(TOKEN, entries));
  ca = testCa([PLAIN, ESCAPED, BYTES, MIXED]);
  cluster = await startLoggingCluster({
    token: TOKEN,
    tls: { key: ca.key, cert: ca.cert },
    masters: [
      { address: PLAIN, journal },
      { address: ESCAPED, journal, messages: ['escaped'] },
      { address: BYTES, journal, messages: ['bytes'] },
      { address: MIXED, journal, messages: ['escaped', 'text', 'bytes', 'bytes', 'escaped'] },
    ],
  });
});

afterAll(() => cluster?.stop());

const read = (address: string) =>
  readCluster({ cluster: cluster.url, caCert: ca.caFile, masters: [address] });

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
