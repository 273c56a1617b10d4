import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerStubs } from '../helpers/answer-stubs.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * The reproduction of a transport error taken for an answer: the scripts the
 * built binary writes for the demo journal, run by bash with a `dcos` that
 * cannot reach the cluster (its error holds `409` or `404` inside a port
 * number) or a `curl` that fails after printing a status. Nothing may be
 * reported as present, absent or done, and each script must exit non-zero.
 */

const DEMO = 'fixtures/demo.log';
const work = tempDir('a2g-answers-e2e-');
const stubs = answerStubs();
const REFUSED = 'Error: Put https://10.0.4.1:34090/acs/api/v1/acls: dial tcp: connection refused';
const REFUSED_404 =
  'Error: Delete https://10.0.4.1:14040/acs/api/v1/acls/x/users/y/read: dial tcp: connection refused';

/** The item lines of a script (`grant ...`, `revoke ...`, a curl item): one call each. */
function itemCount(path: string, word: string): number {
  const n = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(`${word} `)).length;
  expect(n).toBeGreaterThan(0);
  return n;
}

async function script(args: string[]): Promise<string> {
  const out = await runCli([...args, DEMO]);
  expect(out.stderr).toBe('');
  const path = join(work, `${args[1]}.sh`);
  writeFileSync(path, out.stdout);
  return path;
}

function run(path: string, env: Record<string, string>) {
  stubs.reset();
  const r = spawnSync('bash', [path], {
    env: { PATH: `${stubs.bin}:/usr/bin:/bin`, HOME: work, ...env },
    cwd: work,
    encoding: 'utf8',
  });
  const lines = (text: string, word: string) => text.split('\n').filter((l) => l.startsWith(word));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines, calls: stubs.calls() };
}

describe('an unreachable cluster is never taken for an answer', () => {
  it('plan: every grant FAILED with the error, dcos:superuser kept, exit non-zero', async () => {
    const plan = await script(['-f', 'plan', '-a', 'kafka-principal']);
    const envs: Record<string, string>[] = [{}, { REVOKE_SUPERUSER: 'yes' }];
    for (const env of envs) {
      const r = run(plan, { STUB_DCOS_FAIL: REFUSED, ...env });
      expect(r.lines(r.stdout, 'present')).toEqual([]);
      expect(r.lines(r.stdout, 'granted')).toEqual([]);
      const failed = r.lines(r.stderr, 'FAILED');
      expect(failed).toHaveLength(6);
      for (const line of failed)
        expect(line).toMatch(/^FAILED +kafka-principal \S+ \S+: Error: Put /);
      expect(failed[0]).toContain(`: ${REFUSED}`);
      expect(r.calls.some((c) => c.includes('dcos:superuser'))).toBe(false);
      expect(r.code).not.toBe(0);
    }
  });

  it('script: FAILED for each grant, not "all grants in place", exit 1', async () => {
    const path = await script(['-f', 'script']);
    const n = itemCount(path, 'grant');
    const r = run(path, { STUB_DCOS_FAIL: REFUSED });
    expect(r.lines(r.stdout, 'present')).toEqual([]);
    expect(r.lines(r.stderr, 'FAILED')).toHaveLength(n);
    expect(r.stdout).not.toContain('all grants in place');
    expect(r.stderr).toContain(`${n} grant(s) failed`);
    expect(r.code).toBe(1);
  });

  it('script --group: FAILED for each grant, exit 1', async () => {
    const path = await script(['-f', 'script', '--group', 'data-services']);
    const r = run(path, { STUB_DCOS_FAIL: REFUSED });
    expect(r.lines(r.stdout, 'present')).toEqual([]);
    expect(r.lines(r.stderr, 'FAILED')).toHaveLength(itemCount(path, 'grant'));
    expect(r.code).toBe(1);
  });

  it('revoke: an error naming port 14040 is no "absent", exit 1', async () => {
    const path = await script(['-f', 'revoke']);
    const n = itemCount(path, 'revoke');
    const r = run(path, { STUB_DCOS_FAIL: REFUSED_404 });
    expect(r.lines(r.stdout, 'absent')).toEqual([]);
    expect(r.lines(r.stderr, 'FAILED')).toHaveLength(n);
    expect(r.stderr).toContain(`${n} revoke(s) failed`);
    expect(r.code).toBe(1);
  });

  it('curl and revoke-curl: a status printed by a curl that failed does not count', async () => {
    const cases = [
      ['curl', '204', 'granted'],
      ['revoke-curl', '404', 'absent'],
    ] as const;
    for (const [format, status, word] of cases) {
      const path = await script(['-f', format, '--cluster-url', 'https://dcos.example']);
      const timedOut = { status, body: '', err: 'curl: (28) Operation timed out', rc: 28 };
      // The DC/OS CLI, whose token the script sends, is set up for that cluster.
      const cli = { STUB_URL: 'https://dcos.example' };
      const r = run(path, { ...cli, ...stubs.replies({ curl: Array(40).fill(timedOut) }) });
      expect(r.lines(r.stdout, word)).toEqual([]);
      const failed = r.lines(r.stderr, 'FAILED');
      expect(failed).toHaveLength(itemCount(path, format === 'curl' ? 'grant' : 'revoke'));
      for (const line of failed)
        expect(line).toMatch(/: HTTP 000 curl: \(28\) Operation timed out$/);
      expect(r.code).toBe(1);
    }
  });
});
