import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Evidence } from '../../src/report/evidence.js';
import { mergeSeen } from '../../src/report/merge.js';
import { SharedValues } from '../../src/report/shared-values.js';

/** What an evidence of `values` (in order) lists: the distinct ones, the first `cap` of them. */
function expected(values: readonly string[], cap: number): string[] {
  return [...new Set(values)].slice(0, cap);
}

const names = fc.array(fc.constantFrom(...Array.from({ length: 40 }, (_, i) => `value-${i}`)), {
  maxLength: 80,
});

/** Records at times `from`, `from + 1`, ... with these hosts and components, in turn. */
function evidenceOf(hosts: readonly string[], components: readonly string[], from = 0): Evidence {
  const e = new Evidence();
  const n = Math.max(hosts.length, components.length);
  for (let i = 0; i < n; i++)
    e.add(from + i, hosts[i % hosts.length], components[i % components.length] ?? 'iam');
  return e;
}

describe('Evidence', () => {
  it('lists each distinct value once, in the order first added, however many (one, a few, a Set)', () => {
    fc.assert(
      fc.property(names, names, (hosts, components) => {
        const e = evidenceOf(hosts, components);
        const seen = e.seen(new SharedValues());
        // Hosts are kept up to 4096, the other sets up to 32.
        expect(seen.hosts).toEqual(expected(hosts, 4096));
        expect(seen.reasons).toEqual([]);
        expect(seen.components).toEqual(
          components.length === 0 ? (hosts.length > 0 ? ['iam'] : []) : expected(components, 32),
        );
        // A few are held once each in an array, not a Set (half the memory).
        const held = (e as unknown as { h: unknown }).h;
        const distinct = new Set(hosts).size;
        if (distinct >= 2 && distinct <= 8) expect(held).toHaveLength(distinct);
        if (distinct > 8) expect(held).toBeInstanceOf(Set);
      }),
    );
  });

  it('gives no time span when no record had a time', () => {
    const e = new Evidence();
    e.add(undefined, 'm1', 'iam');
    expect(e.seen(new SharedValues())).toMatchObject({ count: 1, first: null, last: null });
  });

  it('merged as snapshot data, gives what the records of both read in one go give, caps included', () => {
    fc.assert(
      fc.property(names, names, (a, b) => {
        const lists = new SharedValues();
        const left = evidenceOf(a, a).seen(lists);
        const right = evidenceOf(b, b, a.length).seen(lists);
        const before = structuredClone([left, right]);
        const both = mergeSeen(left, right);
        expect(both).toEqual(evidenceOf([...a, ...b], [...a, ...b]).seen(lists));
        // Neither side changes.
        expect([left, right]).toEqual(before);
      }),
    );
  });
});
