import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../src/report/schema.js';
import { answerStubs } from '../helpers/answer-stubs.js';
import { Iam, key, TOKEN } from '../helpers/iam-stand-in.js';
import { runBash } from '../helpers/run-bash.js';
import { BIN, ROOT, runCli } from '../helpers/run-cli.js';
import { testCa } from '../helpers/test-ca.js';

/**
 * The plan's step 2 run for real: bash, the real curl, the built audit2grant
 * (its `verify`), a `dcos` stub that answers `config show` and records every
 * call, and the IAM stand-in on 127.0.0.1. dcos:superuser is revoked only
 * when the stand-in's answer shows every grant of the plan held.
 */

const DEMO = 'fixtures/demo.log';
const UID = 'kafka-principal';
const REVOKE = ['dcos', 'security', 'org', 'users', 'revoke', UID, 'dcos:superuser', 'full'];
const PERMISSIONS = `GET /acs/api/v1/users/${UID}/permissions`;

const stubs = answerStubs({ curl: false });
let dir: string;
/** Holds the built audit2grant, apart from the stubs so that a run can go without it. */
let tools: string;
/** The plan's grants, from the json report: `[rid, action]`. */
let wanted: [string, string][];
let plan: string;
const servers: Iam[] = [];

/** Writes the script; `warning` is the one stderr line expected (none by default). */
async function generate(name: string, args: string[], warning = ''): Promise<string> {
  const path = join(dir, name);
  const r = await runCli([...args, '-o', path, DEMO]);
  expect(r.stderr).toBe(warning && `audit2grant: ${warning}\n`);
  return path;
}

