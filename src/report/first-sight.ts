import type { NdjsonEvent } from './events.js';
import { isoTime } from './iso-time.js';
import type { Snapshot } from './snapshot.js';

/**
 * A finding seen for the first time while reading: a new group in the
 * aggregate, told as it is made (Aggregator's `onFirst`), so that a follow
 * can announce it within a second of its line. Its ndjson event (events.ts)
 * as plain data: a time is epoch milliseconds, null when the record had
 * none. Derived from the events' schemas by type only: the zod schemas load
 * when ndjson is written, not with every run that aggregates.
 */
export type FirstSight = Sighted<Exclude<NdjsonEvent, { event: 'source' | 'end' }>>;

/** An event with its time as epoch milliseconds. */
type Sighted<E> = E extends { time: string | null } ? Omit<E, 'time'> & { time: number | null } : E;

export type OnFirstSight = (sight: FirstSight) => void;

const SEP = '\u0000';

/**
 * The fields that tell one finding of a kind from another, as the
 * snapshot's groups key them (merge.ts): one list for a sight and for a
 * snapshot's group alike.
 */
const KEY_FIELDS = {
  denied: ['uid', 'rid', 'action'],
  unattributed: ['rid', 'action', 'reason'],
  'authentication-failure': ['uid', 'action', 'reason', 'object', 'component'],
  suspicious: ['problem'],
  malformed: ['problem'],
  invalid: ['uid', 'rid', 'action'],
  unmapped: ['uid', 'component', 'object', 'action', 'result'],
  truncated: ['object', 'action'],
} as const satisfies { [E in FirstSight['event']]: readonly (keyof SightOf<E>)[] };

type SightOf<E extends FirstSight['event']> = Extract<FirstSight, { event: E }>;

function keyOf(event: FirstSight['event'], fields: object): string {
  const values = fields as Record<string, unknown>;
  return [event, ...KEY_FIELDS[event].map((f) => values[f])].join(SEP);
}

/**
 * What tells one finding from another: a finding is first seen in a run
 * when an earlier run's snapshot has no group of its key.
 */
export function sightKey(sight: FirstSight): string {
  return keyOf(sight.event, sight);
}

/** The keys (sightKey) of every finding a snapshot holds: what an earlier run saw. */
export function knownSights(snapshot: Snapshot): Set<string> {
  const keys = new Set<string>();
  const add = (event: FirstSight['event'], groups: readonly object[]) => {
    for (const g of groups) keys.add(keyOf(event, g));
  };
  add('denied', snapshot.denied);
  add('unattributed', snapshot.unattributed.groups);
  add('authentication-failure', snapshot.logins.groups);
  add('suspicious', snapshot.suspicious);
  add('malformed', snapshot.malformed);
  add('invalid', snapshot.invalid.groups);
  add('unmapped', snapshot.unmapped.groups);
  add('truncated', snapshot.truncated.groups);
  return keys;
}

/** A first sight as its ndjson event (events.ts): times as ISO 8601. */
export function sightEvent(sight: FirstSight): NdjsonEvent {
  return 'time' in sight ? { ...sight, time: isoTime(sight.time) } : sight;
}
