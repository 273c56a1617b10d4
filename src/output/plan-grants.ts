import type { AccountGrants, GrantPlan } from '../report/grant-plan.js';
import type { WantedGrant } from '../rules/held.js';
import type { AccountItems } from './grant-items.js';

/**
 * The grants of the one account a `plan` migrates, as its script writes them
 * and as `audit2grant verify` checks them: both take them from here, so the
 * check is of exactly what the plan grants.
 */

/**
 * The account's section of the plan: one even when it has no denials,
 * merged were it listed twice.
 */
export function planAccount(plan: GrantPlan, uid: string): { account: AccountGrants } {
  const own = plan.accounts.filter((a) => a.uid === uid);
  return {
    account: {
      uid,
      note: own[0]?.note ?? null,
      superuser: own.some((a) => a.superuser),
      grants: own.flatMap((a) => a.grants),
    },
  };
}

/**
 * The grants the account must hold before `dcos:superuser` goes: those step 1
 * makes, and those an existing grant was said to cover (`--existing`: not
 * made again, but needed all the same). Risky grants left commented out are
 * not among them: the script does not make them.
 */
export function wantedGrants(uid: string, account: AccountItems): WantedGrant[] {
  const seen = new Set<string>();
  const out: WantedGrant[] = [];
  for (const { grant, state } of account.items) {
    const wanted =
      state.kind === 'active' || (state.kind === 'commented' && grant.alreadyGranted !== undefined);
    const key = `${grant.rid} ${grant.action}`;
    if (!wanted || seen.has(key)) continue;
    seen.add(key);
    out.push({ uid, rid: grant.rid, action: grant.action });
  }
  return out;
}

/**
 * The permissions (`rid\0action`) the account's records show it used that
 * step 1 does not grant: risky or never-granted ones written commented out,
 * or left out (template rows not yet seen are not among them). Without
 * dcos:superuser its services would be denied each of them, so their plan
 * keeps it.
 */
export function ungranted(account: AccountItems): Set<string> {
  const keys = new Set<string>();
  for (const { grant, state } of account.items) {
    if (grant.predicted !== undefined || grant.alreadyGranted !== undefined) continue;
    if (state.kind === 'left-out' || state.kind === 'commented')
      keys.add(`${grant.rid}\0${grant.action}`);
  }
  return keys;
}
