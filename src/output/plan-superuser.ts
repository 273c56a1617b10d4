import type { WantedGrant } from '../rules/held.js';
import { commentText, shellWord } from '../text/shell-quote.js';
import { ABSENT } from './bash-fragments.js';
import type { AccountItems } from './grant-items.js';
import { API_CALL, type ClusterOptions, clusterSettings } from './iam-api-script.js';
import { plural } from './text.js';
import { pathSegment } from './url-segment.js';

/**
 * Step 2 of `plan`, and its absence. `dcos:superuser` is revoked only after
 * a read-back: the script fetches what IAM says the account holds (with the
 * `curl` format's cluster URL, CA bundle and token) and `audit2grant verify`
 * compares it with the grants of the plan. The comparison is not done in
 * bash, which cannot read JSON reliably: the tool that wrote the plan reads
 * the answer as `--existing` does, and anything it cannot read is a failure.
 */

/** Comment lines, each made safe on its own. */
const comments = (text: string) => text.split('\n').map(commentText).join('\n');

/** Why a plan offers no step 2, when it does not: nothing to check the account against. */
export function nothingToGrant(uid: string, account: AccountItems, inReport: boolean): string {
  const unsure = 'nothing shows what it needs without dcos:superuser';
  if (!inReport) return `the input shows no denial of ${uid} (check the account id): ${unsure}`;
  const written = account.items.filter((i) => i.state.kind !== 'duplicate').length;
  if (written > 0)
    return `step 1 makes no grant to ${uid}: its ${plural(written, 'grant')} above ${written === 1 ? 'is' : 'are'} commented out or left out, each with why`;
  return `the input shows no permission to grant to ${uid}: ${unsure}`;
}

/** Why a plan offers no step 2 when step 1 leaves some of what the account used ungranted. */
export function notAllGranted(uid: string, n: number): string {
  const them = n === 1 ? 'it' : 'them';
  return `step 1 leaves ${plural(n, 'permission')} that the records show ${uid} used ungranted (commented out above, each with why), which its services would be denied without dcos:superuser: grant ${them} if they are needed (--allow-risky writes risky grants as commands) and make the plan again, or revoke dcos:superuser by hand once you have decided`;
}

/** The end of a plan without step 2: step 1's result, then why superuser stays. */
export function keepSuperuser(reason: string): string {
  return `# Step 2: none, dcos:superuser is kept -----------------------------------------
${comments(`# Why: ${reason}.`)}
if ((failures > 0)); then
  echo "$failures change(s) of step 1 failed" >&2
  exit 1
fi
printf '%s\\n' ${shellWord(`step 1 done; dcos:superuser kept: ${reason}`)}`;
}

export interface SuperuserStep {
  uid: string;
  wanted: WantedGrant[];
  cluster: ClusterOptions;
}

/** Step 2 (read-back, then revoke) and step 3 (how to look for new denials). */
export function superuserStep({ uid, wanted, cluster }: SuperuserStep): string {
  const u = shellWord(uid);
  // Printed by printf '%s': the uid as the operator would type it.
  const typed = shellWord(u);
  const permissions = `users/${pathSegment(uid)}/permissions`;
  const lines = wanted.map((w) => `${w.uid} ${w.rid} ${w.action}`);
  // Grammar-checked values: three printable words a line, which a quoted
  // here-document passes as they are (only its end marker, GRANTS, is read).
  if (lines.length === 0) throw new Error('a read-back needs grants to check');
  for (const line of lines)
    if (!/^[\x21-\x7e]+ [\x21-\x7e]+ [a-z]+$/.test(line))
      throw new Error(`not a grant line: ${JSON.stringify(line)}`);
  const stop = '; dcos:superuser NOT revoked';
  return `if ((failures > 0)); then
  echo "$failures change(s) of step 1 failed: dcos:superuser NOT revoked; fix them and run again" >&2
  exit 1
fi
${comments(`# DESTRUCTIVE: revokes dcos:superuser (action full) from ${uid}. From then on it
# holds only the permissions of step 1, its other direct grants and its groups'
# grants. Whatever its services need that the logs did not show is denied until
# granted: Mesos permissions are enforced only in strict security mode, and work
# that did not run while the logs were written (weekly jobs, upgrades,
# failovers) left no denials. If ${uid} holds dcos:superuser through a group,
# this does not remove it: see GET /acs/api/v1/users/${uid}/permissions.
# Roll back: dcos security org users grant ${u} dcos:superuser full`)}
if [[ \${REVOKE_SUPERUSER:-} != yes ]]; then
  echo 'step 1 done; dcos:superuser kept: run again with REVOKE_SUPERUSER=yes to revoke it'
  exit 0
fi

${comments(`# Read-back: dcos:superuser goes only once IAM shows that ${uid} holds each
# of the ${plural(wanted.length, 'grant')} below, directly or through a group (a grant on a shorter id,
# or with action full, covers; dcos:superuser itself covers nothing here).
# audit2grant verify compares: bash cannot read the JSON answer reliably.
# Any failure to fetch or read the answer stops here, without revoking.`)}
printf '%s\\n' ${shellWord(`step 2: checking that ${uid} holds every grant of step 1 (GET /acs/api/v1/${permissions})`)}
for tool in curl audit2grant; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "$tool: command not found: install it to check the grants${stop}" >&2
    exit 127
  }
done

${clusterSettings(cluster, stop)}

${API_CALL}

api GET ${shellWord(permissions)}
if [[ $status != 200 ]]; then
  printf 'cannot read what %s holds: HTTP %s %s${stop}\\n' ${u} "$status" "$answer" >&2
  exit 1
fi
checked=0
audit2grant verify ${shellWord(`--account=${uid}`)} --held "$work/answer" --grants - <<'GRANTS' || checked=$?
${lines.join('\n')}
GRANTS
if ((checked == 1)); then
  printf '%s lacks the grants listed above${stop}: grant them (run this script again), then retry\\n' ${u} >&2
  exit 1
elif ((checked != 0)); then
  echo "the read-back could not be checked (audit2grant verify: exit $checked)${stop}" >&2
  exit 1
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
${comments(`# Once the services of ${uid} ran through their work (including jobs that run
# rarely), read the journals of every master (and of the agents, for Mesos
# agent permissions) from the revoke on: exit code 0 means no new denial, 1
# new denials, whose grants the same command writes with -f plan.`)}
printf '%s\\n' 'step 3: after the services ran through their work, on every master:'
printf "  journalctl -u 'dcos-*' --since @%s -o json | audit2grant -a %s\\n" "$since" ${typed}
printf '%s\\n' '  exit code 0: no new denials; 1: new denials (add -f plan for their grants)'`;
}
