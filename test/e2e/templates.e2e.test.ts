import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Report } from '../../src/report/schema.js';
import { runCli } from '../helpers/run-cli.js';

const CORPUS = 'fixtures/journals/templates/short-iso.txt';
const json = (stdout: string) => Report.parse(JSON.parse(stdout));
const account = (r: Report, uid: string) => r.accounts.find((a) => a.uid === uid)!;

const SDK_ROWS = [
  'dcos:mesos:master:framework:role:cassandra-role create',
  'dcos:mesos:master:reservation:role:cassandra-role create',
  'dcos:mesos:master:reservation:principal:cassandra-principal delete',
  'dcos:mesos:master:volume:role:cassandra-role create',
  'dcos:mesos:master:volume:principal:cassandra-principal delete',
  'dcos:mesos:master:task:user:nobody create',
];

describe('templates end to end', () => {
  it('a Cassandra-like account with two observed denials gets the full SDK set, four of them predicted (DC/OS 1.9)', async () => {
    const args = ['--template', 'cassandra@cassandra-principal', '--dcos-version', '1.9'];
    const r = await runCli(['-f', 'json', ...args, CORPUS]);
    expect(r.stderr).toBe('');
    const a = account(json(r.stdout), 'cassandra-principal');
    expect(a.denied.map((d) => [`${d.rid} ${d.action}`, d.templateState])).toEqual([
      ['dcos:mesos:master:framework:role:cassandra-role create', 'in-template'],
      ['dcos:mesos:master:task:user:nobody create', 'in-template'],
    ]);
    expect(a.predicted.map((p) => `${p.rid} ${p.action}`)).toHaveLength(4);
    const all = [...a.denied, ...a.predicted].map((x) => `${x.rid} ${x.action}`);
    expect(new Set(all)).toEqual(new Set(SDK_ROWS));
    expect(a.templates).toEqual([
      expect.objectContaining({ name: 'cassandra', rows: 6, seen: 2, predicted: 4 }),
    ]);

    // The commands: all six, the four predicted ones marked.
    const cli = (await runCli(['-f', 'cli', '-a', 'cassandra-principal', ...args, CORPUS])).stdout;
    const commands = cli.split('\n').filter((l) => l.startsWith('dcos security org users grant'));
    expect(commands).toHaveLength(6);
    expect(cli.match(/^# predicted by template cassandra row \d, not yet seen/gm)).toHaveLength(4);
    expect(cli).toContain('# cassandra-principal: 2 denied permissions, 4 predicted by templates');
  });

  it('from DC/OS 1.10 on, the agent task:user row is predicted too', async () => {
    const r = await runCli(['-f', 'json', '--template', 'cassandra@cassandra-principal', CORPUS]);
    const a = account(json(r.stdout), 'cassandra-principal');
    expect(a.predicted.map((p) => p.rid)).toContain('dcos:mesos:agent:task:user:nobody');
    expect(a.predicted).toHaveLength(5);
  });

  it('--template without @uid applies to every account; with role= the rows follow', async () => {
    const r = json(
      (
        await runCli([
          '-f',
          'json',
          '-a',
          'sched-sa',
          '-a',
          'spark-principal',
          '--template',
          'scheduler:role=batch-role',
          CORPUS,
        ])
      ).stdout,
    );
    expect(r.accounts.map((a) => a.templates.map((t) => t.params.role))).toEqual([
      ['batch-role'],
      ['batch-role'],
    ]);
    const spark = account(r, 'spark-principal');
    expect(spark.denied[0]!.templateState).toBe('not-in-template');
    expect(spark.suggestions).toEqual([]);
  });

  it('without --template, suggests templates with inferred parameters, and grants nothing more', async () => {
    const r = json((await runCli(['-f', 'json', CORPUS])).stdout);
    expect(account(r, 'cassandra-principal').suggestions[0]!.option).toBe(
      'cassandra@cassandra-principal',
    );
    expect(account(r, 'sched-sa').suggestions.map((s) => s.option)).toContain(
      'scheduler:role=batch-role@sched-sa',
    );
    expect(r.accounts.every((a) => a.predicted.length === 0)).toBe(true);
  });

  it('the table writes a suggested --template as a shell word that bash reads back whole', async () => {
    const deny = (uid: string) =>
      `2026-11-22T06:12:03+0000 master-1 bouncer.sh[1877]: [261122-06:12:03.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T06:12:03.431024Z srcip=127.0.0.1 authorizer=bouncer uid=${uid} action=create object=dcos:mesos:master:framework:role:* result=deny reason="no matching ACL"\n`;
    const table = (await runCli([], { stdin: deny('CORP\\svc-a') })).stdout;
    const word = /suggested template: --template (.+) \(explains/.exec(table)![1]!;
    const read = spawnSync('bash', ['--norc', '-c', `printf %s ${word}`], { encoding: 'utf8' });
    expect(read.stdout).toBe('scheduler:role=*@CORP\\svc-a');
  });

  it('--evidence allowed builds the grants from allow records, never from non-checks', async () => {
    const r = await runCli([
      '-f',
      'json',
      '--evidence',
      'allowed',
      '--existing',
      'fixtures/existing/hdfs-principal.json',
      CORPUS,
    ]);
    const report = json(r.stdout);
    const hdfs = account(report, 'hdfs-principal');
    expect(hdfs.superuser).toBe(true);
    expect(hdfs.denied.every((d) => d.basis === 'allowed')).toBe(true);
    const rids = hdfs.denied.map((d) => d.rid);
    expect(rids).toContain('dcos:mesos:master:framework:role:hdfs-role');
    expect(rids).not.toContain('dcos:adminrouter:acs');
    expect(rids).not.toContain('dcos:adminrouter:capabilities');
    expect(report.analysis.allowedNotChecks).toBe(2);
    // Denials are not evidence in this mode.
    expect(report.accounts.map((a) => a.uid)).not.toContain('cassandra-principal');
    const table = await runCli(['--evidence', 'allowed', CORPUS]);
    expect(table.stdout).toMatch(/with observed permissions\.$/m);
  });

  it('--evidence all merges deny and allow records and says which each grant rests on', async () => {
    const r = json((await runCli(['-f', 'json', '--evidence', 'all', CORPUS])).stdout);
    const bases = new Set(r.accounts.flatMap((a) => a.denied.map((d) => d.basis)));
    expect(bases).toEqual(new Set(['denied', 'allowed']));
  });

  it('--existing in both shapes: covered pairs are commented as already granted', async () => {
    const r = await runCli([
      '-f',
      'cli',
      '--existing',
      'kafka-principal=fixtures/existing/kafka-principal.json',
      '--existing',
      'fixtures/existing/grants.txt',
      '-a',
      'kafka-principal',
      CORPUS,
    ]);
    expect(r.stdout).toContain(
      '# already granted by dcos:mesos:master:framework:role:kafka-role create (group data-services',
    );
    expect(r.stdout).toContain('# already granted by dcos:mesos:master:reservation:role full');
    const active = r.stdout.split('\n').filter((l) => l.startsWith('dcos security'));
    expect(active.map((l) => l.split(' ')[6])).toEqual([
      'dcos:mesos:master:task:user:nobody',
      'dcos:mesos:master:volume:role:kafka-role',
    ]);
  });

  it('--existing naming a directory: one line that says to name the file in it', async () => {
    const r = await runCli(['--existing', 'fixtures/existing', CORPUS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'audit2grant: --existing fixtures/existing: is a directory: name the permissions file (JSON) in it\n',
    );
  });

  it('--security-mode permissive notes dcos:mesos rows as not enforced', async () => {
    const r = await runCli([
      '-f',
      'json',
      '--security-mode',
      'permissive',
      '--template',
      'marathon-lb@marathon-lb-sa',
      '--template',
      'kafka@kafka-principal',
      CORPUS,
    ]);
    const report = json(r.stdout);
    const kafka = account(report, 'kafka-principal');
    expect(kafka.predicted.every((p) => !p.enforced)).toBe(true);
    expect(kafka.predicted[0]!.why).toMatch(/not enforced in permissive mode/);
    expect(account(report, 'marathon-lb-sa').denied.every((d) => d.enforced)).toBe(true);
    expect(report.warnings.map((w) => w.code)).toContain('mode-mismatch');
  });

  it('--explain adds the evidence, template row, risk and sources to the table', async () => {
    const r = await runCli(['--explain', '-a', 'jenkins-principal', CORPUS]);
    expect(r.stdout).toContain('Why (--explain):');
    // `framework:role:*` is the literal default role the Jenkins guide grants, not a wildcard.
    expect(r.stdout).toMatch(
      /dcos:mesos:master:framework:role:\* create\n(?: {4}.*\n)*? {4}risk: none\n/,
    );
    expect(r.stdout).toMatch(/sample: fixtures\/journals\/templates\/short-iso\.txt:\d+: /);
    expect(r.stdout).toContain('sources: permissions reference: Mesos master');
  });

  it('lists the catalog and shows a template', async () => {
    const list = await runCli(['templates']);
    expect(list.code).toBe(0);
    for (const name of ['scheduler', 'cassandra', 'nifi', 'edge-lb', 'kubernetes-cluster'])
      expect(list.stdout).toContain(name);
    const one = await runCli(['templates', 'marathon-lb']);
    expect(one.stdout).toContain('dcos:service:marathon:marathon:admin:events');
    expect(one.stdout).toContain('Source: Marathon-LB installation guide');
    const old = await runCli(['templates', 'hdfs', '--dcos-version', '1.9']);
    expect(old.stdout).not.toMatch(/│ \d+ +│ dcos:mesos:agent:task:user/);
    const asJson = JSON.parse((await runCli(['templates', '--json'])).stdout) as unknown[];
    expect(asJson.length).toBeGreaterThan(15);
  });

  it.each([
    [['templates', 'nope'], /"nope" is not a template/],
    [['--template', 'nope', CORPUS], /"nope" is not a template/],
    [
      ['--template', 'kafka:colour=red', CORPUS],
      /unknown parameter "colour"; kafka's parameters are/,
    ],
    [['--template', 'scheduler', CORPUS], /parameter role has no default/],
    [['--template', 'kafka:enforceRole=true', '--dcos-version', '1.13', CORPUS], /from DC\/OS 2.0/],
    [['--existing', 'no/such.json', CORPUS], /--existing no\/such.json: no such file/],
    [['--evidence', 'maybe', CORPUS], /argument 'maybe' is invalid/],
    [['--security-mode', 'disabled', CORPUS], /argument 'disabled' is invalid/],
    [['--dcos-version', '2', CORPUS], /major\.minor/],
  ])('usage error %j: one line, exit 2', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
