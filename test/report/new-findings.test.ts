import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../src/report/aggregate.js';
import { buildReport } from '../../src/report/build-report.js';
import { markNew } from '../../src/report/new-findings.js';
import { consume } from '../../src/sources/consume.js';
import { fileInput } from '../../src/sources/input.js';
import { tempDir } from '../helpers/temp-dir.js';

const DEMO = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'demo.log'), 'utf8');

async function snapshotOf(text: string) {
  const path = join(tempDir('a2g-new-'), 'in.log');
  writeFileSync(path, text);
  const agg = new Aggregator();
  await consume(fileInput(path), agg, { maxLine: 1 << 20 });
  return agg.snapshot();
}

const report = (s: Awaited<ReturnType<typeof snapshotOf>>) =>
  buildReport(s, {
    version: 't',
    now: new Date(0),
    inputs: [],
    maxLine: 1 << 20,
    accounts: new Set(),
  });

describe('markNew', () => {
  it('marks what the snapshot before lacks, and nothing it has', async () => {
    const lines = DEMO.split('\n');
    const half = lines.slice(0, 130).join('\n');
    const before = await snapshotOf(`${half}\n`);
    const whole = report(await snapshotOf(DEMO));
    const marked = markNew(whole, before);
    const pairs = new Set(before.denied.map((g) => `${g.uid} ${g.rid} ${g.action}`));
    const denied = marked.accounts.flatMap((a) => a.denied.map((d) => ({ a: a.uid, d })));
    expect(denied.some(({ d }) => d.new)).toBe(true);
    expect(denied.some(({ d }) => !d.new)).toBe(true);
    for (const { a, d } of denied) expect(d.new).toBe(!pairs.has(`${a} ${d.rid} ${d.action}`));
    for (const u of marked.unattributed) expect(typeof u.new).toBe('boolean');
    // Pure: the report given has no marks.
    expect(whole.accounts.flatMap((a) => a.denied).some((d) => 'new' in d)).toBe(false);
  });

  it('marks nothing new against a snapshot of the same input', async () => {
    const s = await snapshotOf(DEMO);
    const marked = markNew(report(s), s);
    expect(marked.accounts.flatMap((a) => a.denied).every((d) => d.new === false)).toBe(true);
    expect(marked.authenticationFailures.every((f) => f.new === false)).toBe(true);
  });
});
