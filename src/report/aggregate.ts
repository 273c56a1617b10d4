import type { AuditRecord, Component } from '../parser/audit-record.js';
import { classifyLine, type LineOutcome } from '../parser/classify-line.js';
import { detach, keep } from '../parser/detach.js';
import { COMPONENTS } from '../parser/dialects.js';
import type { JournalEntry } from '../parser/journal-entry.js';
import type { RecordView } from '../parser/record-view.js';
import { invalidity } from '../rules/assess.js';
import { EVIDENCE } from '../rules/data/families.js';
import { requestedPermission } from '../rules/permission.js';
import { AllowAccounts, type AllowAccountsPart } from './allow-accounts.js';
import { ByteKeys, hashBytes, hashWords, SEED } from './byte-keys.js';
import { CappedGroups, Evidence } from './evidence.js';
import { LineSample, type ReadablePlace, SAMPLE_CHARS } from './line-sample.js';
import { absorbPacked, type PackedGroups, takePacked } from './packed-groups.js';
import { type PackedWordings, WORDING_NUMBERS } from './packed-wordings.js';
import type { Stats } from './schema.js';
import { HOST, REASON, Tallies } from './tallies.js';

/** Where a line came from, for samples. */
export interface LinePlace {
  source: string;
  line: number;
  /** Host of the input, for lines whose journal format names none. */
  host?: string;
  /**
   * Where the line starts in its input and its bytes (without the line
   * end): in a regular file, where it can be read again.
   */
  offset?: number;
  length?: number;
  /** While the line is read: its bytes are `bytes[start, start + length)`. */
  bytes?: Buffer;
  start?: number;
  /** In a regular file, what reads the line again: its sample is read when shown (line-sample.ts). */
  lines?: LineReader;
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
  readonly source: string;
  readonly line: number;
  readonly text: string;
}

export interface AggregatorOptions {
  /** Also keep allow records per account (`--evidence allowed|all`). */
  allowed?: boolean;
  /** Also list the accounts allow records name (`--account`: see AllowAccounts). */
  allowAccounts?: boolean;
  /**
   * Where lines can be read again (a regular file). Given, a new wording of
   * a valid denial read on bytes is kept as the place of its first record
   * and counted, its group made only when something needs it: a worker
   * thread's groups are mostly ones the main thread makes too
   * (sources/split-file.ts, takeWordings).
   */
  lines?: LineReader;
}

/** Reads a line again from the file it was read from (sources/file-lines.ts). */
export interface LineReader {
  /** The `length` bytes at `offset` (fewer past the end), valid until the next read. */
  read(offset: number, length: number): Buffer;
}

/**
 * One wording of a kept denial (Aggregator.bySaid): its group's evidence
 * and the mapping it was read through. A wording whose group is not made
 * yet has none: where its first record lies is kept in typed arrays
 * (FirstRecords), not in an object per wording, since a worker thread lists
 * tens of thousands.
 */
interface Wording {
  evidence: Evidence;
  mappedFrom: string | undefined;
}

/** Where a line lies: its number in its source, and its bytes in the file. */
interface FirstRecord {
  source: string;
  line: number;
  offset: number;
  length: number;
}

/** An aggregator's content but its denied and allowed groups, as plain data (Aggregator.part). */
export interface AggregatorPart {
  stats: Stats;
  allowedNotChecks: number;
  unattributed: CappedGroups<UnattributedGroup>;
  truncated: CappedGroups<TruncatedGroup>;
  logins: CappedGroups<LoginGroup>;
  invalid: CappedGroups<InvalidGroup>;
  unmapped: CappedGroups<UnmappedGroup>;
  suspicious: Map<string, ProblemGroup>;
  malformed: Map<string, ProblemGroup>;
  allowAccounts: AllowAccountsPart | undefined;
}

