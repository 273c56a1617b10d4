import { shellWord } from '../text/shell-quote.js';

/**
 * Bash shared by the scripts that call the IAM HTTP API (`curl`,
 * `revoke-curl`, and the read-back of `plan`): where the cluster is, which
 * CA bundle checks its certificate, the CLI's token, and `api`, the one
 * function that calls it. Fixed text, but for the two option values written
 * as shell words.
 */

export interface ClusterOptions {
  /** `--cluster-url`: written into the script; else read from `dcos config show core.dcos_url`. */
  clusterUrl?: string;
  /** `--ca-cert`: the CA bundle curl checks the cluster's certificate against. */
  caCert?: string;
}

/**
 * Sets `cluster_url`, `ca_cert` and `token`, or stops the script with exit 2
 * and a message ending in `consequence` (fixed text without quotes, e.g.
 * what the stop leaves undone).
 */
export function clusterSettings(opts: ClusterOptions, consequence = ''): string {
  const url = opts.clusterUrl
    ? `# The cluster, from --cluster-url.
cluster_url=${shellWord(opts.clusterUrl)}`
    : `# The cluster the DC/OS CLI is set up for.
cluster_url=$(dcos config show core.dcos_url) || {
  echo 'cannot read core.dcos_url: run dcos cluster setup, or generate with --cluster-url${consequence}' >&2
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
  echo "not an http(s) cluster URL: $(clean "$cluster_url")${consequence}" >&2
  exit 2
fi
if [[ $cluster_url != https://* ]]; then
  echo "warning: $(clean "$cluster_url") is not https: the token travels unencrypted" >&2
fi
${ca}
if [[ -n $ca_cert && ! -r $ca_cert ]]; then
  echo "cannot read the CA bundle $ca_cert${consequence}" >&2
  exit 2
fi
# The CLI's login token. curl reads it on standard input (--config -), never
# from its command line, where other users of the machine could see it.
token=$(dcos config show core.dcos_acs_token) || token=''
if [[ ! $token =~ ^[A-Za-z0-9._~+/=-]+$ ]]; then
  echo 'no usable core.dcos_acs_token: log in with dcos auth login${consequence}' >&2
  exit 2
fi`;
}

/** `api METHOD PATH [JSON]`, and the private directory its answers go to. */
export const API_CALL = `# Answers go to a private temporary directory, removed on exit (it holds nothing else).
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
    answer=$(clean "$(<"$work/error")")
    answer=\${answer:-$(clean "curl exit $code, no HTTP status: \${status:-none}")}
    status=000
  else
    answer=$(clean "$(<"$work/answer")")
  fi
}`;
