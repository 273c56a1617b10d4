import { LOOPBACK_HOST, plainHttpMessage } from '../text/plain-http.js';
import { shellWord } from '../text/shell-quote.js';

/**
 * Bash shared by the scripts that call the IAM HTTP API (`curl`,
 * `revoke-curl`, and the read-back of `plan`): where the cluster is, which
 * CA bundle checks its certificate, the token, and `api`, the one
 * function that calls it. Fixed text, but for the two option values written
 * as shell words and the choice of --allow-http.
 */

export interface ClusterOptions {
  /** `--cluster-url`: written into the script; else `$DCOS_URL`, else `dcos config show core.dcos_url`. */
  clusterUrl?: string;
  /** `--ca-cert`: the CA bundle curl checks the cluster's certificate against. */
  caCert?: string;
  /** `--allow-http`: plain http may carry the token to a host other than this machine. */
  allowHttp?: boolean;
}

/**
 * `origin URL`: a cluster URL as two spellings of one cluster compare equal
 * (scheme and host in lower case, the port written out, no `/` at the end),
 * as the URL parser writes `--cluster-url`. It fails for anything but
 * `http(s)://HOST[:PORT][/PATH]`: no credentials, query, fragment or space.
 */
const ORIGIN = `# origin URL: the URL as compared: scheme and host in lower case, the port written
# out, no / at the end; fails for anything but http(s)://HOST[:PORT][/PATH].
origin() {
  local re='^([A-Za-z]+)://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:([0-9]{1,5}))?(/[^[:space:]?#]*)?$'
  [[ $1 =~ $re ]] || return 1
  local scheme=\${BASH_REMATCH[1],,} host=\${BASH_REMATCH[2],,} port=\${BASH_REMATCH[4]} path=\${BASH_REMATCH[5]}
  case $scheme in
    https) port=\${port:-443} ;;
    http) port=\${port:-80} ;;
    *) return 1 ;;
  esac
  while [[ $path == */ ]]; do path=\${path%/}; done
  printf '%s://%s:%s%s' "$scheme" "$host" "$((10#$port))" "$path"
}`;

/** `shown_url URL`: shownUrl (text/shown-url.ts) in bash, then `clean`. */
export const SHOWN_URL = `# shown_url URL: the URL as messages show it (cleaned), its credentials, query and
# fragment, which may hold a secret (a DCOS_URL, the CLI's URL), named but not shown.
shown_url() {
  # Bytes, not characters: a URL that is not UTF-8 would match no pattern.
  local LC_ALL=C
  local u=$1 re='^([A-Za-z][A-Za-z0-9+.-]*:[/\\]*)(.*)$'
  if [[ $u =~ $re ]]; then
    local scheme=\${BASH_REMATCH[1]} rest=\${BASH_REMATCH[2]} head tail=''
    head=\${rest%%[?#]*}
    [[ $head != "$rest" ]] && tail="\${rest:\${#head}:1}..."
    if [[ \${rest:\${#head}} == *@* ]]; then
      u=$scheme...
    else
      [[ $head == *@* ]] && head="<credentials>@\${head##*@}"
      u=$scheme$head$tail
    fi
  fi
  clean "$u"
}`;

/** What else a script does with the DC/OS CLI than read its cluster and token. */
export interface CliUse {
  /**
   * It grants or revokes with the CLI (a plan): the cluster curl asks must
   * then be the CLI's, whatever token curl sends.
   */
  changesGrants: boolean;
}

/**
 * `command -v dcos` for a script that changes grants with curl alone: it
 * needs the DC/OS CLI unless `$DCOS_ACS_TOKEN` and the cluster
 * (`--cluster-url` or `$DCOS_URL`) are given.
 */
export function requireCli(opts: ClusterOptions): string {
  const [given, instead] = opts.clusterUrl
    ? [`-z \${DCOS_ACS_TOKEN-}`, 'DCOS_ACS_TOKEN']
    : [`-z \${DCOS_ACS_TOKEN-} || -z \${DCOS_URL-}`, 'DCOS_ACS_TOKEN and DCOS_URL'];
  return `# The DC/OS CLI, unless the token and the cluster are given (DCOS_ACS_TOKEN, and
# --cluster-url or DCOS_URL).
if [[ ${given} ]]; then
  command -v dcos >/dev/null 2>&1 || { echo 'dcos: command not found (install the DC/OS CLI, or set ${instead})' >&2; exit 127; }
fi`;
}

/**
 * Sets `cluster_url`, `ca_cert` and `token`, or stops the script with exit 2
 * and a message ending in `consequence` (fixed text without quotes, e.g.
 * what the stop leaves undone).
 *
 * The cluster is `--cluster-url` (written into the script), else
 * `$DCOS_URL`, else the one the DC/OS CLI is set up for; the token is
 * `$DCOS_ACS_TOKEN`, else the CLI's, as verify takes them. The CLI's token
 * goes only to the CLI's cluster: for another cluster the CLI must be set up
 * for that same cluster (compared by `origin`), else the script stops before
 * any call. A script that changes grants with the CLI (a plan, which grants
 * and revokes with it and reads back with curl) makes that check whatever
 * the token, which keeps its steps on one cluster. Plain http is refused but
 * to this machine, as `--cluster` and `verify` refuse it, unless the script
 * was generated with `--allow-http`.
 */
