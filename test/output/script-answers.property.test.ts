import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECOGNISED, recognisedAnswer } from '../../src/output/cli-answers.js';
import { renderCurl, renderRevokeCurl } from '../../src/output/curl.js';
import { renderRevoke } from '../../src/output/dcos-scripts.js';
import type { Recipient } from '../../src/output/grant-items.js';
import { renderPlan } from '../../src/output/plan.js';
import { renderScript } from '../../src/output/script.js';
import type { GrantPlan } from '../../src/report/grant-plan.js';
import type { Report } from '../../src/report/schema.js';
import { analyze } from '../helpers/analyze.js';
import { answerStubs, type CurlReply, type DcosReply } from '../helpers/answer-stubs.js';
import {
  answerText,
  clean,
  curlReply,
  dcosReply,
  type Kind,
  neverCounts,
  PHRASES,
  substituted,
  trustedStatus,
} from '../helpers/answer-texts.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Every script format, run by bash with `dcos` and `curl` stubs that answer
 * each call with random text (numbers, ports, URLs, `409`, `404`, the phrases,
 * line breaks) and, mostly, a failure: a call counts as done only on exit 0
 * (curl: and a trusted 2xx), as present or absent only when the answer is
 * exactly a recognised form; anything else is reported FAILED with the
 * answer, the other items go on, and the script exits non-zero at the end.
 * Each run spawns bash once, so the runs are few and each has several calls.
 */

const work = tempDir('a2g-answers-');
const stubs = answerStubs();
const UID = 'kafka-principal';
const GID = 'data-services';

let report: Report;
beforeAll(async () => {
  // A whole read (a line that is no audit record): a partial one has no step 2.
  report = await analyze('noise\n');
  expect(report.partial).toBe(false);
});

/** One account with 1 to 6 grants, each on its own id. */
const plan: fc.Arbitrary<GrantPlan> = fc
  .array(fc.constantFrom('create', 'read', 'update', 'delete', 'full'), {
    minLength: 1,
    maxLength: 6,
  })
  .map((actions) => {
    const grants = actions.map((action, i) => ({
      uid: UID,
      rid: `dcos:adminrouter:service:svc-${i}`,
      action,
      description: 'd',
      active: true,
      note: null,
    }));
    return { accounts: [{ uid: UID, note: null, grants }], active: grants.length };
  });
const recipient = fc.constantFrom<Recipient>({ kind: 'users' }, { kind: 'groups', gid: GID });

const seen = { done: 0, answered: 0, failed: 0 };
afterAll(() => {
  // Each outcome is reached: a generator that stopped making one would leave it at 0.
  expect(seen.done).toBeGreaterThan(0);
  expect(seen.answered).toBeGreaterThan(0);
  expect(seen.failed).toBeGreaterThan(0);
});

function run(script: string, env: Record<string, string>) {
  stubs.reset();
  const path = join(work, 'script.sh');
  writeFileSync(path, script);
  const r = spawnSync('bash', [path], {
    env: { PATH: `${stubs.bin}:/usr/bin:/bin`, HOME: work, ...env },
    cwd: work,
    encoding: 'utf8',
  });
  const calls = stubs.calls();
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    verdicts: r.stdout
      .split('\n')
      .filter((l) => /^(granted|present|added|member|revoked|absent) /.test(l)),
    failed: r.stderr.split('\n').filter((l) => l.startsWith('FAILED')),
    dcos: calls.filter((c) => c[0] === 'dcos' && c[1] !== 'config'),
    curl: calls.filter((c) => c[0] === 'curl'),
  };
}

/** A verdict line as the scripts print it: the word in 9 columns, then the item. */
const line = (word: string, item: string) => `${word.padEnd(9)}${item}`;

/** What a call is reported as when done, and when its answer says there was nothing to do. */
const OUTCOMES = {
  present: ['granted', 'present'],
  member: ['added', 'member'],
  absent: ['revoked', 'absent'],
} as const;

