import type { AuditRecord } from '../parser/audit-record.js';
import type { LineOutcome } from '../parser/classify-line.js';
import { keep } from '../parser/detach.js';
import { COUNT_ALLOWS, COUNT_DENIALS } from '../parser/dialects.js';
import type { JournalEntry } from '../parser/entry.js';
import type { RecordView } from '../parser/record-view.js';
import { invalidity } from '../rules/assess.js';
import { evidenceRules } from '../rules/data/families.js';
import { requestedPermission } from '../rules/permission.js';
import { AllowAccounts } from './allow-accounts.js';
import type { OnFirstSight } from './first-sight.js';
import { Pairs } from './pairs.js';
import type { LinePlace } from './samples.js';
import { Sections } from './sections.js';
import { SharedValues } from './shared-values.js';
import type { Snapshot } from './snapshot.js';
import { SNAPSHOT_VERSION } from './snapshot-limits.js';
import type { TimeWindow } from './time-window.js';
import { Wordings } from './wordings.js';

export type { LinePlace } from './samples.js';

export interface AggregatorOptions {
  /** Also keep allow records per account (`--evidence allowed|all`). */
  allowed?: boolean;
  /** Also list the accounts allow records name (`--account`: see AllowAccounts). */
  allowAccounts?: boolean;
  /** `--since` / `--until`: records outside are counted, and left out (time-window.ts). */
  window?: TimeWindow;
  /** Told of each finding when its group is made: a follow announces it (first-sight.ts). */
  onFirst?: OnFirstSight;
}

/** Allow records whose reason says they were not a permission check: never evidence (made on first use). */
let notPermissionChecks: Set<string> | undefined;

/**
 * Counts line outcomes into groups, as they are read, and gives what it
 * holds as a snapshot (snapshot.ts). Bookkeeping only: no decision about
 * what is granted (that is the rules' job), no I/O. Denials of a wording
 * seen before take the byte-key fast path (wordings.ts); records that name
 * no grant go to their sections (sections.ts).
 */
export class Aggregator {
  readonly stats: Snapshot['stats'] = {
    lines: 0,
    records: 0,
    denyRecords: 0,
    allowRecords: 0,
    notAudit: 0,
    malformed: 0,
    suspicious: 0,
    tooLong: 0,
    blobLines: 0,
    suppressedMessages: 0,
  };
  private readonly denied = new Pairs();
  /** Allow records per valid account, kept only with `allowed`. */
  private readonly allowed = new Pairs();
  private readonly wordings = new Wordings();
  private readonly sections: Sections;
  private readonly onFirst: OnFirstSight | undefined;
  /** Allow records left out of `allowed` because they were not a permission check. */
  private allowedNotChecks = 0;
  private readonly keepAllowed: boolean;
  private readonly allowAccounts: AllowAccounts | undefined;
  /** Whether a window was given: without one, the check costs this field's read. */
  private readonly windowed: boolean;
  private readonly since: number;
  private readonly until: number;

  constructor(opts: AggregatorOptions = {}) {
    this.keepAllowed = opts.allowed === true;
    this.allowAccounts = opts.allowAccounts ? new AllowAccounts() : undefined;
    this.windowed = opts.window !== undefined;
    this.since = opts.window?.since ?? Number.NEGATIVE_INFINITY;
    this.until = opts.window?.until ?? Number.POSITIVE_INFINITY;
    if (this.windowed) {
      this.stats.outsideWindow = 0;
      this.stats.untimed = 0;
    }
    this.onFirst = opts.onFirst;
    this.sections = new Sections(opts.onFirst);
  }

  /**
   * What was counted so far, as plain data that shares nothing this
   * aggregator changes (reading may go on).
   */
  snapshot(): Snapshot {
    this.wordings.settle();
    const lists = new SharedValues();
    return {
      version: SNAPSHOT_VERSION,
      kept: { allowed: this.keepAllowed, allowAccounts: this.allowAccounts !== undefined },
      stats: { ...this.stats },
      denied: this.denied.snapshot(lists),
      allowed: this.allowed.snapshot(lists),
      allowedNotChecks: this.allowedNotChecks,
      allowAccounts: this.allowAccounts?.snapshot() ?? { uids: [], full: false },
      ...this.sections.snapshot(lists),
    };
  }

