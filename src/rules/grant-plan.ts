import type { Report } from '../report/schema.js';

/** One grant the tool proposes: active, or written as a comment with the reason. */
export interface PlannedGrant {
  uid: string;
  rid: string;
  action: string;
  description: string;
  active: boolean;
  /** Why it is commented out, or why it is risky though active. */
  note: string | null;
}

export interface AccountGrants {
  uid: string;
  note: string | null;
  grants: PlannedGrant[];
}

export interface GrantPlan {
  accounts: AccountGrants[];
  /** Active grants over all accounts. */
  active: number;
}

export interface PlanOptions {
  allowRisky: boolean;
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
    grants: account.denied.map((d) => {
      const on = d.grant === 'grant' || (d.grant === 'risky' && opts.allowRisky);
      if (on) active++;
      const components = d.components.join(', ');
      const times = d.count === 1 ? 'once' : `${d.count} times`;
      const when = d.lastSeen ? `, last ${d.lastSeen}` : '';
      return {
        uid: account.uid,
        rid: d.rid,
        action: d.action,
        description: `audit2grant: denied to ${account.uid} ${times} by ${components}${when}`,
        active: on,
        note: d.note,
      };
    }),
  }));
  return { accounts, active };
}