/** A sample of a part read after `lineOffset` lines, numbered as in the whole. */
function later<T extends { line: number }>(sample: T, lineOffset: number): T {
  return { ...sample, line: sample.line + lineOffset };
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

/** Failed authentications: logins, and Mesos HTTP requests whose token was refused. */
export interface LoginGroup {
  uid: string | null;
  action: string;
  reason: string | null;
  /** The endpoint path of a Mesos HTTP request; null for a login. */
  object: string | null;
  evidence: Evidence;
}

/** Records whose permission cannot be named without doubt (rules/permission.ts). */
export interface UnmappedGroup {
  uid: string | null;
  component: Component;
  object: string;
  action: string;
  result: 'allow' | 'deny';
  /** Why no permission is named. */
  problem: string;
  evidence: Evidence;
  /** The first record, as text: it is what the report shows instead of a permission. */
  sample: Sample;
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
/** Sections fed by records without a valid account: bounded against hostile input. */
const SECTION_CAP = 10_000;
const KEY_SEP = '\u0000';

/**
 * A group's key within its account. join() copies into one flat string: `+`
 * would build a tree whose leaves are slices of the line, and a stored key
 * would keep the whole line alive.
 */
function groupKey(rid: string, action: string): string {
  return [rid, action].join(KEY_SEP);
}

/**
 * Folds line outcomes into per-group aggregates. Bookkeeping, no decision
 * about what is granted (that is the rules' job). Its only I/O is through
 * the LineReaders it is given: a deferred wording's first record, read
 * again to make its group (`lines`). Samples keep their place's reader and
 * read their line when shown (line-sample.ts), not here.
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
  /** Denials per valid account, keyed by uid, then rid + action (see `denied`). */
  private readonly deniedGroups = new Map<string, Map<string, DeniedGroup>>();
  /** Allow records per valid account, kept only with `allowed`; same keys. */
  readonly allowed = new Map<string, Map<string, DeniedGroup>>();
  /**
   * Denied groups by what the record said (component, uid, object, action,
   * as SaidKey bytes), before mapping: one entry per wording of a kept
   * group, pointing at its evidence (merged in place, never replaced).
   */
  private readonly bySaid = new ByteKeys<Wording | undefined>();
  /** Wordings whose groups are not made yet (`lines`), and where their first records lie. */
  private deferred = 0;
  private readonly firsts = new FirstRecords();
  /** The source of the file `lines` reads: only its lines are deferred. */
  private deferredSource: string | undefined;
  private readonly lines: LineReader | undefined;
  /** What records read on bytes add to each wording in bySaid, until `denied` is read. */
  private readonly tallies = new Tallies();
  private readonly said = new SaidKey();
  /** Hosts and reasons read on bytes, each made a string once (capped against hostile input). */
  private readonly names = new ByteKeys<string>();
  /** Allow records left out of `allowed` because they were not a permission check. */
  allowedNotChecks = 0;
  /** Whether allow records are kept per account (`allowed`). */
  readonly keepAllowed: boolean;
  /** The accounts allow records name, with `allowAccounts`. */
  readonly allowAccounts: AllowAccounts | undefined;
  readonly unattributed = new CappedGroups<UnattributedGroup>(SECTION_CAP);
  readonly truncated = new CappedGroups<TruncatedGroup>(SECTION_CAP);
  readonly logins = new CappedGroups<LoginGroup>(SECTION_CAP);
  readonly invalid = new CappedGroups<InvalidGroup>(SECTION_CAP);
  readonly unmapped = new CappedGroups<UnmappedGroup>(SECTION_CAP);
  readonly suspicious = new Map<string, ProblemGroup>();
  readonly malformed = new Map<string, ProblemGroup>();

  constructor(opts: AggregatorOptions = {}) {
    this.keepAllowed = opts.allowed === true;
    this.allowAccounts = opts.allowAccounts ? new AllowAccounts() : undefined;
    this.lines = opts.lines;
  }

  /** Denials per valid account. Keyed by uid, then rid + action. */
  get denied(): Map<string, Map<string, DeniedGroup>> {
    if (this.deferred > 0) {
      for (let e = 0; e < this.bySaid.size; e++) this.evidenceOf(e);
    }
    this.tallies.settle((e, count, first, last) =>
      this.bySaid.value(e)?.evidence.addCounted(count, first, last),
    );
    return this.deniedGroups;
  }

  /**
   * What this aggregator holds but its denied and allowed groups (those go
   * packed, `takeGroups`), as plain data a worker thread can post (see
   * sources/split-file.ts). Evidence loses its class on the way: `absorb`
   * restores it.
   */
  part(): AggregatorPart {
    return {
      stats: this.stats,
      allowedNotChecks: this.allowedNotChecks,
      unattributed: this.unattributed,
      truncated: this.truncated,
      logins: this.logins,
      invalid: this.invalid,
      unmapped: this.unmapped,
      suspicious: this.suspicious,
      malformed: this.malformed,
      allowAccounts: this.allowAccounts?.part(),
    };
  }

  /** How many denied and allowed groups are made (none of the wordings not made yet). */
  get groupCount(): number {
    let n = 0;
    for (const map of [this.deniedGroups, this.allowed])
      for (const groups of map.values()) n += groups.size;
    return n;
  }

  /**
   * Removes whole accounts' denied and allowed groups, about `max` groups
   * (at least one account), packed for a worker thread to hand over in
   * batches; undefined when none are left. Only once reading is over: a
   * group taken is no longer counted into.
   */
  takeGroups(max: number): PackedGroups | undefined {
    return takePacked([this.denied, this.allowed], max);
  }

  /**
   * Adds groups read after everything this aggregator holds so far, whose
   * line numbers start after `lineOffset` lines (see `absorb`); `lines`
   * reads their file again for samples packed as places.
   */
  absorbGroups(batch: PackedGroups, lineOffset: number, lines?: LineReader): void {
    absorbPacked([this.denied, this.allowed], batch, lineOffset, lines);
  }

  /**
   * Removes the wordings whose groups were not made (`lines`), with what
   * was counted of them, packed for the main thread's absorbWordings;
   * undefined when there are none. Before takeGroups, which would make them.
   */
  takeWordings(): PackedWordings | undefined {
    if (this.deferred === 0) return undefined;
    const n = this.deferred;
    const ends = new Int32Array(n);
    const numbers = new Float64Array(WORDING_NUMBERS * n);
    const marks = new Int32Array(2 * n);
    // Where each key lies in the arena, then one copy of them all: no object per key.
    const at = new Int32Array(n);
    let w = 0;
    let bytes = 0;
    let arena: Buffer | undefined;
    const firsts = this.firsts;
    this.bySaid.forEachKey((e, keys, from, length) => {
      if (this.bySaid.value(e) !== undefined) return;
      arena = keys;
      at[w] = from;
      ends[w] = bytes += length;
      const to = WORDING_NUMBERS * w;
      this.tallies.take(e, numbers, to);
      numbers[to + 3] = firsts.line(e);
      numbers[to + 4] = firsts.offset(e);
      numbers[to + 5] = firsts.length(e);
      marks[2 * w] = this.tallies.marked(e, HOST);
      marks[2 * w + 1] = this.tallies.marked(e, REASON);
      w++;
    });
    // Taken: they are no longer this aggregator's to make (see `denied`).
    this.deferred = 0;
    const source = this.deferredSource!;
    const names: string[] = [];
    for (let i = 0; i < this.names.size && Tallies.marks(i); i++) names.push(this.names.value(i));
    const keys = new Uint8Array(bytes);
    for (let k = 0, to = 0; k < w; k++) {
      for (let i = at[k]!, end = i + ends[k]! - to; i < end; i++) keys[to++] = arena![i]!;
    }
    return { source, keys, ends, numbers, marks, names };
  }

  /**
   * Adds wordings a worker thread took (takeWordings) from lines read after
   * everything this aggregator holds so far, numbered from `lineOffset`:
   * one this aggregator has is counted into its group; another has its
   * group found or made from its first record, read again with `lines`.
   * Before the worker's groups (absorbGroups): a group's sample is the
   * earliest either gives. Throws when a line read again is not the record
   * it was (the file changed).
   */
  absorbWordings(batch: PackedWordings, lineOffset: number, lines: LineReader): void {
    const said = this.said;
    const tallies = this.tallies;
    const names = batch.names.map((name) => {
      const b = Buffer.from(name, 'latin1');
      return this.nameAt(b, 0, b.length);
    });
    const { numbers, marks } = batch;
    for (let w = 0, start = 0; w < batch.ends.length; start = batch.ends[w++]!) {
      const end = batch.ends[w]!;
      said.fromBytes(batch.keys, start, end);
      let e = this.bySaid.indexOfWords(said.words, said.length, said.hash);
      const at = WORDING_NUMBERS * w;
      if (e === -1) {
        e = said.storeIn(this.bySaid, undefined);
        tallies.open(e);
        const first = {
          source: batch.source,
          line: numbers[at + 3]! + lineOffset,
          offset: numbers[at + 4]!,
          length: numbers[at + 5]!,
        };
        this.makeGroup(e, first, lines);
      } else this.evidenceOf(e);
      tallies.addCounted(e, numbers[at]!, numbers[at + 1]!, numbers[at + 2]!);
      this.addMarked(e, HOST, marks[2 * w]!, names, batch.names);
      this.addMarked(e, REASON, marks[2 * w + 1]!, names, batch.names);
    }
  }

  /**
   * Adds to wording `e`'s group the names another aggregator marked, `bits`
   * a bit per name in `theirs`, numbered here as in `ours`.
   */
  private addMarked(
    e: number,
    kind: typeof HOST | typeof REASON,
    bits: number,
    ours: readonly number[],
    theirs: readonly string[],
  ): void {
    const tallies = this.tallies;
    for (let bit = 0; bits !== 0; bits >>>= 1, bit++) {
      if ((bits & 1) === 0 || tallies.holds(e, kind, ours[bit]!)) continue;
      const evidence = this.bySaid.value(e)!.evidence;
      if (kind === HOST) evidence.addHost(theirs[bit]!);
      else evidence.addReason(theirs[bit]!);
      tallies.mark(e, kind, ours[bit]!);
    }
  }

  /**
   * Adds a part read after everything this aggregator holds so far, whose
   * line numbers start after `lineOffset` lines: with its groups taken in
   * first (`absorbGroups`), the result is what reading both in one go gives
   * (the first record of a group stays its sample).
   */
  absorb(part: AggregatorPart, lineOffset: number): void {
    for (const key of Object.keys(this.stats) as (keyof Stats)[])
      this.stats[key] += part.stats[key];
    this.allowedNotChecks += part.allowedNotChecks;
    if (part.allowAccounts) this.allowAccounts?.absorb(part.allowAccounts);
    const withEvidence = <G extends { evidence: Evidence }>(
      mine: CappedGroups<G>,
      theirs: CappedGroups<G>,
    ) =>
      mine.absorb(theirs, (have, g) => {
        if (!have) return { ...g, evidence: Evidence.from(g.evidence) };
        have.evidence.absorb(g.evidence);
        return have;
      });
    withEvidence(this.unattributed, part.unattributed);
    withEvidence(this.truncated, part.truncated);
    withEvidence(this.logins, part.logins);
    this.invalid.absorb(part.invalid, (have, g) => {
      if (!have) return { ...g };
      have.count += g.count;
      return have;
    });
    this.unmapped.absorb(part.unmapped, (have, g) => {
      if (!have)
        return { ...g, evidence: Evidence.from(g.evidence), sample: later(g.sample, lineOffset) };
      have.evidence.absorb(g.evidence);
      return have;
    });
    for (const [name, log] of [
      ['suspicious', this.suspicious],
      ['malformed', this.malformed],
    ] as const) {
      for (const [problem, g] of part[name]) {
        const have = log.get(problem);
        if (!have) {
          log.set(problem, { count: g.count, samples: g.samples.map((s) => later(s, lineOffset)) });
        } else {
          have.count += g.count;
          for (const s of g.samples)
            if (have.samples.length < SAMPLES) have.samples.push(later(s, lineOffset));
        }
      }
    }
  }

  /**
   * A line read on bytes (parser/record-view.ts): an allow record is
   * counted, a denial of a group seen before is added without a string
   * made; anything else is added as its outcome.
   */
  addRead(view: RecordView, place: LinePlace): void {
    const stats = this.stats;
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
    const said = this.said;
    said.fromView(view);
    let e = this.bySaid.indexOfWords(said.words, said.length, said.hash);
    if (e === -1) {
      const outcome = view.outcome();
      e = this.defer(view, outcome, place);
      if (e === -1) {
        // The key read from the line is not built again from the record's text.
        this.add(outcome, place, true);
        return;
      }
    }
    stats.lines++;
    stats.records++;
    stats.denyRecords++;
    // Counted aside; the group's Evidence is touched only for a name it may not hold yet.
    const tallies = this.tallies;
    tallies.count(e, view.time);
    const b = view.buf;
    const host = this.nameAt(b, view.hostStart, view.hostEnd);
    if (!tallies.holds(e, HOST, host)) {
      // A wording whose group is not made keeps a name as its mark alone, if it can.
      if (!this.marksOnly(e, host))
        this.evidenceOf(e).addHost(this.name(b, view.hostStart, view.hostEnd, host));
      tallies.mark(e, HOST, host);
    }
    if (view.reasonStart === -1) return;
    const reason = this.nameAt(b, view.reasonStart, view.reasonEnd);
    if (!tallies.holds(e, REASON, reason)) {
      if (!this.marksOnly(e, reason))
        this.evidenceOf(e).addReason(this.name(b, view.reasonStart, view.reasonEnd, reason));
      tallies.mark(e, REASON, reason);
    }
  }

  /**
   * With `lines`, a new wording of a valid denial read on bytes is listed
   * without its group: its first record's place is kept, and it is counted
   * as records seen before are. Its index, or -1 to add the record as usual.
   */
  private defer(view: RecordView, outcome: LineOutcome, place: LinePlace): number {
    if (!this.lines || place.offset === undefined || place.length === undefined) return -1;
    // `lines` reads one file: that of the first line deferred.
    this.deferredSource ??= place.source;
    if (place.source !== this.deferredSource) return -1;
    if (outcome.kind !== 'record') return -1;
    const record = outcome.record;
    if (record.kind !== 'authorization' || record.truncated || record.uid === undefined) return -1;
    const requested = requestedPermission(record);
    if ('unmapped' in requested || invalidity(record.uid, requested.rid, requested.action))
      return -1;
    // A host or reason past the names a wording can mark would need the group at once.
    const b = view.buf;
    if (!Tallies.marks(this.nameAt(b, view.hostStart, view.hostEnd))) return -1;
    if (view.reasonStart !== -1 && !Tallies.marks(this.nameAt(b, view.reasonStart, view.reasonEnd)))
      return -1;
    const e = this.said.storeIn(this.bySaid, undefined);
    this.tallies.open(e);
    this.firsts.set(e, place.line, place.offset, place.length);
    this.deferred++;
    return e;
  }

  /** Whether wording `e` has no group yet and the name numbered `name` can be its mark alone. */
  private marksOnly(e: number, name: number): boolean {
    return this.bySaid.value(e) === undefined && Tallies.marks(name);
  }

  /**
   * Wording `e`'s evidence, its group made first if it is not yet, from its
   * first record read again with `lines` (`makeGroup`).
   */
  private evidenceOf(e: number): Evidence {
    const wording = this.bySaid.value(e);
    if (wording) return wording.evidence;
    const firsts = this.firsts;
    const first = {
      source: this.deferredSource!,
      line: firsts.line(e),
      offset: firsts.offset(e),
      length: firsts.length(e),
    };
    const evidence = this.makeGroup(e, first, this.lines!);
    this.deferred--;
    return evidence;
  }

  /**
   * Makes the group of wording `e`, listed without one, from its first
   * record read again with `lines`: found or made with it (the earlier
   * sample kept), then given what the wording marked. Throws when the line
   * is not the record it was (the file changed).
   */
  private makeGroup(e: number, first: FirstRecord, lines: LineReader): Evidence {
    const buf = lines.read(first.offset, first.length);
    const outcome = classifyLine(buf, 0, buf.length);
    const record = outcome.kind === 'record' ? outcome.record : undefined;
    const said = this.said;
    const requested = record && requestedPermission(record);
    if (
      record?.uid === undefined ||
      requested === undefined ||
      'unmapped' in requested ||
      record.kind !== 'authorization' ||
      record.truncated ||
      record.result !== 'deny' ||
      !said.fromText(record.component, record.uid, record.object, record.action) ||
      this.bySaid.indexOfWords(said.words, said.length, said.hash) !== e
    ) {
      // Its source names the file where the error is reported (the input's status).
      throw new Error(
        `the file changed while it was read (line ${first.line} is no longer the record it was): read a copy that is not being written`,
      );
    }
    const { rid, action, mappedFrom } = requested;
    const evidence = this.perAccount(
      this.deniedGroups,
      record.uid,
      rid,
      action,
      { ...first, lines, bytes: buf, start: 0 },
      outcome.kind === 'record' ? outcome.entry : undefined,
    ).evidence;
    evidence.addComponent(record.component);
    const wording = { evidence, mappedFrom: mappedFrom && keep(mappedFrom) };
    if (wording.mappedFrom !== undefined) evidence.addMappedFrom(wording.mappedFrom);
    for (const kind of [HOST, REASON] as const) {
      for (let bits = this.tallies.marked(e, kind), name = 0; bits !== 0; bits >>>= 1, name++) {
        if ((bits & 1) === 0) continue;
        if (kind === HOST) evidence.addHost(this.names.value(name));
        else evidence.addReason(this.names.value(name));
      }
    }
    this.bySaid.replace(e, wording);
    return evidence;
  }

  /**
   * The number of `b[start, end)` (ASCII) among the names, new ones stored
   * as shared strings; -1 past NAMES_CAP.
   */
  private nameAt(b: Buffer, start: number, end: number): number {
    const h = hashBytes(b, start, end);
    const i = this.names.indexOf(b, start, end, h);
    if (i !== -1 || this.names.size >= NAMES_CAP) return i;
    return this.names.set(b, start, end, h, keep(b.toString('latin1', start, end)));
  }

  /** The name numbered `i` by nameAt, which is `b[start, end)`. */
  private name(b: Buffer, start: number, end: number, i: number): string {
    return i === -1 ? b.toString('latin1', start, end) : this.names.value(i);
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
   * `keyRead`: the outcome is the denial a RecordView read, whose key
   * (SaidKey.fromView) is not listed yet.
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
            source: place.source,
            line: place.line,
            text: detach((outcome.entry.message ?? '').slice(0, SAMPLE_CHARS)),
          });
        }
        return;
      }
      case 'record':
        stats.records++;
        if (outcome.record.result === 'allow') {
          stats.allowRecords++;
          if (outcome.record.uid !== undefined) this.allowAccounts?.add(outcome.record.uid);
          if (this.keepAllowed) this.allow(outcome, place);
        } else {
          stats.denyRecords++;
          this.deny(
            outcome.record,
            outcome.entry.host ?? place.host,
            outcome.entry.time,
            place,
            outcome.entry,
            keyRead,
          );
        }
    }
  }

  /** An allow record of a valid account that was a permission check: evidence for `--evidence`. */
  private allow(outcome: LineOutcome & { kind: 'record' }, place: LinePlace): void {
    const record = outcome.record;
    // An authenticated Mesos request is no evidence that a permission is needed.
    if (record.kind === 'authentication' && !record.truncated) this.allowedNotChecks++;
    if (record.kind !== 'authorization' || record.truncated || record.uid === undefined) return;
    if (record.reason !== undefined && NOT_PERMISSION_CHECKS.has(record.reason)) {
      this.allowedNotChecks++;
      return;
    }
    const requested = requestedPermission(record);
    const host = outcome.entry.host ?? place.host;
    if ('unmapped' in requested) {
      this.addUnmapped(record, requested.unmapped, outcome.entry, host, place);
      return;
    }
    const { rid, action, mappedFrom } = requested;
    // Only a new group is checked against the grammar: a group exists only for valid values.
    if (
      !this.allowed.get(record.uid)?.has(groupKey(rid, action)) &&
      invalidity(record.uid, rid, action)
    ) {
      return;
    }
    this.perAccount(this.allowed, record.uid, rid, action, place, outcome.entry).evidence.add(
      record.time ?? outcome.entry.time,
      host,
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
    entry: JournalEntry | undefined,
  ): DeniedGroup {
    let perAccount = map.get(uid);
    if (!perAccount) {
      perAccount = new Map();
      map.set(keep(uid), perAccount);
    }
    const key = groupKey(rid, action);
    let group = perAccount.get(key);
    if (!group) {
      group = {
        uid: keep(uid),
        rid: keep(rid),
        action: keep(action),
        evidence: new Evidence(),
        sample: sampleOf(place, entry),
      };
      // Shared: accounts denied alike hold the same keys (563 ids for 40,000
      // groups on the dense bench input), and a key is as long as its id.
      perAccount.set(keep(key), group);
    } else if (place.line < group.sample.line && place.source === group.sample.source) {
      // A group made from a wording's first record read again (evidenceOf) may meet an earlier one.
      group.sample = sampleOf(place, entry);
    }
    return group;
  }

  private deny(
    record: AuditRecord,
    host: string | undefined,
    entryTime: number | undefined,
    place: LinePlace,
    entry: JournalEntry,
    keyRead: boolean,
  ): void {
    const time = record.time ?? entryTime;
    const component = record.component;
    // A failed login, or a Mesos request whose token was refused: an
    // authentication problem, never a missing permission. (A cut Mesos
    // record may have lost part of its path: it is listed as cut.)
    if (record.kind === 'login' || (record.kind === 'authentication' && !record.truncated)) {
      const uid = record.uid ?? null;
      const reason = record.reason ?? null;
      const object = record.kind === 'login' ? null : record.object;
      const key = [uid, record.action, reason, object, component].join(KEY_SEP);
      const group = this.logins.get(key, () => ({
        uid: uid && keep(uid),
        action: keep(record.action),
        reason: reason && keep(reason),
        object: object && keep(object),
        evidence: new Evidence(),
      }));
      group?.evidence.add(time, host, component);
      return;
    }
    if (record.truncated) {
      const key = [record.object, record.action].join(KEY_SEP);
      const group = this.truncated.get(key, () => ({
        object: keep(record.object),
        action: keep(record.action),
        result: record.result,
        evidence: new Evidence(),
      }));
      group?.evidence.add(time, host, component);
      return;
    }
    if (record.uid === undefined) {
      const requested = requestedPermission(record);
      if ('unmapped' in requested) {
        this.addUnmapped(record, requested.unmapped, entry, host, place);
        return;
      }
      const { rid, action, mappedFrom } = requested;
      const reason = record.reason ?? 'no account in the record';
      const key = [rid, action, reason].join(KEY_SEP);
      const group = this.unattributed.get(key, () => ({
        rid: keep(rid),
        action: keep(action),
        reason: keep(reason),
        evidence: new Evidence(),
      }));
      group?.evidence.add(time, host, component, reason, mappedFrom);
      return;
    }
    // The common case, a denial seen before, costs one lookup by what the record
    // says, before it is mapped to a permission: mapping and grammar checks run
    // once per distinct record, and a group exists only for values that passed.
    const said = this.said;
    const listed = keyRead || said.fromText(component, record.uid, record.object, record.action);
    const e =
      listed && !keyRead ? this.bySaid.indexOfWords(said.words, said.length, said.hash) : -1;
    if (e !== -1) {
      const evidence = this.evidenceOf(e);
      evidence.add(time, host, component, record.reason, this.bySaid.value(e)!.mappedFrom);
      return;
    }
    const uid = record.uid;
    const requested = requestedPermission(record);
    if ('unmapped' in requested) {
      this.addUnmapped(record, requested.unmapped, entry, host, place);
      return;
    }
    const { rid, action, mappedFrom } = requested;
    const problem = invalidity(uid, rid, action);
    if (problem) {
      const key = [uid, rid, action].join(KEY_SEP);
      const group = this.invalid.get(key, () => ({
        uid: keep(uid),
        rid: keep(rid),
        action: keep(action),
        problem,
        count: 0,
      }));
      if (group) group.count++;
      return;
    }
    // Not `denied`, which settles the tallies: this runs once per new group.
    const group = this.perAccount(this.deniedGroups, uid, rid, action, place, entry);
    const kept = { evidence: group.evidence, mappedFrom: mappedFrom && keep(mappedFrom) };
    if (listed) this.tallies.open(said.storeIn(this.bySaid, kept));
    group.evidence.add(time, host, component, record.reason, kept.mappedFrom);
  }

  /** A record whose permission cannot be named (`problem` says why): listed with its first record. */
  private addUnmapped(
    record: AuditRecord,
    problem: string,
    entry: JournalEntry,
    host: string | undefined,
    place: LinePlace,
  ): void {
    const uid = record.uid ?? null;
    const key = [uid, record.component, record.object, record.action, record.result].join(KEY_SEP);
    const group = this.unmapped.get(key, () => ({
      uid: uid && keep(uid),
      component: record.component,
      object: keep(record.object),
      action: keep(record.action),
      result: record.result,
      problem: keep(problem),
      evidence: new Evidence(),
      sample: {
        source: place.source,
        line: place.line,
        text: detach((entry.message ?? '').slice(0, SAMPLE_CHARS)),
      },
    }));
    group?.evidence.add(record.time ?? entry.time, host, record.component, record.reason);
  }
}

