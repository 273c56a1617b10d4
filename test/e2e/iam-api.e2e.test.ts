import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../src/report/schema.js';
import { answerStubs } from '../helpers/answer-stubs.js';
import { Iam, INJECTED_FAILURE, key, TOKEN } from '../helpers/iam-stand-in.js';
import { runBash } from '../helpers/run-bash.js';
import { ROOT, runCli } from '../helpers/run-cli.js';

/**
 * The `curl` and `revoke-curl` scripts run for real, with the real curl,
 * against the IAM stand-in on 127.0.0.1 (test/helpers/iam-stand-in.ts).
 */

/** A deny record of IAM in `-o json`. */
const pq = (uid: string, rid: string, action: string) =>
  JSON.stringify({
    MESSAGE: `[261122-10:00:08.431] [1:T] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=${uid} action=${action} object=${rid} result=deny reason=denied`,
    _HOSTNAME: 'master-1',
  });

/** The demo journal, and ids with every character of the grammar a URL cares about. */
const INPUT = Buffer.concat([
  readFileSync(join(ROOT, 'fixtures/demo.log')),
  Buffer.from(
    `${[
      pq('svc@example.com', 'dcos:adminrouter:service:team+app', 'full'),
      pq('metrics-sa', 'dcos:mesos:agent:endpoint:path:/slave(1)/state', 'read'),
      pq('cicd-deployer', 'dcos:service:marathon:marathon:services:/dev/api', 'create'),
    ].join('\n')}\n`,
  ),
]);

const stubs = answerStubs({ curl: false });
let dir: string;
let intended: Set<string>;
let report: Report;

beforeAll(async () => {
  dir = stubs.dir;
  // The scripts run with HOME=dir: a ~/.curlrc there, if curl read it, would send
  // every call to a proxy that is not there.
  writeFileSync(join(dir, '.curlrc'), 'proxy = "http://127.0.0.1:9"\n');
  report = Report.parse(JSON.parse((await runCli(['-f', 'json'], { stdin: INPUT })).stdout));
  intended = new Set(
    report.accounts.flatMap((a) =>
      a.denied.filter((d) => d.grant === 'grant').map((d) => key('users', a.uid, d.rid, d.action)),
    ),
  );
});

/** Writes a script with audit2grant, through --output. */
async function generate(name: string, args: string[]): Promise<string> {
  const path = join(dir, name);
  const r = await runCli([...args, '-o', path], { stdin: INPUT });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  return path;
}

/** Runs a script with bash, with the stubs first on PATH. */
function bash(script: string, env: Record<string, string>, args: string[] = []) {
  return runBash(script, {
    cwd: dir,
    env: { PATH: `${stubs.bin}:/usr/bin:/bin`, HOME: dir, STUB_TOKEN: TOKEN, ...env },
    args,
  });
}

