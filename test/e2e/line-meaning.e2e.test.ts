// What real DC/OS lines mean, end to end on the built binary: a refused Mesos
// token is no grant, Marathon's *Resource verbs never become services: grants,
// Metronome job ids take the docs' form and --explain says when that form is a
// guess, dcos-log's text form names hosts. The corpus is fixtures/journals/meaning
// (fixtures/README.md).
import { describe, expect, it } from 'vitest';
import { Report } from '../../src/report/schema.js';
import { runCli } from '../helpers/run-cli.js';

const MEANING = 'fixtures/journals/meaning';
const json = (stdout: string) => Report.parse(JSON.parse(stdout));

describe('what real lines mean, end to end', () => {
  it('a refused Mesos token is listed with the failed logins, never granted', async () => {
    // The reproduction: a deny of GET /slave(1)/state became an active grant.
    for (const file of ['dialects/json.txt', '../demo.log']) {
      const r = await runCli(['-f', 'cli', `fixtures/journals/${file}`]);
      expect(r.stdout, file).not.toMatch(/endpoint:path/);
      expect(r.stdout, file).toMatch(
        /^# failed logins and refused tokens: an authentication problem, not a missing grant \(\d\)/m,
      );
    }
    const r = await runCli(['-f', 'json', '-a', 'kafka-principal', `${MEANING}/short-iso.txt`]);
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    expect(report.authenticationFailures).toEqual([
      expect.objectContaining({
        uid: 'kafka-principal',
        action: 'GET',
        object: '/slave(1)/state',
        reason: 'Invalid authorization token',
        hosts: ['agent-1.example'],
        components: ['mesos-agent'],
      }),
    ]);
    expect(report.accounts[0]!.denied.map((d) => d.rid)).toEqual([
      'dcos:mesos:master:reservation:role:kafka-role',
    ]);
    const table = await runCli(['-a', 'kafka-principal', `${MEANING}/short-iso.txt`]);
    expect(table.stdout).toContain('the service must log in again');
  });

  it('an allowed Mesos request is no evidence, even with --evidence allowed', async () => {
    const r = await runCli(['-f', 'cli', '--evidence', 'allowed', `${MEANING}/json.txt`]);
    expect(r.stdout).not.toMatch(/^dcos security org users grant/m);
    expect(r.stdout).not.toContain('dcos_net_agent');
  });

  it('Marathon *Resource verbs: admin ids only for a resource named by its name, else unmapped with the record', async () => {
    const r = await runCli(['-f', 'cli', `${MEANING}/short.txt`]);
    const grants = r.stdout.split('\n').filter((l) => l.startsWith('dcos security org users'));
    expect(grants.join('\n')).not.toMatch(/services:/);
    expect(
      grants.filter((l) => l.includes(':admin:')).map((l) => l.split(' ').slice(5, 8)),
    ).toEqual([
      ['marathon-lb-sa', 'dcos:service:marathon:marathon:admin:events', 'read'],
      ['ops-dashboard-sa', 'dcos:service:marathon:marathon:admin:config', 'read'],
      ['ops-dashboard-sa', 'dcos:service:marathon:marathon:admin:leader', 'read'],
    ]);
    // Abdicating the leader (and restoring Marathon's state from a URL) is risky.
    expect(r.stdout).toMatch(
      /^# not granted: makes the Marathon leader abdicate.*\n# dcos security org users grant ops-dashboard-sa dcos:service:marathon:marathon:admin:leader update /m,
    );
    expect(r.stdout).toContain(
      '# records no permission can be named for without doubt: never granted (4)',
    );
    const report = json((await runCli(['-f', 'json', `${MEANING}/short.txt`])).stdout);
    const leader = report.unmapped.find((u) => u.object === '/v2/leader')!;
    expect(leader).toMatchObject({
      uid: 'ops-dashboard-sa',
      action: 'ViewResource',
      result: 'deny',
    });
    expect(leader.problem).toMatch(/does not name Leader, Events or SystemConfig/);
    expect(leader.sample.text).toContain('action=ViewResource path=/v2/leader result=deny');
    const table = (await runCli([`${MEANING}/short.txt`])).stdout;
    expect(table).toContain('Records no permission is named for (never granted)');
    expect(table).toContain('action=ViewResource path=/v2/leader result=deny');
  });

  it('Metronome job ids take the docs form; --explain says when the record wrote another', async () => {
    const r = await runCli(['--explain', '-a', 'batch-sa', `${MEANING}/json.txt`]);
    const explained = r.stdout.slice(r.stdout.indexOf('Why (--explain):'));
    const [job1, job2] = explained.split(/\n {2}(?=dcos:)/).slice(1);
    expect(job1).toMatch(/^dcos:service:metronome:metronome:jobs:dev\.batch\.job1 delete/);
    expect(job1).toMatch(
      /mapping not certain: the record wrote the job as \/dev\/batch\/job1; granted as dev\.batch\.job1/,
    );
    expect(job2).toMatch(/^dcos:service:metronome:metronome:jobs:dev\.batch\.job2 create/);
    expect(job2).not.toContain('mapping not certain');
  });

  it("reads dcos-log's text form (dcos node log) with its hosts", async () => {
    const r = await runCli(['-f', 'json', `${MEANING}/dcos-node-log.txt`]);
    const report = json(r.stdout);
    const hosts = report.accounts.flatMap((a) => a.denied.flatMap((d) => d.hosts));
    expect(new Set(hosts)).toEqual(
      new Set(['master-1.example', 'master-2.example', 'master-3.example']),
    );
    expect(report.stats).toMatchObject({ lines: 20, records: 18, malformed: 0, suspicious: 0 });
  });
});