/**
 * A group's sample: read again when shown where the line can be read again
 * and its message ends it (every format but JSON, whose message is decoded),
 * else its text kept now.
 */
function sampleOf(place: LinePlace, entry: JournalEntry | undefined): Sample {
  const message = entry?.message ?? '';
  if (
    place.lines !== undefined &&
    place.offset !== undefined &&
    place.length !== undefined &&
    place.bytes !== undefined &&
    place.start !== undefined &&
    entry?.format !== 'json' &&
    entry?.format !== 'json-seq'
  )
    return LineSample.of(place as ReadablePlace, message);
  return { source: place.source, line: place.line, text: detach(message.slice(0, SAMPLE_CHARS)) };
}

/** Hosts and reasons kept as strings per aggregator; past this, made per line. */
const NAMES_CAP = 4096;

/** Component codes for SaidKey, as the byte kernel numbers them (dialects.ts). */
const COMPONENT_CODE: ReadonlyMap<Component, number> = new Map(COMPONENTS.map((c, i) => [c, i]));
/** No byte of UTF-8: the parts of a key cannot run into each other. */
const PART_END = 0xff;
/** Longer keys (values only hostile input writes) are not listed: each such record is mapped anew. */
const SAID_MAX = 4096;

/**
 * What a denial says, as bytes: its component's code, then uid, object and
 * action, each followed by PART_END, then zeros up to a multiple of 4 bytes
 * (the last PART_END tells where they start). Built from a line's bytes
 * (by the byte kernel, where the line lies) or from the parser's strings
 * (here); the two give the same bytes and hash for the same record. Compared
 * four bytes at a time.
 */
