// A regular file's samples are read again from the file when shown: the
// text must be the one a sample kept from a stream has, and a file changed
// since must leave the sample out, never show another record as it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../src/report/aggregate.js';
import { buildReport } from '../../src/report/build-report.js';
import { explainDenied } from '../../src/report/explain.js';
import { LineSample, samplesMissed } from '../../src/report/line-sample.js';
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

/** The samples of `agg`'s denied groups as JSON writes them, by uid. */
function samples(agg: Aggregator): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [uid, groups] of agg.denied)
    for (const g of groups.values()) out[uid] = JSON.parse(JSON.stringify(g.sample));
  return out;
}

async function fromFile(path: string): Promise<Aggregator> {
  const agg = new Aggregator();
  await consume(fileInput(path), agg, { maxLine: 1 << 20, splitAbove: Infinity });
  return agg;
}

async function fromStream(source: string, bytes: Buffer): Promise<Aggregator> {
  const agg = new Aggregator();
  const input: Input = { source, open: () => Readable.from([bytes]) };
  await consume(input, agg, { maxLine: 1 << 20 });
  return agg;
}

describe('samples read again from their file', () => {
  it('show the text a sample kept from a stream shows', async () => {
    const path = join(dir, 'journal.log');
    writeFileSync(path, JOURNAL);
    const file = await fromFile(path);
    for (const groups of file.denied.values())
      for (const g of groups.values()) expect(g.sample).toBeInstanceOf(LineSample);
    const kept = samples(await fromStream(path, JOURNAL));
    expect(Object.keys(kept)).toEqual(['svc-a', 'svc-b', 'svc-c', 'svc-d']);
    expect((kept['svc-b'] as { text: string }).text).toHaveLength(300);
    expect((kept['svc-c'] as { text: string }).text).toContain('\ufffd\ufffd');
    const missed = samplesMissed();
    expect(samples(file)).toEqual(kept);
    expect(samplesMissed()).toBe(missed);
  });

  it('are left out, and counted, when the file changed after it was read', async () => {
    const path = join(dir, 'changed.log');
    writeFileSync(path, JOURNAL);
    const agg = await fromFile(path);
    // The same bytes but one account's name: every line is where it was.
    writeFileSync(path, JOURNAL.toString('latin1').replace('uid=svc-b', 'uid=svc-x'), 'latin1');
    const missed = samplesMissed();
    const shown = samples(agg);
    expect(shown['svc-b']).toBeNull();
    expect(shown['svc-a']).toMatchObject({ line: 2, source: path });
    expect(samplesMissed()).toBe(missed + 1);
    const b = [...agg.denied.get('svc-b')!.values()][0]!;
    expect(b.sample.text).toBe('');
    // Cut short: the lines past the end cannot be read.
    writeFileSync(path, JOURNAL.subarray(0, 100));
    expect(Object.values(samples(agg)).every((s) => s === null)).toBe(true);
    expect(samplesMissed()).toBe(missed + 2 + 4);
  });

  it('are shown by --explain, or said to be left out when the file changed', async () => {
    const path = join(dir, 'explained.log');
    writeFileSync(path, JOURNAL);
    const report = buildReport(await fromFile(path), {
      version: '0.0.0-test',
      now: new Date(0),
      inputs: [],
      maxLine: 1 << 20,
      accounts: new Set(['svc-a']),
    });
    const account = report.accounts[0]!;
    const sampleLine = () =>
      explainDenied(account, account.denied[0]!).find((l) => l.startsWith('sample: '));
    const text = (samples(await fromStream(path, JOURNAL))['svc-a'] as { text: string }).text;
    expect(sampleLine()).toBe(`sample: ${path}:2: ${text.slice(0, 200)}...`);
    writeFileSync(path, JOURNAL.toString('latin1').replace('uid=svc-a', 'uid=svc-x'), 'latin1');
    expect(sampleLine()).toBe(`sample: ${path}:2: left out: the file changed after it was read`);
  });
});
