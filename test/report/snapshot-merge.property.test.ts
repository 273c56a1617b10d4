import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../src/report/aggregate.js';
import { emptySnapshot } from '../../src/report/empty-snapshot.js';
import { merge } from '../../src/report/merge.js';
import { Snapshot } from '../../src/report/snapshot.js';
import { consume } from '../../src/sources/consume.js';
import { fileInput, filePartInput, type Input } from '../../src/sources/input.js';
import { editedLine } from '../helpers/record-lines.js';
import { tempDir } from '../helpers/temp-dir.js';

// A run's findings are a snapshot, and a later read's snapshot merges into
// it: reading an input cut in parts, each into its own aggregator, and
// merging their snapshots in order must give the snapshot of reading it
// whole, samples and line numbers included.

const JOURNALS = join(import.meta.dirname, '..', '..', 'fixtures', 'journals');
/** Lines of every fixture corpus, in forms the byte reader takes and forms only the parser does. */
const FIXTURE_LINES = readdirSync(JOURNALS).flatMap((corpus) =>
  ['short-iso', 'short', 'short-precise', 'json', 'cat'].flatMap((render) =>
    readFileSync(join(JOURNALS, corpus, `${render}.txt`), 'utf8')
      .split('\n')
      .filter((l) => l !== ''),
  ),
);

/**
 * A denial or allow record of few accounts and ids, so that groups recur
 * across parts, and of many hosts and reasons, so that their lists differ.
 */
const recurring = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 }),
    account: fc.integer({ min: 0, max: 3 }),
    id: fc.integer({ min: 0, max: 4 }),
    host: fc.integer({ min: 0, max: 40 }),
    reason: fc.constantFrom('no matching ACL', 'IAM PQ response', 'é ünïcode', ''),
    second: fc.integer({ min: 0, max: 59 }),
    result: fc.constantFrom('deny', 'deny', 'allow'),
    tail: fc.constantFrom('', ' ✓', ' extra=1'),
  })
  .map(({ seed, account, id, host, reason, second, result, tail }) => {
    const s = String(second).padStart(2, '0');
    const prefix = `2026-11-22T10:00:${s}+0000 host-${host}`;
    const why = reason === '' ? '' : ` reason="${reason}"`;
    return [
      `${prefix} bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:${s}.431207Z srcip=127.0.0.1 authorizer=bouncer uid=svc-${account} action=create object=dcos:mesos:master:reservation:role:r${id} result=${result}${why}${tail}`,
      `${prefix} marathon.sh[4412]: [2026-11-22 10:00:09,120] INFO  type=audit uid=svc-${account} srcip=10.0.0.9 authorizer=marathon action=UpdateRunSpec path=/dev/app-${id} result=${result}${tail} (dcos.marathon.auditlog:pool-3-thread-1)`,
      `${prefix} mesos-master[3702]: I1122 10:00:07.752534  3708 logfmt.cpp:178] type=audit timestamp=2026-11-22 10:00:${s}.752534+00:00${why} uid="svc-${account}" object="dcos:mesos:master:framework:role:r${id}" authorizer="mesos-master" action="create" result=${result}${tail}`,
    ][seed]!;
  });

/** Lines of a few fixture lines (each may recur), recurring records and edited record lines. */
const corpus = fc
  .shuffledSubarray(FIXTURE_LINES, { minLength: 1, maxLength: 12 })
  .chain((pool) =>
    fc.array(
      fc.oneof(
        { weight: 3, arbitrary: recurring },
        { weight: 3, arbitrary: fc.constantFrom(...pool) },
        { weight: 1, arbitrary: editedLine },
      ),
      { minLength: 1, maxLength: 60 },
    ),
  );
const options = fc.record({
  allowed: fc.boolean(),
  allowAccounts: fc.boolean(),
  // Small enough that some lines are too long.
  maxLine: fc.constantFrom(700, 1 << 20),
});

const dir = tempDir('a2g-merge-');
let files = 0;

async function read(
  input: Input,
  opts: { allowed: boolean; allowAccounts: boolean; maxLine: number },
): Promise<{ snapshot: Snapshot; lines: number }> {
  const agg = new Aggregator(opts);
  const status = await consume(input, agg, { maxLine: opts.maxLine });
  expect(status.error).toBeNull();
  return { snapshot: agg.snapshot(), lines: status.lines };
}

describe('snapshots', () => {
  it('of parts cut at line starts, merged in order, give the snapshot of the whole', async () => {
    await fc.assert(
      fc.asyncProperty(
        corpus,
        fc.array(fc.nat(), { maxLength: 3 }),
        options,
        async (lines, cutsAt, opts) => {
          const path = join(dir, `in-${files++}.log`);
          const text = lines.map((l) => `${l}\n`).join('');
          writeFileSync(path, text);
          const whole = await read(fileInput(path), opts);
          // Byte offsets of the line starts cut at, in order; the same cut twice is an empty part.
          const starts = [0];
          for (const l of lines) starts.push(starts.at(-1)! + Buffer.byteLength(l) + 1);
          const cuts = cutsAt.map((c) => starts[c % starts.length]!).sort((a, b) => a - b);
          const bounds = [0, ...cuts, starts.at(-1)!];
          const parts: Snapshot[] = [];
          let linesBefore = 0;
          for (let i = 0; i + 1 < bounds.length; i++) {
            const part = await read(
              filePartInput(path, bounds[i]!, bounds[i + 1]!, linesBefore),
              opts,
            );
            linesBefore += part.lines;
            parts.push(part.snapshot);
          }
          const before = structuredClone(parts);
          expect(parts.reduce(merge)).toEqual(whole.snapshot);
          // In any grouping: merge(merge(a, b), c) = merge(a, merge(b, c)).
          expect(parts.reduceRight((later, earlier) => merge(earlier, later))).toEqual(
            whole.snapshot,
          );
          // Pure: the parts are as they were.
          expect(parts).toEqual(before);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('merge with the snapshot of nothing as the same snapshot, on either side', async () => {
    await fc.assert(
      fc.asyncProperty(corpus, options, async (lines, opts) => {
        const path = join(dir, `in-${files++}.log`);
        writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
        const { snapshot } = await read(fileInput(path), opts);
        const nothing = emptySnapshot({
          allowed: opts.allowed,
          allowAccounts: opts.allowAccounts,
        });
        expect(merge(nothing, snapshot)).toEqual(snapshot);
        expect(merge(snapshot, nothing)).toEqual(snapshot);
      }),
      { numRuns: 50 },
    );
  });

  it('are plain data: the same after JSON and the schema, and after structuredClone', async () => {
    await fc.assert(
      fc.asyncProperty(corpus, options, async (lines, opts) => {
        const path = join(dir, `in-${files++}.log`);
        writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
        const { snapshot } = await read(fileInput(path), opts);
        expect(Snapshot.parse(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
        expect(structuredClone(snapshot)).toEqual(snapshot);
      }),
      { numRuns: 50 },
    );
  });

  it('made with other records kept are not merged', () => {
    const denials = emptySnapshot({ allowed: false, allowAccounts: false });
    const withAllowed = emptySnapshot({ allowed: true, allowAccounts: false });
    expect(() => merge(denials, withAllowed)).toThrow(/kept different records/);
  });
});
