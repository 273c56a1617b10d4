import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * A `dcos` stand-in with state: a grant is recorded once; granting it again
 * fails the way the CLI reports an existing permission; one id always fails.
 */
function statefulDcos(dir: string): { bin: string; state: string } {
  const bin = join(dir, 'bin');
  const state = join(dir, 'granted');
  execFileSync('mkdir', ['-p', bin]);
  writeFileSync(state, '');
  writeFileSync(
    join(bin, 'dcos'),
    `#!/usr/bin/env bash
set -u
[ "$1 $2 $3 $4" = 'security org users grant' ] || { echo "unexpected: $*" >&2; exit 2; }
key="$5 $6 $7"
if [ "$6" = 'dcos:adminrouter:ops:system-metrics' ]; then echo 'HTTP 500: internal error' >&2; exit 1; fi
if grep -qxF -- "$key" '${state}'; then echo "Permission already exists" >&2; exit 1; fi
printf '%s\\n' "$key" >> '${state}'
`,
  );
  chmodSync(join(bin, 'dcos'), 0o755);
  return { bin, state };
}

describe('the script format, run twice against a stateful dcos', () => {
  it('grants once, reports present the second time, reports a failure and goes on', async () => {
    const dir = tempDir('a2g-rerun-');
    const { bin, state } = statefulDcos(dir);
    const script = join(dir, 'grant.sh');
    const out = await runCli([
      '-f',
      'script',
      '-a',
      'metrics-sa',
      '-a',
      'kafka-principal',
      'fixtures/demo.log',
    ]);
    writeFileSync(script, out.stdout);
    const run = () =>
      spawnSync('bash', [script], { env: { PATH: `${bin}:/usr/bin:/bin` }, encoding: 'utf8' });

    const first = run();
    expect(first.status).toBe(1);
    expect(first.stderr).toMatch(
      /^FAILED +metrics-sa dcos:adminrouter:ops:system-metrics full: HTTP 500/m,
    );
    // kafka-principal's 6 and metrics-sa's ops:mesos (its refused Mesos token is no grant).
    const granted = readFileSync(state, 'utf8').trim().split('\n');
    expect(granted).toHaveLength(7);
    expect(first.stdout.match(/^granted /gm)).toHaveLength(7);

    const second = run();
    expect(second.status).toBe(1);
    expect(second.stdout.match(/^present /gm)).toHaveLength(7);
    expect(second.stdout).not.toMatch(/^granted /m);
    expect(readFileSync(state, 'utf8').trim().split('\n')).toEqual(granted);
  });
});
