import type { Report } from '../report/schema.js';
import type { GrantPlan } from '../rules/grant-plan.js';
import { grantArgs, grantLines } from './cli.js';
import { provenance } from './header.js';

/**
 * A bash script that applies the plan. Safe to run twice: a grant that
 * already exists is reported as present, not as a failure. A failing grant
 * does not stop the others; the script exits 1 if any failed.
 */
export function renderScript(report: Report, plan: GrantPlan): string {
  const body = grantLines(report, plan, (g) => `grant ${grantArgs(g)}`);
  return `#!/usr/bin/env bash
${provenance(report).join('\n')}
#
# Grants ${plan.active} permission${plan.active === 1 ? '' : 's'} with \`dcos security org users grant\`.
# Review every line before running it. Needs the DC/OS Enterprise CLI, logged in.
set -euo pipefail

command -v dcos >/dev/null 2>&1 || { echo 'dcos: command not found (install the DC/OS CLI)' >&2; exit 127; }

failures=0
# grant UID RID ACTION --description TEXT
grant() {
  local out
  if out=$(dcos security org users grant "$@" 2>&1); then
    printf 'granted  %s %s %s\\n' "$1" "$2" "$3"
  elif [[ \${out,,} == *"already exists"* || \${out,,} == *"already granted"* || \${out} == *409* ]]; then
    printf 'present  %s %s %s\\n' "$1" "$2" "$3"
  else
    failures=$((failures + 1))
    printf 'FAILED   %s %s %s: %s\\n' "$1" "$2" "$3" "$out" >&2
  fi
}
${body.join('\n')}

if ((failures > 0)); then
  echo "$failures grant(s) failed" >&2
  exit 1
fi
echo 'all grants in place'
`;
}
