import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../src/report/aggregate.js';
import { buildReport } from '../../src/report/build-report.js';
import { type FirstSight, knownSights, sightKey } from '../../src/report/first-sight.js';
import { markNew } from '../../src/report/new-findings.js';
import { consume } from '../../src/sources/consume.js';
import { fileInput } from '../../src/sources/input.js';
import { roleRecord } from '../helpers/bouncer-line.js';
import { tempDir } from '../helpers/temp-dir.js';

const DEMO = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'demo.log'), 'utf8');

async function snapshotOf(text: string, allowed = false, onFirst?: (s: FirstSight) => void) {
  const path = join(tempDir('a2g-new-'), 'in.log');
  writeFileSync(path, text);
  const agg = new Aggregator({ allowed, allowAccounts: false, onFirst });
  await consume(fileInput(path), agg, { maxLine: 1 << 20 });
  return agg.snapshot();
}

const report = (s: Awaited<ReturnType<typeof snapshotOf>>, evidence: 'denied' | 'all' = 'denied') =>
  buildReport(s, {
    version: 't',
    now: new Date(0),
    inputs: [],
    maxLine: 1 << 20,
    accounts: new Set(),
    analysis: { evidence },
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

  it('marks new what the ndjson and live views tell as new: a denial of a pair only used before, a failure of another component', async () => {
    const agentFailure = DEMO.split('\n').find(
      (l) => l.includes('mesos-agent') && l.includes('Unauthorized'),
    )!;
    const masterFailure = agentFailure.replaceAll('mesos-agent', 'mesos-master');
    const first = `${roleRecord('svc', 1, 'allow')}${roleRecord('svc', 2)}${agentFailure}\n`;
    const before = await snapshotOf(first, true);
    const known = knownSights(before);
    const told: string[] = [];
    const whole = await snapshotOf(
      `${first}${roleRecord('svc', 1)}${roleRecord('svc', 3, 'allow')}${masterFailure}\n`,
      true,
      (sight) => {
        if (!known.has(sightKey(sight)))
          told.push(sight.event === 'denied' ? `denied ${sight.rid}` : sight.event);
      },
    );
    const marked = markNew(report(whole, 'all'), before);
    const shown = [
      ...marked.accounts.flatMap((a) =>
        a.denied.filter((d) => d.new).map((d) => `denied ${d.rid}`),
      ),
      ...marked.authenticationFailures.filter((f) => f.new).map(() => 'authentication-failure'),
    ];
    // r1: used before, denied now; r3: used for the first time (no event, but new to the report).
    expect(told.sort()).toEqual([
      'authentication-failure',
      'denied dcos:mesos:master:reservation:role:r1',
    ]);
    expect(shown.sort()).toEqual([
      'authentication-failure',
      'denied dcos:mesos:master:reservation:role:r1',
      'denied dcos:mesos:master:reservation:role:r3',
    ]);
  });
});
