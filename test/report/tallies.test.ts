import { describe, expect, it } from 'vitest';
import { ByteKeys, hashBytes } from '../../src/report/byte-keys.js';
import { HOST, REASON, Tallies } from '../../src/report/tallies.js';

/** `n` wordings stored in a small table (so that it grows), each opened; their records' starts. */
function wordings(n: number) {
  const keys = new ByteKeys<number>(16, 256, Tallies.PAYLOAD);
  const tallies = new Tallies(keys);
  const at: number[] = [];
  for (let e = 0; e < n; e++) {
    const k = Buffer.from(`wording-${e}`);
    keys.set(k, 0, k.length, hashBytes(k, 0, k.length), e);
    tallies.open(keys.found);
    at.push(keys.found);
  }
  return { tallies, at };
}

describe('Tallies', () => {
  it('hands over each count and time span once, through growth, and forgets them', () => {
    const n = 3000;
    const { tallies: t, at } = wordings(n);
    for (let e = 0; e < n; e += 3) {
      t.count(at[e]!, 5000 + e);
      t.count(at[e]!, undefined);
      t.count(at[e]!, 1000 + e);
    }
    const got = new Map<number, number[]>();
    t.settle((e, count, first, last) => got.set(e, [count, first, last]));
    expect(got.size).toBe(n / 3);
    expect(got.get(2997)).toEqual([3, 3997, 7997]);
    t.settle(() => expect.unreachable('settled twice'));
    t.count(at[1]!, undefined);
    t.settle((e, count, first, last) =>
      expect([e, count, first, last]).toEqual([1, 1, Infinity, -Infinity]),
    );
  });

  it('marks names numbered below 32 only, per wording and kind', () => {
    const { tallies: t, at } = wordings(2);
    for (const name of [0, 5, 31, 32, 33, 63, -1]) t.mark(at[0]!, HOST, name);
    expect([0, 5, 31].every((name) => t.holds(at[0]!, HOST, name))).toBe(true);
    expect([1, 32, 33, 63, -1].some((name) => t.holds(at[0]!, HOST, name))).toBe(false);
    expect(t.holds(at[0]!, REASON, 5)).toBe(false);
    expect(t.holds(at[1]!, HOST, 5)).toBe(false);
  });
});
