import type { GrantPlan } from '../report/grant-plan.js';
import type { Report } from '../report/schema.js';
import { shellWord } from '../text/shell-quote.js';
import { ABSENT, ALREADY, dcosPrologue, GRANT_LOG, summary } from './bash-fragments.js';
import {
  groupIntro,
  type ItemStyle,
  itemLines,
  type Recipient,
  scriptPlan,
} from './grant-items.js';
import { provenance } from './header.js';
import { inPieces } from './rendered.js';
import { plural } from './text.js';

/**
 * What the scripts that go through the DC/OS Enterprise CLI (`dcos security
 * org`) share, and `revoke`. Values reach the scripts only as shell words.
 */

const words = (...values: string[]) => values.map(shellWord).join(' ');

/**
 * The bash function `grant SUBJECT RID ACTION --description TEXT` for users or
 * a group: done when the CLI exits 0, present when its answer is recognised as
 * saying so (cli-answers.ts: needs RECOGNISED), else a failure, counted.
 */
export function grantFunction(recipient: Recipient): string {
  const noun = recipient.kind;
  const who = recipient.kind === 'groups' ? 'group:%s' : '%s';
  return `failures=0
# grant ${noun === 'groups' ? 'GID' : 'UID'} RID ACTION --description TEXT
grant() {
  local out
  if out=$(dcos security org ${noun} grant "$@" 2>&1); then
    printf 'granted  ${who} %s %s\\n' "$1" "$2" "$3"
  elif ${ALREADY}; then
    printf 'present  ${who} %s %s\\n' "$1" "$2" "$3"
  else
    failures=$((failures + 1))
    printf 'FAILED   ${who} %s %s: %s\\n' "$1" "$2" "$3" "$(clean "$out")" >&2
  fi
}`;
}

/** What a rollback script says before it runs: what it takes away, and how to keep what was there. */
export function rollbackNotes(recipient: Recipient): string[] {
  return [
    `# DESTRUCTIVE: ${recipient.kind === 'groups' ? 'the members of the group lose' : 'each account loses'} the permissions below.`,
    '# Pass the saved output of the grant run to revoke only what that run granted',
    '# and keep what was present before it:  bash THIS-SCRIPT grant.out',
    '# Without it, every permission below is revoked, including any the account',
    '# held before the grant script ran.',
  ];
}

/**
 * `revoke`: the inverse of `script` (same input and options), with
 * `dcos security org users revoke` (or `groups revoke`): the same items, each
 * grant command turned into its revoke.
 */
export function renderRevoke(report: Report, plan: GrantPlan, recipient: Recipient): string {
  return [...renderRevokePieces(report, plan, recipient)].join('');
}

/** `renderRevoke` in pieces, to be written as they come (rendered.ts says why). */
export function* renderRevokePieces(
  report: Report,
  plan: GrantPlan,
  recipient: Recipient,
): Generator<string> {
  const items = scriptPlan(plan, recipient, 'dcos-cli');
  const noun = recipient.kind;
  const style: ItemStyle = {
    command: (item) => [`revoke ${words(item.subject, item.grant.rid, item.grant.action)}`],
    membership: (gid, uid) => [`# dcos security org groups del_user ${words(gid, uid)}`],
    revokes: true,
  };
  const body = itemLines(report, items, style);
  const who = recipient.kind === 'groups' ? 'group:$1' : '$1';
  const header = [
    ...provenance(report),
    '#',
    `# Rollback: revokes the ${plural(items.active, 'permission')} that the script format (audit2grant -f script)`,
    `# grants for the same input and options, with \`dcos security org ${noun} revoke\`.`,
    ...groupIntro(recipient, 'kept'),
    ...rollbackNotes(recipient),
    '# Review every line before running it. Needs the DC/OS Enterprise CLI, logged in.',
  ];
  yield `${dcosPrologue(header)}

${GRANT_LOG}

failures=0
# revoke ${noun === 'groups' ? 'GID' : 'UID'} RID ACTION
revoke() {
  local who="${who}" out
  if ! granted_by_run "$who" "$2" "$3"; then
    printf 'kept     %s %s %s: not granted by the run in %s\\n' "$who" "$2" "$3" "$grant_log"
    return 0
  fi
  if out=$(dcos security org ${noun} revoke "$1" "$2" "$3" 2>&1); then
    printf 'revoked  %s %s %s\\n' "$who" "$2" "$3"
  elif ${ABSENT}; then
    printf 'absent   %s %s %s\\n' "$who" "$2" "$3"
  else
    failures=$((failures + 1))
    printf 'FAILED   %s %s %s: %s\\n' "$who" "$2" "$3" "$(clean "$out")" >&2
  fi
}
`;
  yield* inPieces(body);
  yield `\n${summary('revoke(s)', 'all revokes done', items.leftOut)}\n`;
}
