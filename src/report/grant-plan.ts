import { explainDenied, explainPredicted } from './explain.js';
import type { Report } from './schema.js';

/** One grant the tool proposes: active, or written as a comment with the reason. */
export interface PlannedGrant {
  uid: string;
  rid: string;
  action: string;
  description: string;
  active: boolean;
  /** Why it is commented out, or why it is risky though active. */
  note: string | null;
  /** A template row not yet seen in the logs, offered all the same. */
  predicted?: { template: string; row: number; description: string };
  /** An existing grant covers it: written as a comment that says so, never granted again. */
  alreadyGranted?: string;
  /** With `explain`: why it is proposed, as comment text. */
  explain?: string[];
}

export interface AccountGrants {
  uid: string;
  note: string | null;
  grants: PlannedGrant[];
  /** Holds dcos:superuser per --existing: the migration's target. */
  superuser?: boolean;
}

export interface GrantPlan {
  accounts: AccountGrants[];
  /** Active grants over all accounts. */
  active: number;
}

export interface PlanOptions {
  allowRisky: boolean;
  /** Attach the explanation of each grant (`--explain`). */
  explain?: boolean;
}

/**
 * Decides, from the report's verdicts, which grants are written as commands
 * and which as comments. Every value in a planned grant passed the grammar
 * (invalid ones never reach `accounts`), and the description is built from
 * validated values and counts only: no log text reaches it.
 */
export function grantPlan(report: Report, opts: PlanOptions): GrantPlan {
  let active = 0;
  const accounts = report.accounts.map((account) => ({
    uid: account.uid,
    note: account.note,
    ...(account.superuser ? { superuser: true } : {}),
    grants: [
      ...account.denied.map((d) => {
        const on =
          !d.alreadyGranted && (d.grant === 'grant' || (d.grant === 'risky' && opts.allowRisky));
        if (on) active++;
        const components = d.components.join(', ');
        const times = d.count === 1 ? 'once' : `${d.count} times`;
        const when = d.lastSeen ? `, last ${d.lastSeen}` : '';
        const seen =
          d.basis === 'denied'
            ? `denied to ${account.uid} ${times}`
            : d.basis === 'allowed'
              ? `used by ${account.uid} ${times} (allowed)`
              : `denied ${d.records.deny} and allowed ${d.records.allow} times to ${account.uid}`;
        const grant: PlannedGrant = {
          uid: account.uid,
          rid: d.rid,
          action: d.action,
          description: `audit2grant: ${seen} by ${components}${when}`,
          active: on,
          note: d.note,
        };
        if (d.alreadyGranted) {
          grant.alreadyGranted = alreadyText(d.alreadyGranted);
          grant.note = `already granted by ${grant.alreadyGranted}`;
        }
        if (opts.explain) grant.explain = explainDenied(account, d);
        return grant;
      }),
      ...account.predicted.map((p) => {
        const on =
          !p.alreadyGranted && (p.grant === 'grant' || (p.grant === 'risky' && opts.allowRisky));
        if (on) active++;
        const t = p.template;
        const grant: PlannedGrant = {
          uid: account.uid,
          rid: p.rid,
          action: p.action,
          description: `audit2grant: predicted by template ${t.template} (not yet seen): ${t.description}`,
          active: on,
          note: p.note,
          predicted: { template: t.template, row: t.row, description: t.description },
        };
        if (p.alreadyGranted) {
          grant.alreadyGranted = alreadyText(p.alreadyGranted);
          grant.note = `already granted by ${grant.alreadyGranted}`;
        }
        if (opts.explain) grant.explain = explainPredicted(p);
        return grant;
      }),
    ],
  }));
  return { accounts, active };
}

function alreadyText(c: { rid: string; action: string; via: string; source: string }): string {
  return `${c.rid} ${c.action} (${c.via}, ${c.source})`;
}
