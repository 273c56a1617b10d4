/**
 * What a group of records has in common, kept as aggregates only: memory grows
 * with the number of distinct groups, never with the number of records. The
 * sets are capped so hostile input cannot grow one group without bound.
 */
const SET_CAP = 32;
/** Hosts are few per cluster, but a denial can span hundreds of agents: list them all up to this. */
const HOST_CAP = 4096;

export class Evidence {
  count = 0;
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;
  readonly hosts = new Set<string>();
  readonly components = new Set<string>();
  readonly reasons = new Set<string>();
  readonly mappedFrom = new Set<string>();

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
    if (host !== undefined) capped(this.hosts, host, HOST_CAP);
    capped(this.components, component, SET_CAP);
    if (reason !== undefined) capped(this.reasons, reason.slice(0, 200), SET_CAP);
    if (mappedFrom !== undefined) capped(this.mappedFrom, mappedFrom.slice(0, 300), SET_CAP);
  }

  get firstSeen(): string | null {
    return Number.isFinite(this.first) ? new Date(this.first).toISOString() : null;
  }

  get lastSeen(): string | null {
    return Number.isFinite(this.last) ? new Date(this.last).toISOString() : null;
  }
}

function capped(set: Set<string>, value: string, cap: number): void {
  if (set.size < cap || set.has(value)) set.add(value);
}

/**
 * A map of groups that stops taking new keys at `cap`; what it refused is
 * counted so the report can say the section is incomplete.
 */
export class CappedGroups<V> {
  readonly groups = new Map<string, V>();
  refused = 0;

  constructor(private readonly cap: number) {}

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
