import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Evidence } from '../../src/report/evidence.js';

/** What an evidence of `values` (in order) holds: the distinct ones, the first `cap` of them. */
function expected(values: readonly string[], cap: number): string[] {
  return [...new Set(values)].slice(0, cap).sort();
}

const names = fc.array(fc.constantFrom(...Array.from({ length: 40 }, (_, i) => `value-${i}`)), {
  maxLength: 80,
});

function evidenceOf(hosts: readonly string[], components: readonly string[]): Evidence {
  const e = new Evidence();
  const n = Math.max(hosts.length, components.length);
  for (let i = 0; i < n; i++)
    e.add(i, hosts[i % hosts.length], components[i % components.length] ?? 'iam');
  return e;
}

describe('Evidence', () => {
  it('holds each distinct value once, however many there are (one, a few, a Set)', () => {
    fc.assert(
      fc.property(names, names, (hosts, components) => {
        const e = evidenceOf(hosts, components);
        // Hosts are kept up to 4096, the other sets up to 32.
        expect([...e.hosts].sort()).toEqual(expected(hosts, 4096));
        expect(e.sorted('hosts')).toEqual(expected(hosts, 4096));
        expect(e.sorted('components')).toEqual([...e.components].sort());
        expect(e.sorted('reasons')).toEqual([]);
        // A few are held once each in an array, not a Set (half the memory).
        const held = (e as unknown as { h: unknown }).h;
        const distinct = new Set(hosts).size;
        if (distinct >= 2 && distinct <= 8) expect(held).toHaveLength(distinct);
        if (distinct > 8) expect(held).toBeInstanceOf(Set);
        expect([...e.components].sort()).toEqual(
          components.length === 0 ? (hosts.length > 0 ? ['iam'] : []) : expected(components, 32),
        );
      }),
    );
  });

  it('merges two evidences, also after a trip to a worker thread', () => {
    fc.assert(
      fc.property(names, names, (a, b) => {
        const left = evidenceOf(a, a);
        const right = Evidence.from(structuredClone(evidenceOf(b, b)));
        const before = structuredClone(left);
        const both = left.merged(right);
        // Neither side changes, not even a Set of many hosts.
        expect(left).toEqual(before);
        expect(both.count).toBe(a.length + b.length);
        expect([...both.hosts].sort()).toEqual(expected([...a, ...b], 4096));
        // The union of two capped sets is capped again.
        expect(both.components.size).toBe(Math.min(32, new Set([...a, ...b]).size));
      }),
    );
  });

  it('takes another evidence in place as merging does, from the plain fields a worker sends', () => {
    fc.assert(
      fc.property(names, names, (a, b) => {
        const merged = evidenceOf(a, a).merged(evidenceOf(b, b));
        const left = evidenceOf(a, a);
        left.absorb(structuredClone(evidenceOf(b, b)));
        expect(left).toEqual(merged);
        expect(left).toBeInstanceOf(Evidence);
      }),
    );
  });
});
