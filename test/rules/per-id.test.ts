import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { perId } from '../../src/rules/per-id.js';

/** An answer that depends on the id, undefined for some. */
const lengthOfDcos = (rid: string) => (rid.startsWith('dcos') ? rid.length : undefined);

describe('perId', () => {
  it('answers as the function does, asking it once per id, undefined answers included', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'dcos:x', 'dcos:x:y', '')), (ids) => {
        const asked: string[] = [];
        const kept = perId((rid) => {
          asked.push(rid);
          return lengthOfDcos(rid);
        });
        for (const id of ids) expect(kept(id)).toBe(lengthOfDcos(id));
        expect(asked).toEqual([...new Set(ids)]);
      }),
    );
  });

  it('keeps a bounded number of answers: a long run of new ids is still answered right', () => {
    let calls = 0;
    const kept = perId((rid) => {
      calls++;
      return `${rid}!`;
    });
    for (let i = 0; i < 120_000; i++) expect(kept(`id-${i}`)).toBe(`id-${i}!`);
    // Forgotten when the answers were cleared: asked again, answered the same.
    expect(kept('id-0')).toBe('id-0!');
    expect(calls).toBe(120_001);
  });
});
