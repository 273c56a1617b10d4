import { shellWord } from '../text/shell-quote.js';
import { answerSays, RECOGNISED } from './cli-answers.js';

/**
 * Bash shared by the generated scripts. Each fragment is fixed text: no
 * value from a report is ever placed in it (values reach scripts only as
 * `shellWord`s on the item lines).
 */

/** Fails early, with the fix, when a tool the script calls is missing. */
export function requireTools(...tools: string[]): string {
  return tools
    .map(
      (t) =>
        `command -v ${t} >/dev/null 2>&1 || { echo '${t}: command not found (${TOOL_HINT[t] ?? 'install it'})' >&2; exit 127; }`,
    )
    .join('\n');
}

const TOOL_HINT: Record<string, string> = {
  dcos: 'install the DC/OS CLI',
  curl: 'install curl',
};

/**
 * Strict mode, and bash 4 or later: the scripts use associative arrays,
 * `\${x,,}` and mapfile, which bash 3.2 (macOS's own) would fail on midway.
 */
export const STRICT_BASH = `set -euo pipefail
if ((BASH_VERSINFO[0] < 4)); then
  echo "bash $BASH_VERSION is too old for this script: run it with bash 4 or later" >&2
  exit 2
fi`;

/** `clean TEXT`: an answer printed on one line: at most 2000 bytes, control characters as `?`. */
export const CLEAN = `# clean TEXT: an answer shown on one line, at most 2000 characters, control characters as ?
# (each byte not printable ASCII). Bash alone: a script makes a call per grant.
clean() {
  local s=\${1:0:2000}
  local LC_ALL=C
  s=\${s//$'\\n'/ }
  printf '%s' "\${s//[^[:print:]]/?}"
}`;

/** Conditions on the answer \`$out\` of a failed dcos call, by the rule of cli-answers.ts (needs RECOGNISED). */
export const ALREADY = answerSays('present');
export const ALREADY_MEMBER = answerSays('member');
export const ABSENT = answerSays('absent');

export { RECOGNISED } from './cli-answers.js';

/**
 * The optional argument of a revoke script: the saved output of one grant
 * run. With it, only what that run granted is revoked. It is read once, into
 * memory, so that a pipe (`<(...)`, /dev/stdin) is read whole and a log that
 * cannot be read stops the script, instead of every check finding nothing.
 */
export const GRANT_LOG = `# Optional argument: the saved output of one grant run (bash grant.sh | tee grant.out).
grant_log=
declare -A granted=()
if (($# > 0)); then
  grant_log=$1
  if [[ -z $grant_log ]] || ! log_text=$(cat -- "$grant_log" 2>/dev/null); then
    echo "cannot read \${grant_log:-an empty name}: name the saved output of the grant script, or no argument" >&2
    exit 2
  fi
  while IFS= read -r line; do
    if [[ $line == 'granted  '* ]]; then granted["\${line#granted  }"]=1; fi
  done <<<"$log_text"
fi

# granted_by_run WHO RID ACTION: true without a log, or when the log shows the run granted it
granted_by_run() {
  [[ -z $grant_log ]] || [[ -n \${granted["$1 $2 $3"]+x} ]]
}`;

/**
 * The opening of every script that calls the dcos CLI: the shebang, its
 * header comment, strict mode, the CLI required, and the answer helpers.
 */
export function dcosPrologue(header: readonly string[]): string {
  return `#!/usr/bin/env bash
${header.join('\n')}
${STRICT_BASH}

${requireTools('dcos')}

${CLEAN}

${RECOGNISED}`;
}

/** The closing lines: exit 1 when anything failed; the last line says what was left out. */
export function summary(what: string, success: string, leftOut: number): string {
  // What was left out is never done: the last line does not say "all" alone.
  const done =
    leftOut > 0
      ? `${success}, except ${leftOut} left out (see the comments in this script)`
      : success;
  return `if ((failures > 0)); then
  echo "$failures ${what} failed" >&2
  exit 1
fi
echo ${shellWord(done)}`;
}
