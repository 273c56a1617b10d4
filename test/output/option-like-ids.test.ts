import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCli } from '../../src/output/cli.js';
import { renderCurl } from '../../src/output/curl.js';
import { renderRevoke } from '../../src/output/dcos-scripts.js';
import type { Recipient } from '../../src/output/grant-items.js';
import { renderPlan } from '../../src/output/plan.js';
import { renderScript } from '../../src/output/script.js';
import { grantPlan } from '../../src/report/grant-plan.js';
import { analyze } from '../helpers/analyze.js';
import { stubBin } from '../helpers/stub-bin.js';
import { tempDir } from '../helpers/temp-dir.js';

// The IAM charset allows an id that starts with "-"; the dcos CLI would read
// it as an option (in `grant --help RID ACTION`, its help option).
const work = tempDir('a2g-option-ids-');

function deny(uid: string): string {
  return `Nov 22 10:00:00 master-1 nginx[1]: 2025/11/22 10:00:01 [notice] 2208#0: *1 [lua] ee.lua:57: auditlog(): type=audit timestamp=2025-11-22T10:00:01Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="IAM PQ response" srcip=10.0.1.5 srcport=40212 request_uri=/mesos/master/state uid=${uid}, client: 10.0.1.5, server: master.mesos, request: "GET /mesos/master/state HTTP/1.1", host: "master.mesos"`;
}

const USERS: Recipient = { kind: 'users' };

/** Runs a generated script with recording dcos and curl stubs: the calls it made, and its output. */
function runScript(script: string): { calls: string[][]; stdout: string } {
  const stub = stubBin();
  const file = join(work, 'out.sh');
  writeFileSync(file, script);
  const stdout = execFileSync('bash', [file], {
    env: { PATH: `${stub.bin}:/usr/bin:/bin`, HOME: work },
    cwd: work,
    stdio: 'pipe',
    encoding: 'utf8',
  });
  return { calls: stub.calls(), stdout };
}

const run = (script: string) => runScript(script).calls;

describe('an account or group id that starts with "-"', () => {
  it('is left out of every dcos CLI format, with the reason; the others are granted', async () => {
    const report = await analyze([deny('--help'), deny('svc-a')].join('\n'));
    const plan = grantPlan(report, { allowRisky: false });
    const reason =
      '# left out, every grant of the account "--help": account id: starts with "-", which the dcos CLI would read as an option: grant it through the IAM API (--format curl)';
    for (const [script, last] of [
      [renderScript(report, plan, USERS), 'all grants in place'],
      [renderCli(report, plan, USERS), undefined],
      [renderRevoke(report, plan, USERS), 'all revokes done'],
    ] as const) {
      expect(script).toContain(reason);
      const { calls, stdout } = runScript(script);
      expect(calls.map((c) => c.slice(4, 6))).toEqual([
        [expect.stringMatching(/^(grant|revoke)$/), 'svc-a'],
      ]);
      // The last line never says "all" alone when something was left out.
      if (last)
        expect(stdout.trimEnd().split('\n').at(-1)).toBe(
          `${last}, except 1 left out (see the comments in this script)`,
        );
    }
  });

  it('is granted through the IAM API, where it is a path segment', async () => {
    const report = await analyze(deny('--help'));
    const script = renderCurl(report, grantPlan(report, { allowRisky: false }), {
      recipient: USERS,
    });
    expect(script).toContain('  dcos:adminrouter:ops:mesos users/--help/full \\\n');
    expect(script).not.toContain('left out');
  });

  it('as a group id, leaves out every grant of the dcos CLI formats', async () => {
    // Two accounts denied the same permission: one grant to the group, left out once.
    const report = await analyze([deny('svc-a'), deny('svc-b')].join('\n'));
    const plan = grantPlan(report, { allowRisky: false });
    const script = renderScript(report, plan, { kind: 'groups', gid: '-g' });
    expect(script).toContain(
      '# left out, every grant: group id: starts with "-", which the dcos CLI would read as an option',
    );
    const { calls, stdout } = runScript(script);
    expect(calls).toEqual([]);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(
      'all grants in place, except 1 left out (see the comments in this script)',
    );
  });

  it('gets a migration plan that changes nothing and keeps dcos:superuser', async () => {
    const report = await analyze(deny('--help'));
    const plan = grantPlan(report, { allowRisky: false });
    const script = renderPlan(report, plan, { uid: '--help', recipient: USERS });
    expect(script).toContain(
      '#   step 1  none: the account id starts with "-", which the dcos CLI would read as an option',
    );
    expect(script).toContain('#   step 2  none, dcos:superuser is kept: the account id starts');
    // Asked to revoke superuser, it still changes nothing.
    expect(
      run(script.replace('#!/usr/bin/env bash', '#!/usr/bin/env bash\nREVOKE_SUPERUSER=yes')),
    ).toEqual([]);
  });
});
