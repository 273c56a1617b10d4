import { keep } from '../parser/detach.js';
import type { SharedValues } from './shared-values.js';
import type { Seen } from './snapshot.js';
import { HOST_CAP, MAPPED_FROM_CHARS, REASON_CHARS, VALUE_CAP } from './snapshot-limits.js';

/**
 * What a group's records have in common while they are read: counts, the
 * time span and a few capped sets of values (the snapshot's caps), so memory
 * grows with the number of distinct groups, never with the number of
 * records. `seen` gives it as snapshot data.
 */
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
    this.r = put(this.r, reason.slice(0, REASON_CHARS), VALUE_CAP);
  }

  addComponent(component: string): void {
    this.c = put(this.c, component, VALUE_CAP);
  }

  addMappedFrom(mappedFrom: string): void {
    this.m = put(this.m, mappedFrom.slice(0, MAPPED_FROM_CHARS), VALUE_CAP);
  }

  /** As snapshot data; equal lists are one frozen list, shared through `lists`. */
  seen(lists: SharedValues): Seen {
    return {
      count: this.count,
      first: Number.isFinite(this.first) ? this.first : null,
      last: Number.isFinite(this.last) ? this.last : null,
      hosts: lists.list(listOf(this.h)),
      components: lists.list(listOf(this.c)),
      reasons: lists.list(listOf(this.r)),
      mappedFrom: lists.list(listOf(this.m)),
    };
  }
}

/**
 * No value yet, one value, a few (in an array of exactly their number), or
 * more (a Set). Most groups see one to three hosts: an array of three costs
 * half what a Set does, and a group is looked up once per record. Every form
 * keeps the order values were first added in.
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

/** The values in the order they were added, as a new array. */
function listOf(values: Values): string[] {
  if (values === undefined) return [];
  return typeof values === 'string' ? [values] : [...values];
}