beforeAll(async () => {
  dir = stubs.dir;
  // A ~/.curlrc, if curl read it, would send every call to a proxy that is not there.
  writeFileSync(join(dir, '.curlrc'), 'proxy = "http://127.0.0.1:9"\n');
  tools = join(dir, 'tools');
  mkdirSync(tools);
  writeFileSync(
    join(tools, 'audit2grant'),
    `#!/usr/bin/env bash\nexec '${process.execPath}' '${BIN}' "$@"\n`,
  );
  chmodSync(join(tools, 'audit2grant'), 0o755);
  const report = Report.parse(JSON.parse((await runCli(['-f', 'json', '-a', UID, DEMO])).stdout));
  wanted = report.accounts
    .flatMap((a) => a.denied)
    .filter((d) => d.grant === 'grant')
    .map((d) => [d.rid, d.action]);
  plan = await generate('plan.sh', ['-f', 'plan', '-a', UID]);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function iam(tls?: { key: Buffer; cert: Buffer }): Promise<Iam> {
  const server = await new Iam(tls).start();
  servers.push(server);
  return server;
}

/** Superuser, and every grant of the plan but those named, held directly. */
function holding(server: Iam, except: string[] = []): void {
  server.grant('users', UID, 'dcos:superuser', 'full');
  for (const [rid, action] of wanted)
    if (!except.includes(`${rid} ${action}`)) server.grant('users', UID, rid, action);
}

/** Runs a plan; the `dcos` stub revokes at the IAM stand-in the CLI is set up for, unless STUB_IAM says otherwise. */
function run(script: string, env: Record<string, string>, withTools = true) {
  stubs.reset();
  const cli = env.STUB_URL ? new URL(env.STUB_URL) : undefined;
  const standIn = cli?.hostname === '127.0.0.1' ? cli.origin : '';
  return runBash(script, {
    cwd: dir,
    env: {
      PATH: `${stubs.bin}:${withTools ? `${tools}:` : ''}/usr/bin:/bin`,
      HOME: dir,
      STUB_TOKEN: TOKEN,
      REVOKE_SUPERUSER: 'yes',
      STUB_IAM: standIn,
      ...env,
    },
  });
}

const revoked = () => stubs.calls().some((c) => c.join('\0') === REVOKE.join('\0'));

describe('plan: dcos:superuser is revoked only after a read-back shows every grant held', () => {
  it('the demo plan has grants to check', () => {
    expect(wanted.length).toBe(6);
    expect(readFileSync(plan, 'utf8')).toContain(`audit2grant verify --account=${UID}`);
  });

  it('one grant of step 1 not held: lists it, keeps superuser, exits 1', async () => {
    const server = await iam();
    const lost = 'dcos:mesos:master:task:user:nobody create';
    expect(wanted.map((w) => w.join(' '))).toContain(lost);
    holding(server, [lost]);
    const r = await run(plan, { STUB_URL: server.url });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`\n${UID} ${lost}\n`);
    expect(r.stderr).toContain(`${UID} lacks the grants listed above; dcos:superuser NOT revoked`);
    expect(revoked()).toBe(false);
    expect(r.stdout).not.toMatch(/^revoked /m);
    // Step 1 ran, and the read-back asked IAM.
    expect(stubs.calls().filter((c) => c[4] === 'grant')).toHaveLength(wanted.length);
    expect(server.paths).toEqual([PERMISSIONS]);
  });

  it('every grant held (one through a group, one by a shorter id, one by full): revokes', async () => {
    const server = await iam();
    const viaGroup = 'dcos:mesos:master:volume:role:kafka-role create';
    const viaShorter = 'dcos:mesos:master:reservation:role:kafka-role create';
    const viaFull = 'dcos:mesos:agent:task:user:nobody create';
    holding(server, [viaGroup, viaShorter, viaFull]);
    server.addMember('kafka-ops', UID);
    server.grant('groups', 'kafka-ops', 'dcos:mesos:master:volume:role:kafka-role', 'create');
    server.grant('users', UID, 'dcos:mesos:master:reservation:role', 'create');
    server.grant('users', UID, 'dcos:mesos:agent:task:user:nobody', 'full');
    const r = await run(plan, { STUB_URL: server.url });
    expect(r.stderr).toContain(`${UID} holds all 6 grants checked`);
    expect(r.code).toBe(0);
    expect(revoked()).toBe(true);
    expect(r.stdout).toContain(`revoked  ${UID} dcos:superuser full`);
    expect(r.stdout).toContain('step 3:');
  });

  it('a grant held only by another member of the group does not count', async () => {
    const server = await iam();
    const grant = 'dcos:mesos:master:volume:role:kafka-role create';
    holding(server, [grant]);
    server.addMember('kafka-ops', 'other-sa');
    server.grant('groups', 'kafka-ops', 'dcos:mesos:master:volume:role:kafka-role', 'create');
    const r = await run(plan, { STUB_URL: server.url });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${UID} ${grant}\n`);
    expect(revoked()).toBe(false);
  });

  it('dcos:superuser itself covers nothing: all six are missing', async () => {
    const server = await iam();
    server.grant('users', UID, 'dcos:superuser', 'full');
    const r = await run(plan, { STUB_URL: server.url });
    expect(r.code).toBe(1);
    expect(r.stdout.match(new RegExp(`^${UID} dcos:\\S+ \\w+$`, 'gm'))).toHaveLength(6);
    expect(revoked()).toBe(false);
  });

  it('a read-back answered 500 or 401: why, and no revoke', async () => {
    const server = await iam();
    holding(server);
    server.failOnce.push((c) => c.method === 'GET');
    const failed = await run(plan, { STUB_URL: server.url });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      `cannot read what ${UID} holds: HTTP 500 {"code":"ERROR_INTERNAL","description":"injected failure"}; dcos:superuser NOT revoked`,
    );
    expect(revoked()).toBe(false);

    const refused = await run(plan, { STUB_URL: server.url, STUB_TOKEN: 'not.the.token' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('HTTP 401');
    expect(revoked()).toBe(false);
  });

  it.each([
    ['an HTML page', '<html><body>502 Bad Gateway</body></html>'],
    ['an empty body', ''],
    ['an object without the lists', '{}'],
    ['lists of another shape', '{"direct":"all","groups":[]}'],
    ['half an answer', '{"direct":[{"rid":"dcos:superuser","actions":[{"name":"full"}]}'],
  ])('a read-back answering 200 with %s: could not be checked, no revoke', async (_, body) => {
    const server = await iam();
    holding(server);
    server.permissionsAnswer = { status: 200, body };
    const r = await run(plan, { STUB_URL: server.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not a GET /acs/api/v1/users/<uid>/permissions answer');
    expect(r.stderr).toContain(
      'the read-back could not be checked (audit2grant verify: exit 3); dcos:superuser NOT revoked',
    );
    expect(revoked()).toBe(false);
  });

  it('a cluster that does not answer: no revoke', async () => {
    const server = await iam();
    await server.stop();
    servers.splice(servers.indexOf(server), 1);
    const r = await run(plan, { STUB_URL: server.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read what kafka-principal holds: HTTP 000 curl: \(7\)/);
    expect(revoked()).toBe(false);
  });

  it('without audit2grant on PATH: says so before asking anything, no revoke', async () => {
    const server = await iam();
    holding(server);
    const r = await run(plan, { STUB_URL: server.url }, false);
    expect(r.code).toBe(127);
    expect(r.stderr).toContain(
      'audit2grant: command not found: install it to check the grants; dcos:superuser NOT revoked',
    );
    expect(server.paths).toEqual([]);
    expect(revoked()).toBe(false);
  });

  it('without REVOKE_SUPERUSER=yes: step 1 only, no read-back', async () => {
    const server = await iam();
    const r = await run(plan, { STUB_URL: server.url, REVOKE_SUPERUSER: '' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('run again with REVOKE_SUPERUSER=yes');
    expect(server.paths).toEqual([]);
    expect(revoked()).toBe(false);
  });

  it('over TLS, at --cluster-url, checked against --ca-cert: revokes; without the CA: does not', async () => {
    const ca = testCa();
    const server = await iam(ca);
    holding(server);
    // The CLI is set up for the same cluster, spelled another way.
    const env = { STUB_URL: `${server.url.replace('https', 'HTTPS')}/` };
    const trusted = await generate('plan-tls.sh', [
      '-f',
      'plan',
      '-a',
      UID,
      '--cluster-url',
      server.url,
      '--ca-cert',
      ca.caFile,
    ]);
    const ok = await run(trusted, env);
    expect(ok.stderr).not.toContain('is not https');
    expect(ok.code).toBe(0);
    expect(revoked()).toBe(true);

    const untrusted = await generate('plan-no-ca.sh', [
      '-f',
      'plan',
      '-a',
      UID,
      '--cluster-url',
      server.url,
    ]);
    const refused = await run(untrusted, env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/HTTP 000 curl: \(60\)/);
    expect(revoked()).toBe(false);
  });
});

describe('plan: grants, read-back and revoke act on one cluster', () => {
  it('--cluster-url names another cluster than the dcos CLI: stops before granting, the token unsent', async () => {
    const server = await iam();
    holding(server);
    const script = await generate('plan-elsewhere.sh', [
      '-f',
      'plan',
      '-a',
      UID,
      '--cluster-url',
      server.url,
    ]);
    for (const revoke of ['yes', '']) {
      const r = await run(script, { STUB_URL: 'https://prod.example', REVOKE_SUPERUSER: revoke });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `the DC/OS CLI is set up for https://prod.example, not ${server.url} (this script's cluster): attach it to ${server.url} (dcos cluster attach), or generate the script for its cluster; nothing changed\n`,
      );
      // Nothing granted or revoked through the CLI, and nothing asked of the URL.
      expect(stubs.calls()).toEqual([['dcos', 'config', 'show', 'core.dcos_url']]);
      expect(server.paths).toEqual([]);
    }
  });

  it('refuses plain http to another host before granting, unless generated with --allow-http', async () => {
    const r = await run(plan, { STUB_URL: 'http://10.255.255.1' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'http://10.255.255.1 is plain http: the token would travel unencrypted; use https, or generate the script with --allow-http; nothing changed\n',
    );
    expect(stubs.calls()).toEqual([['dcos', 'config', 'show', 'core.dcos_url']]);
    const remote = await runCli([
      '-f',
      'plan',
      '-a',
      UID,
      '--cluster-url',
      'http://10.255.255.1',
      DEMO,
    ]);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('--cluster-url http://10.255.255.1 is plain http');
    const allowed = await generate('plan-http.sh', ['-f', 'plan', '-a', UID, '--allow-http']);
    const step1 = await run(allowed, { STUB_URL: 'http://10.255.255.1', REVOKE_SUPERUSER: '' });
    expect(step1.code).toBe(0);
    expect(step1.stderr).toBe(
      'warning: http://10.255.255.1 is plain http: the token travels unencrypted (--allow-http)\n',
    );
  });
});

