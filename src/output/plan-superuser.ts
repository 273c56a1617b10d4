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
 * compares it with the grants of the plan, and lists how the account holds
 * dcos:superuser, so that each action of it is revoked. The answer is not
 * read in bash, which cannot read JSON reliably: the tool that wrote the plan
 * reads it as `--existing` does, and anything it cannot read is a failure.
 */

/** Comment lines, each made safe on its own. */
const comments = (text: string) => text.split('\n').map(commentText).join('\n');

/** Why a plan offers no step 2, when it does not: nothing to check the account against. */
export function nothingToGrant(uid: string, account: AccountItems, seen: boolean): string {
  const unsure = 'nothing shows what it needs without dcos:superuser';
  if (!seen) {
    // Rows of a template alone: the input may not cover the service at all.
    if (account.items.some((i) => i.grant.predicted !== undefined))
      return `the input shows no denial of ${uid} to grant, and a template's rows alone do not show what it needs without dcos:superuser`;
    return `the input shows no denial of ${uid} (check the account id): ${unsure}`;
  }
  const written = account.items.filter((i) => i.state.kind !== 'duplicate').length;
  if (written > 0)
    return `step 1 makes no grant to ${uid}: its ${plural(written, 'grant')} above ${written === 1 ? 'is' : 'are'} commented out or left out, each with why`;
  return `the input shows no permission to grant to ${uid}: ${unsure}`;
}

/** Why a plan offers no step 2 when some input was not read, or only in part. */
export function partialInput(): string {
  return 'some input was not read, or only in part (the report is partial): what it holds may be needed without dcos:superuser; read every input, then make the plan again';
}

/** Records that were read, but not whole: what a plan cannot know the account of. */
export interface UnreadRecords {
  /** Deny records cut before their end (a 2048-byte line limit): their uid is lost. */
  cutDenials: number;
  /** Audit records that could not be read at all (cut before their action, say). */
  malformed: number;
}

/**
 * Why a plan offers no step 2 when messages were lost before they were read
 * (journald's rate limiting dropped them, or journalctl showed them as blob
 * data, Marathon's coloured audit records among them), were skipped as
 * longer than --max-line, or were audit records read only in part (cut
 * short, or malformed): any of them may be a denial of the account, and a
 * plan does not revoke on what it could not read.
 */
export function lostMessages(
  stats: { suppressedMessages: number; blobLines: number; tooLong: number },
  unread: UnreadRecords,
): string | undefined {
  const lost = [
    stats.suppressedMessages > 0 &&
      `journald dropped ${plural(stats.suppressedMessages, 'message')} of DC/OS units by rate limiting`,
    stats.blobLines > 0 &&
      `${plural(stats.blobLines, 'message')} could not be read (blob data: rerun journalctl with -a)`,
    stats.tooLong > 0 &&
      `${plural(stats.tooLong, 'line')} longer than --max-line ${stats.tooLong === 1 ? 'was' : 'were'} skipped (raise --max-line)`,
    unread.cutDenials > 0 &&
      `${plural(unread.cutDenials, 'deny record')} ${unread.cutDenials === 1 ? 'was' : 'were'} cut before ${unread.cutDenials === 1 ? 'its' : 'their'} account (listed in the report)`,
    unread.malformed > 0 &&
      `${plural(unread.malformed, 'audit record')} could not be read (malformed, listed in the report)`,
  ].filter(Boolean);
  if (lost.length === 0) return undefined;
  return `${lost.join(', and ')}: a denial the account needs may be among them`;
}

/**
 * Why a plan offers no step 2 when the account's records show it used
 * permissions that no grant can be written for: an id outside the grammar,
 * or a Marathon or Metronome record whose permission cannot be named without
 * doubt. Its services would be denied them without dcos:superuser, and no
 * option of the plan can grant them.
 */
export function unwritable(uid: string, n: number): string {
  return `the records show ${plural(n, 'permission check')} of ${uid} that no grant can be written for (listed in the report: an id outside the grammar, or a Marathon or Metronome record whose permission cannot be named without doubt), which its services would be denied without dcos:superuser: grant what they need by hand, and revoke dcos:superuser by hand once you have decided`;
}

/**
 * Why a plan offers no step 2 when step 1 leaves `n` permissions the account
 * used ungranted, `risky` of them risky: only those can --allow-risky make;
 * a never-granted one (dcos:superuser itself, say) only a person, by hand.
 */
