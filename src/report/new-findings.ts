import type { Report } from './schema.js';
import type { Snapshot } from './snapshot.js';

const SEP = '\u0000';
const key = (...parts: (string | null)[]) => parts.join(SEP);

/**
 * The report with each finding marked `new` when `before` (what the earlier
 * runs of a `--state` file found) has none of its kind: a denied pair of an
 * account, a denial without an account, a failed authentication. Pure: the
 * report given is not changed.
 */
export function markNew(report: Report, before: Snapshot): Report {
  const pairs = new Set(
    [...before.denied, ...before.allowed].map((g) => key(g.uid, g.rid, g.action)),
  );
  const unattributed = new Set(
    before.unattributed.groups.map((g) => key(g.rid, g.action, g.reason)),
  );
  const logins = new Set(before.logins.groups.map((g) => key(g.uid, g.action, g.reason, g.object)));
  return {
    ...report,
    accounts: report.accounts.map((a) => ({
      ...a,
      denied: a.denied.map((d) => ({ ...d, new: !pairs.has(key(a.uid, d.rid, d.action)) })),
    })),
    unattributed: report.unattributed.map((u) => ({
      ...u,
      new: !unattributed.has(key(u.rid, u.action, u.reason)),
    })),
    authenticationFailures: report.authenticationFailures.map((f) => ({
      ...f,
      new: !logins.has(key(f.uid, f.action, f.reason, f.object)),
    })),
  };
}
