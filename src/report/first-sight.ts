import type { NdjsonEvent } from './events.js';
import { isoTime } from './iso-time.js';
import type { Snapshot } from './snapshot.js';

/**
 * A finding seen for the first time while reading: a new group in the
 * aggregate, told as it is made (Aggregator's `onFirst`), so that a follow
 * can announce it within a second of its line. Plain data: times are epoch
 * milliseconds, null when the record had none.
 */
export type FirstSight =
  | {
      event: 'denied';
      uid: string;
      rid: string;
      action: string;
      host: string | null;
      time: number | null;
      component: string;
    }
  | {
      event: 'unattributed';
      rid: string;
      action: string;
      reason: string;
      host: string | null;
      time: number | null;
      component: string;
    }
  | {
      event: 'authentication-failure';
      uid: string | null;
      action: string;
      reason: string | null;
      object: string | null;
      host: string | null;
      time: number | null;
      component: string;
    }
  | {
      event: 'suspicious' | 'malformed';
      problem: string;
      source: string;
      line: number;
      text: string;
    }
  | { event: 'invalid'; uid: string; rid: string; action: string; problem: string }
  | {
      event: 'unmapped';
      uid: string | null;
      component: string;
      object: string;
      action: string;
      result: string;
      problem: string;
      host: string | null;
      time: number | null;
    }
  | {
      event: 'truncated';
      object: string;
      action: string;
      result: string;
      host: string | null;
      time: number | null;
      component: string;
    };

export type OnFirstSight = (sight: FirstSight) => void;

const SEP = '\u0000';

/**
 * What tells one finding from another, as the snapshot's groups key them
 * (merge.ts): a finding is first seen in a run when an earlier run's
 * snapshot has no group of its key.
 */
export function sightKey(sight: FirstSight): string {
  switch (sight.event) {
    case 'denied':
      return ['denied', sight.uid, sight.rid, sight.action].join(SEP);
    case 'unattributed':
      return ['unattributed', sight.rid, sight.action, sight.reason].join(SEP);
    case 'authentication-failure':
      return [
        'authentication-failure',
        sight.uid,
        sight.action,
        sight.reason,
        sight.object,
        sight.component,
      ].join(SEP);
    case 'suspicious':
    case 'malformed':
      return [sight.event, sight.problem].join(SEP);
    case 'invalid':
      return ['invalid', sight.uid, sight.rid, sight.action].join(SEP);
    case 'unmapped':
      return [
        'unmapped',
        sight.uid,
        sight.component,
        sight.object,
        sight.action,
        sight.result,
      ].join(SEP);
    case 'truncated':
      return ['truncated', sight.object, sight.action].join(SEP);
  }
}

/** The keys (sightKey) of every finding a snapshot holds: what an earlier run saw. */
export function knownSights(snapshot: Snapshot): Set<string> {
  const keys = new Set<string>();
  for (const g of snapshot.denied) keys.add(['denied', g.uid, g.rid, g.action].join(SEP));
  for (const g of snapshot.unattributed.groups)
    keys.add(['unattributed', g.rid, g.action, g.reason].join(SEP));
  for (const g of snapshot.logins.groups)
    keys.add(
      ['authentication-failure', g.uid, g.action, g.reason, g.object, g.component].join(SEP),
    );
  for (const g of snapshot.suspicious) keys.add(['suspicious', g.problem].join(SEP));
  for (const g of snapshot.malformed) keys.add(['malformed', g.problem].join(SEP));
  for (const g of snapshot.invalid.groups) keys.add(['invalid', g.uid, g.rid, g.action].join(SEP));
  for (const g of snapshot.unmapped.groups)
    keys.add(['unmapped', g.uid, g.component, g.object, g.action, g.result].join(SEP));
  for (const g of snapshot.truncated.groups) keys.add(['truncated', g.object, g.action].join(SEP));
  return keys;
}

/** A first sight as its ndjson event (events.ts): times as ISO 8601. */
export function sightEvent(sight: FirstSight): NdjsonEvent {
  return 'time' in sight ? { ...sight, time: isoTime(sight.time) } : sight;
}