describe('plan: every action of dcos:superuser goes, and a group that keeps it is named', () => {
  /** What IAM answered in the field: superuser held directly twice, and through a group. */
  const ANSWER = JSON.stringify({
    direct: [
      { rid: 'dcos:mesos', actions: [{ name: 'full' }] },
      { rid: 'dcos:superuser', actions: [{ name: 'full' }, { name: 'create' }] },
    ],
    groups: [{ rid: 'dcos:superuser', gid: 'admins', actions: [{ name: 'full' }] }],
  });
  const revokes = () =>
    stubs
      .calls()
      .filter((c) => c[4] === 'revoke')
      .map((c) => c.slice(5).join(' '));

  it('held directly with full and create, and through the group admins: revokes both, names the group, exits 3', async () => {
    const server = await iam();
    // Read back after the revokes: the group's grant alone.
    const after = JSON.stringify({
      direct: [{ rid: 'dcos:mesos', actions: [{ name: 'full' }] }],
      groups: JSON.parse(ANSWER).groups,
    });
    server.permissionsAnswer = [
      { status: 200, body: ANSWER },
      { status: 200, body: after },
    ];
    const r = await run(plan, { STUB_URL: server.url });
    expect(revokes()).toEqual([`${UID} dcos:superuser full`, `${UID} dcos:superuser create`]);
    expect(r.stdout).toContain(
      `revoked  ${UID} dcos:superuser full\nrevoked  ${UID} dcos:superuser create\n`,
    );
    expect(r.stderr).toContain(
      `${UID} still holds dcos:superuser through the group admins, so it is NOT off superuser`,
    );
    expect(r.stdout).not.toContain('step 3');
    expect(r.code).toBe(3);
  });

  it('held directly with two actions, no group: revokes each, then step 3', async () => {
    const server = await iam();
    holding(server);
    server.grant('users', UID, 'dcos:superuser', 'read');
    const r = await run(plan, { STUB_URL: server.url });
    expect(revokes()).toEqual([`${UID} dcos:superuser full`, `${UID} dcos:superuser read`]);
    expect(r.stderr).toContain(`${UID} holds dcos:superuser directly with full, read`);
    expect(r.stdout).toContain('step 3:');
    expect(r.code).toBe(0);
  });

  it('not held directly: nothing to revoke, said so; a revoke that fails: exit 1', async () => {
    const server = await iam();
    holding(server);
    server.grants.delete(key('users', UID, 'dcos:superuser', 'full'));
    const none = await run(plan, { STUB_URL: server.url });
    expect(revokes()).toEqual([]);
    expect(none.stdout).toContain(
      `absent   ${UID} dcos:superuser: IAM shows no direct grant of it\n`,
    );
    expect(none.code).toBe(0);

    server.permissionsAnswer = {
      status: 200,
      body: ANSWER.replace(/,"groups":\[.*\]/, ',"groups":[]'),
    };
    const ok = { out: '', err: '', rc: 0 };
    const env = stubs.replies({
      dcos: [
        ...wanted.map(() => ok),
        ok,
        { out: '', err: 'error: 500 Internal Server Error', rc: 1 },
      ],
    });
    const failed = await run(plan, { STUB_URL: server.url, ...env });
    expect(failed.stdout).toContain(`revoked  ${UID} dcos:superuser full\n`);
    expect(failed.stderr).toContain(
      `FAILED   ${UID} dcos:superuser create: error: 500 Internal Server Error`,
    );
    expect(failed.stderr).toContain(
      `1 revoke(s) of dcos:superuser failed: ${UID} may still hold it`,
    );
    expect(failed.stdout).not.toContain('step 3');
    expect(failed.code).toBe(1);
  });

  it('a revoke the CLI said was done but IAM still shows: FAILED, not off superuser, exit 1', async () => {
    const server = await iam();
    holding(server);
    // The CLI answers each call with success, and changes nothing.
    const r = await run(plan, { STUB_URL: server.url, STUB_IAM: '' });
    expect(revoked()).toBe(true);
    expect(r.stdout).toContain(`revoked  ${UID} dcos:superuser full`);
    expect(r.stderr).toContain(
      `FAILED   ${UID} dcos:superuser full: IAM still shows it held directly after the revoke`,
    );
    expect(r.stderr).toContain(`1 revoke(s) of dcos:superuser failed: ${UID} may still hold it`);
    expect(r.stdout).not.toContain('step 3');
    expect(r.code).toBe(1);
    // The read-back after the revoke could not be made: the same, with why.
    const again = await iam();
    holding(again);
    again.permissionsAnswer = [
      { status: 200, body: JSON.stringify(again.permissionsOf(UID)) },
      { status: 503, body: 'busy' },
    ];
    const unread = await run(plan, { STUB_URL: again.url });
    expect(unread.stderr).toContain(
      `cannot read back what ${UID} holds after the revoke (HTTP 503, audit2grant verify: exit 9)`,
    );
    expect(unread.code).toBe(1);
  });

  it('an action on dcos:superuser audit2grant cannot name: the read-back is not checked, nothing revoked', async () => {
    const server = await iam();
    server.permissionsAnswer = { status: 200, body: ANSWER.replace('"create"', '"execute"') };
    const r = await run(plan, { STUB_URL: server.url });
    expect(r.stderr).toContain('dcos:superuser with the action "execute"');
    expect(r.stderr).toContain('the read-back could not be checked (audit2grant verify: exit 3)');
    expect(revokes()).toEqual([]);
    expect(r.code).toBe(1);
  });
});