export function clusterSettings(opts: ClusterOptions, use: CliUse, consequence = ''): string {
  const url = opts.clusterUrl
    ? `# The cluster, from --cluster-url.
cluster_url=${shellWord(opts.clusterUrl)}
cli_cluster_url=''`
    : `# The cluster: DCOS_URL, else the one the DC/OS CLI is set up for.
if [[ -n \${DCOS_URL-} ]]; then
  cluster_url=$DCOS_URL
  cli_cluster_url=''
else
  cluster_url=$(dcos config show core.dcos_url) || {
    echo 'cannot read core.dcos_url: run dcos cluster setup${use.changesGrants ? '' : ', set DCOS_URL'}, or generate with --cluster-url${consequence}' >&2
    exit 2
  }
  cli_cluster_url=1
fi`;
  const why = use.changesGrants
    ? `# The grants change through the DC/OS CLI and are read back at this URL: the CLI
# must be set up for this same cluster.
if [[ -z $cli_cluster_url ]]; then`
    : `# Without DCOS_ACS_TOKEN the token is the DC/OS CLI's: the CLI must then be set up
# for this same cluster, or the token of one cluster would go to another.
if [[ -z $cli_cluster_url && -z \${DCOS_ACS_TOKEN-} ]]; then`;
  const fix = use.changesGrants
    ? 'attach it to $shown (dcos cluster attach)'
    : 'attach it to $shown (dcos cluster attach), set DCOS_ACS_TOKEN to a token of $shown';
  const sameCluster = `
${why}
  cli_url=$(dcos config show core.dcos_url) || cli_url=''
  cli_cluster=$(origin "$cli_url") || cli_cluster=''
  if [[ $cli_cluster != "$cluster" ]]; then
    echo "the DC/OS CLI is set up for $(shown_url "\${cli_url:-no cluster}"), not $shown (this script's cluster): ${fix}, or generate the script for its cluster${consequence}" >&2
    exit 2
  fi
fi`;
  // Only a cluster written into the script can differ from DCOS_URL.
  const envToken = opts.clusterUrl
    ? `
# DCOS_ACS_TOKEN given with DCOS_URL is that cluster's token: it goes nowhere else.
if [[ -n \${DCOS_ACS_TOKEN-} && -n \${DCOS_URL-} ]]; then
  env_cluster=$(origin "$DCOS_URL") || env_cluster=''
  if [[ $env_cluster != "$cluster" ]]; then
    echo "DCOS_ACS_TOKEN is the token of DCOS_URL, $(shown_url "$DCOS_URL"), not of $shown (this script's cluster): unset DCOS_URL to send it here, or generate the script for its cluster${consequence}" >&2
    exit 2
  fi
fi`
    : '';
  const local = `local_http='^http://${LOOPBACK_HOST}:'`;
  const http = opts.allowHttp
    ? `# --allow-http: plain http may carry the token to any host, unencrypted.
${local}
if [[ $cluster == http://* && ! $cluster =~ $local_http ]]; then
  echo "warning: $(clean "$cluster_url") is plain http: the token travels unencrypted (--allow-http)" >&2
fi`
    : `# Plain http would carry the token unencrypted: only to this machine (generate
# the script with --allow-http to let it go to another host).
${local}
if [[ $cluster == http://* && ! $cluster =~ $local_http ]]; then
  echo "${plainHttpMessage('$(clean "$cluster_url")', `generate the script with --allow-http${consequence}`)}" >&2
  exit 2
fi`;
  const ca = opts.caCert
    ? `# The CA bundle the cluster's certificate is checked against, from --ca-cert.
ca_cert=${shellWord(opts.caCert)}`
    : `# No --ca-cert: the cluster's certificate is checked against the system's CAs.
ca_cert=''`;
  return `${ORIGIN}

${SHOWN_URL}

${url}
cluster=$(origin "$cluster_url") || {
  echo "not an http(s) cluster URL: $(shown_url "$cluster_url")${consequence}" >&2
  exit 2
}
while [[ $cluster_url == */ ]]; do cluster_url=\${cluster_url%/}; done
# The URL as messages show it: a DCOS_URL may hold any bytes.
shown=$(clean "$cluster_url")${sameCluster}${envToken}
${http}
${ca}
if [[ -n $ca_cert && ! -r $ca_cert ]]; then
  echo "cannot read the CA bundle $ca_cert${consequence}" >&2
  exit 2
fi
# The token: DCOS_ACS_TOKEN, else the DC/OS CLI's login token. curl reads it on
# standard input (--config -), never from its command line, where other users of
# the machine could see it.
if [[ -n \${DCOS_ACS_TOKEN-} ]]; then
  token=$DCOS_ACS_TOKEN
  if [[ ! $token =~ ^[A-Za-z0-9._~+/=-]+$ ]]; then
    echo 'DCOS_ACS_TOKEN is not a token (letters, digits and . _ ~ + / = - only): set it to the login token${consequence}' >&2
    exit 2
  fi
else
  token=$(dcos config show core.dcos_acs_token) || token=''
  if [[ ! $token =~ ^[A-Za-z0-9._~+/=-]+$ ]]; then
    echo 'no usable core.dcos_acs_token: log in with dcos auth login, or set DCOS_ACS_TOKEN${consequence}' >&2
    exit 2
  fi
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
  # An answer that echoes the token (a proxy's page, an id made of it) has it
  # cut out before anything quotes it: these messages (before clean shortens
  # them, which could leave all of it but its end), and verify --held, which
  # reads the file. Bash alone: the token goes into no command line.
  local said
  if ((code != 0)) || [[ ! $status =~ $http ]]; then
    said=$(<"$work/error")
    answer=$(clean "\${said//"$token"/<token>}")
    answer=\${answer:-$(clean "curl exit $code, no HTTP status: \${status:-none}")}
    status=000
  else
    said=$(<"$work/answer")
    answer=$(clean "\${said//"$token"/<token>}")
  fi
  local body
  body=$(<"$work/answer")
  if [[ $body == *"$token"* ]]; then printf '%s' "\${body//"$token"/<token>}" >"$work/answer"; fi
}`;
