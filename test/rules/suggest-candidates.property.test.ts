import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ridCovers } from '../../src/rules/coverage.js';
import { catalog } from '../../src/rules/data/templates.js';
import { candidates } from '../../src/rules/suggest-candidates.js';
import { instantiate, rowStems } from '../../src/rules/templates.js';

/**
 * What suggestions work out once per version and once per id, against what
 * it stands for: StemIndex finds a row's pairs only under the stem numbered
 * for it, so a wrong number loses pairs without an error.
 */

const VERSIONS = ['1.8', '1.10', '1.13', '2.0', '2.2'] as const;
const version = fc.constantFrom(...VERSIONS);
const value = fc.constantFrom('kafka', 'kafka-role', '*', 'nobody', 'team01/prod/x', 'svc-1');
const values = fc.record({
  role: value,
  user: value,
  principal: fc.constantFrom('svc-1', 'kafka-principal'),
  service: fc.constantFrom('kafka', 'team01/prod/x', 'dcos-edgelb'),
});

/** An id a row gives with these values (a glob's `*` replaced), or a prefix of it. */
const id = fc
  .tuple(fc.constantFrom(...catalog().flatMap((t) => t.rows)), values, fc.nat(), fc.boolean())
  .map(([row, vs, cut, whole]) => {
    let rid = row.rid.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => vs[name as 'role']);
    if (row.glob) rid = `${rid.slice(0, -1)}${vs.user}`;
    return whole ? rid : rid.slice(0, cut % (rid.length + 1));
  });

describe('suggestion candidates (property)', () => {
  it('numbers each row by its stem, and each row with parameters by the text before them', () => {
    for (const v of VERSIONS) {
      const { templates, stems } = candidates(v);
      for (const c of templates) {
        expect(c.rowStems.map((n) => stems[n])).toEqual(rowStems(c.template, v));
        expect(c.stems).toEqual([...new Set(c.rowStems)]);
        const withParams = c.template.rows.filter((row) => row.rid.includes('{'));
        expect(c.inferRows.map((r) => stems[r.stem])).toEqual(
          withParams.map((row) => row.rid.slice(0, row.rid.indexOf('{'))),
        );
      }
    }
  });

  it('a row filled in starts with its stem', () => {
    fc.assert(
      fc.property(version, values, (v, vs) => {
        const { templates, stems } = candidates(v);
        for (const c of templates) {
          const params = Object.fromEntries(
            c.template.params
              .filter((p) => p.name !== 'enforceRole')
              .map((p) => [p.name, vs[p.name as 'role']]),
          );
          const { rows } = instantiate(c.template, params, 'svc-1', v);
          rows.forEach((row, k) => {
            const stem = stems[c.rowStems[k]!]!;
            expect((row.glob ? row.rid.slice(0, -1) : row.rid).startsWith(stem)).toBe(true);
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it("says of an id which stems it starts with, lies above, and which templates' services it holds", () => {
    fc.assert(
      fc.property(version, id, (v, rid) => {
        const { templates, stems, factsOf } = candidates(v);
        const numbers = (yes: (n: number) => boolean) =>
          stems.flatMap((_, n) => (yes(n) ? [n] : []));
        const facts = factsOf(rid);
        expect(facts.under).toEqual(numbers((n) => rid.startsWith(stems[n]!)));
        expect([...facts.above].sort((a, b) => a - b)).toEqual(
          // Below it, as a grant on it covers them (coverage.ts).
          numbers((n) => stems[n] !== rid && ridCovers(rid, stems[n]!)),
        );
        expect(facts.names).toEqual(
          templates.flatMap((c, k) => (c.naming.some((w) => rid.includes(w)) ? [k] : [])),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
