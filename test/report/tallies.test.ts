import { describe, expect, it } from 'vitest';
import { HOST, REASON, Tallies } from '../../src/report/tallies.js';

describe('Tallies', () => {
  it('hands over each count and time span once, through growth, and forgets them', () => {
    const t = new Tallies();
    const n = 3000;
    for (let e = 0; e < n; e++) t.open(e);
    for (let e = 0; e < n; e += 3) {
      t.count(e, 5000 + e);
      t.count(e, undefined);
      t.count(e, 1000 + e);
    }
    const got = new Map<number, number[]>();
    t.settle((e, count, first, last) => got.set(e, [count, first, last]));
    expect(got.size).toBe(n / 3);
    expect(got.get(2997)).toEqual([3, 3997, 7997]);
    t.settle(() => expect.unreachable('settled twice'));
    t.count(1, undefined);
    t.settle((e, count, first, last) =>
      expect([e, count, first, last]).toEqual([1, 1, Infinity, -Infinity]),
    );
  });

  it('marks names numbered below 32 only, per wording and kind', () => {
    const t = new Tallies();
    t.open(0);
    t.open(1);
    for (const name of [0, 5, 31, 32, 33, 63, -1]) t.mark(0, HOST, name);
    expect([0, 5, 31].every((name) => t.holds(0, HOST, name))).toBe(true);
    expect([1, 32, 33, 63, -1].some((name) => t.holds(0, HOST, name))).toBe(false);
    expect(t.holds(0, REASON, 5)).toBe(false);
    expect(t.holds(1, HOST, 5)).toBe(false);
  });
});
