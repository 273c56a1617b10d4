/**
 * When one grant covers another. IAM grants on a shorter id cover every id
 * below it at `:` boundaries (`dcos:mesos:master:framework:role` covers every
 * role, not `dcos:mesos:master:framework:roles`), and `full` covers every
 * action.
 */

export interface Pair {
  rid: string;
  action: string;
}

/** `granted` is `wanted` or an ancestor of it at a `:` boundary. */
export function ridCovers(granted: string, wanted: string): boolean {
  if (wanted === granted) return true;
  return (
    wanted.length > granted.length &&
    wanted.charCodeAt(granted.length) === 0x3a /* : */ &&
    wanted.startsWith(granted)
  );
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

const byRid = (a: Pair, b: Pair) => (a.rid < b.rid ? -1 : a.rid > b.rid ? 1 : 0);

/**
 * One account's pairs, for asking many template rows about them. Sorted by
 * id, the ids under a row's id are one run of the order (every id that
 * starts with it), found by binary search instead of a scan of every pair:
 * suggestions ask a few dozen rows of every account.
 */
export class PairIndex {
  /** Indexes into the pairs as given, in id order. */
  private readonly order: number[];
  /** `explainedBy` marks each pair it counts with a new epoch: no set per call. */
  private readonly marks: Uint32Array;
  private epoch = 0;

  constructor(private readonly pairs: readonly Pair[]) {
    this.order = pairs.map((_, i) => i).sort((a, b) => byRid(pairs[a]!, pairs[b]!));
    this.marks = new Uint32Array(pairs.length);
  }

  /** The pairs the row covers (`rowCovers`), as indexes into the pairs as given. */
  covered(row: Row): number[] {
    const stem = row.glob ? row.rid.slice(0, -1) : row.rid;
    const out: number[] = [];
    for (let k = this.firstAtLeast(stem); k < this.order.length; k++) {
      const i = this.order[k]!;
      const pair = this.pairs[i]!;
      if (!pair.rid.startsWith(stem)) break;
      if (rowCovers(row, pair)) out.push(i);
    }
    return out;
  }

  /** `rowSeen`: a pair falls under the row, or a pair's id is the row's or above it. */
  seen(row: Row): boolean {
    if (this.covered(row).length > 0) return true;
    for (let end = row.rid.indexOf(':'); ; end = row.rid.indexOf(':', end + 1)) {
      const above = end === -1 ? row.rid : row.rid.slice(0, end);
      for (let k = this.firstAtLeast(above); k < this.order.length; k++) {
        const pair = this.pairs[this.order[k]!]!;
        if (pair.rid !== above) break;
        if (actionCovers(pair.action, row.action)) return true;
      }
      if (end === -1) return false;
    }
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

  /** Position in `order` of the first id not below `rid`. */
  private firstAtLeast(rid: string): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.pairs[this.order[mid]!]!.rid < rid) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
