import type { EvidenceMode } from './analysis.js';
import { mergeSeen } from './merge.js';
import type { Denied } from './schema.js';
import type { PairGroup, Sample, Seen, Snapshot } from './snapshot.js';

/** One observed (rid, action) of an account, from deny records, allow records or both. */
export interface ObservedGroup {
  uid: string;
  rid: string;
  action: string;
  seen: Seen;
  deny: number;
  allow: number;
  sample: Sample | null;
}

/**
 * The observed groups per account that `--evidence` selects, made when an
 * account's are asked for: with one kind of record, made then, and let go
 * once that account is reported, rather than 40,000 of them (the dense bench
 * input's) kept until the last account is.
 */
export function observedGroups(
  snapshot: Snapshot,
  mode: EvidenceMode,
): Map<string, () => ObservedGroup[]> {
  if (mode !== 'all') {
    // One kind of record: each group is an observed pair as it is, nothing to merge.
    const [source, kind] =
      mode === 'denied' ? [snapshot.denied, 'deny' as const] : [snapshot.allowed, 'allow' as const];
    const out = new Map<string, () => ObservedGroup[]>();
    for (const [uid, groups] of byAccount(source))
      out.set(uid, () => groups.map((g) => observed(g, kind)));
    return out;
  }
  const out = new Map<string, Map<string, ObservedGroup>>();
  const take = (source: PairGroup[], kind: 'deny' | 'allow') => {
    for (const g of source) {
      let mine = out.get(g.uid);
      if (!mine) {
        mine = new Map();
        out.set(g.uid, mine);
      }
      const key = `${g.rid}\u0000${g.action}`;
      const have = mine.get(key);
      if (!have) mine.set(key, observed(g, kind));
      else {
        have.seen = mergeSeen(have.seen, g.seen);
        have[kind] += g.seen.count;
      }
    }
  };
  take(snapshot.denied, 'deny');
  take(snapshot.allowed, 'allow');
  return new Map([...out].map(([uid, groups]) => [uid, () => [...groups.values()]]));
}

/** Pairs by account, in the order accounts first appear. */
function byAccount(pairs: readonly PairGroup[]): Map<string, PairGroup[]> {
  const out = new Map<string, PairGroup[]>();
  for (const g of pairs) {
    const groups = out.get(g.uid);
    if (groups) groups.push(g);
    else out.set(g.uid, [g]);
  }
  return out;
}

function observed(g: PairGroup, kind: 'deny' | 'allow'): ObservedGroup {
  return {
    uid: g.uid,
    rid: g.rid,
    action: g.action,
    seen: g.seen,
    deny: kind === 'deny' ? g.seen.count : 0,
    allow: kind === 'allow' ? g.seen.count : 0,
    sample: g.sample,
  };
}

/** The records a pair's grant rests on. */
export function basis(g: ObservedGroup): Denied['basis'] {
  return g.deny > 0 && g.allow > 0 ? 'both' : g.allow > 0 ? 'allowed' : 'denied';
}
