import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCli } from '../../src/output/cli.js';
import { renderCurl, renderRevokeCurl } from '../../src/output/curl.js';
import { renderRevoke } from '../../src/output/dcos-scripts.js';
import type { Recipient } from '../../src/output/grant-items.js';
import { renderPlan } from '../../src/output/plan.js';
import { renderScript } from '../../src/output/script.js';
import type { GrantPlan } from '../../src/report/grant-plan.js';
import type { Report } from '../../src/report/schema.js';
import { shownUrl } from '../../src/text/shown-url.js';
import { analyze } from '../helpers/analyze.js';
import { answerStubs } from '../helpers/answer-stubs.js';
import { recordCall } from '../helpers/stub-bin.js';

/**
 * Every script format, fed grant plans with hostile uids, ids, actions,
 * descriptions and group names, and run by bash with recording `dcos` and
 * `curl` stubs: each script passes exactly the intended arguments, once per
 * grant, or leaves the item out with a comment; it never runs anything else.
 */

const work = mkdtempSync(join(tmpdir(), 'a2g-formats-'));
const canary = join(work, 'pwned');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const HOSTILE = [
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  `;touch ${canary};`,
  `'$(touch ${canary})'`,
  `"; touch ${canary}; "`,
  `\n touch ${canary}\n`,
  `\ntouch ${canary} #`,
  '\r',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${IFS}, as an attacker writes it
  '${IFS}',
  "$'\\x41'",
  '*',
  '\\',
  "'",
  '"',
  ' ',
  '(1)',
  '|',
  '&',
  '#',
  '!',
  '~',
  '%',
  '%2F',
  '%252F',
  '/',
  '..',
  '?x=1',
  '#frag',
  '@',
  '+',
  ':',
  '{"a":1}',
  '\u0000',
  '\u001b[2J',
  '\u2028',
  '\uD800',
  'é',
  '🙂',
  '-',
  '--data-binary',
  '@/etc/passwd',
];
const piece = fc.oneof(fc.constantFrom(...HOSTILE), fc.stringMatching(/^[A-Za-z0-9._@/+-]{1,6}$/));
const hostile = fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => p.join(''));

