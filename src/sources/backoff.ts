/**
 * How long a follow waits before it connects again: 1 s, doubling up to
 * 30 s, each wait drawn between half and all of that (so that hosts dropped
 * together do not all come back in the same instant); after a connection
 * that stayed up a healthy while, it starts again at 1 s.
 */

export interface BackoffOptions {
  firstMs: number;
  maxMs: number;
  /** A connection that followed this long resets the wait to `firstMs`. */
  healthyMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { firstMs: 1000, maxMs: 30_000, healthyMs: 60_000 };

export class Backoff {
  private base: number;

  constructor(
    private readonly opts: BackoffOptions = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {
    this.base = opts.firstMs;
  }

  /** The wait before the next attempt, after one that followed for `healthyForMs`. */
  next(healthyForMs: number): number {
    if (healthyForMs >= this.opts.healthyMs) this.base = this.opts.firstMs;
    const base = this.base;
    this.base = Math.min(base * 2, this.opts.maxMs);
    return Math.round(base / 2 + (this.random() * base) / 2);
  }
}

/** "1.5 s", "30 s": a wait as the source states tell it. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? Number(s.toFixed(1)) : Math.round(s)} s`;
}

/** Waits `ms`, or less when `signal` aborts first. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
