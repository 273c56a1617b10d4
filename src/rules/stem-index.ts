import { covers, type Pair, rowCovers } from './coverage.js';

/**
 * What one id says of a numbered list of stems (the texts template rows'
 * ids start with, whatever their parameters: templates.ts' rowStems).
 */
export interface IdStems {
  /** The stems the id starts with. */
  under: readonly number[];
  /** The stems the id lies above: it is a stem's prefix ending before a `:`, or a root path (`...:/`) before more. */
  above: readonly number[];
}

type Row = Pair & { glob: boolean };

/** Pair `i` added to the list of stem `n`, made on first use: most stems have no pair. */
function add(lists: (number[] | undefined)[], n: number, i: number): void {
  const list = lists[n];
  if (list) list.push(i);
  else lists[n] = [i];
}

const NONE: readonly number[] = [];

/**
 * One account's pairs, by stem: what template suggestions ask of every
 * template's rows. Each id's stems are worked out once (`stemsOf`, kept per
 * id by the caller: accounts share their ids), so an account costs a pass
 * over its pairs, with no sort and no search. A row asks only about the
 * pairs of its own stem: a pair the row covers starts with the row's id,
 * so with its stem, and a pair that covers the row has an id that is the
 * row's or above it, so it starts with the stem or lies above it. Answers
 * as coverage.ts' rowCovers and rowSeen over all the pairs
 * (test/rules/stem-index.property.test.ts).
 */
export class StemIndex {
  private readonly under: (number[] | undefined)[] = [];
  private readonly above: (number[] | undefined)[] = [];
  /** Distinct counts mark each pair they count with a new epoch: no set per call. */
  private readonly marks: Uint32Array;
  private epoch = 0;

  constructor(
    private readonly pairs: readonly Pair[],
    stemsOf: (rid: string) => IdStems,
  ) {
    for (let i = 0; i < pairs.length; i++) {
      const stems = stemsOf(pairs[i]!.rid);
      for (const n of stems.under) add(this.under, n, i);
      for (const n of stems.above) add(this.above, n, i);
    }
    this.marks = new Uint32Array(pairs.length);
  }

  /** The pairs whose id starts with stem `n`, as indexes into the pairs as given. */
  startingWith(n: number): readonly number[] {
    return this.under[n] ?? NONE;
  }

  /** Whether some pair could see a row of stem `n`, whatever the row's parameters and action. */
  maySee(n: number): boolean {
    return this.under[n] !== undefined || this.above[n] !== undefined;
  }

  /** How many pairs start with at least one of the stems. */
  countUnder(stems: readonly number[]): number {
    const epoch = this.nextEpoch();
    let count = 0;
    for (const n of stems) for (const i of this.startingWith(n)) count += this.mark(i, epoch);
    return count;
  }

  /** How many pairs at least one of the rows covers (`rowCovers`); `stems[k]` is `rows[k]`'s stem. */
  explainedBy(rows: readonly Row[], stems: readonly number[]): number {
    const epoch = this.nextEpoch();
    let count = 0;
    rows.forEach((row, k) => {
      for (const i of this.startingWith(stems[k]!))
        if (rowCovers(row, this.pairs[i]!)) count += this.mark(i, epoch);
    });
    return count;
  }

  /** `rowSeen` for a row of stem `n`: a pair falls under it, or covers it. */
  seen(row: Row, n: number): boolean {
    for (const i of this.startingWith(n)) {
      const pair = this.pairs[i]!;
      if (rowCovers(row, pair) || covers(pair, row)) return true;
    }
    for (const i of this.above[n] ?? NONE) if (covers(this.pairs[i]!, row)) return true;
    return false;
  }

  private nextEpoch(): number {
    return ++this.epoch;
  }

  /** 1 when pair `i` was not yet counted at `epoch` (and now is), else 0. */
  private mark(i: number, epoch: number): number {
    if (this.marks[i] === epoch) return 0;
    this.marks[i] = epoch;
    return 1;
  }
}
