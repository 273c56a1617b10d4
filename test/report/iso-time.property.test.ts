import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from '../../src/report/iso-time.js';

describe('isoTime (property)', () => {
  it('writes what toISOString writes, null when there is no time', () => {
    const ms = fc.oneof(
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }),
      // Days of logs: many times of one day, in and out of order.
      fc.integer({ min: 1_763_769_600_000, max: 1_763_769_600_000 + 3 * 86_400_000 }),
    );
    fc.assert(
      fc.property(fc.array(ms, { minLength: 1, maxLength: 20 }), (times) => {
        for (const t of times) expect(isoTime(t)).toBe(new Date(t).toISOString());
      }),
      { numRuns: 2000 },
    );
    for (const none of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN])
      expect(isoTime(none)).toBeNull();
  });
});
