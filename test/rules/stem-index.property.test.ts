import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowCovers, rowSeen } from '../../src/rules/coverage.js';
import { GRANT_ACTIONS } from '../../src/rules/grammar.js';
import { type IdStems, StemIndex } from '../../src/rules/stem-index.js';

/**
 * Segments chosen so that one is often a string prefix of another (`a`,
 * `ab`, `a-b`): ids that share characters but not a `:` boundary must not
 * cover each other, and a stem may end inside a segment.
 */
const segment = fc.constantFrom('a', 'b', 'ab', 'a-b', 'ba', 'role', 'roles', '/x', '/x/y', '*');
const rid = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => `dcos:${s.join(':')}`);
const action = fc.constantFrom(...GRANT_ACTIONS);
const pair = fc.record({ rid, action });

/**
 * A template row and its stem: any prefix of its id (of a glob's id before
 * its `*`), as templates.ts' rowStems cuts the id before its first
 * parameter, wherever that is.
 */
const row = fc
  .record({ rid, action, glob: fc.boolean(), cut: fc.nat() })
  .map(({ rid, action, glob, cut }) => ({
    row: { rid: glob ? `${rid}*` : rid, action, glob },
    stem: rid.slice(0, cut % (rid.length + 1)),
  }));

/** What suggest-candidates.ts works out per id, here by scanning the stems. */
function stemsOf(stems: readonly string[]): (rid: string) => IdStems {
  const numbers = (yes: (stem: string) => boolean) => stems.flatMap((s, n) => (yes(s) ? [n] : []));
  return (id) => ({
    under: numbers((stem) => id.startsWith(stem)),
    above: numbers(
      (stem) => stem.length > id.length && stem.startsWith(id) && stem[id.length] === ':',
    ),
  });
}

describe('StemIndex (property)', () => {
  it('answers as rowCovers and rowSeen do over all the pairs', () => {
    fc.assert(
      fc.property(
        fc.array(pair, { maxLength: 12 }),
        fc.array(row, { minLength: 1, maxLength: 6 }),
        (pairs, rowsWithStems) => {
          const stems = [...new Set(rowsWithStems.map((r) => r.stem))];
          const rows = rowsWithStems.map((r) => r.row);
          const stemOf = rowsWithStems.map((r) => stems.indexOf(r.stem));
          const index = new StemIndex(pairs, stemsOf(stems));
          stems.forEach((stem, n) => {
            const under = pairs.flatMap((p, i) => (p.rid.startsWith(stem) ? [i] : []));
            expect(index.startingWith(n)).toEqual(under);
            const lieAbove = (id: string) => stem.startsWith(`${id}:`);
            expect(index.maySee(n)).toBe(
              pairs.some((p) => p.rid.startsWith(stem) || lieAbove(p.rid)),
            );
          });
          rows.forEach((r, k) => {
            expect(index.seen(r, stemOf[k]!)).toBe(rowSeen(r, pairs));
          });
          const explained = pairs.filter((p) => rows.some((r) => rowCovers(r, p))).length;
          expect(index.explainedBy(rows, stemOf)).toBe(explained);
          // Counted again from a fresh start: each count is its own.
          expect(index.explainedBy(rows, stemOf)).toBe(explained);
          const all = stems.map((_, n) => n);
          expect(index.countUnder(all)).toBe(
            pairs.filter((p) => stems.some((s) => p.rid.startsWith(s))).length,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
