import type {
  InvalidGroup,
  LoginGroup,
  PairGroup,
  ProblemGroup,
  Section,
  Seen,
  Snapshot,
  TruncatedGroup,
  UnattributedGroup,
  UnmappedGroup,
} from './snapshot.js';
import {
  ALLOW_ACCOUNTS_CAP,
  HOST_CAP,
  PROBLEM_SAMPLES,
  SECTION_CAP,
  VALUE_CAP,
} from './snapshot-limits.js';

/**
 * The snapshot of reading `a`'s input, then `b`'s: counts add up, times
 * span both, lists and groups keep their first-seen order (a's, then what
 * only b has), and a group's sample is its earliest record (a's if a has
 * the group). Pure: neither snapshot changes, and the result may share
 * their parts. Associative, so parts read apart combine in any grouping.
 *
 * Exact below the caps: past a section's cap, records b refused for a group
 * a lists are counted as refused where one read would have counted them in
 * that group; past the allow-accounts cap, `full` can differ likewise.
 *
 * Line numbers are taken as they are: `b`'s must count the lines of its
 * source that `a` read (consume's `linesBefore`).
 */
export function merge(a: Snapshot, b: Snapshot): Snapshot {
  if (a.kept.allowed !== b.kept.allowed || a.kept.allowAccounts !== b.kept.allowAccounts)
    throw new Error('snapshots kept different records (allow records, allow accounts): not merged');
  const stats = { ...a.stats };
  // The counts of a time window are there only when one was given.
  for (const k of Object.keys({ ...a.stats, ...b.stats }) as (keyof Snapshot['stats'])[])
    stats[k] = (a.stats[k] ?? 0) + (b.stats[k] ?? 0);
  const uids = union(a.allowAccounts.uids, b.allowAccounts.uids, ALLOW_ACCOUNTS_CAP);
  return {
    version: a.version,
    kept: a.kept,
    stats,
    denied: mergePairs(a.denied, b.denied),
    allowed: mergePairs(a.allowed, b.allowed),
    allowedNotChecks: a.allowedNotChecks + b.allowedNotChecks,
    allowAccounts: {
      uids,
      full:
        a.allowAccounts.full ||
        b.allowAccounts.full ||
        uids.length < new Set([...a.allowAccounts.uids, ...b.allowAccounts.uids]).size,
    },
    unattributed: mergeSection(a.unattributed, b.unattributed, unattributedKey, withSeen),
    truncated: mergeSection(a.truncated, b.truncated, truncatedKey, withSeen),
    logins: mergeSection(a.logins, b.logins, loginKey, withSeen),
    invalid: mergeSection(a.invalid, b.invalid, invalidKey, (x, y) => ({
      ...x,
      count: x.count + y.count,
    })),
    unmapped: mergeSection(a.unmapped, b.unmapped, unmappedKey, withSeen),
    suspicious: mergeProblems(a.suspicious, b.suspicious),
    malformed: mergeProblems(a.malformed, b.malformed),
  };
}

/** What `a`'s records and `b`'s have in common, as one Seen. */
export function mergeSeen(a: Seen, b: Seen): Seen {
  return {
    count: a.count + b.count,
    first: earliest(a.first, b.first),
    last: b.last === null || (a.last !== null && a.last >= b.last) ? a.last : b.last,
    hosts: union(a.hosts, b.hosts, HOST_CAP),
    components: union(a.components, b.components, VALUE_CAP),
    reasons: union(a.reasons, b.reasons, VALUE_CAP),
    mappedFrom: union(a.mappedFrom, b.mappedFrom, VALUE_CAP),
  };
}

const SEP = '\u0000';
// What tells groups apart: the fields aggregate.ts and sections.ts key them by.
const pairKey = (g: PairGroup) => [g.uid, g.rid, g.action].join(SEP);
const unattributedKey = (g: UnattributedGroup) => [g.rid, g.action, g.reason].join(SEP);
const truncatedKey = (g: TruncatedGroup) => [g.object, g.action].join(SEP);
const loginKey = (g: LoginGroup) => [g.uid, g.action, g.reason, g.object, g.component].join(SEP);
const invalidKey = (g: InvalidGroup) => [g.uid, g.rid, g.action].join(SEP);
const unmappedKey = (g: UnmappedGroup) =>
  [g.uid, g.component, g.object, g.action, g.result].join(SEP);

/** `a`'s group with `b`'s records added: its other fields (and sample) stay `a`'s. */
function withSeen<G extends { seen: Seen }>(a: G, b: G): G {
  return { ...a, seen: mergeSeen(a.seen, b.seen) };
}

/** Records a group holds: a group refused at the cap counts them as refused. */
function recordsOf(g: { seen: Seen } | { count: number }): number {
  return 'seen' in g ? g.seen.count : g.count;
}

function mergeSection<G extends { seen: Seen } | { count: number }>(
  a: Section<G>,
  b: Section<G>,
  keyOf: (g: G) => string,
  add: (have: G, theirs: G) => G,
): Section<G> {
  const groups = new Map(a.groups.map((g) => [keyOf(g), g]));
  let refused = a.refused + b.refused;
  for (const g of b.groups) {
    const key = keyOf(g);
    const have = groups.get(key);
    if (have !== undefined) groups.set(key, add(have, g));
    else if (groups.size >= SECTION_CAP) refused += recordsOf(g);
    else groups.set(key, g);
  }
  return { groups: [...groups.values()], refused };
}

/** Pairs by account in the order accounts were first seen, each account's in theirs. */
function mergePairs(a: PairGroup[], b: PairGroup[]): PairGroup[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const accounts = new Map<string, Map<string, PairGroup>>();
  for (const g of [...a, ...b]) {
    let groups = accounts.get(g.uid);
    if (!groups) {
      groups = new Map();
      accounts.set(g.uid, groups);
    }
    const key = pairKey(g);
    const have = groups.get(key);
    groups.set(key, have === undefined ? g : withSeen(have, g));
  }
  return [...accounts.values()].flatMap((groups) => [...groups.values()]);
}

function mergeProblems(a: ProblemGroup[], b: ProblemGroup[]): ProblemGroup[] {
  const problems = new Map(a.map((g) => [g.problem, g]));
  for (const g of b) {
    const have = problems.get(g.problem);
    problems.set(
      g.problem,
      have === undefined
        ? g
        : {
            problem: g.problem,
            count: have.count + g.count,
            samples: [...have.samples, ...g.samples].slice(0, PROBLEM_SAMPLES),
          },
    );
  }
  return [...problems.values()];
}

/** `a`'s values, then `b`'s that `a` lacks, the first `cap` of them; `a` itself when nothing is added. */
function union(a: readonly string[], b: readonly string[], cap: number): string[] {
  if (a.length >= cap || b.length === 0) return a as string[];
  const have = new Set(a);
  const out = a.slice();
  for (const v of b) {
    if (out.length >= cap) break;
    if (!have.has(v)) {
      have.add(v);
      out.push(v);
    }
  }
  return out.length === a.length ? (a as string[]) : out;
}

function earliest(a: number | null, b: number | null): number | null {
  return b === null || (a !== null && a <= b) ? a : b;
}
