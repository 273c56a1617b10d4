import { keep } from '../parser/detach.js';
import { isoTime } from './iso-time.js';

/**
 * What a group of records has in common, kept as aggregates only: memory grows
 * with the number of distinct groups, never with the number of records. The
 * sets are capped so hostile input cannot grow one group without bound.
 */
const SET_CAP = 32;
/** Hosts are few per cluster, but a denial can span hundreds of agents: list them all up to this. */
const HOST_CAP = 4096;

/** The value sets an evidence keeps, by name. */
export type EvidenceSet = 'hosts' | 'components' | 'reasons' | 'mappedFrom';
export const EVIDENCE_SETS: readonly EvidenceSet[] = [
  'hosts',
  'components',
  'reasons',
  'mappedFrom',
];

export class Evidence {
  count = 0;
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;
  // Each kept as one string until a second value appears: most groups see one
  // host, one component and one reason, and this runs once per record.
  private h: Values;
  private c: Values;
  private r: Values;
  private m: Values;

  add(
    time: number | undefined,
    host: string | undefined,
    component: string,
    reason?: string,
    mappedFrom?: string,
  ): void {
    this.count++;
    if (time !== undefined) {
      if (time < this.first) this.first = time;
      if (time > this.last) this.last = time;
    }
    if (host !== undefined) this.addHost(host);
    this.addComponent(component);
    if (reason !== undefined) this.addReason(reason);
    if (mappedFrom !== undefined) this.addMappedFrom(mappedFrom);
  }

  /** Records counted elsewhere (report/tallies.ts), added at once: their number and time span. */
  addCounted(count: number, first: number, last: number): void {
    // Kept a small integer where it is one: counts come as doubles from typed
    // arrays, and one stored double makes every Evidence box its count.
    const n = this.count + count;
    this.count = n === (n | 0) ? n | 0 : n;
    if (first < this.first) this.first = first;
    if (last > this.last) this.last = last;
  }

  /** A record's host (`add`), or that of a record counted elsewhere. */
  addHost(host: string): void {
    this.h = put(this.h, host, HOST_CAP);
  }

  /** A record's reason (`add`), or that of a record counted elsewhere. */
  addReason(reason: string): void {
    this.r = put(this.r, reason.slice(0, 200), SET_CAP);
  }

  addComponent(component: string): void {
    this.c = put(this.c, component, SET_CAP);
  }

  addMappedFrom(mappedFrom: string): void {
    this.m = put(this.m, mappedFrom.slice(0, 300), SET_CAP);
  }

  /** `value` added to one set, as `add` adds it (report/packed-groups.ts names sets so). */
  addTo(set: EvidenceSet, value: string): void {
    if (set === 'hosts') this.addHost(value);
    else if (set === 'components') this.addComponent(value);
    else if (set === 'reasons') this.addReason(value);
    else this.addMappedFrom(value);
  }

  /** One set's values in the order they were added, without a copy where there are several. */
  values(set: EvidenceSet): readonly string[] | ReadonlySet<string> {
    const values = this.of(set);
    return values === undefined ? [] : typeof values === 'string' ? [values] : values;
  }

  /** An evidence from its fields, as a worker thread sent them (without the class). */
  static from(fields: Evidence): Evidence {
    return Object.assign(new Evidence(), fields);
  }

  /**
   * Adds `other`'s records to this one, in place: `other` may be the plain
   * fields a worker thread sent.
   */
  absorb(other: Evidence): void {
    this.addCounted(other.count, other.first, other.last);
    this.h = into(this.h, other.h, HOST_CAP);
    this.c = into(this.c, other.c, SET_CAP);
    this.r = into(this.r, other.r, SET_CAP);
    this.m = into(this.m, other.m, SET_CAP);
  }