export function notAllGranted(uid: string, n: number, risky: number): string {
  const them = (k: number) => (k === 1 ? 'it' : 'them');
  const allowRisky = '--allow-risky writes risky grants as commands';
  const byHand = 'revoke dcos:superuser by hand once you have decided';
  const how =
    risky === n
      ? `grant ${them(n)} if they are needed (${allowRisky}) and make the plan again, or ${byHand}`
      : risky === 0
        ? `audit2grant never grants ${them(n)}: ${byHand}`
        : `grant the ${plural(risky, 'risky one')} if needed (${allowRisky}); audit2grant never grants the ${plural(n - risky, 'other')}: ${byHand}`;
  return `step 1 leaves ${plural(n, 'permission')} that the records show ${uid} used ungranted (commented out above, each with why), which its services would be denied without dcos:superuser: ${how}`;
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

/**
 * The cluster of the plan, settled before step 1 grants anything. Steps 1
 * and 2 grant and revoke with the DC/OS CLI, and the read-back asks the IAM
 * API with curl: so the URL curl asks must be the CLI's cluster. Rather
 * than move every step onto one channel, the plan keeps the CLI for what it
 * changes and checks once, before anything changes, that `--cluster-url`
 * (when given) is the cluster `dcos config show core.dcos_url` names: the
 * token is the CLI's whichever channel is used, so that same check is
 * needed anyway, and it is the simplest one that keeps all three steps on
 * one cluster.
 */
export function clusterStep(cluster: ClusterOptions): string {
  return `# The cluster: settled before anything is granted ------------------------------
# Steps 1 and 2 change grants with the DC/OS CLI, and the read-back asks this URL:
# both must be one cluster, checked here before anything changes.

${clusterSettings(cluster, { changesGrants: true }, '; nothing changed')}`;
}

export interface SuperuserStep {
  uid: string;
  wanted: WantedGrant[];
}

/** Step 2 (read-back, then revoke) and step 3 (how to look for new denials). */
export function superuserStep({ uid, wanted }: SuperuserStep): string {
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
${comments(`# DESTRUCTIVE: revokes dcos:superuser from ${uid}: each action of it that IAM shows
# ${uid} holding directly (any action on it grants everything). From then on it
# holds only the permissions of step 1, its other direct grants and its groups'
# grants. Whatever its services need that the logs did not show is denied until
# granted: Mesos permissions are enforced only in strict security mode, and work
# that did not run while the logs were written (weekly jobs, upgrades,
# failovers) left no denials. If ${uid} holds dcos:superuser through a group,
# this does not remove it: the script names the group and exits 3.
# Roll back: dcos security org users grant ${u} dcos:superuser full`)}
if [[ \${REVOKE_SUPERUSER:-} != yes ]]; then
  echo 'step 1 done; dcos:superuser kept: run again with REVOKE_SUPERUSER=yes to revoke it'
  exit 0
fi

${comments(`# Read-back: dcos:superuser goes only once IAM shows that ${uid} holds each
# of the ${plural(wanted.length, 'grant')} below, directly or through a group (a grant on a shorter id,
# or with action full, covers; dcos:superuser itself covers nothing here).
# audit2grant verify compares, and lists from the same answer how ${uid} holds
# dcos:superuser: bash cannot read the JSON answer reliably.
# Any failure to fetch or read the answer stops here, without revoking.`)}
printf '%s\\n' ${shellWord(`step 2: checking that ${uid} holds every grant of step 1 (GET /acs/api/v1/${permissions})`)}
for tool in curl audit2grant; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "$tool: command not found: install it to check the grants${stop}" >&2
    exit 127
  }
done

${API_CALL}

# read_back LIST: what IAM says the account holds, checked by audit2grant verify
# against the grants of step 1; how it holds dcos:superuser goes to LIST. Sets
# checked to verify's exit code, or to 9 when IAM gave no answer to check.
read_back() {
  api GET ${shellWord(permissions)}
  if [[ $status != 200 ]]; then
    checked=9
    return
  fi
  checked=0
  audit2grant verify ${shellWord(`--account=${uid}`)} --held "$work/answer" --superuser-list "$1" --grants - <<'GRANTS' || checked=$?
${lines.join('\n')}
GRANTS
}

read_back "$work/superuser"
if ((checked == 9)); then
  printf 'cannot read what %s holds: HTTP %s %s${stop}\\n' ${u} "$status" "$answer" >&2
  exit 1
elif ((checked == 1)); then
  printf '%s lacks the grants listed above${stop}: grant them (run this script again), then retry\\n' ${u} >&2
  exit 1
elif ((checked != 0)) || [[ ! -f $work/superuser ]]; then
  echo "the read-back could not be checked (audit2grant verify: exit $checked)${stop}" >&2
  exit 1
fi

since=$(date +%s)
${revokeSuperuser(u)}

# Step 3: check for new denials ------------------------------------------------
${comments(`# Once the services of ${uid} ran through their work (including jobs that run
# rarely), read the journals of every master (and of the agents, for Mesos
# agent permissions) from the revoke on: exit code 0 means no new denial, 1
# new denials, whose grants the same command writes with -f plan.`)}
printf '%s\\n' 'step 3: after the services ran through their work, on every master:'
printf "  journalctl -u 'dcos-*' --since @%s -o json | audit2grant -a %s\\n" "$since" ${typed}
printf '%s\\n' '  exit code 0: no new denials; 1: new denials (add -f plan for their grants); 3: not all read, or no record of it'`;
}

/**
 * Revokes each action of dcos:superuser that verify listed as held directly
 * (`direct ACTION` lines: IAM takes one action a call), then refuses to call
 * the account off superuser while a group (`group GID` lines) still gives it:
 * exit 3, naming the group. `u` is the uid as a shell word.
 */
function revokeSuperuser(u: string): string {
  return `# How the account holds dcos:superuser, as verify listed it from the answer above.
mapfile -t superuser <"$work/superuser"
direct=0 unrevoked=0 groups=()
for line in \${superuser[@]+"\${superuser[@]}"}; do
  how=\${line%% *} what=\${line#* }
  if [[ $how == group ]]; then
    groups+=("$what")
    continue
  fi
  direct=$((direct + 1))
  if [[ $how != direct || ! $what =~ ^(create|read|update|delete|full)$ ]]; then
    unrevoked=$((unrevoked + 1))
    printf 'FAILED   %s dcos:superuser: not an action: %s\\n' ${u} "$(clean "$line")" >&2
  elif out=$(dcos security org users revoke ${u} dcos:superuser "$what" 2>&1); then
    printf 'revoked  %s dcos:superuser %s\\n' ${u} "$what"
  elif ${ABSENT}; then
    printf 'absent   %s dcos:superuser %s\\n' ${u} "$what"
  else
    unrevoked=$((unrevoked + 1))
    printf 'FAILED   %s dcos:superuser %s: %s\\n' ${u} "$what" "$(clean "$out")" >&2
  fi
done
if ((direct == 0)); then
  printf 'absent   %s dcos:superuser: IAM shows no direct grant of it\\n' ${u}
elif ((unrevoked == 0)); then
  # Each revoke read back: IAM must show no direct grant of dcos:superuser now
  # (what verify says of it is shown only if the read-back fails).
  read_back "$work/superuser-after" 2>"$work/after-said"
  if ((checked != 0)) || [[ ! -f $work/superuser-after ]]; then
    unrevoked=$((unrevoked + 1))
    cat "$work/after-said" >&2
    printf 'cannot read back what %s holds after the revoke (HTTP %s, audit2grant verify: exit %s): check it with audit2grant verify\\n' ${u} "$status" "$checked" >&2
  else
    mapfile -t after <"$work/superuser-after"
    for line in \${after[@]+"\${after[@]}"}; do
      if [[ \${line%% *} == direct ]]; then
        unrevoked=$((unrevoked + 1))
        printf 'FAILED   %s dcos:superuser %s: IAM still shows it held directly after the revoke\\n' ${u} "$(clean "\${line#* }")" >&2
      fi
    done
  fi
fi
if ((\${#groups[@]} > 0)); then
  names=$(printf ', %s' "\${groups[@]}")
  printf '%s still holds dcos:superuser through the group %s, so it is NOT off superuser: take it out of the group (dcos security org groups del_user <gid> %s) or revoke dcos:superuser from the group, then run this again\\n' ${u} "$(clean "\${names:2}")" ${u} >&2
fi
if ((unrevoked > 0)); then
  printf '%s revoke(s) of dcos:superuser failed: %s may still hold it; fix them and run again\\n' "$unrevoked" ${u} >&2
  exit 1
elif ((\${#groups[@]} > 0)); then
  exit 3
fi`;
}
