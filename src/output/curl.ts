import type { Report } from '../report/schema.js';
import type { GrantPlan } from '../rules/grant-plan.js';
import { CLEAN, GRANT_LOG, requireTools, summary } from './bash-fragments.js';
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
import { jsonObject } from './json-string.js';
import { commentText, shellWord } from './shell-quote.js';
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

export interface ApiOptions {
  recipient: Recipient;
  /** `--cluster-url`: written into the script; else read from `dcos config show core.dcos_url`. */
  clusterUrl?: string;
  /** `--ca-cert`: the CA bundle curl checks the cluster's certificate against. */
  caCert?: string;
}

/** The ACL segment and the path of the permission below it, for one item. */
function paths(item: Item, recipient: Recipient): { acl: string; permission: string } {
  const kind = recipient.kind === 'groups' ? 'groups' : 'users';
  return {
    acl: ridSegment(item.grant.rid),
    permission: `${kind}/${pathSegment(item.subject)}/${pathSegment(item.grant.action)}`,
  };
}

function settings(opts: ApiOptions): string {
  const url = opts.clusterUrl
    ? `# The cluster, from --cluster-url.
cluster_url=${shellWord(opts.clusterUrl)}`
    : `# The cluster the DC/OS CLI is set up for.
cluster_url=$(dcos config show core.dcos_url) || {
  echo 'cannot read core.dcos_url: run dcos cluster setup, or generate with --cluster-url' >&2
  exit 2
}`;
  const ca = opts.caCert
    ? `# The CA bundle the cluster's certificate is checked against, from --ca-cert.
ca_cert=${shellWord(opts.caCert)}`
    : `# No --ca-cert: the cluster's certificate is checked against the system's CAs.
ca_cert=''`;
  return `${url}
cluster_url=\${cluster_url%/}
if [[ ! $cluster_url =~ ^https?://[^[:space:]]+$ ]]; then
  echo "not an http(s) cluster URL: $(clean "$cluster_url")" >&2
  exit 2
fi
if [[ $cluster_url != https://* ]]; then
  echo "warning: $(clean "$cluster_url") is not https: the token travels unencrypted" >&2
fi
${ca}
if [[ -n $ca_cert && ! -r $ca_cert ]]; then
  echo "cannot read the CA bundle $ca_cert" >&2
  exit 2
fi
# The CLI's login token. curl reads it on standard input (--config -), never
# from its command line, where other users of the machine could see it.
token=$(dcos config show core.dcos_acs_token) || token=''
if [[ ! $token =~ ^[A-Za-z0-9._~+/=-]+$ ]]; then
  echo 'no usable core.dcos_acs_token: log in with dcos auth login' >&2
  exit 2
fi`;
}

const API = `# Answers go to a private temporary directory, removed on exit (it holds nothing else).
work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

# api METHOD PATH [JSON]: calls $cluster_url/acs/api/v1/PATH; sets status and
# answer (the body on one line). The status counts only when curl succeeded and
# printed three digits and nothing else; else it is 000 (no answer) and answer
# is curl's error (or, when it wrote none, its exit code and what it printed).
# --disable (first): no ~/.curlrc, which could turn off certificate checks.
api() {
  local args=(--disable --silent --show-error --globoff --connect-timeout 10 --max-time 60
    --request "$1" --output "$work/answer" --write-out '%{http_code}' --config -)
  local code=0 http='^[1-9][0-9][0-9]$'
  if [[ -n $ca_cert ]]; then args+=(--cacert "$ca_cert"); fi
  if (($# > 2)); then args+=(--header 'Content-Type: application/json' --data-binary "$3"); fi
  : >"$work/answer"
  status=$(printf 'header = "Authorization: token=%s"\\n' "$token" |
    curl "\${args[@]}" "$cluster_url/acs/api/v1/$2" 2>"$work/error") || code=$?
  if ((code != 0)) || [[ ! $status =~ $http ]]; then
    answer=$(clean "$(cat "$work/error")")
    answer=\${answer:-$(clean "curl exit $code, no HTTP status: \${status:-none}")}
    status=000
  else
    answer=$(clean "$(cat "$work/answer")")
  fi
}

failures=0
# failed WHO RID ACTION DOING: counts and reports a failed call with its HTTP status and answer
failed() {
  failures=$((failures + 1))
  printf 'FAILED   %s %s %s: %s: HTTP %s %s\\n' "$1" "$2" "$3" "$4" "$status" "$answer" >&2
}`;

function header(report: Report, lines: string[]): string {
  return `#!/usr/bin/env bash
${provenance(report).join('\n')}
#
${lines.map(commentText).join('\n')}`;
}

function prologue(opts: ApiOptions): string {
  return `set -euo pipefail

${requireTools('curl', 'dcos')}

${CLEAN}

${settings(opts)}

${API}`;
}

/** `curl`: creates each ACL (201, or 409: it exists), then grants (204, or 409: already granted). */
export function renderCurl(report: Report, plan: GrantPlan, opts: ApiOptions): string {
  const { recipient } = opts;
  const items = scriptPlan(plan, recipient);
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
  return `${header(report, [
    `# Grants ${plural(items.active, 'permission')} through the DC/OS IAM HTTP API, with curl:`,
    '#   PUT /acs/api/v1/acls/<id> with the description creates the ACL',
    '#     (201; 409: it exists, fine),',
    `#   PUT /acs/api/v1/acls/<id>/${kind}/<action> grants it (204; 409: already granted).`,
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
  if [[ $status != 2?? && $status != 409 ]]; then
    failed "$1" "$2" "$3" 'creating the ACL'
    return 0
  fi
  api PUT "acls/$4/$5"
  case $status in
    2??) printf 'granted  %s %s %s\\n' "$1" "$2" "$3" ;;
    409) printf 'present  %s %s %s\\n' "$1" "$2" "$3" ;;
    *) failed "$1" "$2" "$3" 'granting' ;;
  esac
}
${body.join('\n')}

${summary('call(s)', 'all grants in place')}
`;
}

/**
 * `revoke-curl`: the inverse of `curl` (same input and options): DELETE of each
 * permission the grant script grants (204; 404: not granted). The ACLs stay:
 * without grants they allow nothing, and deleting one would drop the grants
 * other accounts hold on it.
 */
export function renderRevokeCurl(report: Report, plan: GrantPlan, opts: ApiOptions): string {
  const { recipient } = opts;
  const items = scriptPlan(plan, recipient);
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
  return `${header(report, [
    `# Rollback: revokes the ${plural(items.active, 'permission')} that the curl format (audit2grant -f curl)`,
    '# grants for the same input and options, through the DC/OS IAM HTTP API:',
    `#   DELETE /acs/api/v1/acls/<id>/${kind}/<action> (204; 404: not granted).`,
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
  case $status in
    2??) printf 'revoked  %s %s %s\\n' "$1" "$2" "$3" ;;
    404) printf 'absent   %s %s %s\\n' "$1" "$2" "$3" ;;
    *) failed "$1" "$2" "$3" 'revoking' ;;
  esac
}
${body.join('\n')}

${summary('call(s)', 'all revokes done')}
`;
}
