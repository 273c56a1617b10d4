import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classifyLine } from '../../src/parser/classify-line.js';
import { Aggregator, type AggregatorOptions } from '../../src/report/aggregate.js';
import type { Snapshot } from '../../src/report/snapshot.js';
import { consume } from '../../src/sources/consume.js';
import { editedLine, SEEDS } from '../helpers/record-lines.js';

// The byte kernel counts the common record itself (parser/kernel/count.ts):
// a denial of a wording listed, whose host and reason its group holds, and
// an allow record. What it counts must come out as when every line is parsed.

const DENIALS = [SEEDS[0]!, SEEDS[2]!, SEEDS[3]!, SEEDS[5]!, SEEDS[9]!, SEEDS[7]!, SEEDS[6]!];
const ALLOWS = [SEEDS[1]!, SEEDS[4]!, SEEDS[6]!];

/** A record seen again and again: few wordings, hosts and reasons, past the 32 names marked now and then. */
const repeated = fc
  .tuple(
    fc.constantFrom(...DENIALS, ...ALLOWS),
    fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom('m1', 'm2', 'm3') },
      { weight: 1, arbitrary: fc.nat(40).map((n) => `host-${n}`) },
    ),
    fc.constantFrom('no matching ACL', 'other'),
    fc.oneof(
      { weight: 9, arbitrary: fc.constant('svc-1') },
      { weight: 1, arbitrary: fc.constant('svc-2') },
    ),
    fc.nat(59),
  )
  .map(([seed, host, reason, uid, second]) =>
    seed
      .replace(/ (master-1\.example|m2|agent-3|master-2|m1) /, ` ${host} `)
      .replace(/"(no matching ACL|IAM PQ response|Error in authorization)"/, `"${reason}"`)
      .replace(
        /(uid=)("?)(svc-1-principal|kafka-principal|svc-2-principal|cicd|svc-3-principal)/,
        `$1$2${uid}`,
      )
      .replace(/10:00:0[0-9]/g, `10:00:${String(second).padStart(2, '0')}`),
  );

const line = fc.oneof(
  { weight: 6, arbitrary: repeated },
  { weight: 2, arbitrary: editedLine },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'noise line',
      '',
      `${SEEDS[2]} blob data]`,
      `${SEEDS[0]!} ${'x'.repeat(1990)}`,
    ),
  },
);

const journal = fc.record({
  lines: fc.array(line, { minLength: 50, maxLength: 200 }),
  crlf: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
  options: fc.constantFrom<AggregatorOptions>(
    {},
    { allowed: true },
    { allowAccounts: true },
    { window: { since: Date.UTC(2026, 10, 22, 10, 0, 30), until: Number.POSITIVE_INFINITY } },
  ),
});

/** `bytes` in pieces cut at `cuts`, each handed over in a turn of its own. */
function pieces(bytes: Buffer, cuts: number[]): () => Readable {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts = [0, ...at, bytes.length]
    .slice(1)
    .map((end, i, ends) => bytes.subarray(i === 0 ? 0 : ends[i - 1], end));
  return () =>
    Readable.from(
      (async function* () {
        for (const part of parts) {
          await new Promise((resolve) => setImmediate(resolve));
          if (part.length > 0) yield part;
        }
      })(),
    );
}

/** Each line parsed, as the reference. */
function parsed(text: string[], options: AggregatorOptions): Snapshot {
  const agg = new Aggregator(options);
  text.forEach((t, i) => {
    const buf = Buffer.from(t);
    agg.add(classifyLine(buf, 0, buf.length), { source: 'in', line: i + 1 });
  });
  return agg.snapshot();
}

async function consumed(
  bytes: Buffer,
  cuts: number[],
  options: AggregatorOptions,
): Promise<Snapshot> {
  const agg = new Aggregator(options);
  await consume({ source: 'in', open: pieces(bytes, cuts) }, agg, { maxLine: 1 << 20 });
  return agg.snapshot();
}

const toText = (lines: string[], crlf: boolean) =>
  Buffer.from(lines.map((l) => `${l}${crlf ? '\r\n' : '\n'}`).join(''));

describe('records the byte kernel counts itself', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('come out as when every line is parsed, in any pieces, with any options', async () => {
    const counted = vi.spyOn(Aggregator.prototype, 'countedInKernel');
    await fc.assert(
      fc.asyncProperty(journal, async ({ lines, crlf, cuts, options }) => {
        const got = await consumed(toText(lines, crlf), cuts, options);
        expect(got).toEqual(parsed(lines, options));
      }),
      { numRuns: 200 },
    );
    // The property means nothing unless the kernel counted both kinds, many times.
    const [denials, allows] = counted.mock.calls.reduce(
      ([d, a], [dd, aa]) => [d + dd, a + aa],
      [0, 0],
    );
    expect(denials).toBeGreaterThan(1300);
    expect(allows).toBeGreaterThan(500);
  });

  it('come out right for two aggregators read in turns, whose tables take the kernel in turns', async () => {
    await fc.assert(
      fc.asyncProperty(journal, journal, async (a, b) => {
        const [gotA, gotB] = await Promise.all([
          consumed(toText(a.lines, a.crlf), a.cuts, {}),
          consumed(toText(b.lines, b.crlf), b.cuts, {}),
        ]);
        expect(gotA).toEqual(parsed(a.lines, {}));
        expect(gotB).toEqual(parsed(b.lines, {}));
      }),
      { numRuns: 60 },
    );
  });
});
