/**
 * When one grant covers another. IAM grants on a shorter id cover every id
 * below it at `:` boundaries (`dcos:mesos:master:framework:role` covers every
 * role, not `dcos:mesos:master:framework:roles`), and `full` covers every
 * action. The two ids the permissions reference writes with an optional path
 * after `:/` (Marathon's `services:/[<group path>]`, the secrets list's
 * `list:default:/[<path>]`) cover every path with it left out. No other `:/`
 * does: a secret's id names one secret (a tree needs the docs' `*`), and an
 * endpoint path is matched whole.
 */

export interface Pair {
  rid: string;
  action: string;
}

/** `granted` is `wanted` or an ancestor of it at a `:` boundary, or its root path (isRootPath). */
export function ridCovers(granted: string, wanted: string): boolean {
  if (wanted === granted) return true;
  return (
    wanted.length > granted.length &&
    (wanted.charCodeAt(granted.length) === 0x3a /* : */ || isRootPath(granted)) &&
    wanted.startsWith(granted)
  );
}

/** Marathon's root group (any instance) and the secrets list's root: their paths left out. */
const ROOT_PATH = /^(?:dcos:service:marathon:[^:]+:services|dcos:secrets:list:default):\/$/;

/** Whether `rid` is one of the root paths that cover every path below them. */
export function isRootPath(rid: string): boolean {
  return rid.endsWith(':/') && ROOT_PATH.test(rid);
}

export function actionCovers(granted: string, wanted: string): boolean {
  return granted === wanted || granted === 'full';
}

export function covers(granted: Pair, wanted: Pair): boolean {
  return actionCovers(granted.action, wanted.action) && ridCovers(granted.rid, wanted.rid);
}

/**
 * Template rows: as `covers`, and a row written with the docs' trailing `*`
 * (secrets paths) also explains every id that starts with what precedes it.
 * Only for template matching: an existing grant is never read as a glob.
 */
export function rowCovers(row: Pair & { glob: boolean }, wanted: Pair): boolean {
  if (covers(row, wanted)) return true;
  if (!row.glob || !actionCovers(row.action, wanted.action)) return false;
  const stem = row.rid.slice(0, -1);
  return wanted.rid.length > stem.length && wanted.rid.startsWith(stem);
}

/** A template row is seen when an observed pair falls under it, or covers it. */
export function rowSeen(row: Pair & { glob: boolean }, pairs: readonly Pair[]): boolean {
  return pairs.some((p) => rowCovers(row, p) || covers(p, row));
}

type Row = Pair & { glob: boolean };

const NONE: readonly number[] = [];

/** What a row found among the pairs. */
interface RowMatch {
  action: string;
  glob: boolean;
  /** `rowCovers`: indexes of the pairs as given. */
  covered: number[];
  /** `rowSeen`. */
  seen: boolean;
}

/**
 * One account's pairs, for asking the rows of the templates applied to it
 * (`--template`) about them; suggestions, which try every template's rows,
 * read pairs by stem instead (stem-index.ts). The ids under a row's id are
 * one run of the ids in sorted order (every id that starts with it), found
 * by binary search; the ids above it are looked up by name. Rows recur (the
 * SDK services share theirs), so each is matched once.
 */
export class PairIndex {
  /** The distinct ids, sorted, and the indexes of the pairs of each. */
  private readonly rids: string[];
  private readonly pairsOf: number[][];
  private readonly byRid = new Map<string, number[]>();
  private readonly matches = new Map<string, RowMatch[]>();
  private readonly starting = new Map<string, readonly number[]>();
  /** `explainedBy` marks each pair it counts with a new epoch: no set per call. */
  private readonly marks: Uint32Array;
  private epoch = 0;

  constructor(private readonly pairs: readonly Pair[]) {
    pairs.forEach((p, i) => {
      const same = this.byRid.get(p.rid);
      if (same) same.push(i);
      else this.byRid.set(p.rid, [i]);
    });
    this.rids = [...this.byRid.keys()].sort();
    this.pairsOf = this.rids.map((rid) => this.byRid.get(rid)!);
    this.marks = new Uint32Array(pairs.length);
  }

  /** The pairs the row covers (`rowCovers`), as indexes into the pairs as given. */
  covered(row: Row): readonly number[] {
    return this.match(row).covered;
  }

  /** `rowSeen`: a pair falls under the row, or a pair's id is the row's or above it. */
  seen(row: Row): boolean {
    return this.match(row).seen;
  }

  /** How many pairs at least one of the rows covers. */
  explainedBy(rows: readonly Row[]): number {
    const epoch = ++this.epoch;
    let n = 0;
    for (const row of rows) {
      for (const i of this.covered(row)) {
        if (this.marks[i] === epoch) continue;
        this.marks[i] = epoch;
        n++;
      }
    }
    return n;
  }

  private match(row: Row): RowMatch {
    let same = this.matches.get(row.rid);
    if (!same) {
      same = [];
      this.matches.set(row.rid, same);
    }
    let match = same.find((m) => m.action === row.action && m.glob === row.glob);
    if (!match) {
      const covered = this.under(row);
      const seen = covered.length > 0 || this.above(row);
      match = { action: row.action, glob: row.glob, covered, seen };
      same.push(match);
    }
    return match;
  }

  /**
   * The pairs whose id starts with `prefix`, as indexes into the pairs as
   * given. Remembered: rows of one id with other actions ask it again.
   */
  private startingWith(prefix: string): readonly number[] {
    let out = this.starting.get(prefix);
    if (!out) {
      let found: number[] | undefined;
      for (let k = this.firstAtLeast(prefix); k < this.rids.length; k++) {
        if (!this.rids[k]!.startsWith(prefix)) break;
        found ??= [];
        for (const i of this.pairsOf[k]!) found.push(i);
      }
      // Most stems find nothing: they share one empty answer.
      out = found ?? NONE;
      this.starting.set(prefix, out);
    }
    return out;
  }

  private under(row: Row): number[] {
    const stem = row.glob ? row.rid.slice(0, -1) : row.rid;
    return this.startingWith(stem).filter((i) => rowCovers(row, this.pairs[i]!));
  }

  /** A pair whose id is the row's, above it at a `:` boundary, or its root path, covers the row. */
  private above(row: Row): boolean {
    const { rid } = row;
    for (let end = rid.indexOf(':'); ; end = rid.indexOf(':', end + 1)) {
      if (this.coveredBy(end === -1 ? rid : rid.slice(0, end), row.action)) return true;
      if (end === -1) return false;
      const root = rid.slice(0, end + 2);
      if (rid.length > end + 2 && isRootPath(root) && this.coveredBy(root, row.action)) return true;
    }
  }

  /** Whether a pair of id `rid` grants `action`. */
  private coveredBy(rid: string, action: string): boolean {
    for (const i of this.byRid.get(rid) ?? [])
      if (actionCovers(this.pairs[i]!.action, action)) return true;
    return false;
  }

  /** Position in `rids` of the first id not below `rid`. */
  private firstAtLeast(rid: string): number {
    let lo = 0;
    let hi = this.rids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.rids[mid]! < rid) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
