import { isNeverGranted } from '../rules/assess.js';
import { uidProblem } from '../rules/grammar.js';
import type { Warning } from './schema.js';

/** What the input said of accounts, before --account filtered them. */
export interface SeenAccounts {
  /** Accounts with observed pairs: denials, and with --evidence allowed|all allowed checks. */
  observed: ReadonlySet<string>;
  /** Accounts named by any denial, kept allow record, failed login or invalid denial. */
  named: ReadonlySet<string>;
  /** Accounts named by allow records (kept only with --account). */
  allowed: ReadonlySet<string> | undefined;
  evidence: 'denied' | 'allowed' | 'all';
}

/**
 * `--account` names that the input does not back: an account no record
 * names (a typo, most often: the closest uid seen is offered), or one seen
 * only in allow records while grants rest on denials. Either way the report
 * has nothing for it, which is not the same as it needing nothing.
 */
export function accountWarnings(asked: Iterable<string>, seen: SeenAccounts): Warning[] {
  const out: Warning[] = [];
  for (const uid of asked) {
    if (seen.observed.has(uid)) continue;
    const allowed = seen.allowed?.has(uid) === true;
    if (allowed && seen.evidence === 'denied' && !seen.named.has(uid)) {
      out.push({
        code: 'account-allowed-only',
        message: isNeverGranted(uid)
          ? `-a ${uid}: only allow records name this account, no denial: it is DC/OS-native, whose privileges belong to DC/OS, and is granted nothing`
          : `-a ${uid}: only allow records name this account, no denial: to grant what it was allowed, add --evidence allowed`,
        count: null,
      });
    }
    if (allowed || seen.named.has(uid)) continue;
    // Allow records' uids are as read: only a valid one is offered.
    const known = new Set([...seen.named, ...(seen.allowed ?? [])].filter((c) => !uidProblem(c)));
    const near = closest(uid, known);
    const hint = near
      ? `did you mean ${near}?`
      : `check the uid (${known.size} account${known.size === 1 ? '' : 's'} seen)`;
    out.push({
      code: 'account-not-seen',
      message: `-a ${uid}: no record names this account: ${hint}`,
      count: null,
    });
  }
  return out;
}

/** The uid nearest to `uid` within a few edits (the first by name on a tie), or undefined. */
export function closest(uid: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.min(3, Math.floor(uid.length / 4)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    if (Math.abs(c.length - uid.length) > limit) continue;
    const d = editDistance(uid, c);
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Insertions, deletions, substitutions and swaps of neighbours (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
