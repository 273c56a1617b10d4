import { describe, expect, it } from 'vitest';
import { Backoff, DEFAULT_BACKOFF, pause, seconds } from '../../src/sources/backoff.js';

describe('the wait before a follow connects again', () => {
  it('doubles from 1 s to 30 s, between half and all of each step', () => {
    const low = new Backoff(DEFAULT_BACKOFF, () => 0);
    const high = new Backoff(DEFAULT_BACKOFF, () => 1);
    const lows = Array.from({ length: 8 }, () => low.next(0));
    const highs = Array.from({ length: 8 }, () => high.next(0));
    expect(highs).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(lows).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });

  it('starts again at 1 s after a connection that followed a healthy while', () => {
    const b = new Backoff(DEFAULT_BACKOFF, () => 1);
    for (let i = 0; i < 5; i++) b.next(1000);
    expect(b.next(DEFAULT_BACKOFF.healthyMs - 1)).toBe(30000);
    expect(b.next(DEFAULT_BACKOFF.healthyMs)).toBe(1000);
    expect(b.next(0)).toBe(2000);
  });

  it('says the wait in seconds', () => {
    expect([seconds(734), seconds(1000), seconds(2468), seconds(15400)]).toEqual([
      '0.7 s',
      '1 s',
      '2.5 s',
      '15 s',
    ]);
  });

  it('ends a pause when its signal aborts', async () => {
    const stop = new AbortController();
    const paused = pause(3_600_000, stop.signal);
    stop.abort();
    await paused;
    await pause(3_600_000, stop.signal);
  });
});
