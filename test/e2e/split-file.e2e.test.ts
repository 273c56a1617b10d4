// A large file is read on worker threads, in byte ranges cut at line ends.
// These run the built modules (`npm test` builds first), because a worker
// thread loads the compiled file-worker.js: the threads here are real.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

type Consume = typeof import('../../src/sources/consume.js');
type Aggregate = typeof import('../../src/report/aggregate.js');
type Build = typeof import('../../src/report/build-report.js');
type Split = typeof import('../../src/sources/split-file.js');

const dist = join(import.meta.dirname, '..', '..', 'dist');
const { consume } = (await import(join(dist, 'sources', 'consume.js'))) as Consume;
const { Aggregator } = (await import(join(dist, 'report', 'aggregate.js'))) as Aggregate;
const { buildReport } = (await import(join(dist, 'report', 'build-report.js'))) as Build;
const { lineRanges } = (await import(join(dist, 'sources', 'split-file.js'))) as Split;
const { fileInput } = (await import(
  join(dist, 'sources', 'input.js')
)) as typeof import('../../src/sources/input.js');

const journals = join(import.meta.dirname, '..', '..', 'fixtures', 'journals');
const dir = mkdtempSync(join(tmpdir(), 'a2g-split-'));

/** Every rendered fixture journal, one after the other: all formats, dialects and quirks. */
function corpus(): string {
  const path = join(dir, 'all.log');
  const parts: Buffer[] = [];
  for (const set of readdirSync(journals).sort())
    for (const file of readdirSync(join(journals, set)).sort())
      parts.push(readFileSync(join(journals, set, file)));
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

async function report(path: string, threads: number, groupsPerMessage?: number) {
  const agg = new Aggregator({ allowed: true });
  const status = await consume(fileInput(path), agg, {
    maxLine: 1024 * 1024,
    threads,
    splitAbove: 0,
    ...(groupsPerMessage ? { groupsPerMessage } : {}),
  });
  status.seconds = 0;
  return buildReport(agg, {
    version: '0.0.0-test',
    now: new Date(0),
    inputs: [status],
    maxLine: 1024 * 1024,
    accounts: new Set(),
    analysis: { evidence: 'all' },
  });
}

describe('reading one file on several threads', () => {
  it('gives the report one thread gives, line numbers and samples included', async () => {
    const path = corpus();
    const one = await report(path, 1);
    expect(one.stats.denyRecords).toBeGreaterThan(50);
    expect(one.stats.malformed + one.stats.suspicious).toBeGreaterThan(0);
    for (const threads of [2, 3, 7]) {
      expect(lineRanges(path, readFileSync(path).length, threads).length).toBe(threads);
      expect(await report(path, threads)).toEqual(one);
    }
  });

  it('gives it too when the workers hand their groups over one by one', async () => {
    const path = corpus();
    const one = await report(path, 1);
    expect(one.accounts.length).toBeGreaterThan(3);
    expect(await report(path, 3, 1)).toEqual(one);
  });

  it('cuts only after a line end, covering the file once', () => {
    const lines = ['a', 'bb', 'x'.repeat(5000), '', 'tail without newline'];
    const path = join(dir, 'cuts.log');
    const bytes = Buffer.from(lines.join('\n'));
    writeFileSync(path, bytes);
    for (const parts of [1, 2, 3, 8, 40]) {
      const ranges = lineRanges(path, bytes.length, parts);
      expect(ranges[0]![0]).toBe(0);
      expect(ranges.at(-1)![1]).toBe(bytes.length);
      for (let i = 0; i < ranges.length; i++) {
        const [start, end] = ranges[i]!;
        expect(end).toBeGreaterThan(start);
        if (i > 0) {
          expect(start).toBe(ranges[i - 1]![1]);
          expect(bytes[start - 1]).toBe(0x0a);
        }
      }
      expect(ranges.length).toBeLessThanOrEqual(Math.min(parts, lines.length));
    }
  });

  it('reads a file of one line without a line end in one range', () => {
    const path = join(dir, 'one.log');
    writeFileSync(path, 'y'.repeat(100_000));
    expect(lineRanges(path, 100_000, 4)).toEqual([[0, 100_000]]);
  });
});
