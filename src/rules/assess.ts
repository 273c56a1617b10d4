import { keep } from '../parser/detach.js';
import { policy, type RiskRule } from './data/policy.js';
import { type Action, actionProblem, permissionIdProblem, uidProblem } from './grammar.js';
import { perId } from './per-id.js';

/** What may be done with a denied (account, permission, action). */
export type GrantStatus =
  /** Emitted as an active grant. */
  | 'grant'
  /** Emitted commented out unless --allow-risky. */
  | 'risky'
  /** Never emitted: superuser, or a DC/OS-native account. */
  | 'never';

export interface Assessment {
  status: GrantStatus;
  /** Why it is risky or never granted. */
  note?: string;
  /** Where in the documentation the rules behind the note come from. */
  sources?: string[];
}

export function isNative(uid: string): boolean {
  return uid.startsWith(policy().native.prefix);
}

/** A DC/OS-native account that is granted nothing (all but the few operators may extend). */
export function isNeverGranted(uid: string): boolean {
  return isNative(uid) && !policy().native.changeable.includes(uid);
}

export function nativeNote(uid: string): string | undefined {
  if (!isNative(uid)) return undefined;
  const { native } = policy();
  return native.changeable.includes(uid)
    ? 'DC/OS-native account whose privileges operators may extend'
    : native.rule;
}

function forAction(rule: RiskRule, action: string): boolean {
  return !rule.actions || rule.actions.includes(action as Action);
}

/** The common answer, one object for all: nothing is made per pair that may be granted. */
const GRANT: Assessment = Object.freeze({ status: 'grant' });

/** The never and risky rules whose pattern an id matches, whatever the action. */
const rulesOf = perId((rid) => {
  const rules = policy();
  return {
    never: rules.never.filter((r) => r.pattern.test(rid)),
    risky: rules.risky.filter((r) => r.pattern.test(rid)),
  };
});

export function assess(uid: string, rid: string, action: string): Assessment {
  const rules = rulesOf(rid);
  const never = rules.never.find((r) => forAction(r, action));
  if (never) return { status: 'never', note: never.reason, sources: [never.source] };
  if (isNeverGranted(uid)) {
    const { native } = policy();
    return { status: 'never', note: native.rule, sources: [native.source] };
  }
  if (!rules.risky.some((r) => forAction(r, action))) return GRANT;
  const risky = rules.risky.filter((r) => forAction(r, action));
  return {
    status: 'risky',
    note: risky.map((r) => r.reason).join('; '),
    sources: risky.map((r) => r.source),
  };
}

/**
 * Values that passed their schema. An account or an id recurs across many
 * groups: each distinct value is parsed by zod once. Bounded by what the
 * report keeps anyway (one entry per valid account, id or action), and
 * detached from the lines they were read from.
 */
const validUids = new Set<string>();
const validRids = new Set<string>();
const validActions = new Set<string>();

/** The first reason a (uid, rid, action) cannot be granted as written, if any. */
export function invalidity(uid: string, rid: string, action: string): string | undefined {
  if (!validUids.has(uid)) {
    const problem = uidProblem(uid);
    if (problem) return problem;
    validUids.add(keep(uid));
  }
  if (!validRids.has(rid)) {
    const problem = permissionIdProblem(rid);
    if (problem) return problem;
    validRids.add(keep(rid));
  }
  if (validActions.has(action)) return undefined;
  const problem = actionProblem(action);
  if (!problem) validActions.add(keep(action));
  return problem;
}