/** What a dcos script must print for each call it made, given the stub's replies in turn. */
function dcosExpected(calls: string[][], replies: DcosReply[]) {
  const verdicts: string[] = [];
  const failed: string[] = [];
  calls.forEach((call, n) => {
    const reply = replies[n]!;
    const answer = substituted(reply.out + reply.err);
    const [, , , noun, verb, subject, second, third] = call;
    const member = verb === 'add_user';
    const kind: Kind = member ? 'member' : verb === 'revoke' ? 'absent' : 'present';
    const who = noun === 'groups' ? `group:${subject}` : subject;
    // add_user GID UID: `added UID to group:GID`, `member UID of group:GID`.
    const item = (word: string) =>
      member
        ? `${second} ${word === 'member' ? 'of' : 'to'} group:${subject}`
        : `${who} ${second} ${third}`;
    const [done, said] = OUTCOMES[kind];
    if (reply.rc === 0) {
      verdicts.push(line(done, item(done)));
      seen.done++;
    } else if (recognisedAnswer(kind, answer)) {
      expect(neverCounts(kind, answer)).toBe(false);
      verdicts.push(line(said, item(said)));
      seen.answered++;
    } else {
      failed.push(`${line('FAILED', item('FAILED'))}: ${clean(answer)}`);
      seen.failed++;
    }
  });
  return { verdicts, failed };
}

describe('dcos formats count an answer only when it says so', () => {
  it('script, users and --group', () => {
    fc.assert(
      fc.property(
        plan,
        recipient,
        fc.array(dcosReply, { minLength: 6, maxLength: 6 }),
        (p, r, replies) => {
          const result = run(renderScript(report, p, r), stubs.replies({ dcos: replies }));
          expect(result.dcos).toHaveLength(p.active);
          const want = dcosExpected(result.dcos, replies);
          expect(result.verdicts).toEqual(want.verdicts);
          expect(result.failed).toEqual(want.failed);
          if (want.failed.length > 0) {
            expect(result.code).toBe(1);
            expect(result.stderr).toContain(`${want.failed.length} grant(s) failed`);
            expect(result.stdout).not.toContain('all grants in place');
          } else {
            expect(result.code).toBe(0);
            expect(result.stdout).toContain('all grants in place');
          }
        },
      ),
      { numRuns: 6 },
    );
  });

  it('plan, step 1 (users and --group): a failure stops before dcos:superuser', () => {
    fc.assert(
      fc.property(
        plan,
        recipient,
        fc.array(dcosReply, { minLength: 7, maxLength: 7 }),
        (p, r, replies) => {
          const result = run(
            renderPlan(report, p, { uid: UID, recipient: r }),
            stubs.replies({ dcos: replies }),
          );
          expect(result.dcos).toHaveLength(p.active + (r.kind === 'groups' ? 1 : 0));
          const want = dcosExpected(result.dcos, replies);
          expect(result.verdicts).toEqual(want.verdicts);
          expect(result.failed).toEqual(want.failed);
          // Without REVOKE_SUPERUSER=yes, dcos:superuser is never touched.
          expect(result.dcos.filter((c) => c[6] === 'dcos:superuser')).toEqual([]);
          if (want.failed.length > 0) {
            expect(result.code).not.toBe(0);
            expect(result.stderr).toContain('step 1 failed');
          }
        },
      ),
      { numRuns: 6 },
    );
  });

  it('revoke, users and --group', () => {
    fc.assert(
      fc.property(
        plan,
        recipient,
        fc.array(dcosReply, { minLength: 6, maxLength: 6 }),
        (p, r, replies) => {
          const result = run(renderRevoke(report, p, r), stubs.replies({ dcos: replies }));
          expect(result.dcos).toHaveLength(p.active);
          const want = dcosExpected(result.dcos, replies);
          expect(result.verdicts).toEqual(want.verdicts);
          expect(result.failed).toEqual(want.failed);
          expect(result.code).toBe(want.failed.length > 0 ? 1 : 0);
          if (want.failed.length > 0)
            expect(result.stderr).toContain(`${want.failed.length} revoke(s) failed`);
        },
      ),
      { numRuns: 6 },
    );
  });
});

/** Whether an answer is IAM's own error: JSON with its `"code": "ERROR_..."`. */
const iamError = (answer: string) => {
  const code = answer.indexOf('"code"');
  return code !== -1 && answer.indexOf('"ERROR_', code) !== -1;
};

