/**
 * What records read on bytes add to a kept denial, per wording (the
 * aggregator's index of what records said), kept in one typed array so that
 * a record seen before touches one cache line instead of its group's
 * objects: with tens of thousands of groups, each of those is a cache miss.
 *
 * Per wording, 32 bytes: the count and time span not yet added to the
 * group's Evidence (`settle` adds them), and which of the first 32 names
 * (hosts, reasons; report/wordings.ts numbers them) the group's Evidence
 * holds already. A name's bit is set once the name was put into the
 * Evidence: sets there only grow, so a record whose names are all marked
 * adds nothing to them, even where a set is full.
 */
export const HOST = 6;
export const REASON = 7;
/** Wordings the first array holds (2 MiB; the dense bench input has about 40,000 per thread). */
const FIRST_WORDINGS = 65_536;
/** Names numbered past this are looked up in the Evidence each time. */
const MARKED = 32;

export class Tallies {
  private f64 = new Float64Array(0);
  private i32 = new Int32Array(0);
  /** Wordings opened. */
  private used = 0;
  private unsettled = false;

  /** Makes room for wording `e` (the next index), with nothing counted. */
  open(e: number): void {
    if (4 * (e + 1) > this.f64.length) {
      // The first is large: pages not written to take no memory, where growing
      // by copies left each old array to the next full collection.
      const grown = new Float64Array(Math.max(4 * FIRST_WORDINGS, 2 * this.f64.length));
      grown.set(this.f64);
      this.f64 = grown;
      this.i32 = new Int32Array(grown.buffer);
    }
    const at = 4 * e;
    this.clear(at);
    this.i32[2 * at + HOST] = 0;
    this.i32[2 * at + REASON] = 0;
    this.used = e + 1;
  }

  /** One more record of wording `e`, at `time` if it has one. */
  count(e: number, time: number | undefined): void {
    const f = this.f64;
    const at = 4 * e;
    f[at]!++;
    if (time !== undefined) {
      if (time < f[at + 1]!) f[at + 1] = time;
      if (time > f[at + 2]!) f[at + 2] = time;
    }
    this.unsettled = true;
  }

  /** Whether wording `e`'s group holds the name numbered `name` as a HOST or REASON. */
  holds(e: number, kind: typeof HOST | typeof REASON, name: number): boolean {
    return Tallies.marks(name) && (this.i32[8 * e + kind]! & (1 << name)) !== 0;
  }

  /** Wording `e`'s group now holds the name numbered `name`. */
  mark(e: number, kind: typeof HOST | typeof REASON, name: number): void {
    if (Tallies.marks(name)) this.i32[8 * e + kind]! |= 1 << name;
  }

  /** Whether `mark` keeps the name numbered `name` (one of the first MARKED). */
  static marks(name: number): boolean {
    return name >= 0 && name < MARKED;
  }

  /** Nothing counted at `at` (a wording's first f64): no records, no time span. */
  private clear(at: number): void {
    const f = this.f64;
    f[at] = 0;
    f[at + 1] = Number.POSITIVE_INFINITY;
    f[at + 2] = Number.NEGATIVE_INFINITY;
  }

  /** Hands over each wording's unsettled count and time span, and clears them. */
  settle(add: (e: number, count: number, first: number, last: number) => void): void {
    if (!this.unsettled) return;
    const f = this.f64;
    for (let e = 0; e < this.used; e++) {
      const at = 4 * e;
      if (f[at] === 0) continue;
      add(e, f[at]!, f[at + 1]!, f[at + 2]!);
      this.clear(at);
    }
    this.unsettled = false;
  }
}