describe('plan for an account with nothing to grant: no step 2', () => {
  it.each([
    [
      'an account in no record (a typo)',
      'kafka-principl',
      'the input shows no denial of kafka-principl',
      '-a kafka-principl: no record names this account: did you mean kafka-principal?',
    ],
    [
      'an account seen only in allow records',
      'bootstrapuser',
      'the input shows no denial of bootstrapuser',
      '-a bootstrapuser: only allow records name this account, no denial: to grant what it was allowed, add --evidence allowed',
    ],
  ])('%s: the script says why, and exits 0 after step 1', async (_, uid, why, warning) => {
    const script = await generate(`plan-${uid}.sh`, ['-f', 'plan', '-a', uid], warning);
    const text = readFileSync(script, 'utf8');
    expect(text).not.toContain('revoke ');
    expect(text).not.toContain('REVOKE_SUPERUSER');
    expect(text).toContain(`# Why: ${why}`);
    const server = await iam();
    const r = await run(script, { STUB_URL: server.url });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`step 1 done; dcos:superuser kept: ${why}`);
    expect(stubs.calls()).toEqual([]);
    expect(server.paths).toEqual([]);
  });
});

describe('plan made from a partial read: no step 2', () => {
  it('an input that could not be read keeps dcos:superuser, even with REVOKE_SUPERUSER=yes', async () => {
    const script = join(dir, 'plan-partial.sh');
    const r = await runCli(['-f', 'plan', '-a', UID, '-o', script, DEMO, join(dir, 'missing.log')]);
    expect(r.code).toBe(3);
    const text = readFileSync(script, 'utf8');
    expect(text).toContain(
      '#   step 2  none, dcos:superuser is kept: some input was not read, or only in part',
    );
    expect(text).not.toContain('REVOKE_SUPERUSER');
    const server = await iam();
    holding(server);
    const ran = await run(script, { STUB_URL: server.url });
    expect(ran.code).toBe(0);
    expect(revoked()).toBe(false);
    expect(server.paths).toEqual([]);
  });
});