const validUid = fc.stringMatching(/^[a-z][a-z0-9._@-]{0,11}$/);
// Mostly valid values, so that most plans have grants to write, with hostile ones among them.
const uid = fc.oneof(
  { arbitrary: validUid, weight: 6 },
  { arbitrary: fc.constant('dcos_marathon'), weight: 1 },
  { arbitrary: hostile, weight: 2 },
);
const validRid = fc
  .array(fc.stringMatching(/^(?:[A-Za-z0-9._@/*+-]|\(\d{1,3}\)){1,8}$/), {
    minLength: 1,
    maxLength: 4,
  })
  .map((segments) => `dcos:${segments.join(':')}`);
const rid = fc.oneof(
  { arbitrary: validRid, weight: 6 },
  { arbitrary: hostile.map((h) => `dcos:${h}`), weight: 1 },
  { arbitrary: hostile, weight: 1 },
);
const action = fc.oneof(
  { arbitrary: fc.constantFrom('create', 'read', 'update', 'delete', 'full'), weight: 3 },
  { arbitrary: fc.constantFrom('create', 'read'), weight: 3 },
  { arbitrary: hostile, weight: 1 },
);
const description = fc.oneof(hostile, fc.string({ unit: 'binary', maxLength: 40 }));
const gid = fc.oneof({ arbitrary: validUid, weight: 3 }, { arbitrary: hostile, weight: 1 });

/** Plans as grantPlan writes them, with hostile values; accounts may share grants. */
const plan: fc.Arbitrary<GrantPlan> = fc
  .array(
    fc.record({
      uid,
      note: fc.option(hostile, { nil: null }),
      grants: fc.array(
        fc.record({
          rid: fc.oneof(rid, fc.constant('dcos:adminrouter:ops:mesos')),
          action,
          description,
          active: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, fc.constant(false)),
          note: fc.option(hostile, { nil: null }),
        }),
        { maxLength: 4 },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((accounts) => {
    const out = accounts.map((a) => ({
      uid: a.uid,
      note: a.note,
      grants: a.grants.map((g) => ({ ...g, uid: a.uid })),
    }));
    return { accounts: out, active: out.flatMap((a) => a.grants).filter((g) => g.active).length };
  });

// The test's own statement of what may be written: independent of the project's grammar.
const okId = (s: string) => /^[A-Za-z0-9@._\\-]{1,96}$/.test(s);
const okRid = (s: string) =>
  s.length <= 512 && /^dcos(?::(?:[A-Za-z0-9._@/*+-]|\(\d{1,6}\))+)+$/.test(s);
const okAction = (s: string) => ['create', 'read', 'update', 'delete', 'full'].includes(s);
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const okText = (s: string) => !s.includes('\0') && !LONE.test(s);

interface Intended {
  subject: string;
  rid: string;
  action: string;
  description: string;
}

/** An id the dcos CLI takes as an argument: none it would read as an option. */
const okCliId = (s: string) => okId(s) && !s.startsWith('-');

/**
 * The grants a script must make, in order, once each: through the dcos CLI
 * (`cli`), or through the IAM API, where any id of the charset is a path segment.
 */
function intended(
  p: GrantPlan,
  recipient: Recipient,
  through: 'cli' | 'api',
  onlyUid?: string,
): Intended[] {
  const ok = through === 'cli' ? okCliId : okId;
  if (recipient.kind === 'groups' && !ok(recipient.gid)) return [];
  const seen = new Set<string>();
  const out: Intended[] = [];
  for (const account of p.accounts) {
    if (onlyUid !== undefined && account.uid !== onlyUid) continue;
    for (const g of account.grants) {
      if (!g.active || !ok(g.uid) || !okRid(g.rid) || !okAction(g.action)) continue;
      if (!okText(g.description)) continue;
      const subject = recipient.kind === 'groups' ? recipient.gid : g.uid;
      const key = JSON.stringify([subject, g.rid, g.action]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ subject, rid: g.rid, action: g.action, description: g.description });
    }
  }
  return out;
}

let report: Report;
beforeAll(async () => {
  // A whole read (a line that is no audit record): a partial one has no step 2.
  report = await analyze('noise\n');
  expect(report.partial).toBe(false);
});

const stubs = answerStubs();

function run(script: string, env: Record<string, string> = {}, args: string[] = []) {
  stubs.reset();
  const path = join(work, 'script.sh');
  writeFileSync(path, script);
  const r = spawnSync('bash', [path, ...args], {
    env: { PATH: `${stubs.bin}:/usr/bin:/bin`, HOME: work, ...env },
    cwd: work,
    encoding: 'utf8',
  });
  expect(existsSync(canary)).toBe(false);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, calls: stubs.calls() };
}

const recipient: fc.Arbitrary<Recipient> = fc.oneof(
  fc.constant<Recipient>({ kind: 'users' }),
  gid.map((g): Recipient => ({ kind: 'groups', gid: g })),
);
const noun = (r: Recipient) => (r.kind === 'groups' ? 'groups' : 'users');

describe('dcos CLI formats run exactly the intended commands', () => {
  it('cli and script, users and --group', () => {
    fc.assert(
      fc.property(plan, recipient, (p, r) => {
        const expected = intended(p, r, 'cli').map((i) => [
          'dcos',
          'security',
          'org',
          noun(r),
          'grant',
          i.subject,
          i.rid,
          i.action,
          '--description',
          i.description,
        ]);
        const listing = run(renderCli(report, p, r));
        expect(listing.calls).toEqual(expected);
        const script = run(renderScript(report, p, r));
        expect(script.calls).toEqual(expected);
        expect(script.code).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  it('revoke, for users and for a group; with a grant log, only what that run granted', () => {
    fc.assert(
      fc.property(
        plan,
        recipient,
        fc.option(fc.infiniteStream(fc.boolean()), { nil: undefined }),
        (p, r, logged) => {
          const all = intended(p, r, 'cli');
          const args: string[] = [];
          let want = all;
          if (logged) {
            // A saved grant output: some grants made by the run, the others present or failed.
            const made = all.map(() => logged.next().value as boolean);
            const lines = all.map((i, n) => {
              const who = r.kind === 'groups' ? `group:${i.subject}` : i.subject;
              return `${made[n] ? 'granted ' : 'present '} ${who} ${i.rid} ${i.action}`;
            });
            const log = join(work, 'grant.out');
            writeFileSync(log, `${lines.join('\n')}\nall grants in place\n`);
            args.push(log);
            want = all.filter((_, n) => made[n]);
          }
          const result = run(renderRevoke(report, p, r), {}, args);
          expect(result.code).toBe(0);
          expect(result.calls).toEqual(
            want.map((i) => [
              'dcos',
              'security',
              'org',
              noun(r),
              'revoke',
              i.subject,
              i.rid,
              i.action,
            ]),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  // A recording audit2grant: its argv goes to the stubs' log, its standard
  // input (the grants to check) to a file, $STUB_SUPERUSER to the file named
  // after --superuser-list; it exits $STUB_VERIFY.
  const verifyBin = join(work, 'verify-bin');
  const verifyStdin = join(work, 'verify-stdin');
  mkdirSync(verifyBin);
  writeFileSync(
    join(verifyBin, 'audit2grant'),
    `#!/usr/bin/env bash
${recordCall('audit2grant', stubs.log)}
cat > '${verifyStdin}'
while (($# > 1)); do
  if [[ $1 == --superuser-list ]]; then printf '%s' "\${STUB_SUPERUSER-}" > "$2"; fi
  shift
done
exit "\${STUB_VERIFY:-0}"
`,
  );
  chmodSync(join(verifyBin, 'audit2grant'), 0o755);

  it('plan: step 1, then dcos:superuser revoked only when asked, step 1 succeeded and the read-back shows every grant held', () => {
    fc.assert(
      fc.property(
        plan,
        recipient,
        fc.boolean(),
        fc.boolean(),
        fc.option(uid, { nil: undefined }),
        fc.constantFrom('200', '500', '404'),
        fc.constantFrom(0, 0, 1, 2, 3),
        // How verify says the account holds dcos:superuser.
        fc.constantFrom(
          ['direct full'],
          ['direct full', 'direct create'],
          [],
          ['direct full', 'group admins'],
          ['group admins', 'group ops'],
        ),
        (p, r, revokeSuperuser, failing, other, http, verified, superuser) => {
          const who = other ?? p.accounts[0]!.uid;
          const script = renderPlan(report, p, { uid: who, recipient: r });
          const env: Record<string, string> = {
            PATH: `${stubs.bin}:${verifyBin}:/usr/bin:/bin`,
            STUB_HTTP: http,
            STUB_VERIFY: String(verified),
            STUB_SUPERUSER: superuser.map((l) => `${l}\n`).join(''),
          };
          if (revokeSuperuser) env.REVOKE_SUPERUSER = 'yes';
          if (failing) env.STUB_DCOS_FAIL = 'error: 500 Internal Server Error';
          writeFileSync(verifyStdin, '');
          const result = run(script, env);

          const usable = okCliId(who) && (r.kind === 'users' || okCliId(r.gid));
          const step1: string[][] = [];
          if (usable && r.kind === 'groups')
            step1.push(['dcos', 'security', 'org', 'groups', 'add_user', r.gid, who]);
          for (const i of intended(p, r, 'cli', who))
            step1.push([
              'dcos',
              'security',
              'org',
              noun(r),
              'grant',
              i.subject,
              i.rid,
              i.action,
              '--description',
              i.description,
            ]);
          const step1Failed = failing && step1.length > 0;
          // Nothing to grant, no step 2: then superuser is never revoked.
          const wanted = usable && !who.startsWith('dcos_') ? intended(p, r, 'cli', who) : [];
          // Nor when a denial of the account is left ungranted (commented out or left out).
          const ungranted = p.accounts
            .filter((a) => a.uid === who)
            .flatMap((a) => a.grants)
            .some(
              (g) => !g.active || !okRid(g.rid) || !okAction(g.action) || !okText(g.description),
            );
          const stepTwo = wanted.length > 0 && !ungranted;
          const readBack = stepTwo && revokeSuperuser && !step1Failed;
          const checked = readBack && http === '200';
          const revokes = checked && verified === 0;
          // With a step 2, the cluster is settled before step 1, whether or not it runs.
          const expected = [
            ...(stepTwo
              ? [
                  ['dcos', 'config', 'show', 'core.dcos_url'],
                  ['dcos', 'config', 'show', 'core.dcos_acs_token'],
                ]
              : []),
            ...step1,
          ];
          const calls = result.calls;
          expect(calls.slice(0, expected.length)).toEqual(expected);
          const rest = calls.slice(expected.length);
          if (readBack) {
            // One GET of the account's permissions, the token on curl's standard input.
            const get = rest.shift()!;
            expect(get[0]).toBe('curl');
            expect(get.slice(-1)).toEqual([
              `https://cluster.example/acs/api/v1/users/${encodeURIComponent(who)}/permissions`,
            ]);
            expect(get).toContain('GET');
            expect(get.join(' ')).not.toContain('stub-token');
          }
          if (checked) {
            const verify = rest.shift()!;
            expect(verify).toEqual([
              'audit2grant',
              'verify',
              `--account=${who}`,
              '--held',
              expect.any(String),
              '--superuser-list',
              expect.any(String),
              '--grants',
              '-',
            ]);
            // The grants checked: exactly the plan's, one line each.
            expect(readFileSync(verifyStdin, 'utf8')).toBe(
              wanted.map((i) => `${who} ${i.rid} ${i.action}\n`).join(''),
            );
          }
          // Each action held directly is revoked, one call each.
          const direct = superuser.filter((l) => l.startsWith('direct ')).map((l) => l.slice(7));
          const viaGroup = superuser.some((l) => l.startsWith('group '));
          if (revokes)
            expect(rest).toEqual(
              direct.map((a) => [
                'dcos',
                'security',
                'org',
                'users',
                'revoke',
                who,
                'dcos:superuser',
                a,
              ]),
            );
          else expect(rest).toEqual([]);

          if (step1Failed) {
            expect(result.code).toBe(1);
            expect(result.stderr).toContain('failed');
          } else if (readBack && !revokes) {
            expect(result.code).toBe(1);
            expect(result.stderr).toContain('dcos:superuser NOT revoked');
          } else if (revokes && failing && direct.length > 0) {
            expect(result.code).toBe(1);
          } else if (revokes && viaGroup) {
            // Still superuser through a group: not called done.
            expect(result.code).toBe(3);
            expect(result.stderr).toContain('through the group admins');
            expect(result.stdout).not.toContain('step 3');
          } else {
            expect(result.code).toBe(0);
            if (!stepTwo) expect(result.stdout).toContain('dcos:superuser kept');
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('curl formats call exactly the intended URLs with the intended bodies', () => {
  const cluster = fc.option(
    fc.constantFrom('https://dcos.example', 'https://10.0.0.1:8443/prefix'),
    { nil: undefined },
  );
  // A CA bundle that exists (with a name to quote), or one that does not.
  const readableCa = join(work, "it's a CA bundle.pem");
  const missingCa = join(work, 'missing-ca.pem');
  writeFileSync(readableCa, '');
  const caCert = fc.option(fc.constantFrom(readableCa, missingCa), { nil: undefined });

  /** Checks one recorded curl call and returns what it did: method, decoded path, body. */
  function readCurl(call: string[], base: string, ca: string | undefined) {
    const args = call.slice(1);
    const fixed = [
      '--disable',
      '--silent',
      '--show-error',
      '--globoff',
      '--connect-timeout',
      '10',
      '--max-time',
      '60',
      '--request',
    ];
    expect(args.slice(0, fixed.length)).toEqual(fixed);
    const method = args[fixed.length]!;
    expect(args[fixed.length + 1]).toBe('--output');
    expect(args[fixed.length + 2]).toMatch(/\/answer$/);
    let rest = args.slice(fixed.length + 3);
    expect(rest.slice(0, 4)).toEqual(['--write-out', '%{http_code}', '--config', '-']);
    rest = rest.slice(4);
    if (ca !== undefined) {
      expect(rest.slice(0, 2)).toEqual(['--cacert', ca]);
      rest = rest.slice(2);
    }
    let body: unknown;
    if (rest.length === 5) {
      expect(rest.slice(0, 3)).toEqual([
        '--header',
        'Content-Type: application/json',
        '--data-binary',
      ]);
      body = JSON.parse(rest[3]!);
      rest = rest.slice(4);
    }
    expect(rest).toHaveLength(1);
    const url = rest[0]!;
    expect(url.startsWith(`${base}/acs/api/v1/acls/`)).toBe(true);
    const segments = url.slice(`${base}/acs/api/v1/`.length).split('/');
    // Every segment holds only unreserved characters, ':' and percent escapes.
    for (const s of segments) expect(s).toMatch(/^(?:[A-Za-z0-9._~:-]|%[0-9A-F]{2})+$/);
    const [acls, ridSeg, kind, subject, act, ...more] = segments;
    expect(acls).toBe('acls');
    expect(more).toEqual([]);
    return {
      method,
      rid: decodeURIComponent(decodeURIComponent(ridSeg!)),
      kind,
      subject: subject === undefined ? undefined : decodeURIComponent(subject),
      action: act === undefined ? undefined : decodeURIComponent(act),
      body,
    };
  }

  // The cluster is the DC/OS CLI's, also with --cluster-url: the script checks
  // that the CLI is set up for it, however it spells it.
  const configCalls = [
    ['dcos', 'config', 'show', 'core.dcos_url'],
    ['dcos', 'config', 'show', 'core.dcos_acs_token'],
  ];
  const cliFor = (url: string | undefined): Record<string, string> =>
    url === undefined ? {} : { STUB_URL: `${url.replace(/^https/, 'HTTPS')}/` };

  it('curl: creates the ACL, then grants, once per intended grant', () => {
    let exercised = 0;
    fc.assert(
      fc.property(plan, recipient, cluster, caCert, (p, r, url, ca) => {
        const script = renderCurl(report, p, { recipient: r, clusterUrl: url, caCert: ca });
        const result = run(script, cliFor(url));
        const base = url ?? 'https://cluster.example';
        const dcos = result.calls.filter((c) => c[0] === 'dcos');
        const curl = result.calls.filter((c) => c[0] === 'curl');
        const want = intended(p, r, 'api');
        if (ca === missingCa) {
          // An unreadable CA bundle stops the script before the token is read or any call made.
          expect(result.code).toBe(2);
          expect(result.stderr).toContain('cannot read the CA bundle');
          expect(curl).toEqual([]);
          expect(dcos.map((c) => c[3])).not.toContain('core.dcos_acs_token');
          return;
        }
        expect(dcos).toEqual(configCalls);
        expect(result.code).toBe(0);
        if (want.length > 1) exercised++;
        const done = curl.map((c) => readCurl(c, base, ca));
        expect(done).toEqual(
          want.flatMap((i) => [
            {
              method: 'PUT',
              rid: i.rid,
              kind: undefined,
              subject: undefined,
              action: undefined,
              body: { description: i.description },
            },
            {
              method: 'PUT',
              rid: i.rid,
              kind: noun(r),
              subject: i.subject,
              action: i.action,
              body: undefined,
            },
          ]),
        );
        // The token reaches curl on standard input only.
        for (const c of curl) expect(c.join(' ')).not.toContain('stub-token');
        const config = want.length === 0 ? '' : 'header = "Authorization: token=stub-token"\n';
        expect(new Set(readConfig())).toEqual(new Set(config ? [config.trim()] : []));
      }),
      { numRuns: 40 },
    );
    // The generators do reach plans with several grants to write: 7 to 26
    // of the 60 runs (mean 15) over 200 seeds; a generator that stopped
    // would give none. More than 2 fails by chance about once in 10^5 runs.
    expect(exercised).toBeGreaterThan(2);
  });

  it('revoke-curl: one DELETE per intended grant', () => {
    fc.assert(
      fc.property(plan, recipient, cluster, (p, r, url) => {
        const result = run(
          renderRevokeCurl(report, p, { recipient: r, clusterUrl: url }),
          cliFor(url),
        );
        expect(result.code).toBe(0);
        const base = url ?? 'https://cluster.example';
        expect(result.calls.filter((c) => c[0] === 'dcos')).toEqual(configCalls);
        const done = result.calls
          .filter((c) => c[0] === 'curl')
          .map((c) => readCurl(c, base, undefined));
        expect(done).toEqual(
          intended(p, r, 'api').map((i) => ({
            method: 'DELETE',
            rid: i.rid,
            kind: noun(r),
            subject: i.subject,
            action: i.action,
            body: undefined,
          })),
        );
      }),
      { numRuns: 40 },
    );
  });

  /** One grant to one account. */
  const onePlan = (): GrantPlan => ({
    accounts: [
      {
        uid: 'sa',
        note: null,
        grants: [
          {
            uid: 'sa',
            rid: 'dcos:adminrouter:ops:mesos',
            action: 'full',
            description: 'd',
            active: true,
            note: null,
          },
        ],
      },
    ],
    active: 1,
  });

  it('refuses a token or cluster URL that is not one, before any call', () => {
    const script = renderCurl(report, onePlan(), { recipient: { kind: 'users' } });
    const envs: Record<string, string>[] = [
      { STUB_TOKEN: 'tok" -K /etc/passwd' },
      { STUB_TOKEN: '' },
      { STUB_URL: 'file:///etc/passwd' },
      { STUB_URL: `https://x $(touch ${canary})` },
    ];
    for (const env of envs) {
      const result = run(script, env);
      expect(result.code).toBe(2);
      expect(result.calls.filter((c) => c[0] === 'curl')).toEqual([]);
    }
  });

  it("sends the DC/OS CLI's token only to the CLI's cluster: --cluster-url must be that one", () => {
    const formats = [renderCurl, renderRevokeCurl];
    const others = [
      'https://prod.example',
      'http://dcos.example',
      'https://dcos.example:8443',
      'https://dcos.example/prefix',
      'https://user@dcos.example',
      '',
    ];
    for (const render of formats) {
      const script = render(report, onePlan(), {
        recipient: { kind: 'users' },
        clusterUrl: 'https://dcos.example',
      });
      for (const other of others) {
        const result = run(script, { STUB_URL: other });
        expect(result.code).toBe(2);
        expect(result.stderr).toBe(
          `the DC/OS CLI is set up for ${shownUrl(other) || 'no cluster'}, not https://dcos.example (this script's cluster): attach it to https://dcos.example (dcos cluster attach), set DCOS_ACS_TOKEN to a token of https://dcos.example, or generate the script for its cluster\n`,
        );
        // Neither the token read nor any call made.
        expect(result.calls).toEqual([['dcos', 'config', 'show', 'core.dcos_url']]);
      }
      for (const same of ['HTTPS://DCOS.example:443/', 'https://dcos.example//'])
        expect(run(script, { STUB_URL: same }).code).toBe(0);
    }
  });

  it('takes the token from DCOS_ACS_TOKEN and the cluster from --cluster-url or DCOS_URL, without the DC/OS CLI', () => {
    const cases: { clusterUrl?: string; env: Record<string, string>; to: string }[] = [
      { clusterUrl: 'https://dcos.example', env: {}, to: 'https://dcos.example' },
      {
        clusterUrl: undefined,
        env: { DCOS_URL: 'https://other.example/' },
        to: 'https://other.example',
      },
    ];
    for (const render of [renderCurl, renderRevokeCurl])
      for (const { clusterUrl, env, to } of cases) {
        const script = render(report, onePlan(), { recipient: { kind: 'users' }, clusterUrl });
        // The CLI is set up for another cluster, with another token: neither is asked.
        const result = run(script, {
          ...env,
          DCOS_ACS_TOKEN: 'env.token',
          STUB_URL: 'https://prod.example',
        });
        expect(result.code).toBe(0);
        expect(result.calls.filter((c) => c[0] === 'dcos')).toEqual([]);
        const curl = result.calls.filter((c) => c[0] === 'curl');
        expect(curl.length).toBeGreaterThan(0);
        for (const c of curl) expect(c.at(-1)!.startsWith(`${to}/acs/api/v1/`)).toBe(true);
        expect(new Set(readConfig())).toEqual(
          new Set(['header = "Authorization: token=env.token"']),
        );
      }
  });

  it("sends the CLI's token to DCOS_URL only when the CLI is set up for it", () => {
    const script = renderCurl(report, onePlan(), { recipient: { kind: 'users' } });
    const elsewhere = run(script, {
      DCOS_URL: 'https://other.example',
      STUB_URL: 'https://prod.example',
    });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain('set DCOS_ACS_TOKEN to a token of https://other.example');
    expect(elsewhere.calls).toEqual([['dcos', 'config', 'show', 'core.dcos_url']]);
    const same = run(script, {
      DCOS_URL: 'https://prod.example',
      STUB_URL: 'https://PROD.example:443',
    });
    expect(same.code).toBe(0);
    expect(new Set(readConfig())).toEqual(new Set(['header = "Authorization: token=stub-token"']));
  });

  it("keeps a plan on the DC/OS CLI's cluster, whatever the token: it grants through the CLI", () => {
    const envs: Record<string, string>[] = [{ DCOS_URL: 'https://other.example' }, {}];
    for (const env of envs) {
      const clusterUrl = 'DCOS_URL' in env ? undefined : 'https://other.example';
      const script = renderPlan(report, onePlan(), {
        uid: 'sa',
        recipient: { kind: 'users' },
        clusterUrl,
      });
      const result = run(script, {
        ...env,
        DCOS_ACS_TOKEN: 'env.token',
        STUB_URL: 'https://prod.example',
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        "the DC/OS CLI is set up for https://prod.example, not https://other.example (this script's cluster): attach it to https://other.example (dcos cluster attach), or generate the script for its cluster; nothing changed\n",
      );
      expect(result.calls).toEqual([['dcos', 'config', 'show', 'core.dcos_url']]);
    }
  });

  it('sends DCOS_ACS_TOKEN given with DCOS_URL to that cluster only; an empty one is no token', () => {
    const script = renderCurl(report, onePlan(), {
      recipient: { kind: 'users' },
      clusterUrl: 'https://dcos.example',
    });
    const token = { DCOS_ACS_TOKEN: 'env.token', STUB_URL: 'https://dcos.example' };
    const elsewhere = run(script, { ...token, DCOS_URL: 'https://ci.example' });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toBe(
      "DCOS_ACS_TOKEN is the token of DCOS_URL, https://ci.example, not of https://dcos.example (this script's cluster): unset DCOS_URL to send it here, or generate the script for its cluster\n",
    );
    expect(elsewhere.calls).toEqual([]);
    expect(run(script, { ...token, DCOS_URL: 'HTTPS://DCOS.example:443/' }).code).toBe(0);
    // Set but empty: the CLI's token, which goes only to the CLI's cluster.
    const empty = run(renderCurl(report, onePlan(), { recipient: { kind: 'users' } }), {
      DCOS_ACS_TOKEN: '',
      DCOS_URL: 'https://evil.example',
      STUB_URL: 'https://prod.example',
    });
    expect(empty.code).toBe(2);
    expect(empty.calls.filter((c) => c[0] === 'curl')).toEqual([]);
  });

  it('needs the DC/OS CLI unless both the token and the cluster are given, and says which', () => {
    const noCli = { PATH: '/usr/bin:/bin', DCOS_ACS_TOKEN: 'env.token' };
    const script = renderCurl(report, onePlan(), { recipient: { kind: 'users' } });
    const result = run(script, noCli);
    expect(result.code).toBe(127);
    expect(result.stderr).toBe(
      'dcos: command not found (install the DC/OS CLI, or set DCOS_ACS_TOKEN and DCOS_URL)\n',
    );
    const written = renderCurl(report, onePlan(), {
      recipient: { kind: 'users' },
      clusterUrl: 'https://dcos.example',
    });
    expect(run(written, { PATH: '/usr/bin:/bin' }).stderr).toBe(
      'dcos: command not found (install the DC/OS CLI, or set DCOS_ACS_TOKEN)\n',
    );
  });

  it('shows a DCOS_URL in messages without its control characters', () => {
    const script = renderCurl(report, onePlan(), { recipient: { kind: 'users' } });
    const result = run(script, {
      DCOS_URL: 'https://o.example/\u001b]0;x\u0007',
      STUB_URL: 'https://prod.example',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not https://o.example/?]0;x? (this script');
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it('refuses a DCOS_ACS_TOKEN that is not a token, without showing it', () => {
    for (const render of [renderCurl, renderRevokeCurl])
      for (const bad of ['s3cret" -K /etc/passwd', 's3cret\nheader = "X: y"', 's3cret en']) {
        const script = render(report, onePlan(), { recipient: { kind: 'users' } });
        const result = run(script, { DCOS_ACS_TOKEN: bad, DCOS_URL: 'https://dcos.example' });
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/^DCOS_ACS_TOKEN is not a token/);
        expect(result.stderr).not.toContain('s3cret');
        expect(result.calls).toEqual([]);
      }
  });

  it('refuses plain http to another host unless generated with --allow-http; this machine is fine', () => {
    for (const render of [renderCurl, renderRevokeCurl])
      for (const allowHttp of [false, true]) {
        const script = render(report, onePlan(), { recipient: { kind: 'users' }, allowHttp });
        for (const url of ['http://dcos.example', 'HTTP://10.0.0.1:8080/']) {
          const result = run(script, { STUB_URL: url });
          const curl = result.calls.filter((c) => c[0] === 'curl');
          if (allowHttp) {
            expect(result.code).toBe(0);
            expect(result.stderr).toContain('is plain http: the token travels unencrypted');
            expect(curl).toHaveLength(render === renderCurl ? 2 : 1);
          } else {
            expect(result.code).toBe(2);
            expect(result.stderr).toMatch(
              /^\S+ is plain http: the token would travel unencrypted; use https, or generate the script with --allow-http\n$/,
            );
            expect(curl).toEqual([]);
            expect(result.calls.map((c) => c[3])).not.toContain('core.dcos_acs_token');
          }
        }
        for (const url of ['http://127.0.0.1:8080', 'http://localhost', 'http://[::1]:80']) {
          const result = run(script, { STUB_URL: url });
          expect(result.code).toBe(0);
          expect(result.stderr).toBe('');
        }
      }
  });
});

/** What the scripts gave curl on standard input (its --config), line by line. */
function readConfig(): string[] {
  return readFileSync(stubs.stdin, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}
