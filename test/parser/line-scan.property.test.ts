import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineScan, probes } from '../../src/parser/line-scan.js';

/**
 * Markers and text from a few bytes, so that markers and their look-alikes
 * (the probed bytes in place, the rest not) occur often: `y`, `=` and `S`
 * are rare in journal text and so probed, `t`, `e` and space common.
 */
const BYTES = ['t', 'y', 'e', '=', 'S', ' ', 'q'];
const marker = fc
  .array(fc.constantFrom(...BYTES), { minLength: 1, maxLength: 31 })
  .map((c) => c.join(''));

function firstEnding(text: string, markers: string[], from: number, end: number): number {
  let best = -1;
  for (const m of markers) {
    const at = text.indexOf(m, from);
    if (at !== -1 && at + m.length <= end && (best === -1 || at < best)) best = at;
  }
  return best;
}

describe('the line scan find (kernel/line-scan.ts, property)', () => {
  it('finds the first place where a marker starts and ends before the end, whatever bytes it probes', () => {
    fc.assert(
      fc.property(
        fc.array(marker, { minLength: 1, maxLength: 2 }),
        fc.array(fc.oneof(fc.constantFrom(...BYTES), marker), { maxLength: 60 }),
        fc.nat(),
        fc.nat(),
        (markers, pieces, a, b) => {
          const scan = new LineScan({
            markers: markers.map((m) => Buffer.from(m)),
            firstBytes: [],
            lastBytes: [],
          });
          const text = pieces.join('');
          // Bytes past the end look like the markers: they must not be taken for them.
          const n = scan.window.write(text + markers.join(''), 'latin1') - markers.join('').length;
          const end = n === 0 ? 0 : b % (n + 1);
          const from = end === 0 ? 0 : a % (end + 1);
          expect(scan.find(from, end)).toBe(firstEnding(text, markers, from, end));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('probes', () => {
  it("are a marker's two rarest bytes in journal text", () => {
    expect(probes(Buffer.from('type=audit'))).toEqual([1, 4]); // y, =
    expect(probes(Buffer.from('Suppressed '))).toEqual([0, 9]); // S, d
    expect(probes(Buffer.from('x'))).toEqual([0, 0]);
  });
});