describe('plan of an account only a template names: no step 2', () => {
  it('grants the rows the template predicts, and keeps dcos:superuser even with REVOKE_SUPERUSER=yes', async () => {
    // The demo holds no record of the account: its service may never have run in it.
    const uid = 'unseen-principal';
    const script = join(dir, 'plan-template-only.sh');
    const args = ['-f', 'plan', '-a', uid, '--template', `kafka@${uid}`, '-o', script, DEMO];
    expect((await runCli(args)).code).toBe(3);
    const text = readFileSync(script, 'utf8');
    expect(text).toContain('#   step 1  grant the 7 permissions its templates predict it needs;');
    expect(text).toContain(
      `#   step 2  none, dcos:superuser is kept: the input shows no denial of ${uid} to grant, and a template's rows alone do not show`,
    );
    expect(text).not.toContain('REVOKE_SUPERUSER');
    const server = await iam();
    server.grant('users', uid, 'dcos:superuser', 'full');
    const r = await run(script, { STUB_URL: server.url });
    expect(r.code).toBe(0);
    expect(stubs.calls().filter((c) => c[4] === 'grant')).toHaveLength(7);
    expect(stubs.calls().some((c) => c[4] === 'revoke')).toBe(false);
    expect(server.paths).toEqual([]);
  });

  it('with records of the account, its denials and the template rows: step 2 as usual', async () => {
    const script = join(dir, 'plan-template-seen.sh');
    await runCli(['-f', 'plan', '-a', UID, '--template', `kafka@${UID}`, '-o', script, DEMO]);
    const text = readFileSync(script, 'utf8');
    expect(text).toMatch(
      /# {3}step 1 {2}grant the \d+ permissions its denials and templates show it needs;/,
    );
    expect(text).toContain('REVOKE_SUPERUSER=yes');
    // Uses count as well with --evidence all: records, not denials alone.
    await runCli(['-f', 'plan', '-a', UID, '--evidence', 'all', '-o', script, DEMO]);
    expect(readFileSync(script, 'utf8')).toMatch(
      /# {3}step 1 {2}grant the \d+ permissions its records show it needs;/,
    );
  });
});