  /**
   * Allow records read so far: of the accounts `uids` when the aggregator
   * lists the accounts allow records name (`allowAccounts`), else of any.
   */
  allowRecordsOf(uids: readonly string[]): number {
    return this.allowAccounts && uids.length > 0
      ? this.allowAccounts.recordsOf(uids)
      : this.stats.allowRecords;
  }

  /**
   * Which lines the byte kernel may count itself, for `countedInKernel`
   * (COUNT_* bits; parser/kernel/count.ts), in the memory `view` reads
   * lines in: denials seen before while this aggregator's table is there
   * (moved in now if it can be), and allow records unless they are kept
   * or their accounts listed. None with a time window: the kernel does not
   * tell a record's times apart.
   */
  countingInKernel(view: RecordView): number {
    if (this.windowed) return 0;
    const denials = this.wordings.countInKernel(view.table) ? COUNT_DENIALS : 0;
    return denials | (this.keepAllowed || this.allowAccounts ? 0 : COUNT_ALLOWS);
  }

  /** Lines the byte kernel counted as `countingInKernel` allowed. */
  countedInKernel(denials: number, allows: number): void {
    const stats = this.stats;
    stats.lines += denials + allows;
    stats.records += denials + allows;
    stats.denyRecords += denials;
    stats.allowRecords += allows;
    if (denials > 0) this.wordings.countedInKernel();
  }

  /** Lines the splitter recognised as noise on bytes alone. */
  noise(lines: number): void {
    this.stats.lines += lines;
    this.stats.notAudit += lines;
  }

  tooLong(): void {
    this.stats.lines++;
    this.stats.tooLong++;
  }

  /**
   * A line read on bytes (parser/record-view.ts): an allow record is
   * counted, a denial of a wording seen before is counted without a string
   * made; anything else is added as its outcome.
   */
  addRead(view: RecordView, place: LinePlace): void {
    const stats = this.stats;
    if (this.windowed && this.leftOut(view.entryTime ?? view.recordTime)) {
      stats.lines++;
      return;
    }
    if (view.result === 'allow') {
      if (this.keepAllowed) {
        this.add(view.outcome(), place);
        return;
      }
      stats.lines++;
      stats.records++;
      stats.allowRecords++;
      if (view.uidEnd > view.uidStart)
        this.allowAccounts?.addBytes(view.buf, view.uidStart, view.uidEnd);
      return;
    }
    this.wordings.keyRead(view);
    const e = this.wordings.find();
    if (e === -1) {
      // The key read from the line is not built again from the record's text.
      this.add(view.outcome(), place, true);
      return;
    }
    stats.lines++;
    stats.records++;
    stats.denyRecords++;
    this.wordings.countRead(e, view);
  }

  /**
   * `keyRead`: the outcome is the denial a RecordView read, whose key
   * (Wordings.keyRead) is not listed yet.
   */
  add(outcome: LineOutcome, place: LinePlace, keyRead = false): void {
    const stats = this.stats;
    stats.lines++;
    switch (outcome.kind) {
      case 'notAudit':
        stats.notAudit++;
        if (outcome.hidden) stats.blobLines++;
        if (outcome.suppressed) stats.suppressedMessages += outcome.suppressed;
        return;
      case 'malformed':
      case 'suspicious':
        // A line outside --since/--until is left out whatever it holds, as a record is.
        if (this.windowed && this.leftOut(outcome.entry.time)) return;
        stats[outcome.kind]++;
        this.sections.problem(outcome.kind, outcome.problem, place, outcome.entry.message);
        return;
      case 'record': {
        const { record, entry } = outcome;
        if (this.windowed && this.leftOut(entry.time ?? record.time)) return;
        stats.records++;
        const host = entry.host ?? place.host;
        if (record.result === 'allow') {
          stats.allowRecords++;
          if (record.uid !== undefined) this.allowAccounts?.add(record.uid);
          if (this.keepAllowed) this.allow(record, entry, host, place);
        } else {
          stats.denyRecords++;
          this.deny(record, entry, host, place, keyRead);
        }
      }
    }
  }

