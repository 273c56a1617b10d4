import {
  MARKED_NAMES,
  TABLE_PAYLOAD,
  TALLY_COUNT,
  TALLY_FIRST,
  TALLY_HOSTS,
  TALLY_LAST,
  TALLY_REASONS,
} from '../parser/dialects.js';
import type { ByteKeys } from './byte-keys.js';

/**
 * What records read on bytes add to a kept denial, per wording (the
 * aggregator's index of what records said), kept in the payload of the
 * wording's own record in its ByteKeys, so that a record seen before touches
 * the cache lines its lookup touched already instead of its group's objects:
 * with tens of thousands of groups, each other place is a cache miss. The
 * byte kernel counts there too (parser/kernel/count.ts), by the layout of
 * dialects.ts (TALLY_*).
 *
 * Per wording: the count and time span not yet added to the group's
 * Evidence (`settle` adds them), and which of the first MARKED_NAMES names
 * (hosts, reasons; report/wordings.ts numbers them) the group's Evidence
 * holds already. A name's bit is set once the name was put into the
 * Evidence: sets there only grow, so a record whose names are all marked
 * adds nothing to them, even where a set is full.
 *
 * A wording is named by where its record starts (ByteKeys.found).
 */
export const HOST = TALLY_HOSTS;
export const REASON = TALLY_REASONS;

/** Where the tallies of the record at `at` start, in bytes. */
const tallies = (at: number) => at + 8;

export class Tallies {
  /** The payload bytes each record of `keys` needs. */
  static readonly PAYLOAD = TABLE_PAYLOAD;
  private unsettled = false;

  /** Counts in the records of `keys` (made with PAYLOAD). */
  constructor(private readonly keys: ByteKeys<unknown>) {}

  /** Nothing counted yet for the wording at `at`, just stored. */
  open(at: number): void {
    this.clear(at);
    this.keys.i32[(tallies(at) + HOST) >> 2] = 0;
    this.keys.i32[(tallies(at) + REASON) >> 2] = 0;
  }

  /** One more record of the wording at `at`, at `time` if it has one. */
  count(at: number, time: number | undefined): void {
    const f = this.keys.f64;
    const c = tallies(at) >> 3;
    f[c + (TALLY_COUNT >> 3)]!++;
    if (time !== undefined) {
      if (time < f[c + (TALLY_FIRST >> 3)]!) f[c + (TALLY_FIRST >> 3)] = time;
      if (time > f[c + (TALLY_LAST >> 3)]!) f[c + (TALLY_LAST >> 3)] = time;
    }
    this.unsettled = true;
  }

  /** Records were counted elsewhere (by the byte kernel), in the same places. */
  countedElsewhere(): void {
    this.unsettled = true;
  }

  /** Whether the group of the wording at `at` holds the name numbered `name` as a HOST or REASON. */
  holds(at: number, kind: typeof HOST | typeof REASON, name: number): boolean {
    return Tallies.marks(name) && (this.keys.i32[(tallies(at) + kind) >> 2]! & (1 << name)) !== 0;
  }

  /** The group of the wording at `at` now holds the name numbered `name`. */
  mark(at: number, kind: typeof HOST | typeof REASON, name: number): void {
    if (Tallies.marks(name)) this.keys.i32[(tallies(at) + kind) >> 2]! |= 1 << name;
  }

  /** Whether `mark` keeps the name numbered `name` (one of the first MARKED_NAMES). */
  static marks(name: number): boolean {
    return name >= 0 && name < MARKED_NAMES;
  }

  /** No records, no time span, at the wording at `at`. */
  private clear(at: number): void {
    const f = this.keys.f64;
    const c = tallies(at) >> 3;
    f[c + (TALLY_COUNT >> 3)] = 0;
    f[c + (TALLY_FIRST >> 3)] = Number.POSITIVE_INFINITY;
    f[c + (TALLY_LAST >> 3)] = Number.NEGATIVE_INFINITY;
  }

  /** Hands over each wording's unsettled count and time span, by its entry's index, and clears them. */
  settle(add: (e: number, count: number, first: number, last: number) => void): void {
    if (!this.unsettled) return;
    this.keys.forEachRecord((at) => {
      const f = this.keys.f64;
      const c = tallies(at) >> 3;
      const count = f[c + (TALLY_COUNT >> 3)]!;
      if (count === 0) return;
      add(
        this.keys.i32[(at >> 2) + 1]!,
        count,
        f[c + (TALLY_FIRST >> 3)]!,
        f[c + (TALLY_LAST >> 3)]!,
      );
      this.clear(at);
    });
    this.unsettled = false;
  }
}
