import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

/**
 * Recording `dcos` and `curl` stubs that also answer, for scripts that read
 * the CLI's configuration and HTTP statuses. Each call appends its argv
 * (after a \x01NAME\0 marker, NUL-separated) to `log`; curl's standard input
 * (its --config) goes to `stdin`.
 *
 * dcos: `config show core.dcos_url` prints $STUB_URL, `core.dcos_acs_token`
 * prints $STUB_TOKEN; any other call prints $STUB_DCOS_FAIL and exits 1 when
 * that is set, else succeeds silently.
 * curl: prints $STUB_HTTP (default 204) as the --write-out status.
 * With `curl: false` only dcos is stubbed (the real curl is used).
 */
export interface AnswerStubs {
  dir: string;
  bin: string;
  log: string;
  stdin: string;
  reset(): void;
  calls(): string[][];
}

export function answerStubs(opts: { curl?: boolean } = {}): AnswerStubs {
  const dir = tempDir('a2g-answer-');
  const bin = join(dir, 'bin');
  const log = join(dir, 'calls');
  const stdin = join(dir, 'curl-stdin');
  mkdirSync(bin);
  const record = (name: string) => `{ printf '\\001${name}\\0'; printf '%s\\0' "$@"; } >> '${log}'`;
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
if [[ -n \${STUB_DCOS_FAIL-} ]]; then printf '%s\\n' "$STUB_DCOS_FAIL" >&2; exit 1; fi
exit 0
`;
  const curl = `#!/usr/bin/env bash
${record('curl')}
cat >> '${stdin}'
printf '%s' "\${STUB_HTTP-204}"
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
  return {
    dir,
    bin,
    log,
    stdin,
    reset,
    calls() {
      const parts = readFileSync(log, 'utf8').split('\0').slice(0, -1);
      const calls: string[][] = [];
      for (const p of parts) {
        if (p.startsWith('\x01')) calls.push([p.slice(1)]);
        else calls[calls.length - 1]!.push(p);
      }
      return calls;
    },
  };
}