const servers: Iam[] = [];
async function iam(): Promise<Iam> {
  const server = await new Iam().start();
  servers.push(server);
  return server;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

describe('curl scripts against an IAM stand-in, with the real curl', () => {
  it('the input has grants to make, ids with / among them', () => {
    expect(intended.size).toBeGreaterThan(10);
    expect([...intended].some((k) => k.includes('/'))).toBe(true);
    expect(intended).toContain(
      key('users', 'svc@example.com', 'dcos:adminrouter:service:team+app', 'full'),
    );
  });

  it('grants exactly the plan, changes nothing the second time, and revoke restores the state', async () => {
    const server = await iam();
    // Earlier state: the superuser grant being replaced, an unrelated grant, and
    // one of the plan's grants already in place.
    const before = key('users', 'metrics-sa', 'dcos:adminrouter:ops:mesos', 'full');
    expect(intended).toContain(before);
    server.acls.set('dcos:superuser', 'superuser');
    server.acls.set('dcos:adminrouter:ops:mesos', 'Mesos UI and API');
    server.grants.add(key('users', 'kafka-principal', 'dcos:superuser', 'full'));
    server.grants.add(key('users', 'other-sa', 'dcos:adminrouter:ops:mesos', 'full'));
    server.grants.add(before);
    const earlier = server.state();

    const grant = await generate('grant.sh', ['-f', 'curl']);
    const env = { STUB_URL: server.url };
    const first = await bash(grant, env);
    expect(first.stderr).toBe(''); // plain http, to this machine only: no warning
    expect(first.code).toBe(0);
    expect(server.grants).toEqual(new Set([...earlier.grants, ...intended]));
    expect(first.stdout).toContain('present  metrics-sa dcos:adminrouter:ops:mesos full');
    expect(first.stdout.match(/^granted /gm)).toHaveLength(intended.size - 1);
    expect(first.stdout).toMatch(/all grants in place\n$/);
    // Ids are encoded twice; each new ACL got its description; the old one kept its own.
    expect(server.paths).toContain(
      'PUT /acs/api/v1/acls/dcos:service:marathon:marathon:services:%252Fdev%252Fapi/users/cicd-deployer/create',
    );
    expect(server.paths).toContain(
      'PUT /acs/api/v1/acls/dcos:adminrouter:service:team%252Bapp/users/svc%40example.com/full',
    );
    expect(server.acls.get('dcos:mesos:agent:endpoint:path:/slave(1)/state')).toMatch(
      /^audit2grant: denied to metrics-sa once by iam/,
    );
    expect(server.acls.get('dcos:adminrouter:ops:mesos')).toBe('Mesos UI and API');
    const log = join(dir, 'grant.out');
    writeFileSync(log, first.stdout);

    const after = server.state();
    const second = await bash(grant, env);
    expect(second.code).toBe(0);
    expect(server.state()).toEqual(after);
    expect(second.stdout).not.toMatch(/^granted /m);
    expect(second.stdout.match(/^present /gm)).toHaveLength(intended.size);

    // Rollback with the first run's output: exactly the earlier grants again.
    const revoke = await generate('revoke.sh', ['-f', 'revoke-curl']);
    const back = await bash(revoke, env, [log]);
    expect(back.code).toBe(0);
    expect(server.grants).toEqual(earlier.grants);
    expect(back.stdout).toContain('kept     metrics-sa dcos:adminrouter:ops:mesos full');
    expect(back.stdout.match(/^revoked /gm)).toHaveLength(intended.size - 1);
    // The ACLs the grant run created stay, holding no grant.
    for (const rid of earlier.acls.keys()) expect(server.acls.has(rid)).toBe(true);

    // Run again, it finds nothing left to revoke and says so.
    const again = await bash(revoke, env, [log]);
    expect(again.code).toBe(0);
    expect(again.stdout.match(/^absent /gm)).toHaveLength(intended.size - 1);
    expect(server.grants).toEqual(earlier.grants);
  });

  it('without the grant log, revoke takes every planned grant, also one held before', async () => {
    const server = await iam();
    const before = key('users', 'metrics-sa', 'dcos:adminrouter:ops:mesos', 'full');
    server.acls.set('dcos:adminrouter:ops:mesos', 'Mesos UI and API');
    server.grants.add(before);
    const env = { STUB_URL: server.url };
    expect((await bash(await generate('grant.sh', ['-f', 'curl']), env)).code).toBe(0);
    const revoke = await bash(await generate('revoke.sh', ['-f', 'revoke-curl']), env);
    expect(revoke.code).toBe(0);
    expect(server.grants).toEqual(new Set());
  });

  it('reports a 500 with its status and answer, goes on with the others, and exits 1', async () => {
    const server = await iam();
    const failedGrant = key(
      'users',
      'kafka-principal',
      'dcos:mesos:master:task:user:nobody',
      'create',
    );
    server.failOnce.push(
      (c) =>
        c.method === 'PUT' &&
        c.subject === 'kafka-principal' &&
        c.rid === 'dcos:mesos:master:task:user:nobody' &&
        c.action === 'create',
      (c) =>
        c.method === 'PUT' &&
        c.kind === undefined &&
        c.rid === 'dcos:adminrouter:ops:system-metrics',
    );
    const grant = await generate('grant.sh', ['-f', 'curl']);
    const env = { STUB_URL: server.url };
    const run = await bash(grant, env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'FAILED   kafka-principal dcos:mesos:master:task:user:nobody create: granting: HTTP 500 {"code":"ERROR_INTERNAL","description":"injected failure"}',
    );
    expect(run.stderr).toContain(
      'FAILED   metrics-sa dcos:adminrouter:ops:system-metrics full: creating the ACL: HTTP 500 {"code":"ERROR_INTERNAL"',
    );
    expect(run.stderr).toContain('2 call(s) failed');
    const missing = key('users', 'metrics-sa', 'dcos:adminrouter:ops:system-metrics', 'full');
    expect(server.grants).toEqual(
      new Set([...intended].filter((k) => k !== failedGrant && k !== missing)),
    );

    // Once IAM answers again, a second run completes the plan.
    const retry = await bash(grant, env);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toContain(
      'granted  kafka-principal dcos:mesos:master:task:user:nobody create',
    );
    expect(server.grants).toEqual(intended);
  });

  it('cuts the token out of an answer that echoes it, before any message quotes it', async () => {
    const server = await iam();
    server.echoToken = true;
    server.failOnce.push((c) => c.method === 'PUT' && c.kind === undefined);
    const run = await bash(await generate('echo.sh', ['-f', 'curl']), { STUB_URL: server.url });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"echo":"token=<token>"');
    expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);
  });

  it('cuts the token out of a long answer before shortening it: no part of it is quoted', async () => {
    // The token starts 10 characters before the 2,000 a message quotes.
    const unpadded = JSON.stringify({ ...INJECTED_FAILURE, pad: '', echo: `token=${TOKEN}` });
    const server = await iam();
    server.echoToken = 1990 - unpadded.indexOf(TOKEN);
    server.failOnce.push((c) => c.method === 'PUT' && c.kind === undefined);
    const run = await bash(await generate('echo-long.sh', ['-f', 'curl']), {
      STUB_URL: server.url,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${'x'.repeat(100)}","echo":"token=<token>`);
    expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN.slice(0, 8));
  });

  it('grants to a group with --group, at the URL given by --cluster-url, and revokes', async () => {
    const server = await iam();
    // The CLI, whose token the script sends, is set up for that cluster, spelled another way.
    const env = { STUB_URL: `${server.url.replace('http', 'HTTP')}/` };
    const args = ['--group', 'data-services', '--cluster-url', server.url];
    const grant = await generate('grant-group.sh', ['-f', 'curl', ...args]);
    const run = await bash(grant, env);
    expect(run.code).toBe(0);
    const toGroup = new Set(
      [...intended].map((k) => {
        const [, , rid, action] = JSON.parse(k) as string[];
        return key('groups', 'data-services', rid!, action!);
      }),
    );
    expect(server.grants).toEqual(toGroup);
    expect(run.stdout).toContain(
      'granted  group:data-services dcos:mesos:master:task:user:nobody create',
    );
    // Membership is left to the operator.
    expect(readFileSync(grant, 'utf8')).toContain(
      '# dcos security org groups add_user data-services kafka-principal',
    );

    const revoke = await generate('revoke-group.sh', ['-f', 'revoke-curl', ...args]);
    const back = await bash(revoke, env, [join(dir, 'none')]);
    expect(back.code).toBe(2); // a grant log that cannot be read is refused
    expect(server.grants).toEqual(toGroup);
    expect((await bash(revoke, env)).code).toBe(0);
    expect(server.grants).toEqual(new Set());
  });

  it('grants and revokes on a machine without the DC/OS CLI, given DCOS_ACS_TOKEN and the cluster', async () => {
    const server = await iam();
    const want = new Set(
      [...intended].filter((k) => (JSON.parse(k) as string[])[1] === 'metrics-sa'),
    );
    expect(want.size).toBeGreaterThan(0);
    const noCli = { PATH: '/usr/bin:/bin', DCOS_ACS_TOKEN: TOKEN };
    // The cluster written into the script, or given as DCOS_URL.
    const grant = await generate('grant-env.sh', [
      '-f',
      'curl',
      '-a',
      'metrics-sa',
      '--cluster-url',
      server.url,
    ]);
    expect((await bash(grant, noCli)).code).toBe(0);
    expect(server.grants).toEqual(want);
    const revoke = await generate('revoke-env.sh', ['-f', 'revoke-curl', '-a', 'metrics-sa']);
    expect((await bash(revoke, { ...noCli, DCOS_URL: server.url })).code).toBe(0);
    expect(server.grants).toEqual(new Set());
    // Without the token, the script needs the CLI, and says so.
    const without = await bash(grant, { PATH: '/usr/bin:/bin' });
    expect(without.code).toBe(127);
    expect(without.stderr).toBe(
      'dcos: command not found (install the DC/OS CLI, or set DCOS_ACS_TOKEN)\n',
    );
  });

  it('reports a cluster that does not answer as HTTP 000 with the reason, and exits 1', async () => {
    const server = await iam();
    await server.stop();
    servers.splice(servers.indexOf(server), 1);
    const run = await bash(await generate('grant.sh', ['-f', 'curl', '-a', 'metrics-sa']), {
      STUB_URL: server.url,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /FAILED {3}metrics-sa \S+ \w+: creating the ACL: HTTP 000 curl: \(7\)/,
    );
  });

  it("takes only the IAM API's own answers: a web server at a wrong URL grants and revokes nothing", async () => {
    // A web server at a wrong cluster URL: its index page for a PUT, its 404 page for
    // a DELETE; then a proxy's 409 page for a PUT.
    let conflict = false;
    const page = createServer((req, res) => {
      const missing = req.method === 'DELETE';
      const [status, text] = missing
        ? [404, '<html>Not Found</html>']
        : conflict
          ? [409, '<html>Conflict</html>']
          : [200, '<html>DC/OS</html>'];
      res.writeHead(status, { 'content-type': 'text/html' }).end(text);
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    try {
      const env = { STUB_URL: `http://127.0.0.1:${(page.address() as AddressInfo).port}` };
      const grant = await bash(await generate('grant.sh', ['-f', 'curl', '-a', 'metrics-sa']), env);
      expect(grant.code).toBe(1);
      expect(grant.stdout).not.toMatch(/^granted/m);
      expect(grant.stderr).toMatch(
        /^FAILED {3}metrics-sa \S+ \w+: creating the ACL: HTTP 200 <html>DC\/OS<\/html>$/m,
      );
      // Without a grant log, it revokes every planned grant.
      const revoke = await bash(
        await generate('revoke.sh', ['-f', 'revoke-curl', '-a', 'metrics-sa']),
        env,
      );
      expect(revoke.code).toBe(1);
      expect(revoke.stdout).not.toMatch(/^(revoked|absent)/m);
      expect(revoke.stderr).toMatch(
        /^FAILED {3}metrics-sa \S+ \w+: revoking: HTTP 404 <html>Not Found<\/html>$/m,
      );
      conflict = true;
      const again = await bash(await generate('grant.sh', ['-f', 'curl', '-a', 'metrics-sa']), env);
      expect(again.code).toBe(1);
      expect(again.stdout).not.toMatch(/^(granted|present)/m);
      expect(again.stderr).toMatch(
        /^FAILED {3}metrics-sa \S+ \w+: creating the ACL: HTTP 409 <html>Conflict<\/html>$/m,
      );
    } finally {
      await new Promise((resolve) => page.close(resolve));
    }
  });

  it("never sends the CLI's token to a --cluster-url that is not the CLI's cluster", async () => {
    const server = await iam();
    const args = ['-a', 'metrics-sa', '--cluster-url', server.url];
    for (const format of ['curl', 'revoke-curl']) {
      const script = await generate(`${format}-elsewhere.sh`, ['-f', format, ...args]);
      const run = await bash(script, { STUB_URL: 'https://prod.example' });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `the DC/OS CLI is set up for https://prod.example, not ${server.url} (this script's cluster)`,
      );
    }
    expect(server.paths).toEqual([]);
  });

  it('refuses plain http to another host: the token would travel unencrypted', async () => {
    for (const format of ['curl', 'revoke-curl']) {
      const script = await generate(`${format}-http.sh`, ['-f', format, '-a', 'metrics-sa']);
      const run = await bash(script, { STUB_URL: 'http://10.255.255.1' });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        'http://10.255.255.1 is plain http: the token would travel unencrypted; use https, or generate the script with --allow-http\n',
      );
    }
  });

  it('refuses a wrong token at the server, and says so', async () => {
    const server = await iam();
    const run = await bash(await generate('grant.sh', ['-f', 'curl', '-a', 'metrics-sa']), {
      STUB_URL: server.url,
      STUB_TOKEN: 'not.the.token',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('HTTP 401 {"code":"ERROR_INVALID_AUTHORIZATION"}');
    expect(server.grants).toEqual(new Set());
  });
});