  /** Whether a record at `time` is outside the window: then it is counted as such. */
  private leftOut(time: number | undefined): boolean {
    if (time !== undefined && time >= this.since && time <= this.until) return false;
    this.stats.outsideWindow!++;
    if (time === undefined) this.stats.untimed!++;
    return true;
  }

  /** An allow record of a valid account that was a permission check: evidence for `--evidence`. */
  private allow(
    record: AuditRecord,
    entry: JournalEntry,
    host: string | undefined,
    place: LinePlace,
  ): void {
    // An authenticated Mesos request is no evidence that a permission is needed.
    if (record.kind === 'authentication' && !record.truncated) this.allowedNotChecks++;
    if (record.kind !== 'authorization' || record.truncated || record.uid === undefined) return;
    notPermissionChecks ??= new Set(evidenceRules().notPermissionChecks.map((n) => n.reason));
    if (record.reason !== undefined && notPermissionChecks.has(record.reason)) {
      this.allowedNotChecks++;
      return;
    }
    const time = record.time ?? entry.time;
    const requested = requestedPermission(record);
    if ('unmapped' in requested) {
      this.sections.unmappedRecord(record, requested.unmapped, entry.message, host, time, place);
      return;
    }
    const { rid, action, mappedFrom } = requested;
    // Only a new group is checked against the grammar: a group exists only for valid values.
    if (!this.allowed.has(record.uid, rid, action) && invalidity(record.uid, rid, action)) return;
    this.allowed
      .group(record.uid, rid, action, place, entry.message)
      .evidence.add(time, host, record.component, record.reason, mappedFrom);
  }

  private deny(
    record: AuditRecord,
    entry: JournalEntry,
    host: string | undefined,
    place: LinePlace,
    keyRead: boolean,
  ): void {
    const time = record.time ?? entry.time;
    const component = record.component;
    // A failed login, or a Mesos request whose token was refused: an
    // authentication problem, never a missing permission. (A cut Mesos
    // record may have lost part of its path: it is listed as cut.)
    if (record.kind === 'login' || (record.kind === 'authentication' && !record.truncated)) {
      this.sections.login(record, host, time);
      return;
    }
    if (record.truncated) {
      this.sections.cut(record, host, time);
      return;
    }
    if (record.uid === undefined) {
      const requested = requestedPermission(record);
      if ('unmapped' in requested)
        this.sections.unmappedRecord(record, requested.unmapped, entry.message, host, time, place);
      else this.sections.unattributedDenial(record, requested, host, time);
      return;
    }
    // The common case, a denial seen before, costs one lookup by what the record
    // says, before it is mapped to a permission: mapping and grammar checks run
    // once per distinct record, and a group exists only for values that passed.
    const wordings = this.wordings;
    const listed = keyRead || wordings.keyText(component, record.uid, record.object, record.action);
    const e = listed && !keyRead ? wordings.find() : -1;
    if (e !== -1) {
      const { evidence, mappedFrom } = wordings.wording(e);
      evidence.add(time, host, component, record.reason, mappedFrom);
      return;
    }
    const uid = record.uid;
    const requested = requestedPermission(record);
    if ('unmapped' in requested) {
      this.sections.unmappedRecord(record, requested.unmapped, entry.message, host, time, place);
      return;
    }
    const { rid, action, mappedFrom } = requested;
    const problem = invalidity(uid, rid, action);
    if (problem) {
      this.sections.invalidDenial(uid, rid, action, problem);
      return;
    }
    if (this.onFirst && !this.denied.has(uid, rid, action)) {
      this.onFirst({
        event: 'denied',
        ...{ uid, rid, action, host: host ?? null, time: time ?? null, component },
      });
    }
    const group = this.denied.group(uid, rid, action, place, entry.message);
    const kept = { evidence: group.evidence, mappedFrom: mappedFrom && keep(mappedFrom) };
    if (listed) wordings.list(kept);
    group.evidence.add(time, host, component, record.reason, kept.mappedFrom);
  }
}
