// A sample is taken while its line is read: the same text from a file as
// from a stream, and nothing read again after the sources are done, so a
// file changed or removed since changes no sample.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../src/report/aggregate.js';
import { buildReport } from '../../src/report/build-report.js';
import { explainDenied } from '../../src/report/explain.js';
import { Snapshot } from '../../src/report/snapshot.js';
import { consume } from '../../src/sources/consume.js';
import { fileInput, type Input } from '../../src/sources/input.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('a2g-samples-');

const record = (uid: string, app: string, tail = '') =>
  `2026-11-22T10:00:08+0000 m1 bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=${uid} action=update object=dcos:service:marathon:marathon:services:/dev/${app} result=deny reason="no matching ACL"${tail}`;

const JOURNAL = Buffer.concat([
  Buffer.from(`noise\n${record('svc-a', 'one')}\n`),
  // Read as text: not ASCII, cut to 300 characters, and longer than a read's first buffer.
  Buffer.from(`${record('svc-b', 'two', ` note="é ✓ ${'x'.repeat(5000)}"`)}\n`),
  // Bytes that are not UTF-8 decode to U+FFFD, one character for one byte.
  Buffer.concat([
    Buffer.from(`${record('svc-c', 'three', ' note="')}`),
    Buffer.from([0xff, 0xfe, 0xc3]),
    Buffer.from('"\n'),
  ]),
  // The same as a short-precise line, after a line that is not UTF-8.
  Buffer.from(
    `Nov 22 10:00:09.123456 m2 ${record('svc-d', 'four').slice(25).replace('m1 ', '')}\n`,
  ),
]);

/** The samples of the denied groups, by uid. */
function samples(snapshot: Snapshot): Record<string, unknown> {
  return Object.fromEntries(snapshot.denied.map((g) => [g.uid, g.sample]));
}

async function fromFile(path: string): Promise<Snapshot> {
  const agg = new Aggregator();
  await consume(fileInput(path), agg, { maxLine: 1 << 20 });
  return agg.snapshot();
}

async function fromStream(source: string, bytes: Buffer): Promise<Snapshot> {
  const agg = new Aggregator();
  const input: Input = { source, open: () => Readable.from([bytes]) };
  await consume(input, agg, { maxLine: 1 << 20 });
  return agg.snapshot();
}

describe('samples', () => {
  it('from a file are those a stream gives: the message, cut to 300 characters', async () => {
    const path = join(dir, 'journal.log');
    writeFileSync(path, JOURNAL);
    const kept = samples(await fromStream(path, JOURNAL));
    expect(Object.keys(kept)).toEqual(['svc-a', 'svc-b', 'svc-c', 'svc-d']);
    expect(kept['svc-a']).toMatchObject({ source: path, line: 2 });
    expect((kept['svc-a'] as { text: string }).text).toMatch(
      /^\[261122-10:00:08\.431\] .*uid=svc-a /,
    );
    expect((kept['svc-b'] as { text: string }).text).toHaveLength(300);
    expect((kept['svc-c'] as { text: string }).text).toContain('\ufffd\ufffd');
    expect(samples(await fromFile(path))).toEqual(kept);
  });

  it('stay as read when the file changes or goes after it was read', async () => {
    const path = join(dir, 'changed.log');
    writeFileSync(path, JOURNAL);
    const snapshot = await fromFile(path);
    const before = structuredClone(snapshot);
    // The same bytes but one account's name: every line is where it was.
    writeFileSync(path, JOURNAL.toString('latin1').replace('uid=svc-b', 'uid=svc-x'), 'latin1');
    expect(snapshot).toEqual(before);
    rmSync(path);
    expect(snapshot).toEqual(before);
    expect((samples(snapshot)['svc-b'] as { text: string }).text).toContain('uid=svc-b ');
  });

  it('are plain data: a snapshot is the same after JSON and its schema', async () => {
    const path = join(dir, 'plain.log');
    writeFileSync(path, JOURNAL);
    const snapshot = await fromFile(path);
    expect(Snapshot.parse(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
  });

  it('are shown by --explain as read, whatever became of the file', async () => {
    const path = join(dir, 'explained.log');
    writeFileSync(path, JOURNAL);
    const report = buildReport(await fromFile(path), {
      version: '0.0.0-test',
      now: new Date(0),
      inputs: [],
      maxLine: 1 << 20,
      accounts: new Set(['svc-a']),
    });
    rmSync(path);
    const account = report.accounts[0]!;
    const sampleLine = explainDenied(account, account.denied[0]!).find((l) =>
      l.startsWith('sample: '),
    );
    const text = (samples(await fromStream(path, JOURNAL))['svc-a'] as { text: string }).text;
    expect(sampleLine).toBe(`sample: ${path}:2: ${text.slice(0, 200)}...`);
  });
});
