/**
 * `--quiet-for D`: when a follow has converged. The rule (docs/state.md):
 * the follow stops at the first check, at time T, where
 *
 *   1. no new denial was read in the last D: none since T - D, and the
 *      follow has run at least D (a new denial: an account's (permission,
 *      action) no earlier run of the state file saw either; with --account,
 *      of those accounts);
 *   2. the accounts kept working meanwhile: allow records (with --account,
 *      naming one of those accounts) were read in both halves of that
 *      time, at least one in (T - D, T - D/2] and one in (T - D/2, T].
 *
 * A service that stopped working has not converged: the follow waits until
 * its allow records arrive again. Nor has a follow with an input that is
 * not being followed (a host connecting, or waiting to retry): its journal
 * goes unread, and may hold new denials. The quiet time counts only while
 * every input is followed: from when the last of them was followed again,
 * its backlog then read. Checked every CHECK_MS at most (or D/4 when
 * shorter): arrival times are known to that precision.
 */
export const CHECK_MS = 1000;

/** How often the follow checks, for a quiet time of `quietMs`. */
export function checkEvery(quietMs: number): number {
  return Math.max(50, Math.min(CHECK_MS, Math.floor(quietMs / 4)));
}

export class QuietWatch {
  /** Since when it is quiet: the last new denial, or when every input was followed again. */
  private quietSince: number;
  /** Some input is not followed now. */
  private held = false;
  /** Checks at which allow records had arrived since the one before. */
  private allows: number[] = [];
  private allowRecords = 0;

  constructor(
    private readonly quietMs: number,
    start: number,
  ) {
    this.quietSince = start;
  }

  /** A new denial was read at `now`. */
  denial(now: number): void {
    this.quietSince = now;
    this.allows = [];
  }

  /** Whether, from `now`, some input is not followed (connecting, retrying). */
  unfollowed(now: number, some: boolean): void {
    if (this.held || some) this.quietSince = now;
    this.held = some;
  }

  /**
   * A check at `now`, with `allowRecords` read so far in all: whether the
   * follow has converged.
   */
  check(now: number, allowRecords: number): boolean {
    if (allowRecords > this.allowRecords) this.allows.push(now);
    this.allowRecords = allowRecords;
    const start = now - this.quietMs;
    const half = now - this.quietMs / 2;
    this.allows = this.allows.filter((t) => t > start);
    if (this.held || now - this.quietSince < this.quietMs) return false;
    return this.allows.some((t) => t <= half) && this.allows.some((t) => t > half);
  }
}
