import type { GrantPlan } from '../report/grant-plan.js';
import type { Report } from '../report/schema.js';
import { isNative } from '../rules/assess.js';
import { problemOf, Uid } from '../rules/grammar.js';
import { commentText, shellWord } from '../text/shell-quote.js';
import { ALREADY_MEMBER, dcosPrologue } from './bash-fragments.js';
import { grantFunction } from './dcos-scripts.js';
import {
  type AccountItems,
  grantWords,
  groupIntro,
  itemLines,
  type Recipient,
  scriptPlan,
} from './grant-items.js';
import { provenance } from './header.js';
import type { ClusterOptions } from './iam-api-script.js';
import { planAccount, wantedGrants } from './plan-grants.js';
import { clusterStep, keepSuperuser, superuserStep } from './plan-superuser.js';
import { superuserKept } from './superuser-kept.js';
import { plural } from './text.js';

/**
 * `plan`: the least-privilege migration of one account as one reviewed script.
 * Step 1 grants what its denials show it needs (and, with a group, makes it a
 * member); step 2 revokes `dcos:superuser`, only when every change of step 1
 * succeeded, only when the operator asks for it with REVOKE_SUPERUSER=yes,
 * and only once IAM shows the account holds every grant of the plan
 * (plan-superuser.ts); step 3 prints how to check for new denials with
 * audit2grant. A plan with nothing to grant, one made from input not read
 * whole, or one that leaves ungranted a permission the records show the
 * account used (a risky grant commented out, an id no grant can be written
 * for), has no step 2.
 */

export interface MigrationOptions extends ClusterOptions {
  uid: string;
  recipient: Recipient;
}

export function renderPlan(report: Report, plan: GrantPlan, opts: MigrationOptions): string {
  const { uid, recipient, clusterUrl, caCert, allowHttp } = opts;
  const { account } = planAccount(plan, uid);
  const items = scriptPlan({ accounts: [account], active: 0 }, recipient, 'dcos-cli');
  const group = recipient.kind === 'groups' ? recipient.gid : undefined;
  const body = itemLines(report, items, {
    command: (item) => [`grant ${grantWords(item)}`],
    membership: (gid, member) => [
      "# The account gets the group's grants as a member: a step of the migration.",
      `member ${shellWord(gid)} ${shellWord(member)}`,
    ],
  });
  // The grammar's, else the dcos CLI's (an id it would read as an option).
  const cliProblem = items.accounts[0]!.uidProblem;
  const uidProblem = problemOf(Uid, uid) ?? (cliProblem && `the account id ${cliProblem}`);
  const blocked =
    uidProblem ??
    (group !== undefined ? items.gidProblem : undefined) ??
    (isNative(uid) ? 'a DC/OS-native account: its privileges belong to DC/OS' : undefined);
  const name = blocked ? 'the account' : uid;
  const wanted = wantedGrants(uid, items.accounts[0]!);
  // Why superuser stays: no step 2 without grants to check the account against.
  const kept = blocked ?? superuserKept(report, account, items.accounts[0]!);
  const forCluster = clusterUrl
    ? [`# For ${clusterUrl} only: it stops first if the DC/OS CLI is set up for another cluster.`]
    : [];
  const intro = [
    `# Least-privilege migration of ${name} off dcos:superuser, as one reviewed script:`,
    uidProblem
      ? `#   step 1  none: ${uidProblem};`
      : items.active === 0
        ? `#   step 1  nothing to grant: the input shows no denial to grant to ${name}${group !== undefined ? ',' : ';'}`
        : `#   step 1  grant the ${plural(items.active, 'permission')} ${whence(items.accounts[0]!, report.analysis.evidence)}${group !== undefined ? `, to the group ${group},` : ';'}`,
    ...(group !== undefined ? [`#           and add ${name} to that group;`] : []),
    ...(kept
      ? [
          `#   step 2  none, dcos:superuser is kept: ${kept}.`,
          '# Risky grants are commented out unless --allow-risky.',
          '# Needs the DC/OS Enterprise CLI, logged in.',
          ...forCluster,
        ]
      : [
          '#   step 2  only when every change of step 1 succeeded, when run with',
          `#           REVOKE_SUPERUSER=yes, and once IAM shows ${name} holds every grant`,
          '#           of the plan (read back with curl, compared by audit2grant verify):',
          `#           revoke dcos:superuser from ${name};`,
          '#   step 3  check for new denials with audit2grant (the command is printed at the end).',
          '# Run it once as it is (step 1 only), check the services, then again with',
          '# REVOKE_SUPERUSER=yes. Risky grants are commented out unless --allow-risky.',
          '# Needs the DC/OS Enterprise CLI, logged in; step 2 also curl and audit2grant.',
          ...forCluster,
        ]),
  ].map(commentText);

  const header = [...provenance(report), '#', ...intro, ...groupIntro(recipient, 'runs')];
  // A cluster is settled before step 1 when step 2 reads back from it, or when
  // the plan names one: its grants must not go to another.
  const settle = !kept || clusterUrl !== undefined;
  return `${dcosPrologue(header)}

${grantFunction(recipient)}
${group !== undefined ? `${MEMBER}\n` : ''}${settle ? `\n${clusterStep({ clusterUrl, caCert, allowHttp })}\n` : ''}
# Step 1: grants ---------------------------------------------------------------
${body.join('\n')}

${
  kept
    ? keepSuperuser(kept)
    : `# Step 2: revoke dcos:superuser ------------------------------------------------
${superuserStep({ uid, wanted })}`
}
`;
}

/**
 * What step 1's grants come from: the records (denials, or with --evidence
 * allowed|all, uses too), the templates' rows not yet seen, or both.
 */
function whence(account: AccountItems, evidence: Report['analysis']['evidence']): string {
  const records = evidence === 'denied' ? 'denials' : 'records';
  const active = account.items.filter((i) => i.state.kind === 'active');
  const predicted = active.filter((i) => i.grant.predicted !== undefined).length;
  if (predicted === 0) return `its ${records} show it needs`;
  if (predicted === active.length) return 'its templates predict it needs';
  return `its ${records} and templates show it needs`;
}

const MEMBER = `# member GID UID: adds the account to the group
member() {
  local out
  if out=$(dcos security org groups add_user "$1" "$2" 2>&1); then
    printf 'added    %s to group:%s\\n' "$2" "$1"
  elif ${ALREADY_MEMBER}; then
    printf 'member   %s of group:%s\\n' "$2" "$1"
  else
    failures=$((failures + 1))
    printf 'FAILED   %s to group:%s: %s\\n' "$2" "$1" "$(clean "$out")" >&2
  fi
}`;
