import type { AuditRecord } from '../parser/audit-record.js';
import type { LineOutcome } from '../parser/classify-line.js';
import { invalidity } from '../rules/assess.js';
import { EVIDENCE } from '../rules/data/families.js';
import { requestedPermission } from '../rules/permission.js';
import { CappedGroups, Evidence } from './evidence.js';
import type { Stats } from './schema.js';

/** Where a line came from, for samples. */
export interface LinePlace {
  source: string;
  line: number;
  /** Host of the input, for lines whose journal format names none. */
  host?: string;
}

export interface DeniedGroup {
  uid: string;
  rid: string;
  action: string;
  evidence: Evidence;
  /** The first record of the group, for explanations. */
  sample: Sample;
}

export interface Sample {
  source: string;
  line: number;
  text: string;
}

export interface AggregatorOptions {
  /** Also keep allow records per account (`--evidence allowed|all`). */
  allowed?: boolean;
}

/** Allow records whose reason says they were not a permission check: never evidence. */
const NOT_PERMISSION_CHECKS = new Set(EVIDENCE.notPermissionChecks.map((n) => n.reason));

export interface UnattributedGroup {
  rid: string;
  action: string;
  reason: string;
  evidence: Evidence;
}

export interface TruncatedGroup {
  object: string;
  action: string;
  result: 'allow' | 'deny';
  evidence: Evidence;
}

export interface LoginGroup {
  uid: string | null;
  action: string;
  reason: string | null;
  evidence: Evidence;
}

export interface InvalidGroup {
  uid: string | null;
  rid: string;
  action: string;
  problem: string;
  count: number;
}

export interface ProblemGroup {
  count: number;
  samples: { source: string; line: number; text: string }[];
}

const SAMPLES = 5;
const SAMPLE_CHARS = 300;
/** Sections fed by records without a valid account: bounded against hostile input. */
const SECTION_CAP = 10_000;
const KEY_SEP = '\u0000';

/**
 * Folds line outcomes into per-group aggregates. Pure bookkeeping: no I/O,
 * no decision about what is granted (that is the rules' job).
 */
