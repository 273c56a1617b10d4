import { describe, expect, it } from 'vitest';
import { checkEvery, QuietWatch } from '../../../src/cli/follow/quiet.js';

// --quiet-for D: no new denial for D, and allow records in both halves of it.
const D = 10_000;

describe('QuietWatch', () => {
  it('converges once D passed without a new denial, allow records arriving in both halves', () => {
    const q = new QuietWatch(D, 0);
    let allows = 0;
    for (let t = 1000; t < D; t += 1000) expect(q.check(t, ++allows)).toBe(false);
    expect(q.check(D, ++allows)).toBe(true);
  });

  it('waits while no allow record arrives: an idle service has not converged', () => {
    const q = new QuietWatch(D, 0);
    for (let t = 1000; t <= 5 * D; t += 1000) expect(q.check(t, 0)).toBe(false);
    // Work starts again: it takes allow records in both halves of a quiet D.
    let allows = 0;
    const back = 5 * D + 1000;
    expect(q.check(back, ++allows)).toBe(false);
    expect(q.check(back + D / 2 - 1000, ++allows)).toBe(false);
    expect(q.check(back + D / 2, ++allows)).toBe(true);
  });

  it('starts again at each new denial', () => {
    const q = new QuietWatch(D, 0);
    let allows = 0;
    for (let t = 1000; t < 8000; t += 1000) q.check(t, ++allows);
    q.denial(8000);
    for (let t = 9000; t < 8000 + D; t += 1000) expect(q.check(t, ++allows)).toBe(false);
    expect(q.check(8000 + D, ++allows)).toBe(true);
  });

  it('needs allow records in the first half too: work that only just began is not enough', () => {
    const q = new QuietWatch(D, 0);
    expect(q.check(D / 2, 0)).toBe(false);
    expect(q.check(D, 1)).toBe(false);
    expect(q.check(D + 1000, 1)).toBe(false);
    expect(q.check(D + D / 2 + 1000, 2)).toBe(true);
  });

  it('waits while an input is not followed, and counts the quiet time from its return', () => {
    const q = new QuietWatch(D, 0);
    let allows = 0;
    for (let t = 1000; t < 4000; t += 1000) q.check(t, ++allows);
    // A host drops at 4 s: its journal goes unread, however quiet the others are.
    q.unfollowed(4000, true);
    for (let t = 4000; t <= 4 * D; t += 1000) expect(q.check(t, ++allows)).toBe(false);
    // Followed again at 40.5 s: D more of quiet, from then.
    q.unfollowed(4 * D + 500, false);
    for (let t = 4 * D + 1000; t < 5 * D + 500; t += 1000) expect(q.check(t, ++allows)).toBe(false);
    expect(q.check(5 * D + 500, ++allows)).toBe(true);
  });

  it('is checked often enough to see both halves of a short quiet time', () => {
    expect(checkEvery(15 * 60_000)).toBe(1000);
    expect(checkEvery(2000)).toBe(500);
    expect(checkEvery(100)).toBe(50);
  });
});
