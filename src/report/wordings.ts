import type { Component } from '../parser/audit-record.js';
import { keep } from '../parser/detach.js';
import { MARKED_NAMES, TABLE_ARENA_BYTES, TABLE_SLOTS } from '../parser/dialects.js';
import type { KernelTable } from '../parser/kernel-table.js';
import type { RecordView } from '../parser/record-view.js';
import { ByteKeys, hashBytes } from './byte-keys.js';
import type { Evidence } from './evidence.js';
import { SaidKey } from './said-key.js';
import { HOST, REASON, Tallies } from './tallies.js';

/** One wording of a kept denial: its group's evidence and the mapping it was read through. */
export interface Wording {
  evidence: Evidence;
  mappedFrom: string | undefined;
}

/** Hosts and reasons kept as strings; past this, made per line. */
const NAMES_CAP = 4096;

/**
 * The fast path for denials seen before: kept denials indexed by what their
 * record said (component, uid, object, action, as SaidKey bytes), before it
 * was mapped to a permission, so that mapping and grammar checks run once
 * per distinct wording, not per record. A record read on bytes whose wording
 * is listed is counted aside in Tallies without a string made; its host and
 * reason are made strings once (`names`) and put into the group's evidence
 * only where the tallies' marks say the group may not hold them yet.
 *
 * Use: build a key (`keyRead`, `keyText`), then `find` it, or `list` it.
 */
export class Wordings {
  private readonly key = new SaidKey();
  /** Sized to move into the byte kernel's memory (`countInKernel`). */
  private readonly bySaid = new ByteKeys<Wording>(TABLE_SLOTS, TABLE_ARENA_BYTES, Tallies.PAYLOAD);
  /** What records read on bytes add to each wording, until `settle`. */
  private readonly tallies = new Tallies(this.bySaid);
  /** Hosts and reasons read on bytes, each made a string once (capped against hostile input). */
  private readonly names = new ByteKeys<string>();

  /** The kernel's room this table was moved into last (`countInKernel`). */
  private kernel: KernelTable | undefined;

  /**
   * Whether the byte kernel may count denials seen before (parser/kernel/
   * count.ts): it may while this table is in `table`, moved there now if it
   * fits, and another aggregator's table moved out. Then it finds the
   * wordings listed here and counts in their tallies, and each name
   * numbered so far is told to it.
   */
  countInKernel(table: KernelTable): boolean {
    if (this.bySaid.home === table) return true;
    // Grown past the room, it stays out, and leaves the one there in place.
    if (!this.bySaid.fits(table)) return false;
    const owner = table.owner?.deref();
    if (owner instanceof Wordings) owner.leaveKernel();
    table.forgetNames();
    this.bySaid.moveInto(table);
    table.owner = new WeakRef(this);
    this.kernel = table;
    for (let i = 0; i < Math.min(this.names.size, MARKED_NAMES); i++) {
      const name = Buffer.from(this.names.value(i), 'latin1');
      table.tellName(i, name, 0, name.length, hashBytes(name, 0, name.length));
    }
    return true;
  }

  /**
   * The byte kernel counted denials, in the tallies here, and marked names
   * new to their groups: those are put into the groups' evidence now.
   */
  countedInKernel(): void {
    this.tallies.countedElsewhere();
    this.kernel!.addedNames((e, n, reason) => {
      const { evidence } = this.bySaid.value(e);
      if (reason) evidence.addReason(this.names.value(n));
      else evidence.addHost(this.names.value(n));
    });
  }

  private leaveKernel(): void {
    this.bySaid.moveOut();
  }

  /** Builds the key of what the record `view` read says. */
  keyRead(view: RecordView): void {
    this.key.fromView(view);
  }

  /** Builds the key of what a parsed denial says; false when it cannot be listed (see SaidKey). */
  keyText(component: Component, uid: string, object: string, action: string): boolean {
    return this.key.fromText(component, uid, object, action);
  }

  /** The wording of the key built last, or -1. */
  find(): number {
    return this.key.indexIn(this.bySaid);
  }

  /** Lists the key built last (not listed yet) as `wording`. */
  list(wording: Wording): void {
    this.key.storeIn(this.bySaid, wording);
    this.tallies.open(this.bySaid.found);
  }

  wording(e: number): Wording {
    return this.bySaid.value(e);
  }

  /**
   * One more record of wording `e`, the one `view` read: counted aside, its
   * group's evidence touched only for a host or reason it may not hold yet.
   */
  countRead(e: number, view: RecordView): void {
    const tallies = this.tallies;
    // The record of the wording `find` found last.
    const at = this.bySaid.found;
    tallies.count(at, view.time);
    const b = view.buf;
    const host = this.nameAt(b, view.hostStart, view.hostEnd, view.hostHash);
    if (!tallies.holds(at, HOST, host)) {
      this.bySaid.value(e).evidence.addHost(this.name(b, view.hostStart, view.hostEnd, host));
      tallies.mark(at, HOST, host);
    }
    if (view.reasonStart === -1) return;
    const reason = this.nameAt(b, view.reasonStart, view.reasonEnd, view.reasonHash);
    if (!tallies.holds(at, REASON, reason)) {
      this.bySaid
        .value(e)
        .evidence.addReason(this.name(b, view.reasonStart, view.reasonEnd, reason));
      tallies.mark(at, REASON, reason);
    }
  }

  /** Adds what was counted aside to each wording's evidence. */
  settle(): void {
    this.tallies.settle((e, count, first, last) =>
      this.bySaid.value(e).evidence.addCounted(count, first, last),
    );
  }

  /**
   * The number of `b[start, end)` (ASCII, hashed `h` as hashBytes hashes)
   * among the names, new ones stored as shared strings; -1 past NAMES_CAP.
   */
  private nameAt(b: Buffer, start: number, end: number, h: number): number {
    const i = this.names.indexOf(b, start, end, h);
    if (i !== -1 || this.names.size >= NAMES_CAP) return i;
    const n = this.names.set(b, start, end, h, keep(b.toString('latin1', start, end)));
    if (this.kernel && this.bySaid.home === this.kernel) this.kernel.tellName(n, b, start, end, h);
    return n;
  }

  /** The name numbered `i` by nameAt, which is `b[start, end)`. */
  private name(b: Buffer, start: number, end: number, i: number): string {
    return i === -1 ? b.toString('latin1', start, end) : this.names.value(i);
  }
}
