import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderCli } from '../../src/output/cli.js';
import { renderScript } from '../../src/output/script.js';
import { grantPlan } from '../../src/report/grant-plan.js';
import { analyze } from '../helpers/analyze.js';
import { cliGrantableUid, hostileValue } from '../helpers/hostile.js';
import { stubBin } from '../helpers/stub-bin.js';
import { tempDir } from '../helpers/temp-dir.js';

const work = tempDir('a2g-safety-');
const canary = join(work, 'pwned');

/** Pieces an attacker would try, beside the canary commands and quote breakers. */
const value = hostileValue(canary, [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell expansion is hostile input
  '${IFS}',
  '*',
  '\\',
  '(1)',
  '|',
  '&',
  '!',
  '~',
  '%',
]);

/** The test's own statement of what may be granted: independent of the project's grammar. */
// Mesos process ids such as `/slave(1)/state` are the one place parentheses may appear.
const grantableSegment = (s: string) => /^(?:[A-Za-z0-9._@/+*-]|\(\d{1,6}\))+$/.test(s);

/** A deny record as IAM writes it, in `-o json` so a value may hold anything. */
function pqLine(uid: string, segment: string): string {
  const quote = (v: string) => (v.includes(' ') ? `"${v}"` : v);
  const message = `[261122-10:00:08.431] [1:T] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=${quote(uid)} action=read object=${quote(`dcos:adminrouter:service:${segment}`)} result=deny reason=denied`;
  return JSON.stringify({ MESSAGE: message, _HOSTNAME: 'master-1' });
}

describe('generated scripts are safe against hostile ids', () => {
  it('bash runs exactly the intended grants, or leaves the item out', async () => {
    const stub = stubBin();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        async (pairs, allowRisky) => {
          writeFileSync(stub.log, '');
          const input = pairs.map(([uid, seg]) => pqLine(uid, seg)).join('\n');
          const report = await analyze(input);
          const plan = grantPlan(report, { allowRisky });
          const script = join(work, 'grant.sh');
          writeFileSync(script, renderScript(report, plan));
          execFileSync('bash', [script], {
            env: { PATH: `${stub.bin}:/usr/bin:/bin`, HOME: work },
            cwd: work,
            stdio: 'pipe',
          });

          const intended = new Set(
            pairs
              .filter(
                ([uid, seg]) =>
                  cliGrantableUid(uid) &&
                  grantableSegment(seg) &&
                  (allowRisky || !seg.includes('*')),
              )
              .map(([uid, seg]) => `${uid} dcos:adminrouter:service:${seg} read`),
          );
          const ran = stub.calls().map((c) => {
            expect(c.slice(0, 4)).toEqual(['dcos', 'security', 'org', 'users']);
            expect(c[4]).toBe('grant');
            expect(c[8]).toBe('--description');
            expect(c).toHaveLength(10);
            return c.slice(5, 8).join(' ');
          });
          // Every grant that ran was intended, ran once, and every intended one ran.
          expect(new Set(ran).size).toBe(ran.length);
          expect(new Set(ran)).toEqual(intended);
          expect(existsSync(canary)).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the cli listing, run as a script, runs nothing hostile either', async () => {
    const stub = stubBin();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 6 }),
        async (pairs) => {
          writeFileSync(stub.log, '');
          const report = await analyze(pairs.map(([u, s]) => pqLine(u, s)).join('\n'));
          const script = join(work, 'grant.cli');
          writeFileSync(script, renderCli(report, grantPlan(report, { allowRisky: false })));
          execFileSync('bash', [script], {
            env: { PATH: `${stub.bin}:/usr/bin:/bin`, HOME: work },
            cwd: work,
            stdio: 'pipe',
          });
          for (const call of stub.calls()) {
            const [uid, rid] = [call[5]!, call[6]!];
            expect(
              pairs.some(([u, s]) => u === uid && rid === `dcos:adminrouter:service:${s}`),
            ).toBe(true);
          }
          expect(existsSync(canary)).toBe(false);
        },
      ),
      { numRuns: 40 },
    );
  });
});