export class Aggregator {
  readonly stats: Stats = {
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
  /** Denials per valid account. Keyed by uid, then rid + action. */
  readonly denied = new Map<string, Map<string, DeniedGroup>>();
  /** Allow records per valid account, kept only with `allowed`; same keys. */
  readonly allowed = new Map<string, Map<string, DeniedGroup>>();
  /** Allow records left out of `allowed` because they were not a permission check. */
  allowedNotChecks = 0;
  private readonly keepAllowed: boolean;
  readonly unattributed = new CappedGroups<UnattributedGroup>(SECTION_CAP);
  readonly truncated = new CappedGroups<TruncatedGroup>(SECTION_CAP);
  readonly logins = new CappedGroups<LoginGroup>(SECTION_CAP);
  readonly invalid = new CappedGroups<InvalidGroup>(SECTION_CAP);
  readonly suspicious = new Map<string, ProblemGroup>();
  readonly malformed = new Map<string, ProblemGroup>();

  constructor(opts: AggregatorOptions = {}) {
    this.keepAllowed = opts.allowed === true;
  }

  /** A line the splitter recognised as noise on bytes alone. */
  noise(): void {
    this.stats.lines++;
    this.stats.notAudit++;
  }

  tooLong(): void {
    this.stats.lines++;
    this.stats.tooLong++;
  }

  add(outcome: LineOutcome, place: LinePlace): void {
    const stats = this.stats;
    stats.lines++;
    switch (outcome.kind) {
      case 'notAudit':
        stats.notAudit++;
        if (outcome.hidden) stats.blobLines++;
        if (outcome.suppressed) stats.suppressedMessages += outcome.suppressed;
        return;
      case 'malformed':
      case 'suspicious': {
        stats[outcome.kind]++;
        const log = outcome.kind === 'malformed' ? this.malformed : this.suspicious;
        let group = log.get(outcome.problem);
        if (!group) {
          group = { count: 0, samples: [] };
          log.set(outcome.problem, group);
        }
        group.count++;
        if (group.samples.length < SAMPLES) {
          group.samples.push({
            ...place,
            text: (outcome.entry.message ?? '').slice(0, SAMPLE_CHARS),
          });
        }
        return;
      }
      case 'record':
        stats.records++;
        if (outcome.record.result === 'allow') {
          stats.allowRecords++;
          if (this.keepAllowed) this.allow(outcome, place);
        } else {
          stats.denyRecords++;
          this.deny(
            outcome.record,
            outcome.entry.host ?? place.host,
            outcome.entry.time,
            place,
            outcome.entry.message,
          );
        }
    }
  }

  /** An allow record of a valid account that was a permission check: evidence for `--evidence`. */
  private allow(outcome: LineOutcome & { kind: 'record' }, place: LinePlace): void {
    const record = outcome.record;
    if (record.kind === 'login' || record.truncated || record.uid === undefined) return;
    if (record.reason !== undefined && NOT_PERMISSION_CHECKS.has(record.reason)) {
      this.allowedNotChecks++;
      return;
    }
    const { rid, action, mappedFrom } = requestedPermission(record);
    // Only a new group is checked against the grammar: a group exists only for valid values.
    if (
      !this.allowed.get(record.uid)?.has(rid + KEY_SEP + action) &&
      invalidity(record.uid, rid, action)
    ) {
      return;
    }
    this.perAccount(
      this.allowed,
      record.uid,
      rid,
      action,
      place,
      outcome.entry.message,
    ).evidence.add(
      record.time ?? outcome.entry.time,
      outcome.entry.host ?? place.host,
      record.component,
      record.reason,
      mappedFrom,
    );
  }

  /** The group of (uid, rid, action) in `map`, created with its first record as sample. */
  private perAccount(
    map: Map<string, Map<string, DeniedGroup>>,
    uid: string,
    rid: string,
    action: string,
    place: LinePlace,
    message: string | undefined,
  ): DeniedGroup {
    let perAccount = map.get(uid);
    if (!perAccount) {
      perAccount = new Map();
      map.set(uid, perAccount);
    }
    const key = rid + KEY_SEP + action;
    let group = perAccount.get(key);
    if (!group) {
      const sample = {
        source: place.source,
        line: place.line,
        text: (message ?? '').slice(0, SAMPLE_CHARS),
      };
      group = { uid, rid, action, evidence: new Evidence(), sample };
      perAccount.set(key, group);
    }
    return group;
  }

  private deny(
    record: AuditRecord,
    host: string | undefined,
    entryTime: number | undefined,
    place: LinePlace,
    message: string | undefined,
  ): void {
    const time = record.time ?? entryTime;
    const component = record.component;
    if (record.kind === 'login') {
      const uid = record.uid ?? null;
      const reason = record.reason ?? null;
      const key = [uid, record.action, reason].join(KEY_SEP);
      const group = this.logins.get(key, () => ({
        uid,
        action: record.action,
        reason,
        evidence: new Evidence(),
      }));
      group?.evidence.add(time, host, component);
      return;
    }
    if (record.truncated) {
      const key = [record.object, record.action].join(KEY_SEP);
      const group = this.truncated.get(key, () => ({
        object: record.object,
        action: record.action,
        result: record.result,
        evidence: new Evidence(),
      }));
      group?.evidence.add(time, host, component);
      return;
    }
    const { rid, action, mappedFrom } = requestedPermission(record);
    if (record.uid === undefined) {
      const reason = record.reason ?? 'no account in the record';
      const key = [rid, action, reason].join(KEY_SEP);
      const group = this.unattributed.get(key, () => ({
        rid,
        action,
        reason,
        evidence: new Evidence(),
      }));
      group?.evidence.add(time, host, component, reason, mappedFrom);
      return;
    }
    const uid = record.uid;
    // The common case, a denial seen before, costs one lookup: a group exists only
    // for values that passed the grammar, so only new ones are checked.
    const known = this.denied.get(uid)?.get(rid + KEY_SEP + action);
    if (known) {
      known.evidence.add(time, host, component, record.reason, mappedFrom);
      return;
    }
    const problem = invalidity(uid, rid, action);
    if (problem) {
      const key = [uid, rid, action].join(KEY_SEP);
      const group = this.invalid.get(key, () => ({ uid, rid, action, problem, count: 0 }));
      if (group) group.count++;
      return;
    }
    this.perAccount(this.denied, uid, rid, action, place, message).evidence.add(
      time,
      host,
      component,
      record.reason,
      mappedFrom,
    );
  }
}