class SaidKey {
  readonly bytes = Buffer.from(new ArrayBuffer(SAID_MAX + 4));
  private readonly own = new DataView(this.bytes.buffer);
  /** The key as words: `bytes`, or the view's memory for a key read from a line. */
  words: DataView = this.own;
  /** The same as bytes, from `at`. */
  private from: Uint8Array = this.bytes;
  private at = 0;
  length = 0;
  hash = 0;

  /** The key of the record `v` read, built and hashed where the line lies (kernel/said.ts). */
  fromView(v: RecordView): void {
    this.length = v.said(v.componentCode, SEED);
    this.hash = v.saidHash;
    this.words = v.saidWords;
    this.from = v.buf;
    this.at = v.saidWords.byteOffset;
  }

  /** Stores `value` in `keys` under this key (not stored yet); its index. */
  storeIn<V>(keys: ByteKeys<V>, value: V): number {
    return keys.set(this.from, this.at, this.at + this.length, this.hash, value);
  }

  /** False when a part is not ASCII or the key is too long: such a record is not listed. */
  fromText(component: Component, uid: string, object: string, action: string): boolean {
    const out = this.bytes;
    out[0] = COMPONENT_CODE.get(component)!;
    let n = 1;
    for (const part of [uid, object, action]) {
      if (n + part.length + 1 > SAID_MAX) return false;
      // ASCII writes one byte per character; anything else more, or is cut.
      if (out.write(part, n, 'utf8') !== part.length || !isAscii(out, n, part.length)) return false;
      n += part.length;
      out[n++] = PART_END;
    }
    this.end(n);
    return true;
  }

