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
  const pair = (g: { uid: string; rid: string; action: string }) => key(g.uid, g.rid, g.action);
  // A pair denied now is new when no run denied it before, as the ndjson and
  // live views tell it (first-sight.ts), even if it was used (allowed) before.
  const denied = new Set(before.denied.map(pair));
  const used = new Set(before.allowed.map(pair));
  const unattributed = new Set(
    before.unattributed.groups.map((g) => key(g.rid, g.action, g.reason)),
  );
  // Per component, as first-sight.ts and the snapshot's merge key them.
  const logins = new Set(
    before.logins.groups.map((g) => key(g.uid, g.action, g.reason, g.object, g.component)),
  );
  return {
    ...report,
    accounts: report.accounts.map((a) => ({
      ...a,
      denied: a.denied.map((d) => {
        const k = pair({ uid: a.uid, rid: d.rid, action: d.action });
        return { ...d, new: !denied.has(k) && (d.records.deny > 0 || !used.has(k)) };
      }),
    })),
    unattributed: report.unattributed.map((u) => ({
      ...u,
      new: !unattributed.has(key(u.rid, u.action, u.reason)),
    })),
    authenticationFailures: report.authenticationFailures.map((f) => ({
      ...f,
      new: !f.components.every((c) => logins.has(key(f.uid, f.action, f.reason, f.object, c))),
    })),
  };
}
