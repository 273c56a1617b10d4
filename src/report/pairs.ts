import { keep } from '../parser/detach.js';
import { Evidence } from './evidence.js';
import { type LinePlace, sampleAt } from './samples.js';
import type { SharedValues } from './shared-values.js';
import type { PairGroup } from './snapshot.js';

/** A pair group while it is counted into. */
type LivePair = Omit<PairGroup, 'seen'> & { evidence: Evidence };

/**
 * A group's key within its account. join() copies into one flat string: `+`
 * would build a tree whose leaves are slices of the line, and a stored key
 * would keep the whole line alive.
 */
function pairKey(rid: string, action: string): string {
  return [rid, action].join('\u0000');
}

/**
 * The records of each (account, id, action), denied or allowed, by account
 * in the order accounts were first seen: each group made with its first
 * record as its sample.
 */
export class Pairs {
  private readonly accounts = new Map<string, Map<string, LivePair>>();

  has(uid: string, rid: string, action: string): boolean {
    return this.accounts.get(uid)?.has(pairKey(rid, action)) === true;
  }

  /** The group of (uid, rid, action), made if new with the record at `place` as its sample. */
  group(
    uid: string,
    rid: string,
    action: string,
    place: LinePlace,
    message: string | undefined,
  ): LivePair {
    let perAccount = this.accounts.get(uid);
    if (!perAccount) {
      perAccount = new Map();
      this.accounts.set(keep(uid), perAccount);
    }
    const key = pairKey(rid, action);
    let group = perAccount.get(key);
    if (!group) {
      group = {
        uid: keep(uid),
        rid: keep(rid),
        action: keep(action),
        evidence: new Evidence(),
        sample: sampleAt(place, message),
      };
      // Shared: accounts denied alike hold the same keys (563 ids for 40,000
      // groups on the dense bench input), and a key is as long as its id.
      perAccount.set(keep(key), group);
    }
    return group;
  }

  /** As snapshot data; lists shared through `lists`. */
  snapshot(lists: SharedValues): PairGroup[] {
    const out: PairGroup[] = [];
    for (const groups of this.accounts.values())
      for (const g of groups.values()) {
        // A literal: a spread or rest copy of 40,000 groups makes slower, larger objects.
        const { uid, rid, action, sample } = g;
        out.push({ uid, rid, action, seen: g.evidence.seen(lists), sample });
      }
    return out;
  }
}
