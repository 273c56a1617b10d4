import type { SourceState } from '../../sources/position.js';
import { durationText } from '../follow-options.js';
import { CHECK_MS, checkEvery, QuietWatch } from './quiet.js';

/**
 * What ends a follow besides a signal and the end of stdin: --for and
 * --quiet-for. While following it ticks: the quiet check, the live view's
 * pace, the state saved every SAVE_MS. The timers are the follow's only
 * wake-ups when nothing is read (the inputs wait on notices).
 */

/** The state is written this often while following. */
export const SAVE_MS = 5000;

/** The longest wait of one timer: 2^31-1 ms, about 24.8 days. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `done` once `ms` have passed. A timer waits at most LONGEST_TIMER_MS
 * (a longer one fires at once): a longer wait is made of several, each
 * handed to `keep` (to be cleared).
 */
export function after(ms: number, done: () => void, keep: (timer: NodeJS.Timeout) => void): void {
  let left = ms;
  const wait = () => {
    if (left <= 0) return done();
    const turn = Math.min(left, LONGEST_TIMER_MS);
    left -= turn;
    keep(setTimeout(wait, turn));
  };
  wait();
}

export interface FollowPlan {
  /** --for, in milliseconds. */
  for?: number | undefined;
  /** --quiet-for, in milliseconds. */
  quietFor?: number | undefined;
}

export interface FollowHooks {
  /** Allow records read so far (of the --account accounts, if any). */
  allowRecords(): number;
  /** Records read so far. */
  records(): number;
  /** A tick: records a second since the last one. */
  tick(recordsPerSecond: number): void;
  /** Every SAVE_MS. */
  save(): void;
}

export class FollowControl {
  /** Fires when the follow ends normally: the inputs stop, and the reading is complete. */
  readonly stop = new AbortController();
  /** What ended it, once it ended (for the run's note). */
  reason: string | undefined;
  private readonly quiet: QuietWatch | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  /** Inputs not being followed now: connecting, or waiting to retry. */
  private readonly unfollowed = new Set<string>();

  constructor(
    private readonly plan: FollowPlan,
    private readonly hooks: FollowHooks,
  ) {
    this.quiet =
      plan.quietFor === undefined ? undefined : new QuietWatch(plan.quietFor, Date.now());
  }

  start(): void {
    if (this.plan.for !== undefined) {
      const ms = this.plan.for;
      after(
        ms,
        () => this.end(`--for ${durationText(ms)} is over`),
        (t) => this.timers.push(t),
      );
    }
    const every = this.plan.quietFor === undefined ? CHECK_MS : checkEvery(this.plan.quietFor);
    let records = this.hooks.records();
    let last = Date.now();
    let lastSave = last;
    this.timers.push(
      setInterval(() => {
        const now = Date.now();
        const read = this.hooks.records();
        this.hooks.tick(((read - records) * 1000) / Math.max(1, now - last));
        records = read;
        last = now;
        if (now - lastSave >= SAVE_MS) {
          lastSave = now;
          this.hooks.save();
        }
        if (this.quiet?.check(now, this.hooks.allowRecords()))
          this.end(
            `no new denial for ${durationText(this.plan.quietFor!)} while allow records kept arriving`,
          );
      }, every),
    );
  }

  /** A new denial was read (--quiet-for starts again). */
  newDenial(): void {
    this.quiet?.denial(Date.now());
  }

  /** An input changed state: --quiet-for counts only while every input is followed. */
  source(state: SourceState): void {
    if (state.state === 'connecting' || state.state === 'retrying')
      this.unfollowed.add(state.source);
    else this.unfollowed.delete(state.source);
    this.quiet?.unfollowed(Date.now(), this.unfollowed.size > 0);
  }

  /** Ends the follow, saying why; the first reason stays. */
  end(reason: string): void {
    if (this.stop.signal.aborted) return;
    this.reason = reason;
    this.dispose();
    this.stop.abort();
  }

  dispose(): void {
    for (const t of this.timers.splice(0)) {
      clearTimeout(t);
      clearInterval(t);
    }
  }
}
