import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { classifyLine } from '../../src/parser/classify-line.js';
import { Aggregator } from '../../src/report/aggregate.js';
import { consume } from '../../src/sources/consume.js';

// kernel/count.ts looks denials up in batches of up to 8 and, at one the
// table has not, rewinds to its line. Dense runs of countable lines with a
// new wording at any place in a batch, allows and plain noise between them,
// CRLF or not, in pieces: the same as every line parsed.

const denial = (uid: string, host: string, reason: string, result = 'deny') =>
  `2026-11-22T10:00:07+0000 ${host} bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=${uid} action=create object=dcos:mesos:master:reservation:role:r result=${result} reason="${reason}"`;

const line = fc.oneof(
  {
    weight: 10,
    arbitrary: fc
      .tuple(fc.nat(6), fc.nat(2), fc.nat(1))
      .map(([u, h, r]) => denial(`u${u}`, `h${h}`, `r${r}`)),
  },
  { weight: 2, arbitrary: fc.nat(1_000_000).map((u) => denial(`new${u}`, 'h0', 'r0')) },
  { weight: 2, arbitrary: fc.nat(6).map((u) => denial(`u${u}`, 'h0', 'r0', 'allow')) },
  { weight: 2, arbitrary: fc.constantFrom('noise', '', 'x y z') },
  { weight: 1, arbitrary: fc.nat(40).map((h) => denial('u1', `h${h}`, 'r0')) },
);

const pieces = (bytes: Buffer, cuts: number[]) => () =>
  Readable.from(
    (async function* () {
      const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      let from = 0;
      for (const end of [...at, bytes.length]) {
        await new Promise((resolve) => setImmediate(resolve));
        if (end > from) yield bytes.subarray(from, end);
        from = end;
      }
    })(),
  );

describe('denials looked up in batches', () => {
  it('come out as when every line is parsed', async () => {
    const counted = vi.spyOn(Aggregator.prototype, 'countedInKernel');
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 20, maxLength: 400, size: '+1' }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (lines, crlf, cuts) => {
          const bytes = Buffer.from(lines.map((l) => `${l}${crlf ? '\r\n' : '\n'}`).join(''));
          const agg = new Aggregator();
          await consume({ source: 'in', open: pieces(bytes, cuts) }, agg, { maxLine: 1 << 20 });
          const ref = new Aggregator();
          lines.forEach((t, i) => {
            const b = Buffer.from(t);
            ref.add(classifyLine(b, 0, b.length), { source: 'in', line: i + 1 });
          });
          expect(agg.snapshot()).toEqual(ref.snapshot());
        },
      ),
      { numRuns: 150 },
    );
    expect(counted.mock.calls.reduce((n, [d]) => n + d, 0)).toBeGreaterThan(1000);
  });
});
