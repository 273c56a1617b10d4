import type { Report } from '../report/schema.js';
import { isNative } from '../rules/assess.js';
import { problemOf, Uid } from '../rules/grammar.js';
import type { GrantPlan } from '../rules/grant-plan.js';
import { ABSENT, ALREADY_MEMBER, CLEAN, RECOGNISED, requireTools } from './bash-fragments.js';
import { grantFunction } from './dcos-scripts.js';
import { groupIntro, itemLines, type Recipient, scriptPlan } from './grant-items.js';
import { provenance } from './header.js';
import { commentText, shellWord } from './shell-quote.js';
import { plural } from './text.js';

/**
 * `plan`: the least-privilege migration of one account as one reviewed script.
 * Step 1 grants what its denials show it needs (and, with a group, makes it a
 * member); step 2 revokes `dcos:superuser`, only when every change of step 1
 * succeeded and only when the operator asks for it with REVOKE_SUPERUSER=yes;
 * step 3 prints how to check for new denials with audit2grant.
 */

export interface MigrationOptions {
  uid: string;
  recipient: Recipient;
}

export function renderPlan(report: Report, plan: GrantPlan, opts: MigrationOptions): string {
  const { uid, recipient } = opts;
  // The account's section, one even when it has no denials (and merged, were it listed twice).
  const own = plan.accounts.filter((a) => a.uid === uid);
  const account = {
    uid,
    note: own[0]?.note ?? null,
    superuser: own.some((a) => a.superuser),
    grants: own.flatMap((a) => a.grants),
  };
  const items = scriptPlan({ accounts: [account], active: 0 }, recipient);
  const group = recipient.kind === 'groups' ? recipient.gid : undefined;
  const body = itemLines(report, items, {
    command: (item) => {
      const g = item.grant;
      return [
        `grant ${[item.subject, g.rid, g.action, '--description', g.description].map(shellWord).join(' ')}`,
      ];
    },
    membership: (gid, member) => [
      "# The account gets the group's grants as a member: a step of the migration.",
      `member ${shellWord(gid)} ${shellWord(member)}`,
    ],
  });
  const uidProblem = problemOf(Uid, uid);
  const blocked =
    uidProblem ??
    (group !== undefined ? items.gidProblem : undefined) ??
    (isNative(uid) ? 'a DC/OS-native account: its privileges belong to DC/OS' : undefined);
  const name = blocked ? 'the account' : uid;
  const intro = [
    `# Least-privilege migration of ${name} off dcos:superuser, as one reviewed script:`,
    items.active === 0
      ? `#   step 1  nothing to grant: the input shows no denial to grant to ${name}${group !== undefined ? ',' : ';'}`
      : `#   step 1  grant the ${plural(items.active, 'permission')} its denials show it needs${group !== undefined ? `, to the group ${group},` : ';'}`,
    ...(group !== undefined ? [`#           and add ${name} to that group;`] : []),
    '#   step 2  only when every change of step 1 succeeded, and only when run with',
    `#           REVOKE_SUPERUSER=yes: revoke dcos:superuser from ${name};`,
    '#   step 3  check for new denials with audit2grant (the command is printed at the end).',
    '# Run it once as it is (step 1 only), check the services, then again with',
    '# REVOKE_SUPERUSER=yes. Risky grants are commented out unless --allow-risky.',
    '# Needs the DC/OS Enterprise CLI, logged in.',
  ].map(commentText);

  const header = [...provenance(report), '#', ...intro, ...groupIntro(recipient, 'runs')];
  return `#!/usr/bin/env bash
${header.join('\n')}
set -euo pipefail

${requireTools('dcos')}

${CLEAN}

${RECOGNISED}

${grantFunction(recipient)}
${group !== undefined ? `${MEMBER}\n` : ''}
# Step 1: grants ---------------------------------------------------------------
${body.join('\n')}

# Step 2: revoke dcos:superuser ------------------------------------------------
${blocked ? leftOut(blocked) : step2(uid, items.active)}
`;
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

function leftOut(reason: string): string {
  return `${commentText(`# left out: ${reason}; dcos:superuser is not revoked by this script.`)}
if ((failures > 0)); then
  echo "$failures change(s) of step 1 failed" >&2
  exit 1
fi
echo 'step 1 done'`;
}

function step2(uid: string, grants: number): string {
  const u = shellWord(uid);
  // Printed by printf '%s': the uid as the operator would type it.
  const typed = shellWord(u);
  const none =
    grants === 0
      ? `# No grant in step 1: either ${uid} needs nothing beyond what it holds without
# dcos:superuser, or the logs did not show its work. Check the logs' coverage first.
`
      : '';
  return `if ((failures > 0)); then
  echo "$failures change(s) of step 1 failed: dcos:superuser NOT revoked; fix them and run again" >&2
  exit 1
fi
${none}# DESTRUCTIVE: revokes dcos:superuser (action full) from ${uid}. From then on it
# holds only the permissions of step 1, its other direct grants and its groups'
# grants. Whatever its services need that the logs did not show is denied until
# granted: Mesos permissions are enforced only in strict security mode, and work
# that did not run while the logs were written (weekly jobs, upgrades,
# failovers) left no denials. If ${uid} holds dcos:superuser through a group,
# this does not remove it: see GET /acs/api/v1/users/${uid}/permissions.
# Roll back: dcos security org users grant ${u} dcos:superuser full
if [[ \${REVOKE_SUPERUSER:-} != yes ]]; then
  echo 'step 1 done; dcos:superuser kept: run again with REVOKE_SUPERUSER=yes to revoke it'
  exit 0
fi
since=$(date +%s)
if out=$(dcos security org users revoke ${u} dcos:superuser full 2>&1); then
  printf 'revoked  %s dcos:superuser full\\n' ${u}
elif ${ABSENT}; then
  printf 'absent   %s dcos:superuser full\\n' ${u}
else
  printf 'FAILED   %s dcos:superuser full: %s\\n' ${u} "$(clean "$out")" >&2
  exit 1
fi

# Step 3: check for new denials ------------------------------------------------
# Once the services of ${uid} ran through their work (including jobs that run
# rarely), read the journals of every master (and of the agents, for Mesos
# agent permissions) from the revoke on: exit code 0 means no new denial, 1
# new denials, whose grants the same command writes with -f plan.
printf '%s\\n' 'step 3: after the services ran through their work, on every master:'
printf "  journalctl -u 'dcos-*' --since @%s -o json | audit2grant -a %s\\n" "$since" ${typed}
printf '%s\\n' '  exit code 0: no new denials; 1: new denials (add -f plan for their grants)'`;
}
