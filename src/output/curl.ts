import type { GrantPlan } from '../report/grant-plan.js';
import type { Report } from '../report/schema.js';
import { commentText, shellWord } from '../text/shell-quote.js';
import { CLEAN, GRANT_LOG, requireTools, STRICT_BASH, summary } from './bash-fragments.js';
import { rollbackNotes } from './dcos-scripts.js';
import {
  groupIntro,
  type Item,
  itemLines,
  label,
  type Recipient,
  scriptPlan,
} from './grant-items.js';
import { provenance } from './header.js';
import { API_CALL, type ClusterOptions, clusterSettings, requireCli } from './iam-api-script.js';
import { jsonObject } from './json-string.js';
import { inPieces } from './rendered.js';
import { plural } from './text.js';
import { pathSegment, ridSegment } from './url-segment.js';

/**
 * `curl` and `revoke-curl`: the grants as calls of the IAM HTTP API
 * (`<cluster>/acs/api/v1`), for machines without the Enterprise CLI's
 * `security` plugin or for pipelines that keep to HTTP. Each value is quoted
 * for its place here: permission ids and uids as URL path segments
 * (`url-segment.ts`), descriptions as JSON strings (`json-string.ts`), and
 * then every argument as a shell word (`shell-quote.ts`).
 */

export interface ApiOptions extends ClusterOptions {
  recipient: Recipient;
}

/** The ACL segment and the path of the permission below it, for one item. */
function paths(item: Item, recipient: Recipient): { acl: string; permission: string } {
  const kind = recipient.kind === 'groups' ? 'groups' : 'users';
  return {
    acl: ridSegment(item.grant.rid),
    permission: `${kind}/${pathSegment(item.subject)}/${pathSegment(item.grant.action)}`,
  };
}

const FAILED = `failures=0
# failed WHO RID ACTION DOING: counts and reports a failed call with its HTTP status and answer
failed() {
  failures=$((failures + 1))
  printf 'FAILED   %s %s %s: %s: HTTP %s %s\\n' "$1" "$2" "$3" "$4" "$status" "$answer" >&2
}

# iam_says STATUS: true when the call got STATUS with IAM's own error, JSON with
# its code: a proxy's or a web server's page with the same status is no answer.
iam_says() {
  [[ $status == "$1" && $answer == *'"code"'*'"ERROR_'* ]]
}`;

function header(report: Report, lines: string[]): string {
  return `#!/usr/bin/env bash
${provenance(report).join('\n')}
#
${lines.map(commentText).join('\n')}`;
}

/** The IAM API scripts change grants with curl alone: the CLI gives the cluster and the token, when they are not given. */
const API_ONLY = { changesGrants: false };

function prologue(opts: ApiOptions): string {
  return `${STRICT_BASH}

${requireTools('curl')}
${requireCli(opts)}

${CLEAN}

${clusterSettings(opts, API_ONLY)}

${API_CALL}

${FAILED}`;
}

/**
 * `curl`: creates each ACL (201, or IAM's 409: it exists), then grants (204,
 * or IAM's 409: already granted).
 */
export function renderCurl(report: Report, plan: GrantPlan, opts: ApiOptions): string {
  return [...renderCurlPieces(report, plan, opts)].join('');
}

/** `renderCurl` in pieces, to be written as they come (rendered.ts says why). */
export function* renderCurlPieces(
  report: Report,
  plan: GrantPlan,
  opts: ApiOptions,
): Generator<string> {
  const { recipient } = opts;
  const items = scriptPlan(plan, recipient, 'iam-api');
  const kind = recipient.kind === 'groups' ? 'groups/<gid>' : 'users/<uid>';
  const body = itemLines(report, items, {
    command: (item) => {
      const { acl, permission } = paths(item, recipient);
      const g = item.grant;
      return [
        `grant ${[label(recipient, item.subject), g.rid, g.action].map(shellWord).join(' ')} \\`,
        `  ${shellWord(acl)} ${shellWord(permission)} \\`,
        `  ${shellWord(jsonObject({ description: g.description }))}`,
      ];
    },
    membership: (gid, uid) => [
      `# dcos security org groups add_user ${shellWord(gid)} ${shellWord(uid)}`,
    ],
  });
  yield `${header(report, [
    `# Grants ${plural(items.active, 'permission')} through the DC/OS IAM HTTP API, with curl:`,
    '#   PUT /acs/api/v1/acls/<id> with the description creates the ACL',
    "#     (201; 409 with IAM's error code: it exists, fine),",
    `#   PUT /acs/api/v1/acls/<id>/${kind}/<action> grants it (204; 409 with IAM's error code:`,
    '#     already granted).',
    '# Every / in a permission id is written %252F: IAM decodes ids twice.',
    ...groupIntro(recipient, 'commented'),
    '# Review every line before running it. Safe to run twice: a grant that exists is',
    '# reported as present. A failed call is reported with its HTTP status and',
    '# answer and does not stop the others; the script exits 1 if any failed.',
  ])}
