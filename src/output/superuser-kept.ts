import type { AccountGrants } from '../report/grant-plan.js';
import type { Report } from '../report/schema.js';
import { isNative } from '../rules/assess.js';
import type { AccountItems } from './grant-items.js';
import { ungranted, wantedGrants } from './plan-grants.js';
import {
  lostMessages,
  notAllGranted,
  nothingToGrant,
  partialInput,
  type UnreadRecords,
  unwritable,
} from './plan-superuser.js';

/**
 * Why `dcos:superuser` must stay for now, or undefined when the account
 * may go off it once it holds every grant of its plan: the one rule the
 * plan's step 2 and `audit2grant verify` decide by. No revoke on input not
 * read whole, on messages lost before they were read, on a permission the
 * records show used that step 1 does not grant, nor without grants the
 * records show (an account only a template names).
 */
export function superuserKept(
  report: Report,
  account: AccountGrants,
  items: AccountItems,
): string | undefined {
  const { uid } = account;
  if (isNative(uid)) return 'a DC/OS-native account: its privileges belong to DC/OS';
  // Records of the account were read: an account only a --template names has none.
  const seen = account.grants.some((g) => g.predicted === undefined);
  const unmet = ungranted(items);
  const unnamed = usedUnwritable(report, uid);
  return (
    // What was not read may hold the denials that matter: a master whose
    // journal failed is as likely as any other to have them.
    (report.partial ? partialInput() : undefined) ??
    lostMessages(report.stats, unreadRecords(report)) ??
    (unnamed > 0 ? unwritable(uid, unnamed) : undefined) ??
    // A template's rows alone: the input may not cover the service at all.
    (wantedGrants(uid, items).length === 0 || !seen
      ? nothingToGrant(uid, items, seen)
      : unmet.size > 0
        ? notAllGranted(uid, unmet.size, riskyAmong(report, uid, unmet))
        : undefined)
  );
}

/** Cut deny records (their account unknown) and malformed records: read, but not whole. */
function unreadRecords(report: Report): UnreadRecords {
  const cutDenials = report.truncated
    .filter((t) => t.result === 'deny')
    .reduce((n, t) => n + t.count, 0);
  return { cutDenials, malformed: report.stats.malformed };
}

/**
 * Permission checks of the account that no grant can be written for: denials
 * whose id or action fails the grammar, and Marathon or Metronome records
 * (denied, or allowed when allow records are evidence) whose permission
 * cannot be named without doubt.
 */
function usedUnwritable(report: Report, uid: string): number {
  const invalid = report.invalid.filter((i) => i.uid === uid);
  const unmapped = report.unmapped.filter((u) => u.uid === uid);
  return invalid.length + unmapped.length;
}

/** How many of the ungranted permissions are risky ones, which --allow-risky would make. */
function riskyAmong(report: Report, uid: string, unmet: Set<string>): number {
  const risky = new Set<string>();
  for (const account of report.accounts)
    if (account.uid === uid)
      for (const d of account.denied) if (d.grant === 'risky') risky.add(`${d.rid}\0${d.action}`);
  return [...unmet].filter((key) => risky.has(key)).length;
}