describe('plan made from a journal that lost messages: no step 2', () => {
  it.each([
    [
      'journald rate limiting',
      'Nov 22 12:05:00 master-2 systemd-journald[400]: Suppressed 1234 messages from dcos-marathon.service',
      'journald dropped 1234 messages of DC/OS units by rate limiting',
    ],
    [
      'a message shown as blob data',
      'Nov 22 12:04:00 master-1 marathon.sh[2201]: [403B blob data]',
      '1 message could not be read (blob data: rerun journalctl with -a)',
    ],
    [
      // nginx cuts its lines at 2048 bytes: a long request_uri takes the uid with it.
      'a deny record cut before its uid',
      `2026-11-22T10:00:09+0000 master-1 nginx[2208]: 2026/11/22 10:00:09 [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): type=audit timestamp=2026-11-22T10:00:09Z authorizer=adminrouter object=dcos:adminrouter:service:kafka action=full result=deny reason="IAM PQ response" srcip=10.0.1.5 srcport=40212 request_uri=/service/kafka/${'a'.repeat(2048)}`.slice(
        0,
        2047,
      ),
      '1 deny record was cut before its account (listed in the report)',
    ],
    [
      'an audit record that cannot be read',
      '2026-11-22T10:00:08+0000 master-1 bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=kafka-principal object=dcos:secrets:default:/kafka/key result=deny reason="no matching ACL"',
      '1 audit record could not be read (malformed, listed in the report)',
    ],
  ])('%s keeps dcos:superuser', async (_, line, why) => {
    const log = join(dir, 'lost.log');
    writeFileSync(log, `${readFileSync(join(ROOT, DEMO), 'utf8')}${line}\n`);
    const script = join(dir, 'plan-lost.sh');
    expect((await runCli(['-f', 'plan', '-a', UID, '-o', script, log])).code).toBe(1);
    const text = readFileSync(script, 'utf8');
    expect(text).toContain(`#   step 2  none, dcos:superuser is kept: ${why}`);
    expect(text).not.toContain('REVOKE_SUPERUSER');
  });
});

