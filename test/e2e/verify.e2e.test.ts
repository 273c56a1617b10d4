import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../src/report/schema.js';
import { answerStubs } from '../helpers/answer-stubs.js';
import { Iam, TOKEN } from '../helpers/iam-stand-in.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { testCa } from '../helpers/test-ca.js';

/**
 * `audit2grant verify`, the built binary, against the IAM stand-in on
 * 127.0.0.1: exit 0 when the account holds every grant of the report, 1 with
 * the missing ones listed, 3 when it could not check; the token only ever in
 * the request's header.
 */

const DEMO = 'fixtures/demo.log';
const UID = 'kafka-principal';
/** The grants -f plan -a kafka-principal writes for the demo journal. */
const WANTED = [
  'dcos:mesos:agent:task:user:nobody create',
  'dcos:mesos:master:framework:role:kafka-role create',
  'dcos:mesos:master:reservation:principal:kafka-principal delete',
  'dcos:mesos:master:reservation:role:kafka-role create',
  'dcos:mesos:master:task:user:nobody create',
  'dcos:mesos:master:volume:role:kafka-role create',
];

const stubs = answerStubs({ curl: false });
const servers: Iam[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function iam(tls?: { key: Buffer; cert: Buffer }): Promise<Iam> {
  const server = await new Iam(tls).start();
  servers.push(server);
  return server;
}

/** Every wanted grant but those named; one through a group, one by a shorter id. */
function holding(server: Iam, except: string[] = []): void {
  server.grant('users', UID, 'dcos:superuser', 'full');
  for (const grant of WANTED) {
    if (except.includes(grant)) continue;
    const [rid, action] = grant.split(' ') as [string, string];
    if (rid === 'dcos:mesos:master:volume:role:kafka-role') {
      server.addMember('kafka-ops', UID);
      server.grant('groups', 'kafka-ops', rid, action);
    } else if (rid === 'dcos:mesos:master:reservation:role:kafka-role') {
      server.grant('users', UID, 'dcos:mesos:master:reservation:role', action);
    } else {
      server.grant('users', UID, rid, action);
    }
  }
}

/** The built binary, with the dcos stub first on PATH and no token or cluster in the environment. */
function verify(args: string[], env: Record<string, string> = {}, stdin?: string) {
  stubs.reset();
  return runCli(['verify', ...args], {
    env: {
      PATH: `${stubs.bin}:/usr/bin:/bin`,
      DCOS_URL: '',
      DCOS_ACS_TOKEN: '',
      STUB_URL: 'http://127.0.0.1:9',
      STUB_TOKEN: '',
      ...env,
    },
    stdin,
  });
}

let grantsFile: string;
beforeAll(() => {
  grantsFile = join(stubs.dir, 'grants.txt');
  writeFileSync(
    grantsFile,
    `# the plan's grants\n${WANTED.map((w) => `${UID} ${w}`).join('\n')}\n`,
  );
});

describe('audit2grant verify against the IAM stand-in', () => {
  it('exit 0: every grant of the journals held (directly, through a group, by a shorter id)', async () => {
    const server = await iam();
    holding(server);
    const r = await verify(['-a', UID, '--cluster-url', server.url, DEMO], {
      DCOS_ACS_TOKEN: TOKEN,
    });
    expect(r.stderr).toBe(`audit2grant: ${UID} holds all 6 grants checked\n`);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
    expect(server.paths).toEqual([`GET /acs/api/v1/users/${UID}/permissions`]);
  });

  it('--since and --until check the grants a plan of the same window writes', async () => {
    const window = ['--since', '2026-11-22 07:00:00', '--until', '2026-11-22 07:06:00'];
    const report = Report.parse(
      JSON.parse((await runCli(['-f', 'json', '-a', UID, ...window, DEMO])).stdout),
    );
    const inWindow = report.accounts
      .flatMap((a) => a.denied)
      .filter((d) => d.grant === 'grant')
      .map((d) => `${d.rid} ${d.action}`);
    expect(inWindow.length).toBeGreaterThan(0);
    expect(inWindow.length).toBeLessThan(WANTED.length);
    const server = await iam();
    for (const grant of inWindow)
      server.grant('users', UID, ...(grant.split(' ') as [string, string]));
    const env = { DCOS_ACS_TOKEN: TOKEN };
    const args = ['-a', UID, '--cluster-url', server.url];
    expect((await verify([...args, ...window, DEMO], env)).code).toBe(0);
    expect((await verify([...args, DEMO], env)).code).toBe(1);
  });

  it('exit 1: lists each missing grant as <uid> <rid> <action>, and only those', async () => {
    const server = await iam();
    holding(server, [WANTED[4]!, WANTED[1]!]);
    const r = await verify(['-a', UID, DEMO], { DCOS_URL: server.url, DCOS_ACS_TOKEN: TOKEN });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${UID} ${WANTED[1]}\n${UID} ${WANTED[4]}\n`);
    expect(r.stderr).toContain(`${UID} lacks 2 of 6 grants (listed on standard output)`);
  });

  it('dcos:superuser, directly or through a group, covers nothing; a group superuser is pointed out', async () => {
    const server = await iam();
    server.grant('users', UID, 'dcos:superuser', 'full');
    server.addMember('admins', UID);
    server.grant('groups', 'admins', 'dcos:superuser', 'full');
    const r = await verify(['-a', UID, '--grants', grantsFile, '--cluster-url', server.url], {
      DCOS_ACS_TOKEN: TOKEN,
    });
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual(WANTED.map((w) => `${UID} ${w}`));
    expect(r.stderr).toContain(`${UID} also holds dcos:superuser through group admins`);
  });

  it('reads the cluster and the token from the DC/OS CLI, and never shows the token', async () => {
    const server = await iam();
    holding(server, [WANTED[0]!]);
    const r = await verify(['-a', UID, DEMO], { STUB_URL: server.url, STUB_TOKEN: TOKEN });
    expect(r.code).toBe(1);
    // Both at once: in either order.
    expect(stubs.calls().sort()).toEqual([
      ['dcos', 'config', 'show', 'core.dcos_acs_token'],
      ['dcos', 'config', 'show', 'core.dcos_url'],
    ]);
    expect(`${r.stdout}${r.stderr}`).not.toContain(TOKEN);
  });

  it('never shows the token that a journal line or an IAM answer holds', async () => {
    const server = await iam();
    holding(server);
    // A group named as the token: what is said of a group superuser would show it.
    server.addMember(TOKEN, UID);
    server.grant('groups', TOKEN, 'dcos:superuser', 'full');
    const line = (rid: string) =>
      `2026-11-28T10:00:00+0000 master-1.example bouncer.sh[1877]: [261128-10:00:00.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-28T10:00:00.431207Z srcip=127.0.0.1 authorizer=bouncer uid=${UID} action=read object=${rid} result=deny reason="no matching ACL"\n`;
    // Read on its bytes, the common short-iso record: the token is in its id.
    const journal = `${readFileSync(join(ROOT, DEMO), 'utf8')}${line(`dcos:secrets:default:/app/${TOKEN}`)}`;
    const r = await verify(
      ['-a', UID, '--cluster-url', server.url, '-'],
      { DCOS_ACS_TOKEN: TOKEN },
      journal,
    );
    // An id no grant can be written for: the plan would keep superuser, and so does the check.
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `-f plan -a ${UID} keeps dcos:superuser for these journals: the records show 1 permission check`,
    );
    expect(`${r.stdout}${r.stderr}`).not.toContain(TOKEN);
    const demo = await verify(
      ['-a', UID, '--cluster-url', server.url, '-'],
      { DCOS_ACS_TOKEN: TOKEN },
      readFileSync(join(ROOT, DEMO), 'utf8'),
    );
    expect(demo.stderr).toContain('through group <token>');
    expect(`${demo.stdout}${demo.stderr}`).not.toContain(TOKEN);
  });

  it('never shows the token an error answer echoes with JSON escapes', async () => {
    const server = await iam();
    // Each character written as \uXXXX, as a JSON encoder may: cut out all the same.
    const escaped = [...TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    server.permissionsAnswer = {
      status: 500,
      body: `{"description":"bad header token=${escaped.join('')}"}`,
    };
    const r = await verify(['-a', UID, '--grants', grantsFile, '--cluster-url', server.url], {
      DCOS_ACS_TOKEN: TOKEN,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('HTTP 500 {"description":"bad header token=<token>"}');
  });

  it("sends the CLI's token only to the CLI's cluster: another --cluster-url needs DCOS_ACS_TOKEN", async () => {
    const server = await iam();
    holding(server);
    const args = ['-a', UID, '--grants', grantsFile, '--cluster-url', server.url];
    const elsewhere = await verify(args, { STUB_URL: 'https://prod.example', STUB_TOKEN: TOKEN });
    expect(elsewhere.code).toBe(3);
    expect(elsewhere.stderr).toContain(
      `the token is the DC/OS CLI's, set up for "https://prod.example", not ${server.url}: set DCOS_ACS_TOKEN`,
    );
    expect(server.paths).toEqual([]);
    const same = await verify(args, { STUB_URL: `${server.url}/`, STUB_TOKEN: TOKEN });
    expect(same.code).toBe(0);
  });

  it('takes the grants to check as lines on standard input (--grants -)', async () => {
    const server = await iam();
    holding(server);
    const lines = readFileSync(grantsFile, 'utf8');
    const r = await verify(
      ['-a', UID, '--grants', '-', '--cluster-url', server.url],
      { DCOS_ACS_TOKEN: TOKEN },
      lines,
    );
    expect(r.code).toBe(0);
  });

  it('over TLS with --ca-cert; without the CA the check cannot be made', async () => {
    const ca = testCa();
    const server = await iam(ca);
    holding(server);
    const args = ['-a', UID, '--grants', grantsFile, '--cluster-url', server.url];
    const ok = await verify([...args, '--ca-cert', ca.caFile], { DCOS_ACS_TOKEN: TOKEN });
    expect(ok.code).toBe(0);
    // NODE_TLS_REJECT_UNAUTHORIZED=0 would turn Node's check off: it stays on.
    for (const env of [{}, { NODE_TLS_REJECT_UNAUTHORIZED: '0' }] as Record<string, string>[]) {
      const untrusted = await verify(args, { DCOS_ACS_TOKEN: TOKEN, ...env });
      expect(untrusted.code).toBe(3);
      expect(untrusted.stderr).toMatch(
        /cannot check: GET https:\/\/127\.0\.0\.1:\d+\/acs\/api\/v1\/users\/kafka-principal\/permissions: .*certificate/,
      );
    }
  });
});

describe('audit2grant verify: exit 3 when it cannot check, with why and the fix', () => {
  const uncheckable: [string, (server: Iam) => void, Record<string, string>, RegExp][] = [
    [
      'an answer of 500',
      (s) => s.failOnce.push((c) => c.method === 'GET'),
      {},
      /HTTP 500 \{"code":"ERROR_INTERNAL","description":"injected failure"\}: check the cluster/,
    ],
    [
      'an HTML page',
      (s) => {
        s.permissionsAnswer = { status: 200, body: '<html>502 Bad Gateway</html>' };
      },
      {},
      /the IAM answer: not JSON: not a GET \/acs\/api\/v1\/users\/<uid>\/permissions answer/,
    ],
    [
      'an object without the lists',
      (s) => {
        s.permissionsAnswer = { status: 200, body: '{"allowed":true}' };
      },
      {},
      /it needs the lists direct and groups/,
    ],
    [
      'a token refused',
      () => {},
      { DCOS_ACS_TOKEN: 'refused.token.value' },
      /HTTP 401 \{"code":"ERROR_INVALID_AUTHORIZATION"\}: log in again \(dcos auth login\), or set DCOS_ACS_TOKEN/,
    ],
    ['no token at all', () => {}, { DCOS_ACS_TOKEN: '' }, /no usable token: set DCOS_ACS_TOKEN/],
  ];
  it.each(uncheckable)('%s', async (_, setUp, env, message) => {
    const server = await iam();
    holding(server);
    setUp(server);
    const r = await verify(['-a', UID, '--cluster-url', server.url, DEMO], {
      DCOS_ACS_TOKEN: TOKEN,
      ...env,
    });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain('refused.token.value');
  });

  it('a cluster that does not answer', async () => {
    const server = await iam();
    await server.stop();
    servers.splice(servers.indexOf(server), 1);
    const r = await verify(['-a', UID, '--cluster-url', server.url, DEMO], {
      DCOS_ACS_TOKEN: TOKEN,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/connect ECONNREFUSED 127\.0\.0\.1:\d+: check the cluster URL$/m);
  });

  it('refuses plain http to another host before sending the token', async () => {
    const r = await verify(['-a', UID, '--cluster-url', 'http://10.255.255.1', DEMO], {
      DCOS_ACS_TOKEN: TOKEN,
    });
    // Given on the command line: a usage error, as for the scripts' --cluster-url.
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'audit2grant: --cluster-url http://10.255.255.1 is plain http: the token would travel unencrypted; use https, or --allow-http\n',
    );
    // Found in DCOS_URL: the check cannot be made (3).
    const env = await verify(['-a', UID, DEMO], {
      DCOS_ACS_TOKEN: TOKEN,
      DCOS_URL: 'http://10.255.255.1',
    });
    expect(env.code).toBe(3);
    expect(env.stderr).toContain('is plain http: the token would travel unencrypted');
  });

  it('an account with no grant in the input (a typo): nothing to check is not "all held"', async () => {
    const server = await iam();
    const r = await verify(['-a', 'kafka-principl', '--cluster-url', server.url, DEMO], {
      DCOS_ACS_TOKEN: TOKEN,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('no grant of kafka-principl to check in the input');
    expect(server.paths).toEqual([]);
  });

  it('reads a saved answer with --held, offline', async () => {
    const held = join(ROOT, 'fixtures/existing/kafka-principal.json');
    const r = await verify(['-a', UID, '--held', held, DEMO]);
    expect(r.code).toBe(1);
    // The saved answer holds the framework role grant (through a group) and no other of the six.
    expect(r.stdout.trim().split('\n')).toEqual(
      WANTED.filter((w) => !w.startsWith('dcos:mesos:master:framework:role')).map(
        (w) => `${UID} ${w}`,
      ),
    );
    const missing = await verify(['-a', UID, '--held', join(stubs.dir, 'none.json'), DEMO]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('none.json: no such file: check the path');
    // Another account's answer says nothing of this one.
    const grants = join(stubs.dir, 'other-grants.txt');
    writeFileSync(grants, 'other-sa dcos:mesos:master:task:user:nobody create\n');
    const other = await verify(['-a', 'other-sa', '--held', held, '--grants', grants]);
    expect(other.code).toBe(3);
    expect(other.stderr).toContain('this answer is of the account "kafka-principal", not other-sa');
  });

  it('says which entries of the answer it could not read, taken as covering nothing', async () => {
    const held = join(stubs.dir, 'skipped.json');
    writeFileSync(
      held,
      JSON.stringify({
        direct: [
          { rid: 'dcos', actions: [{ name: 'full' }] },
          { rid: 'dcos:mesos:master:task:user:nobody', actions: [{ name: 'Create' }] },
        ],
        groups: [],
      }),
    );
    const r = await verify(['-a', UID, '--held', held, '--grants', grantsFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `note: 2 entries of ${held} not read (an id or action outside the grammar), taken as covering nothing: direct dcos full: `,
    );
  });

  it('from journals the plan would keep superuser for: not passed, as the plan gives no step 2', async () => {
    const held = join(ROOT, 'fixtures/existing/kafka-principal.json');
    const demo = readFileSync(join(ROOT, DEMO), 'utf8');
    const journal = (name: string, text: string) => {
      const path = join(stubs.dir, name);
      writeFileSync(path, text);
      return path;
    };
    // Messages journald dropped may hold a denial the account needs.
    const dropped = journal(
      'dropped.log',
      `${demo}Nov 22 12:05:00 master-2 systemd-journald[400]: Suppressed 1234 messages from dcos-mesos-master.service\n`,
    );
    const r = await verify(['-a', UID, '--held', held, dropped]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `cannot check: -f plan -a ${UID} keeps dcos:superuser for these journals: journald dropped 1234 messages of DC/OS units by rate limiting`,
    );
    expect(r.stderr).toMatch(/to check its grants all the same, give them with --grants\n$/);
    // A risky permission the records show used, left ungranted, beside one granted.
    const root = demo.split('\n').find((l) => l.includes('task:user:root result=deny'))!;
    const withRole = journal(
      'risky.log',
      `${demo}${root.replace('task:user:root', 'framework:role:jenkins-role')}\n`,
    );
    const risky = await verify(['-a', 'jenkins-principal', '--held', held, withRole]);
    expect(risky.code).toBe(3);
    expect(risky.stderr).toContain(
      'keeps dcos:superuser for these journals: step 1 leaves 1 permission',
    );
    // A DC/OS-native account keeps its privileges, whatever it holds.
    const native = join(stubs.dir, 'native.json');
    writeFileSync(
      native,
      JSON.stringify({
        direct: [{ rid: 'dcos:mesos:master:task:user:alice', actions: [{ name: 'create' }] }],
        groups: [],
      }),
    );
    const marathon = await verify(['-a', 'dcos_marathon', '--held', native, DEMO]);
    expect(marathon.code).toBe(3);
    expect(marathon.stderr).toContain('a DC/OS-native account: its privileges belong to DC/OS');
  });

  it('--grants: lines whatever the file is called; none at all is no grant to check', async () => {
    const held = join(ROOT, 'fixtures/existing/kafka-principal.json');
    const named = join(stubs.dir, 'grants.json');
    writeFileSync(named, readFileSync(grantsFile));
    const r = await verify(['-a', UID, '--held', held, '--grants', named]);
    expect(r.code).toBe(1);
    const empty = join(stubs.dir, 'no-grants.txt');
    writeFileSync(empty, '');
    const none = await verify(['-a', UID, '--held', held, '--grants', empty]);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain(`no grant of ${UID} to check in ${empty}`);
  });

  it('dcos:superuser by any action, directly or through a group: noted, and listed with --superuser-list', async () => {
    const held = join(stubs.dir, 'superuser.json');
    const list = join(stubs.dir, 'superuser.txt');
    const answer = (create: string) =>
      writeFileSync(
        held,
        JSON.stringify({
          direct: [
            { rid: 'dcos:mesos', actions: [{ name: 'full' }] },
            { rid: 'dcos:superuser', actions: [{ name: 'full' }, { name: create }] },
          ],
          groups: [
            { rid: 'dcos:superuser', gid: 'admins', actions: [{ name: 'full' }, { name: 'read' }] },
            { rid: 'dcos:superuser', gid: 'ops', actions: [{ name: 'delete' }] },
          ],
        }),
      );
    answer('create');
    const args = ['-a', UID, '--held', held, '--grants', grantsFile, '--superuser-list', list];
    const r = await verify(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      [
        `audit2grant: note: ${UID} holds dcos:superuser directly with full, create: any one grants everything, so revoke each`,
        `audit2grant: note: ${UID} also holds dcos:superuser through group admins, ops: revoking its direct grants leaves it superuser`,
        `audit2grant: ${UID} holds all 6 grants checked`,
        '',
      ].join('\n'),
    );
    expect(readFileSync(list, 'utf8')).toBe(
      'direct full\ndirect create\ngroup admins\ngroup ops\n',
    );
    // Never over a file the check reads, nor where no file can be made: before IAM is asked.
    for (const [path, why] of [
      [held, 'it is also a file the check reads: name another file'],
      [grantsFile, 'it is also a file the check reads: name another file'],
      [
        join(stubs.dir, 'no-dir', 'x'),
        `its directory does not exist: create ${join(stubs.dir, 'no-dir')} first`,
      ],
    ] as const) {
      const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
      const r = await verify([
        '-a',
        UID,
        '--held',
        held,
        '--grants',
        grantsFile,
        '--superuser-list',
        path,
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`audit2grant: --superuser-list ${path}: ${why}\n`);
      expect(existsSync(path) ? readFileSync(path, 'utf8') : undefined).toBe(before);
    }
    // An action it cannot name would hide a superuser: the check cannot be made.
    answer('execute');
    const odd = await verify(args);
    expect(odd.code).toBe(3);
    expect(odd.stderr).toContain(`dcos:superuser with the action "execute", not one of create`);
  });

  it('a line skipped as too long may hold a grant to check: the check cannot be made', async () => {
    const held = join(ROOT, 'fixtures/existing/kafka-principal.json');
    const input = join(stubs.dir, 'long-line.log');
    writeFileSync(
      input,
      Buffer.concat([readFileSync(join(ROOT, DEMO)), Buffer.from(`${'x'.repeat(5000)}\n`)]),
    );
    const r = await verify(['-a', UID, '--max-line', '4K', '--held', held, input]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'audit2grant: verify: cannot check: 1 line longer than 4096 bytes skipped: the grants to check are not all known: raise --max-line\n',
    );
  });

  it('checks an account whose id starts with "-" (granted by curl, left out of the dcos CLI formats)', async () => {
    const input = join(stubs.dir, 'dash.log');
    writeFileSync(
      input,
      'Nov 22 10:00:00 master-1 nginx[1]: 2025/11/22 10:00:01 [notice] 2208#0: *1 [lua] ee.lua:57: auditlog(): type=audit timestamp=2025-11-22T10:00:01Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="IAM PQ response" srcip=10.0.1.5 srcport=40212 request_uri=/mesos/master/state uid=--help, client: 10.0.1.5, server: master.mesos, request: "GET /mesos/master/state HTTP/1.1", host: "master.mesos"\n',
    );
    const held = join(stubs.dir, 'dash.json');
    const grant = (actions: string[]) =>
      writeFileSync(
        held,
        JSON.stringify({
          direct: [
            {
              rid: 'dcos:adminrouter:ops:mesos',
              description: 'Mesos',
              aclurl: '/acs/api/v1/acls/dcos:adminrouter:ops:mesos',
              actions: actions.map((name) => ({ name, url: `/users/--help/${name}` })),
            },
          ],
          groups: [],
        }),
      );
    grant(['full']);
    const r = await verify(['--account=--help', '--held', held, input]);
    expect(r.stderr).toBe('audit2grant: --help holds all 1 grant checked\n');
    expect(r.code).toBe(0);
    grant(['read']);
    const missing = await verify(['--account=--help', '--held', held, input]);
    expect(missing.stdout).toBe('--help dcos:adminrouter:ops:mesos full\n');
    expect(missing.code).toBe(1);
  });
});

describe('audit2grant verify: a --held or --grants file that cannot be read', () => {
  it('a directory: exit 3, and one line that says to name the file in it', async () => {
    const r = await verify(['-a', UID, '--held', stubs.dir, DEMO]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/: is a directory: name the file in it/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('audit2grant verify: usage errors exit 2', () => {
  it.each([
    [[DEMO], /name the account with exactly one -a <uid>/],
    [['-a', UID, '-a', 'other', DEMO], /exactly one -a/],
    [['-a', UID, '--grants', 'g.txt', DEMO], /--grants replaces the journal files/],
    [['-a', UID, '--grants', 'g.txt', '--since', 'today'], /which --grants replaces/],
    [['-a', UID, '--held', 'h.json', '--cluster-url', 'https://x', DEMO], /--held reads/],
    [
      ['-a', UID, '--held', '-', '--grants', '-'],
      /standard input \("-"\) can be read for one thing only/,
    ],
    [['-a', UID, '-f', 'json', DEMO], /--format does not apply to verify/],
    [['-a', UID, '--ssh', 'master-1', DEMO], /--ssh does not apply to verify/],
    [['-a', UID, '--existing', 'x.json', DEMO], /--existing does not apply to verify/],
  ])('%j', async (args, message) => {
    const r = await verify(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