  /** The key `b[start, end)` (one fromView or fromText built), copied. */
  fromBytes(b: Uint8Array, start: number, end: number): void {
    const out = this.bytes;
    for (let i = start; i < end; i++) out[i - start] = b[i]!;
    this.end(end - start);
  }

  private end(n: number): void {
    while (n & 3) this.bytes[n++] = 0;
    this.length = n;
    this.words = this.own;
    this.from = this.bytes;
    this.at = 0;
    this.hash = hashWords(this.own, n);
  }
}

function isAscii(b: Buffer, at: number, n: number): boolean {
  for (let i = at; i < at + n; i++) if (b[i]! > 0x7f) return false;
  return true;
}

/**
 * Where the first records of wordings listed without their groups lie, by
 * wording index: line number, byte offset and length, in typed arrays.
 */
class FirstRecords {
  private lines = new Float64Array(0);
  private offsets = new Float64Array(0);
  private lengths = new Int32Array(0);

  set(e: number, line: number, offset: number, length: number): void {
    if (e >= this.lengths.length) this.grow(e);
    this.lines[e] = line;
    this.offsets[e] = offset;
    this.lengths[e] = length;
  }

  line(e: number): number {
    return this.lines[e]!;
  }

  offset(e: number): number {
    return this.offsets[e]!;
  }

  length(e: number): number {
    return this.lengths[e]!;
  }

  /** Room for index `e`: the first arrays large (pages not written take no memory), then doubled. */
  private grow(e: number): void {
    const n = Math.max(FIRST_RECORDS, 2 * this.lengths.length, e + 1);
    const lines = new Float64Array(n);
    lines.set(this.lines);
    this.lines = lines;
    const offsets = new Float64Array(n);
    offsets.set(this.offsets);
    this.offsets = offsets;
    const lengths = new Int32Array(n);
    lengths.set(this.lengths);
    this.lengths = lengths;
  }
}

/** Wordings FirstRecords first holds, as Tallies (1.25 MiB). */
const FIRST_RECORDS = 65_536;