${prologue(opts)}

# grant WHO RID ACTION ACL PERMISSION JSON: creates the ACL, then grants PERMISSION on it
grant() {
  api PUT "acls/$4" "$6"
  # Only the IAM API's own answers: a web page answering 200 at a wrong URL is no grant.
  if [[ $status != 201 ]] && ! iam_says 409; then
    failed "$1" "$2" "$3" 'creating the ACL'
    return 0
  fi
  api PUT "acls/$4/$5"
  if [[ $status == 204 ]]; then
    printf 'granted  %s %s %s\\n' "$1" "$2" "$3"
  elif iam_says 409; then
    printf 'present  %s %s %s\\n' "$1" "$2" "$3"
  else
    failed "$1" "$2" "$3" 'granting'
  fi
}
`;
  yield* inPieces(body);
  yield `\n${summary('call(s)', 'all grants in place', items.leftOut)}\n`;
}

/**
 * `revoke-curl`: the inverse of `curl` (same input and options): DELETE of each
 * permission the grant script grants (204; 404 with IAM's error: not granted). The ACLs stay:
 * without grants they allow nothing, and deleting one would drop the grants
 * other accounts hold on it.
 */
export function renderRevokeCurl(report: Report, plan: GrantPlan, opts: ApiOptions): string {
  return [...renderRevokeCurlPieces(report, plan, opts)].join('');
}

/** `renderRevokeCurl` in pieces, to be written as they come. */
export function* renderRevokeCurlPieces(
  report: Report,
  plan: GrantPlan,
  opts: ApiOptions,
): Generator<string> {
  const { recipient } = opts;
  const items = scriptPlan(plan, recipient, 'iam-api');
  const kind = recipient.kind === 'groups' ? 'groups/<gid>' : 'users/<uid>';
  const body = itemLines(report, items, {
    command: (item) => {
      const { acl, permission } = paths(item, recipient);
      const g = item.grant;
      return [
        `revoke ${[label(recipient, item.subject), g.rid, g.action].map(shellWord).join(' ')} \\`,
        `  ${shellWord(acl)} ${shellWord(permission)}`,
      ];
    },
    membership: (gid, uid) => [
      `# dcos security org groups del_user ${shellWord(gid)} ${shellWord(uid)}`,
    ],
    revokes: true,
  });
  yield `${header(report, [
    `# Rollback: revokes the ${plural(items.active, 'permission')} that the curl format (audit2grant -f curl)`,
    '# grants for the same input and options, through the DC/OS IAM HTTP API:',
    `#   DELETE /acs/api/v1/acls/<id>/${kind}/<action> (204; 404 with IAM's error code: not granted).`,
    '# The ACLs stay: without grants they allow nothing, and deleting one would',
    '# drop the grants other accounts hold on it.',
    ...groupIntro(recipient, 'kept'),
    ...rollbackNotes(recipient),
    '# Review every line before running it.',
  ])}
${prologue(opts)}

${GRANT_LOG}

# revoke WHO RID ACTION ACL PERMISSION: revokes PERMISSION on the ACL
revoke() {
  if ! granted_by_run "$1" "$2" "$3"; then
    printf 'kept     %s %s %s: not granted by the run in %s\\n' "$1" "$2" "$3" "$grant_log"
    return 0
  fi
  api DELETE "acls/$4/$5"
  if [[ $status == 204 ]]; then
    printf 'revoked  %s %s %s\\n' "$1" "$2" "$3"
  elif iam_says 404; then
    printf 'absent   %s %s %s\\n' "$1" "$2" "$3"
  else
    failed "$1" "$2" "$3" 'revoking'
  fi
}
`;
  yield* inPieces(body);
  yield `\n${summary('call(s)', 'all revokes done', items.leftOut)}\n`;
}
