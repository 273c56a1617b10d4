import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { durationText, FollowControl } from '../../../src/cli/follow/control.js';

const hooks = { allowRecords: () => 0, records: () => 0, tick: () => {}, save: () => {} };
const DAY = 86_400_000;

describe('--for', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it.each([
    [90_000, '90s'],
    [25 * DAY, '25d'],
    [366 * DAY, '366d'],
  ])('ends a follow of %i ms after that long, no sooner', (ms, text) => {
    // Longer than a timer can wait (2^31-1 ms, about 24.8 days) in two of them.
    const control = new FollowControl({ for: ms }, hooks);
    control.start();
    vi.advanceTimersByTime(ms - 1);
    expect(control.stop.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(control.stop.signal.aborted).toBe(true);
    expect(control.reason).toBe(`--for ${text} is over`);
  });
});

describe('durationText', () => {
  it.each([
    [1, '1ms'],
    [1500, '1500ms'],
    [2000, '2s'],
    [5_400_000, '90m'],
    [7_200_000, '2h'],
    [2 * DAY, '2d'],
  ])('%i ms is %s', (ms, text) => expect(durationText(ms)).toBe(text));
});
