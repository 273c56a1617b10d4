import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { classifyLine } from '../../src/parser/classify-line.js';
import { Aggregator, type AggregatorOptions } from '../../src/report/aggregate.js';
import type { Snapshot } from '../../src/report/snapshot.js';
import { consume } from '../../src/sources/consume.js';
import { fileInput } from '../../src/sources/input.js';
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
  // A regular file is read into the file windows; a stream through the scan window.
  file: fc.boolean(),
  maxLine: fc.constantFrom(1 << 20, 2100, 300),
  // Snapshots taken while reading settle the tallies midway.
  midway: fc.boolean(),
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
function parsed(text: string[], options: AggregatorOptions, maxLine = 1 << 20): Snapshot {
  const agg = new Aggregator(options);
  text.forEach((t, i) => {
    const buf = Buffer.from(t);
    if (buf.length > maxLine) agg.tooLong();
    else agg.add(classifyLine(buf, 0, buf.length), { source: 'in', line: i + 1 });
  });
  return agg.snapshot();
}

const dir = mkdtempSync(join(tmpdir(), 'kernel-counting-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

interface Reading {
  cuts?: number[];
  file?: boolean;
  maxLine?: number;
  midway?: boolean;
}

async function consumed(
  bytes: Buffer,
  options: AggregatorOptions,
  { cuts = [], file = false, maxLine = 1 << 20, midway = false }: Reading = {},
): Promise<Snapshot> {
  const agg = new Aggregator(options);
  let input = { source: 'in', open: pieces(bytes, cuts) };
  if (file) {
    const path = join(dir, `${files++}.log`);
    writeFileSync(path, bytes);
    input = { ...fileInput(path), source: 'in' };
  }
  await consume(input, agg, { maxLine, onChunk: midway ? () => agg.snapshot() : undefined });
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
      fc.asyncProperty(journal, async ({ lines, crlf, options, ...reading }) => {
        const got = await consumed(toText(lines, crlf), options, reading);
        expect(got).toEqual(parsed(lines, options, reading.maxLine));
      }),
      { numRuns: 100 },
    );
    // The property means nothing unless the kernel counted both kinds, many times.
    const [denials, allows] = counted.mock.calls.reduce(
      ([d, a], [dd, aa]) => [d + dd, a + aa],
      [0, 0],
    );
    expect(denials).toBeGreaterThan(400);
    expect(allows).toBeGreaterThan(150);
  });

  it('come out right for two aggregators read in turns, whose tables take the kernel in turns', async () => {
    const counted = vi.spyOn(Aggregator.prototype, 'countedInKernel');
    await fc.assert(
      fc.asyncProperty(journal, journal, async (a, b) => {
        const [gotA, gotB] = await Promise.all([
          consumed(toText(a.lines, a.crlf), {}, { cuts: a.cuts }),
          consumed(toText(b.lines, b.crlf), {}, { cuts: b.cuts }),
        ]);
        expect(gotA).toEqual(parsed(a.lines, {}));
        expect(gotB).toEqual(parsed(b.lines, {}));
      }),
      { numRuns: 40 },
    );
    expect(counted.mock.calls.reduce((n, [denials]) => n + denials, 0)).toBeGreaterThan(500);
  });

  /** A Bouncer denial of `uid`'s use of `role`, from `host`. */
  const denial = (uid: string, host: string, reason: string, role = 'r') =>
    `2026-11-22T10:00:07+0000 ${host} bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=${uid} action=create object=dcos:mesos:master:reservation:role:${role} result=deny reason="${reason}"`;

  it('come out right when more names are new to their groups in one stretch than the kernel can hand over', async () => {
    // 60 wordings from one host, then each from 15 more hosts with 15 more
    // reasons: about 1,700 names new to their groups in one sweep.
    const lines: string[] = [];
    for (let w = 0; w < 60; w++) lines.push(...[0, 1].map(() => denial(`u${w}`, 'h0', 'r0')));
    for (let w = 0; w < 60; w++)
      for (let h = 1; h < 16; h++) lines.push(denial(`u${w}`, `h${h}`, `r${h}`));
    const counted = vi.spyOn(Aggregator.prototype, 'countedInKernel');
    const got = await consumed(toText(lines, false), {}, { file: true });
    expect(got).toEqual(parsed(lines, {}));
    expect(counted.mock.calls.reduce((n, [denials]) => n + denials, 0)).toBeGreaterThan(500);
  });

  it('come out right when the table outgrows the room in the kernel in the middle of a run', async () => {
    // Wordings of about 1 KB each: past the room's 8 MiB at about 8,000.
    const role = 'x'.repeat(1000);
    const first = Array.from({ length: 9000 }, (_, w) => denial(`u${w}`, 'h0', 'r', role));
    const again = first
      .filter((_, w) => w % 7 === 0)
      .map((l, i) => l.replace(' h0 ', ` h${i % 5} `));
    const few = toText(
      [0, 1, 2].map(() => denial('v', 'h0', 'r')),
      false,
    );
    const run = async () => {
      const [agg, other] = [new Aggregator(), new Aggregator()];
      const read = (into: Aggregator, bytes: Buffer) =>
        consume({ source: 'in', open: pieces(bytes, []) }, into, { maxLine: 1 << 20 });
      await read(agg, toText(first, false));
      // Another aggregator takes the kernel: the table that outgrew it must have left it whole.
      await read(other, few);
      await read(agg, toText(again, false));
      await read(other, few);
      return [agg.snapshot(), other.snapshot()];
    };
    const counted = vi.spyOn(Aggregator.prototype, 'countedInKernel');
    const got = await run();
    expect(counted).toHaveBeenCalled();
    // The same reading with nothing counted in the kernel.
    vi.spyOn(Aggregator.prototype, 'countingInKernel').mockReturnValue(0);
    expect(got).toEqual(await run());
  });
});