describe('plan made while lines longer than --max-line were skipped: no step 2', () => {
  it('keeps dcos:superuser, as verify will not check grants that are not all known', async () => {
    const log = join(dir, 'long.log');
    writeFileSync(log, `${readFileSync(join(ROOT, DEMO), 'utf8')}${'x'.repeat(5000)}\n`);
    const script = join(dir, 'plan-long.sh');
    await runCli(['-f', 'plan', '-a', UID, '--max-line', '4096', '-o', script, log]);
    const text = readFileSync(script, 'utf8');
    expect(text).toContain(
      '#   step 2  none, dcos:superuser is kept: 1 line longer than --max-line was skipped (raise --max-line)',
    );
    expect(text).not.toContain('REVOKE_SUPERUSER');
  });
});

describe('plan for an account with a permission check no grant can be written for: no step 2', () => {
  it.each([
    [
      'a Marathon *Resource verb, whose permission cannot be named without doubt',
      '[2026-11-22 10:00:09,120] INFO  timestamp=2026-11-22T10:00:09.120Z type=audit uid=kafka-principal srcip=10.0.0.1 srcport=1 dstip=10.0.0.2 dstport=8080 authorizer=marathon action=UpdateResource path=/v2/leader result=deny (dcos.marathon.auditlog:x)',
    ],
    [
      'an id outside the grammar',
      '2026-11-22T10:00:08+0000 master-1 bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=kafka-principal action=read object=dcos:secrets:default:/kafka/key#1 result=deny reason="no matching ACL"',
    ],
  ])('%s keeps dcos:superuser, even with REVOKE_SUPERUSER=yes', async (_, line) => {
    const log = join(dir, 'unwritable.log');
    writeFileSync(log, `${readFileSync(join(ROOT, DEMO), 'utf8')}${line}\n`);
    const script = join(dir, 'plan-unwritable.sh');
    expect((await runCli(['-f', 'plan', '-a', UID, '-o', script, log])).code).toBe(1);
    const text = readFileSync(script, 'utf8');
    expect(text).toContain(
      `#   step 2  none, dcos:superuser is kept: the records show 1 permission check of ${UID} that no grant can be written for`,
    );
    expect(text).not.toContain('REVOKE_SUPERUSER');
    // Another account's such record holds nothing back.
    writeFileSync(
      log,
      `${readFileSync(join(ROOT, DEMO), 'utf8')}${line.replace(UID, 'other-sa')}\n`,
    );
    await runCli(['-f', 'plan', '-a', UID, '-o', script, log]);
    expect(readFileSync(script, 'utf8')).toContain('REVOKE_SUPERUSER=yes');
  });
});

