import type { AuditRecord } from '../parser/audit-record.js';
import { keep } from '../parser/detach.js';
import { CappedGroups } from './capped-groups.js';
import { Evidence } from './evidence.js';
import type { OnFirstSight } from './first-sight.js';
import { type LinePlace, sampleAt } from './samples.js';
import type { SharedValues } from './shared-values.js';
import type {
  InvalidGroup,
  LoginGroup,
  ProblemGroup,
  Seen,
  Snapshot,
  TruncatedGroup,
  UnattributedGroup,
  UnmappedGroup,
} from './snapshot.js';
import { PROBLEM_SAMPLES, SECTION_CAP } from './snapshot-limits.js';

/** A snapshot group while it is counted into: an Evidence where it will have its Seen. */
type Live<G extends { seen: Seen }> = Omit<G, 'seen'> & { evidence: Evidence };

const KEY_SEP = '\u0000';
/** A group's key: the fields that tell groups apart (merge.ts keys them alike). */
const key = (...parts: (string | null)[]) => parts.join(KEY_SEP);

/**
 * The records that name no grant: failed authentications, records cut
 * short, denials without an account, invalid or unmapped ones, and lines
 * with a problem. Each section is capped (against hostile input); problems
 * keep the first few lines of each kind.
 */
export class Sections {
  readonly unattributed = new CappedGroups<Live<UnattributedGroup>>(SECTION_CAP);
  readonly truncated = new CappedGroups<Live<TruncatedGroup>>(SECTION_CAP);
  readonly logins = new CappedGroups<Live<LoginGroup>>(SECTION_CAP);
  readonly invalid = new CappedGroups<InvalidGroup>(SECTION_CAP);
  readonly unmapped = new CappedGroups<Live<UnmappedGroup>>(SECTION_CAP);
  readonly suspicious = new Map<string, ProblemGroup>();
  readonly malformed = new Map<string, ProblemGroup>();

  /** `onFirst`: told of each new group of every section. */
  constructor(private readonly onFirst?: OnFirstSight) {}

  /** A line with a problem: counted, and among the first lines of its kind, sampled. */
  problem(
    kind: 'malformed' | 'suspicious',
    problem: string,
    place: LinePlace,
    message: string | undefined,
  ): void {
    const log = kind === 'malformed' ? this.malformed : this.suspicious;
    let group = log.get(problem);
    if (!group) {
      group = { problem, count: 0, samples: [] };
      log.set(problem, group);
    }
    group.count++;
    if (group.samples.length < PROBLEM_SAMPLES) group.samples.push(sampleAt(place, message));
    if (group.count === 1) this.onFirst?.({ event: kind, problem, ...group.samples[0]! });
  }

  /** A failed login, or a Mesos request whose token was refused. */
  login(record: AuditRecord, host: string | undefined, time: number | undefined): void {
    const uid = record.uid ?? null;
    const reason = record.reason ?? null;
    const object = record.kind === 'login' ? null : record.object;
    const { action, component } = record;
    const group = this.logins.get(key(uid, action, reason, object, component), () => {
      this.onFirst?.({
        event: 'authentication-failure',
        ...{ uid, action, reason, object, host: host ?? null, time: time ?? null, component },
      });
      return {
        uid: uid && keep(uid),
        action: keep(action),
        reason: reason && keep(reason),
        object: object && keep(object),
        component,
        evidence: new Evidence(),
      };
    });
    group?.evidence.add(time, host, component);
  }

  /** A record cut before its end: its account may be lost. */
  cut(record: AuditRecord, host: string | undefined, time: number | undefined): void {
    const group = this.truncated.get(key(record.object, record.action), () => {
      const { object, action, result, component } = record;
      this.onFirst?.({
        event: 'truncated',
        ...{ object, action, result, host: host ?? null, time: time ?? null, component },
      });
      return { object: keep(object), action: keep(action), result, evidence: new Evidence() };
    });
    group?.evidence.add(time, host, record.component);
  }

  /** A denial that names no account. */
  unattributedDenial(
    record: AuditRecord,
    requested: { rid: string; action: string; mappedFrom?: string },
    host: string | undefined,
    time: number | undefined,
  ): void {
    const { rid, action, mappedFrom } = requested;
    const reason = record.reason ?? 'no account in the record';
    const group = this.unattributed.get(key(rid, action, reason), () => {
      const { component } = record;
      this.onFirst?.({
        event: 'unattributed',
        ...{ rid, action, reason, host: host ?? null, time: time ?? null, component },
      });
      return {
        rid: keep(rid),
        action: keep(action),
        reason: keep(reason),
        evidence: new Evidence(),
      };
    });
    group?.evidence.add(time, host, record.component, reason, mappedFrom);
  }

  /** A denial whose account, id or action the grammar refuses (`problem` says why). */
  invalidDenial(uid: string, rid: string, action: string, problem: string): void {
    const group = this.invalid.get(key(uid, rid, action), () => {
      this.onFirst?.({ event: 'invalid', uid, rid, action, problem });
      return { uid: keep(uid), rid: keep(rid), action: keep(action), problem, count: 0 };
    });
    if (group) group.count++;
  }

  /** A record whose permission cannot be named (`problem` says why): listed with its first record. */
  unmappedRecord(
    record: AuditRecord,
    problem: string,
    message: string | undefined,
    host: string | undefined,
    time: number | undefined,
    place: LinePlace,
  ): void {
    const uid = record.uid ?? null;
    const { component, object, action, result } = record;
    const group = this.unmapped.get(key(uid, component, object, action, result), () => {
      this.onFirst?.({
        event: 'unmapped',
        ...{ uid, component, object, action, result, problem },
        ...{ host: host ?? null, time: time ?? null },
      });
      return {
        uid: uid && keep(uid),
        component,
        object: keep(object),
        action: keep(action),
        result,
        problem: keep(problem),
        evidence: new Evidence(),
        sample: sampleAt(place, message),
      };
    });
    group?.evidence.add(time, host, component, record.reason);
  }

  /** The sections as snapshot data; lists shared through `lists`. */
  snapshot(
    lists: SharedValues,
  ): Pick<
    Snapshot,
    'unattributed' | 'truncated' | 'logins' | 'invalid' | 'unmapped' | 'suspicious' | 'malformed'
  > {
    const plain = <G extends { evidence: Evidence }>({ evidence, ...g }: G) => ({
      ...g,
      seen: evidence.seen(lists),
    });
    const problems = (log: Map<string, ProblemGroup>) =>
      Array.from(log.values(), (g) => ({ ...g, samples: [...g.samples] }));
    return {
      unattributed: this.unattributed.section(plain),
      truncated: this.truncated.section(plain),
      logins: this.logins.section(plain),
      invalid: this.invalid.section((g) => ({ ...g })),
      unmapped: this.unmapped.section(plain),
      suspicious: problems(this.suspicious),
      malformed: problems(this.malformed),
    };
  }
}
