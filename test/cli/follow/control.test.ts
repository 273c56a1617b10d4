import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { after, FollowControl } from '../../../src/cli/follow/control.js';
import { durationText } from '../../../src/cli/follow-options.js';

const hooks = { allowRecords: () => 0, records: () => 0, tick: () => {}, save: () => {} };
const DAY = 86_400_000;

describe('--for', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('ends a follow after that long, no sooner, saying so', () => {
    const control = new FollowControl({ for: 90_000 }, hooks);
    control.start();
    vi.advanceTimersByTime(89_999);
    expect(control.stop.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(control.stop.signal.aborted).toBe(true);
    expect(control.reason).toBe('--for 90s is over');
  });

  it.each([90_000, 2 ** 31 - 1, 25 * DAY, 366 * DAY])(
    'waits %i ms, longer than one timer can (2^31-1 ms, about 24.8 days) in several',
    (ms) => {
      const done = vi.fn();
      const timers: unknown[] = [];
      after(ms, done, (t) => timers.push(t));
      vi.advanceTimersByTime(ms - 1);
      expect(done).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(done).toHaveBeenCalledOnce();
      expect(timers).toHaveLength(Math.ceil(ms / (2 ** 31 - 1)));
    },
  );
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