describe('plan for an account with a denial step 1 leaves ungranted: no step 2', () => {
  const line = (rid: string) =>
    `2026-11-22T10:00:08+0000 master-1 bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=mix-sa action=create object=${rid} result=deny reason="no matching ACL"\n`;
  /** A journal of mix-sa's denials: one grantable, one risky (root). */
  const mixLog = (name: string) => {
    const log = join(dir, name);
    writeFileSync(
      log,
      line('dcos:mesos:master:task:user:nobody') + line('dcos:mesos:master:task:user:root'),
    );
    return log;
  };

  it('a risky grant commented out keeps dcos:superuser, even with REVOKE_SUPERUSER=yes; --allow-risky brings step 2 back', async () => {
    const log = mixLog('mix.log');
    const script = join(dir, 'plan-mix.sh');
    expect((await runCli(['-f', 'plan', '-a', 'mix-sa', '-o', script, log])).code).toBe(1);
    const text = readFileSync(script, 'utf8');
    expect(text).toContain(
      '#   step 2  none, dcos:superuser is kept: step 1 leaves 1 permission that the records show mix-sa used ungranted',
    );
    expect(text).not.toContain('REVOKE_SUPERUSER');
    const server = await iam();
    const r = await run(script, { STUB_URL: server.url });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dcos:superuser kept: step 1 leaves 1 permission that the records');
    expect(revoked()).toBe(false);
    expect(server.paths).toEqual([]);
    // Granted as a command, the root grant is checked like the others.
    const risky = join(dir, 'plan-mix-risky.sh');
    await runCli(['-f', 'plan', '-a', 'mix-sa', '--allow-risky', '-o', risky, log]);
    expect(readFileSync(risky, 'utf8')).toContain('REVOKE_SUPERUSER=yes');
    // A template's risky rows not seen in the records are offered, and hold nothing back.
    writeFileSync(log, line('dcos:mesos:master:task:user:nobody'));
    const template = join(dir, 'plan-mix-template.sh');
    await runCli([
      '-f',
      'plan',
      '-a',
      'mix-sa',
      '--template',
      'edge-lb@mix-sa',
      '-o',
      template,
      log,
    ]);
    expect(readFileSync(template, 'utf8')).toContain('REVOKE_SUPERUSER=yes');
  });

  it('a never-granted permission (dcos:superuser itself): --allow-risky is not offered, and would not help', async () => {
    const log = join(dir, 'mix-never.log');
    writeFileSync(log, line('dcos:mesos:master:task:user:nobody') + line('dcos:superuser'));
    for (const risky of [[], ['--allow-risky']]) {
      const script = join(dir, 'plan-mix-never.sh');
      await runCli(['-f', 'plan', '-a', 'mix-sa', ...risky, '-o', script, log]);
      const text = readFileSync(script, 'utf8');
      expect(text).toContain(
        '#   step 2  none, dcos:superuser is kept: step 1 leaves 1 permission that the records show mix-sa used ungranted',
      );
      expect(text).toContain('audit2grant never grants it: revoke dcos:superuser by hand');
      expect(text).not.toContain('--allow-risky writes');
      expect(text).not.toContain('REVOKE_SUPERUSER');
    }
  });

  it('a risky and a never-granted one: each named with what can be done about it', async () => {
    const log = join(dir, 'mix-both.log');
    writeFileSync(
      log,
      line('dcos:mesos:master:task:user:nobody') +
        line('dcos:mesos:master:task:user:root') +
        line('dcos:superuser'),
    );
    const script = join(dir, 'plan-mix-both.sh');
    await runCli(['-f', 'plan', '-a', 'mix-sa', '-o', script, log]);
    const text = readFileSync(script, 'utf8').replace(/\n# {0,11}/g, ' ');
    expect(text).toContain(
      'step 1 leaves 2 permissions that the records show mix-sa used ungranted (commented out above, each with why), which its services would be denied without dcos:superuser: grant the 1 risky one if needed (--allow-risky writes risky grants as commands); audit2grant never grants the 1 other: revoke dcos:superuser by hand once you have decided',
    );
    expect(text).not.toContain('REVOKE_SUPERUSER');
  });

  it('names a cluster with --cluster-url: grants nothing while the dcos CLI is set up for another', async () => {
    const log = mixLog('mix-cluster.log');
    const script = join(dir, 'plan-mix-cluster.sh');
    const args = ['-f', 'plan', '-a', 'mix-sa', '--cluster-url', 'https://staging.example'];
    expect((await runCli([...args, '-o', script, log])).code).toBe(1);
    const elsewhere = await run(script, { STUB_URL: 'https://prod.example' });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain('the DC/OS CLI is set up for https://prod.example');
    expect(stubs.calls()).toEqual([['dcos', 'config', 'show', 'core.dcos_url']]);
    const same = await run(script, { STUB_URL: 'https://staging.example/' });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('granted  mix-sa dcos:mesos:master:task:user:nobody create');
  });
});
