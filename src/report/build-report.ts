import { assess, isNative, nativeNote } from '../rules/assess.js';
import { accountWarnings } from './account-warnings.js';
import {
  type AnalysisOptions,
  accountFields,
  analyzeAccounts,
  DEFAULT_ANALYSIS,
} from './analysis.js';
import { isoTime } from './iso-time.js';
import { basis, type ObservedGroup, observedGroups } from './observed.js';
import type { Account, Denied, Problem, Report, Warning } from './schema.js';
import { SharedValues } from './shared-values.js';
import type { ProblemGroup, Seen, Snapshot } from './snapshot.js';
import { type TimeWindow, windowOf, windowWarnings } from './time-window.js';
import { unlistedPairWarnings } from './unlisted-pairs.js';

export interface InputStatus {
  source: string;
  lines: number;
  /** Bytes received. */
  bytes: number;
  /** Lines holding an audit record. */
  records: number;
  /** Wall time spent reading, in seconds. */
  seconds: number;
  complete: boolean;
  error: string | null;
  /** Where it was read from (set by the CLI). */
  kind?: 'file' | 'stdin' | 'ssh' | 'cluster';
  /** SSH, cluster: the host records without a host field are attributed to. */
  host?: string;
  /** SSH: user@host:port connected to, and the jump hosts; cluster: the master's URL. */
  target?: string;
}

/** How an input that gave no byte at all is reported (its `error`). */
const NOTHING_READ = 'nothing read (0 bytes)';

export function nothingRead(hint = 'check where it comes from'): string {
  return `${NOTHING_READ}: ${hint}; no data is not the same as no denials`;
}

