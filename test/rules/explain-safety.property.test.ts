import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderCli } from '../../src/output/cli.js';
import { renderScript } from '../../src/output/script.js';
import { renderTable } from '../../src/output/table.js';
import { classifyLine } from '../../src/parser/classify-line.js';
import { grantPlan } from '../../src/report/grant-plan.js';
import { parseTemplateSpec } from '../../src/rules/templates.js';
import { analyze } from '../helpers/analyze.js';
import { cliGrantableUid, hostileValue } from '../helpers/hostile.js';
import { stubBin } from '../helpers/stub-bin.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * --explain puts log text (reasons, a sample record) into shell comments and
 * terminal output; templates add predicted grants; --evidence reads allow
 * records. None of it may run anything, and bash must run exactly the
 * intended grants.
 */

const work = tempDir('a2g-explain-');
const canary = join(work, 'pwned');

const value = hostileValue(canary, ['\u2028', '\x1b[2J']);

const grantableSegment = (s: string) => /^[A-Za-z0-9._@/+-]+$/.test(s);

function pqLine(uid: string, segment: string, reason: string, result: string): string {
  const quote = (v: string) => (v.includes(' ') ? `"${v}"` : v);
  const message = `[261122-10:00:08.431] [1:T] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=${quote(uid)} action=read object=${quote(`dcos:adminrouter:service:${segment}`)} result=${result} reason=${quote(reason)}`;
  return JSON.stringify({ MESSAGE: message, _HOSTNAME: 'master-1' });
}

const MLB = [
  'dcos:service:marathon:marathon:services:/',
  'dcos:service:marathon:marathon:admin:events',
];

describe('explanations, predicted grants and allow evidence are safe against hostile logs', () => {
  it('bash runs exactly the observed and predicted grants; no log text escapes a comment', async () => {
    const stub = stubBin();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(value, value, value, fc.constantFrom('allow', 'deny')), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.constantFrom('cli', 'script'),
        async (records, format) => {
          writeFileSync(stub.log, '');
          const input = records.map(([u, s, r, res]) => pqLine(u, s, r, res)).join('\n');
          const report = await analyze(input, {
            analysis: {
              evidence: 'all',
              templates: [{ ...parseTemplateSpec('marathon-lb'), text: 'marathon-lb' }],
            },
          });
          const plan = grantPlan(report, { allowRisky: false, explain: true });
          const file = join(work, 'out.sh');
          writeFileSync(
            file,
            format === 'cli' ? renderCli(report, plan) : renderScript(report, plan),
          );
          execFileSync('bash', [file], {
            env: { PATH: `${stub.bin}:/usr/bin:/bin`, HOME: work },
            cwd: work,
            stdio: 'pipe',
          });
          // Each account the report holds gets its observed pairs that pass the test's own
          // grammar (the parser strips ANSI codes, so ids are read from the report), and the
          // template's two rows.
          const intended = new Set<string>();
          for (const a of report.accounts) {
            if (!cliGrantableUid(a.uid)) continue;
            for (const d of a.denied) {
              const seg = d.rid.slice('dcos:adminrouter:service:'.length);
              if (d.rid.startsWith('dcos:adminrouter:service:') && grantableSegment(seg))
                intended.add(`${a.uid} ${d.rid} read`);
            }
            for (const rid of MLB) intended.add(`${a.uid} ${rid} read`);
          }
          // Nothing but what some record named, or what the template adds. What a record
          // names is what the parser reads in it: it strips ANSI codes, and reads a value
          // written in quotes (`uid="-"`) as what stands between them.
          const said = input.split('\n').flatMap((text) => {
            const outcome = classifyLine(Buffer.from(text), 0, Buffer.byteLength(text));
            return outcome.kind === 'record' ? [[outcome.record.uid, outcome.record.object]] : [];
          });
          for (const key of intended) {
            const [u, rid] = key.split(' ');
            const named = said.some(([su, so]) => su === u && so === rid);
            expect(named || MLB.includes(rid!)).toBe(true);
          }
          const ran = stub.calls().map((c) => c.slice(5, 8).join(' '));
          expect(new Set(ran).size).toBe(ran.length);
          expect(new Set(ran)).toEqual(intended);
          expect(existsSync(canary)).toBe(false);
          // Terminal output escapes control characters in explanations too.
          const table = renderTable(report, { explain: true });
          expect(table).not.toMatch(/[\x1b\r\u2028]/);
        },
      ),
      { numRuns: 50 },
    );
  });
});