/** What a curl script must print for each grant, and how many calls it makes, given the replies in turn. */
function curlExpected(p: GrantPlan, r: Recipient, replies: CurlReply[], revoke: boolean) {
  const verdicts: string[] = [];
  const failed: string[] = [];
  let n = 0;
  for (const g of p.accounts[0]!.grants) {
    const item = `${r.kind === 'groups' ? `group:${r.gid}` : UID} ${g.rid} ${g.action}`;
    const fail = (doing: string, reply: CurlReply) => {
      const status = trustedStatus(reply);
      const answer = status
        ? clean(substituted(reply.body))
        : clean(substituted(reply.err)) ||
          clean(`curl exit ${reply.rc}, no HTTP status: ${substituted(reply.status) || 'none'}`);
      failed.push(`${line('FAILED', item)}: ${doing}: HTTP ${status ?? '000'} ${answer}`);
      seen.failed++;
    };
    const answered = (word: string) => {
      verdicts.push(line(word, item));
      if (word === 'present' || word === 'absent') seen.answered++;
      else seen.done++;
    };
    // Only IAM's own answers count: 201 for a new ACL, 204 below it (a 200 page is
    // not IAM), and a 409 or 404 only with IAM's error.
    const iamSays = (reply: CurlReply, status: string) =>
      trustedStatus(reply) === status && iamError(clean(substituted(reply.body)));
    if (!revoke) {
      const acl = replies[n++]!;
      if (trustedStatus(acl) !== '201' && !iamSays(acl, '409')) {
        fail('creating the ACL', acl);
        continue;
      }
    }
    const reply = replies[n++]!;
    const status = trustedStatus(reply);
    if (status === '204') answered(revoke ? 'revoked' : 'granted');
    else if (!revoke && iamSays(reply, '409')) answered('present');
    else if (revoke && iamSays(reply, '404')) answered('absent');
    else fail(revoke ? 'revoking' : 'granting', reply);
  }
  return { verdicts, failed, calls: n };
}

describe('curl formats count a call only by a status curl really returned', () => {
  const replies = fc.array(curlReply, { minLength: 12, maxLength: 12 });

  it('curl and revoke-curl, users and --group', () => {
    fc.assert(
      fc.property(plan, recipient, fc.boolean(), replies, (p, r, revoke, answers) => {
        const render = revoke ? renderRevokeCurl : renderCurl;
        const script = render(report, p, { recipient: r, clusterUrl: 'https://dcos.example' });
        // The DC/OS CLI, whose token the script sends, is set up for that cluster.
        const cli = { STUB_URL: 'https://dcos.example' };
        const result = run(script, { ...cli, ...stubs.replies({ curl: answers }) });
        const want = curlExpected(p, r, answers, revoke);
        expect(result.curl).toHaveLength(want.calls);
        expect(result.verdicts).toEqual(want.verdicts);
        expect(result.failed).toEqual(want.failed);
        expect(result.code).toBe(want.failed.length > 0 ? 1 : 0);
        if (want.failed.length > 0)
          expect(result.stderr).toContain(`${want.failed.length} call(s) failed`);
        else expect(result.stdout).toContain(revoke ? 'all revokes done' : 'all grants in place');
      }),
      { numRuns: 8 },
    );
  });
});

describe('the rule in bash is the rule of cli-answers.ts', () => {
  const kind = fc.constantFrom<Kind>('present', 'member', 'absent');

  it('recognised() in bash agrees with recognisedAnswer, 100 answers a run', () => {
    const dir = join(work, 'answers');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(kind, answerText), { minLength: 100, maxLength: 100 }),
        (cases) => {
          mkdirSync(dir, { recursive: true });
          for (const [i, [, text]] of cases.entries()) writeFileSync(join(dir, String(i)), text);
          const kinds = cases.map(([k]) => k).join(' ');
          const script = `${RECOGNISED}
kinds=(${kinds})
for i in "\${!kinds[@]}"; do
  out=$(<"$1/$i")
  if recognised "\${kinds[$i]}" "$out"; then echo yes; else echo no; fi
done
`;
          // In a UTF-8 locale, as an operator's shell runs it: the rule counts bytes all the same.
          // --norc: with a socket for stdin and no SHLVL, bash -c would run ~/.bashrc first.
          const r = spawnSync('bash', ['--norc', '-c', script, 'bash', dir], {
            env: { PATH: '/usr/bin:/bin', LC_ALL: 'C.UTF-8' },
            encoding: 'utf8',
          });
          const want = cases.map(([k, text]) =>
            recognisedAnswer(k, substituted(text)) ? 'yes' : 'no',
          );
          expect(r.stdout.split('\n').slice(0, -1)).toEqual(want);
        },
      ),
      { numRuns: 5 },
    );
  });

  it('recognisedAnswer never counts what the test says never counts', () => {
    fc.assert(
      fc.property(kind, answerText, (k, text) => {
        if (recognisedAnswer(k, text)) expect(neverCounts(k, text)).toBe(false);
        // A phrase of the kind, alone on its line, is always recognised.
        expect(recognisedAnswer(k, ` ${PHRASES[k][0]}.\n`)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
