import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCalls, recordCall } from './stub-bin.js';
import { tempDir } from './temp-dir.js';

/**
 * Recording `dcos` and `curl` stubs that also answer, for scripts that read
 * the CLI's configuration and HTTP statuses. Each call appends its argv
 * to `log` (stub-bin.ts recordCall); curl's standard input
 * (its --config) goes to `stdin`.
 *
 * dcos: `config show core.dcos_url` prints $STUB_URL, `core.dcos_acs_token`
 * prints $STUB_TOKEN; any other call prints $STUB_DCOS_FAIL and exits 1 when
 * that is set, else succeeds silently; a revoke, with $STUB_IAM set, is made
 * at that IAM stand-in too.
 * curl: prints $STUB_HTTP as the --write-out status; without it, what IAM
 * answers: 201 to create an ACL, 204 to anything below one.
 * With `curl: false` only dcos is stubbed (the real curl is used).
 *
 * `replies(...)` scripts the answers instead, call by call: the n-th dcos call
 * (other than `config show`) prints its reply's `out` and then `err` and exits
 * with its `rc`; the n-th curl call writes `body` to its --output file, `err`
 * to stderr, prints `status` and exits with `rc`. Run the script with the env
 * it returns.
 */
export interface AnswerStubs {
  dir: string;
  bin: string;
  log: string;
  stdin: string;
  reset(): void;
  calls(): string[][];
  replies(answers: { dcos?: DcosReply[]; curl?: CurlReply[] }): Record<string, string>;
}

/** What the dcos stub answers one call with: stdout, then stderr, then its exit status. */
export interface DcosReply {
  out: string;
  err: string;
  rc: number;
}

/** What the curl stub answers one call with. */
export interface CurlReply {
  /** Printed where curl prints --write-out '%{http_code}'. */
  status: string;
  /** Written to the --output file. */
  body: string;
  err: string;
  rc: number;
}

/**
 * Bash that answers the call from $STUB_REPLIES/NAME-<n>.*, n counting NAME's
 * calls. Builtins only (read -d '' takes a whole file), so that a call costs
 * one process.
 */
function scripted(name: string, answer: string): string {
  return `if [[ -n \${STUB_REPLIES-} ]]; then
  read -r n < "$STUB_REPLIES/${name}-count"
  n=$((n + 1))
  printf '%s' "$n" > "$STUB_REPLIES/${name}-count"
  reply=$STUB_REPLIES/${name}-$n
  [[ -e $reply.rc ]] || { echo "${name} stub: no reply $n" >&2; exit 99; }
  part() { IFS= read -r -d '' text < "$reply.$1" || true; printf '%s' "$text"; }
${answer}
  read -r rc < "$reply.rc"
  exit "$rc"
fi`;
}

export function answerStubs(opts: { curl?: boolean } = {}): AnswerStubs {
  const dir = tempDir('a2g-answer-');
  const bin = join(dir, 'bin');
  const log = join(dir, 'calls');
  const stdin = join(dir, 'curl-stdin');
  mkdirSync(bin);
  const record = (name: string) => recordCall(name, log);
  const dcos = `#!/usr/bin/env bash
${record('dcos')}
if [[ \${1-} == config && \${2-} == show ]]; then
  case \${3-} in
    core.dcos_url) printf '%s\\n' "\${STUB_URL-https://cluster.example}" ;;
    core.dcos_acs_token) printf '%s\\n' "\${STUB_TOKEN-stub-token}" ;;
    *) exit 1 ;;
  esac
  exit 0
fi
${scripted('dcos', '  part out; part err >&2')}
if [[ -n \${STUB_DCOS_FAIL-} ]]; then printf '%s\\n' "$STUB_DCOS_FAIL" >&2; exit 1; fi
# With $STUB_IAM (an IAM stand-in on this machine), a revoke is made there too, as
# the CLI would: a read-back after it then sees it gone.
if [[ -n \${STUB_IAM-} && \${1-} == security && \${4-} == revoke ]]; then
  curl --disable --silent --show-error --insecure --output /dev/null --request DELETE \\
    --header "Authorization: token=\${STUB_TOKEN-}" "$STUB_IAM/acs/api/v1/acls/$6/\${3-}/$5/$7" || exit 1
fi
exit 0
`;
  const curl = `#!/usr/bin/env bash
${record('curl')}
IFS= read -r -d '' config || true
printf '%s' "$config" >> '${stdin}'
${scripted(
  'curl',
  `  output=''; previous=''
  for a in "$@"; do [[ $previous == --output ]] && output=$a; previous=$a; done
  part body > "$output"; part err >&2; part status`,
)}
if [[ -n \${STUB_HTTP-} ]]; then printf '%s' "$STUB_HTTP"; exit 0; fi
# As IAM answers: 201 for a new ACL (PUT acls/<id>), 204 for anything below it.
method=''; previous=''
for a in "$@"; do [[ $previous == --request ]] && method=$a; previous=$a; done
if [[ $method == PUT && \${!#} =~ /acls/[^/]*$ ]]; then printf 201; else printf 204; fi
`;
  writeFileSync(join(bin, 'dcos'), dcos);
  chmodSync(join(bin, 'dcos'), 0o755);
  if (opts.curl !== false) {
    writeFileSync(join(bin, 'curl'), curl);
    chmodSync(join(bin, 'curl'), 0o755);
  }
  const reset = () => {
    writeFileSync(log, '');
    writeFileSync(stdin, '');
  };
  reset();
  const replyDir = join(dir, 'replies');
  const replies = (answers: { dcos?: DcosReply[]; curl?: CurlReply[] }) => {
    rmSync(replyDir, { recursive: true, force: true });
    mkdirSync(replyDir);
    const write = (name: string, list: object[]) => {
      writeFileSync(join(replyDir, `${name}-count`), '0');
      list.forEach((reply, i) => {
        for (const [part, value] of Object.entries(reply))
          writeFileSync(join(replyDir, `${name}-${i + 1}.${part}`), String(value));
      });
    };
    write('dcos', answers.dcos ?? []);
    write('curl', answers.curl ?? []);
    return { STUB_REPLIES: replyDir };
  };
  return {
    dir,
    bin,
    log,
    stdin,
    reset,
    replies,
    calls: () => readCalls(log),
  };
}