export interface ReportOptions {
  version: string;
  now: Date;
  inputs: InputStatus[];
  maxLine: number;
  /** `--since` / `--until`, when given: the report says the window it was made of. */
  window?: TimeWindow;
  /** Only these accounts; all when empty. */
  accounts: ReadonlySet<string>;
  /** Templates, existing grants, evidence and security mode; defaults when absent. */
  analysis?: Partial<AnalysisOptions>;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What a pair most rules say nothing of starts with: one list, read only. */
const NO_SOURCES: string[] = Object.freeze([]) as unknown as string[];

/** A list in code unit order, as a new array. */
const sorted = (values: readonly string[]) => values.slice().sort();

/**
 * An observed pair as the report lists it, before templates and existing
 * grants are known. One literal in the schema's order (the json report's):
 * a report of 40,000 groups makes object spreads count.
 */
function denied(uid: string, g: ObservedGroup, shared: SharedValues): Denied {
  const e = g.seen;
  const verdict = assess(uid, g.rid, g.action);
  const firstSeen = isoTime(e.first);
  return {
    rid: g.rid,
    action: g.action,
    count: e.count,
    firstSeen,
    // Most groups of a varied input hold one record: one text for both.
    lastSeen: e.last === e.first ? firstSeen : isoTime(e.last),
    hosts: shared.sorted(e.hosts),
    components: shared.sorted(e.components),
    reasons: shared.sorted(e.reasons),
    mappedFrom: shared.sorted(e.mappedFrom),
    grant: verdict.status,
    note: verdict.note ?? null,
    basis: basis(g),
    records: { deny: g.deny, allow: g.allow },
    sample: g.sample,
    template: null,
    templateState: null,
    alreadyGranted: null,
    enforced: true,
    why: '',
    // The rule's own sources; the analysis adds the family's, the template row's.
    sources: verdict.sources ?? NO_SOURCES,
  };
}

function seen(e: Seen) {
  return {
    count: e.count,
    firstSeen: isoTime(e.first),
    lastSeen: isoTime(e.last),
    hosts: sorted(e.hosts),
  };
}

/**
 * The report of what a run found (`snapshot`) and how it read (`opts`):
 * data in, data out, nothing read.
 */
export function buildReport(snapshot: Snapshot, opts: ReportOptions): Report {
  const wanted = (uid: string | null) =>
    opts.accounts.size === 0 || (uid !== null && opts.accounts.has(uid));

  const analysisOptions = { ...DEFAULT_ANALYSIS, ...opts.analysis };
  const shared = new SharedValues();
  const groups = observedGroups(snapshot, analysisOptions.evidence);
  const observed: Account[] = [...groups.entries()]
    .filter(([uid]) => wanted(uid))
    .sort(([a], [b]) => byText(a, b))
    .map(([uid, groups]) => ({
      uid,
      native: isNative(uid),
      note: nativeNote(uid) ?? null,
      denied: groups()
        .sort((a, b) => byText(a.rid, b.rid) || byText(a.action, b.action))
        .map((g) => denied(uid, g, shared)),
      ...accountFields(),
    }));
  const analyzed = analyzeAccounts(
    observed,
    analysisOptions,
    snapshot.allowedNotChecks,
    wanted,
    shared,
  );
  const accounts = analyzed.accounts;

  const unattributed = snapshot.unattributed.groups
    .map((g) => ({
      rid: g.rid,
      action: g.action,
      reason: g.reason,
      ...seen(g.seen),
      components: sorted(g.seen.components),
    }))
    .sort(
      (a, b) => byText(a.rid, b.rid) || byText(a.action, b.action) || byText(a.reason, b.reason),
    );

  const truncated = snapshot.truncated.groups
    .map((g) => ({
      object: g.object,
      action: g.action,
      result: g.result,
      count: g.seen.count,
      hosts: sorted(g.seen.hosts),
      components: sorted(g.seen.components),
    }))
    .sort((a, b) => byText(a.object, b.object) || byText(a.action, b.action));

  const authenticationFailures = snapshot.logins.groups
    .filter((g) => wanted(g.uid))
    .map((g) => {
      const { count, firstSeen, lastSeen, hosts } = seen(g.seen);
      const components = sorted(g.seen.components);
      const { uid, action, object, reason } = g;
      return { uid, action, object, reason, count, firstSeen, lastSeen, hosts, components };
    })
    .sort(
      (a, b) =>
        byText(a.uid ?? '', b.uid ?? '') ||
        byText(a.action, b.action) ||
        byText(a.object ?? '', b.object ?? '') ||
        byText(a.reason ?? '', b.reason ?? ''),
    );

  const invalid = snapshot.invalid.groups
    .filter((g) => wanted(g.uid))
    .map((g) => ({ uid: g.uid, rid: g.rid, action: g.action, problem: g.problem, count: g.count }))
    .sort((a, b) => byText(a.uid ?? '', b.uid ?? '') || byText(a.rid, b.rid));

  const unmapped = snapshot.unmapped.groups
    .filter((g) => wanted(g.uid))
    .map((g) => {
      const { uid, component, object, action, result, problem, sample } = g;
      return { uid, component, object, action, result, problem, ...seen(g.seen), sample };
    })
    .sort(
      (a, b) =>
        byText(a.uid ?? '', b.uid ?? '') ||
        byText(a.component, b.component) ||
        byText(a.object, b.object) ||
        byText(a.action, b.action) ||
        byText(a.result, b.result),
    );

  return {
    schemaVersion: 1,
    generator: { name: 'audit2grant', version: opts.version },
    generatedAt: opts.now.toISOString(),
    partial: opts.inputs.some((i) => !i.complete),
    inputs: opts.inputs,
    stats: { ...snapshot.stats },
    ...(opts.window && { window: windowOf(opts.window) }),
    accounts,
    unattributed,
    truncated,
    authenticationFailures,
    suspicious: problems(snapshot.suspicious),
    malformed: problems(snapshot.malformed),
    invalid,
    unmapped,
    warnings: [
      ...warnings(snapshot, opts),
      ...accountWarnings(opts.accounts, {
        observed: new Set(groups.keys()),
        named: namedAccounts(snapshot),
        allowed: snapshot.kept.allowAccounts ? new Set(snapshot.allowAccounts.uids) : undefined,
        evidence: analysisOptions.evidence,
      }),
      ...analyzed.warnings,
      ...unlistedPairWarnings(accounts),
    ],
    analysis: analyzed.analysis,
  };
}

/** Every account a denial, kept allow record, failed login or invalid denial names. */
function namedAccounts(snapshot: Snapshot): Set<string> {
  const named = new Set<string>();
  for (const g of snapshot.denied) named.add(g.uid);
  for (const g of snapshot.allowed) named.add(g.uid);
  for (const g of snapshot.logins.groups) if (g.uid !== null) named.add(g.uid);
  for (const g of snapshot.invalid.groups) if (g.uid !== null) named.add(g.uid);
  return named;
}

function problems(log: readonly ProblemGroup[]): Problem[] {
  return log
    .map(({ problem, count, samples }) => ({ problem, count, samples }))
    .sort((a, b) => byText(a.problem, b.problem));
}

function warnings(snapshot: Snapshot, opts: ReportOptions): Warning[] {
  const s = snapshot.stats;
  const out: Warning[] = [];
  const warn = (code: string, message: string, count: number | null = null) =>
    out.push({ code, message, count });
  for (const input of opts.inputs) {
    if (input.error?.startsWith(NOTHING_READ))
      warn('nothing-read', `${input.source}: ${input.error}`);
    else if (input.error)
      warn('input-error', `${input.source}: ${input.error}; the report covers only what was read`);
  }
  if (s.blobLines > 0) {
    warn(
      'blob-data',
      `${s.blobLines} messages were hidden as [... blob data] or null and could not be read: rerun journalctl with -a, or with -o json -a`,
      s.blobLines,
    );
  }
  if (s.suppressedMessages > 0) {
    warn(
      'suppressed',
      `journald dropped ${s.suppressedMessages} messages of DC/OS units by rate limiting: coverage is partial, denials may be missing`,
      s.suppressedMessages,
    );
  }
  if (s.tooLong > 0) {
    warn(
      'too-long',
      `${s.tooLong === 1 ? '1 line' : `${s.tooLong} lines`} longer than ${opts.maxLine} bytes ${s.tooLong === 1 ? 'was' : 'were'} skipped: raise --max-line to read them`,
      s.tooLong,
    );
  }
  const truncated = snapshot.truncated.groups.reduce((n, g) => n + g.seen.count, 0);
  if (truncated > 0) {
    warn(
      'truncated',
      `${truncated} records were cut before their end (a 2048-byte line limit, or a line that stopped short) and could not be attributed to an account`,
      truncated,
    );
  }
  for (const [name, groups] of [
    ['unattributed', snapshot.unattributed],
    ['truncated', snapshot.truncated],
    ['authenticationFailures', snapshot.logins],
    ['invalid', snapshot.invalid],
    ['unmapped', snapshot.unmapped],
  ] as const) {
    if (groups.refused > 0) {
      warn(
        'section-full',
        `${name}: ${groups.refused} records beyond ${groups.groups.length} groups were counted but not listed`,
        groups.refused,
      );
    }
  }
  out.push(...windowWarnings(s));
  const outside = s.outsideWindow ?? 0;
  if (s.lines > 0 && s.records + outside + s.malformed + s.suspicious === 0 && s.blobLines === 0) {
    warn(
      'no-audit-records',
      'no audit records found: is this journalctl output of the dcos-* units (journalctl -u "dcos-*")?',
    );
  }
  return out;
}