  /** A new evidence holding this one's records and `other`'s; neither changes. */
  merged(other: Evidence): Evidence {
    const e = Evidence.from(this);
    // Arrays are never changed in place (put makes new ones); Sets are.
    e.h = own(e.h);
    e.c = own(e.c);
    e.r = own(e.r);
    e.m = own(e.m);
    e.absorb(other);
    return e;
  }

  /**
   * One set's values as a new array in code unit order (what sort() gives),
   * without making a Set of them: the report lists four per group.
   */
  sorted(set: EvidenceSet): string[] {
    const values = this.of(set);
    if (values === undefined) return [];
    if (typeof values === 'string') return [values];
    return Array.isArray(values) ? values.slice().sort() : [...values].sort();
  }

  private of(set: EvidenceSet): Values {
    return set === 'hosts'
      ? this.h
      : set === 'components'
        ? this.c
        : set === 'reasons'
          ? this.r
          : this.m;
  }

  get hosts(): ReadonlySet<string> {
    return asSet(this.h);
  }

  get components(): ReadonlySet<string> {
    return asSet(this.c);
  }

  get reasons(): ReadonlySet<string> {
    return asSet(this.r);
  }

  get mappedFrom(): ReadonlySet<string> {
    return asSet(this.m);
  }

  get firstSeen(): string | null {
    return isoTime(this.first);
  }

  get lastSeen(): string | null {
    return isoTime(this.last);
  }
}

/**
 * No value yet, one value, a few (in an array of exactly their number), or
 * more (a Set). Most groups see one to three hosts: an array of three costs
 * half what a Set does, and a group is looked up once per record.
 */
type Values = undefined | string | string[] | Set<string>;

/** Past this many values, a Set. Below every cap. */
const FEW = 8;

/** `values` with `value` added; a new value is detached from the line it was cut from, and shared. */
function put(values: Values, value: string, cap: number): Values {
  if (values === value) return values;
  if (values === undefined) return keep(value);
  if (typeof values === 'string') return [values, keep(value)];
  if (Array.isArray(values)) {
    if (values.includes(value)) return values;
    // A new array of the exact size: push() and spreading leave room for more.
    return values.length < FEW ? values.concat(keep(value)) : new Set([...values, keep(value)]);
  }
  if (values.size < cap && !values.has(value)) values.add(keep(value));
  return values;
}

/** `values` as a copy it can add to without changing the original. */
function own(values: Values): Values {
  return values instanceof Set ? new Set(values) : values;
}

/** `a` with `b`'s values added; a Set `a` is added to, not copied. */
function into(a: Values, b: Values, cap: number): Values {
  let values = a;
  for (const v of asSet(b)) values = put(values, v, cap);
  return values;
}

function asSet(values: Values): ReadonlySet<string> {
  if (values === undefined) return new Set();
  return typeof values === 'string'
    ? new Set([values])
    : Array.isArray(values)
      ? new Set(values)
      : values;
}

/**
 * A map of groups that stops taking new keys at `cap`; what it refused is
 * counted so the report can say the section is incomplete.
 */
export class CappedGroups<V> {
  readonly groups = new Map<string, V>();
  refused = 0;

  constructor(private readonly cap: number) {}

  /**
   * Adds the groups of `other` (possibly plain data from a worker thread):
   * `merge` gives the group to keep from ours, if any, and theirs.
   */
  absorb(other: CappedGroups<V>, merge: (have: V | undefined, theirs: V) => V): void {
    for (const [key, g] of other.groups) {
      const have = this.groups.get(key);
      if (have !== undefined) merge(have, g);
      else if (this.groups.size >= this.cap) this.refused++;
      else this.groups.set(key, merge(undefined, g));
    }
    this.refused += other.refused;
  }

  get(key: string, create: () => V): V | undefined {
    let v = this.groups.get(key);
    if (v === undefined) {
      if (this.groups.size >= this.cap) {
        this.refused++;
        return undefined;
      }
      v = create();
      this.groups.set(key, v);
    }
    return v;
  }
}
