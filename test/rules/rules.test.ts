import { describe, expect, it } from 'vitest';
import { type AuditRecord, kindOf } from '../../src/parser/audit-record.js';
import { assess, invalidity, isNative } from '../../src/rules/assess.js';
import { mappingDoubt, requestedPermission } from '../../src/rules/permission.js';
import { analyze } from '../helpers/analyze.js';

const base: AuditRecord = {
  component: 'iam',
  kind: 'authorization',
  result: 'deny',
  uid: 'sa',
  object: 'dcos:x',
  action: 'read',
  reason: undefined,
  time: undefined,
  truncated: false,
};

describe('requestedPermission', () => {
  it.each([
    ['CreateRunSpec', 'create'],
    ['ViewGroup', 'read'],
    ['UpdateGroup', 'update'],
    ['DeleteRunSpec', 'delete'],
  ])('maps Marathon %s to %s on the services path', (verb, action) => {
    expect(
      requestedPermission({ ...base, component: 'marathon', object: '/dev/web', action: verb }),
    ).toEqual({
      rid: 'dcos:service:marathon:marathon:services:/dev/web',
      action,
      mappedFrom: `${verb} /dev/web`,
    });
  });

  it.each([
    ['CreateRunSpec', 'dev/web'],
    ['ViewGroup', 'dev'],
    ['DeleteGroup', ''],
  ])(
    'leaves Marathon %s %j, a path without the leading / Marathon always logs, unmapped',
    (action, object) => {
      expect(requestedPermission({ ...base, component: 'marathon', object, action })).toEqual({
        unmapped: expect.stringMatching(/no leading \//),
      });
    },
  );

  it('lists such a record with its reason, and makes no grant of it', async () => {
    const line = (path: string) =>
      `Nov 22 10:07:00 master-2.example marathon.sh[5131]: [2026-11-22 10:07:00,120] INFO timestamp=2026-11-22T10:07:00.120Z type=audit uid=cicd-deployer srcip=10.0.4.17 srcport=52010 dstip=10.0.0.12 dstport=8080 authorizer=marathon action=CreateRunSpec path=${path} result=deny (dcos.marathon.auditlog:qtp1178290888-42)\n`;
    const report = await analyze(line('dev/web') + line('/dev/api'));
    expect(report.accounts.flatMap((a) => a.denied.map((d) => d.rid))).toEqual([
      'dcos:service:marathon:marathon:services:/dev/api',
    ]);
    expect(report.unmapped).toMatchObject([
      {
        uid: 'cicd-deployer',
        component: 'marathon',
        action: 'CreateRunSpec',
        object: 'dev/web',
        result: 'deny',
        problem: expect.stringMatching(/no leading \/: Marathon logs .* absolute/),
      },
    ]);
  });

  it.each([
    ['ViewResource', '/'],
    ['ViewResource', '/dev/web'],
    ['UpdateResource', '/v2/leader'],
    ['ViewResource', '/v2/events'],
    ['ViewResource', 'SystemMetrics'],
    ['DeleteResource', 'Leader'],
    ['CreateResource', 'events'],
    ['UpdateResource', 'SystemConfig'],
  ])('never maps Marathon %s %s to a services id: unmapped', (action, object) => {
    const p = requestedPermission({ ...base, component: 'marathon', object, action });
    expect(p).toEqual({ unmapped: expect.any(String) });
  });

  it.each([
    ['ViewResource', 'Leader', 'dcos:service:marathon:marathon:admin:leader', 'read'],
    ['UpdateResource', 'leader', 'dcos:service:marathon:marathon:admin:leader', 'update'],
    ['ViewResource', 'Events', 'dcos:service:marathon:marathon:admin:events', 'read'],
    ['ViewResource', 'events', 'dcos:service:marathon:marathon:admin:events', 'read'],
    ['ViewResource', 'SystemConfig', 'dcos:service:marathon:marathon:admin:config', 'read'],
    ['ViewResource', 'config', 'dcos:service:marathon:marathon:admin:config', 'read'],
  ])('maps Marathon %s %s, a resource named by its name, to %s %s', (verb, object, rid, action) => {
    expect(requestedPermission({ ...base, component: 'marathon', object, action: verb })).toEqual({
      rid,
      action,
      mappedFrom: `${verb} ${object}`,
    });
  });

  it.each([
    ['prod.backup', 'prod.backup'],
    ['/prod/backup', 'prod.backup'],
    ['/dev/batch/job1', 'dev.batch.job1'],
    ['/backup', 'backup'],
    ['backup', 'backup'],
  ])('maps the Metronome path %s to the job id %s, as the docs grant it', (path, job) => {
    expect(
      requestedPermission({ ...base, component: 'metronome', object: path, action: 'ViewRunSpec' }),
    ).toEqual({
      rid: `dcos:service:metronome:metronome:jobs:${job}`,
      action: 'read',
      mappedFrom: `ViewRunSpec ${path}`,
    });
  });

  it('says when a Metronome job id was rewritten from the record, and only then', () => {
    const rid = 'dcos:service:metronome:metronome:jobs:dev.batch.job1';
    expect(mappingDoubt(rid, ['DeleteRunSpec /dev/batch/job1'])).toMatch(
      /wrote the job as \/dev\/batch\/job1; granted as dev\.batch\.job1.*not certain/,
    );
    expect(mappingDoubt(rid, ['DeleteRunSpec dev.batch.job1'])).toBeUndefined();
    expect(
      mappingDoubt('dcos:service:marathon:marathon:services:/dev/web', ['CreateRunSpec /dev/web']),
    ).toBeUndefined();
  });

  it.each([
    ['metronome', 'ViewRunSpec', '/'],
    ['metronome', 'ViewRunSpec', '/a//b'],
    ['metronome', 'ViewResource', 'jobs'],
    ['marathon', 'LaunchRockets', '/a'],
    ['marathon', 'CreatePod', '/a'],
  ] as const)('leaves %s %s %s unmapped', (component, action, object) => {
    expect(requestedPermission({ ...base, component, object, action })).toEqual({
      unmapped: expect.any(String),
    });
  });

  it('takes permission ids as written', () => {
    expect(
      requestedPermission({
        ...base,
        component: 'mesos-master',
        object: 'dcos:mesos:master:flags',
        action: 'read',
      }),
    ).toEqual({
      rid: 'dcos:mesos:master:flags',
      action: 'read',
    });
  });
});

describe('kindOf', () => {
  it('reads an HTTP verb on a Mesos endpoint path as an authentication, never a permission check', () => {
    expect(kindOf('mesos-agent', false, '/slave(1)/state', 'GET')).toBe('authentication');
    expect(kindOf('mesos-master', false, '/master/state', 'POST')).toBe('authentication');
    expect(kindOf('mesos-master', false, 'dcos:mesos:master:flags', 'read')).toBe('authorization');
    expect(kindOf('iam', false, '/slave(1)/state', 'GET')).toBe('authorization');
    expect(kindOf('iam', true, '', 'password-login')).toBe('login');
  });
});

describe('grammar', () => {
  it.each([
    'dcos:adminrouter:ops:mesos',
    'dcos:mesos:master:framework:role:slave_public/kubernetes-cluster1-role',
    'dcos:mesos:master:framework:role:*',
    'dcos:secrets:default:/dcos-edgelb/*',
    'dcos:service:marathon:marathon:services:/dev/app',
    'dcos:mesos:agent:endpoint:path:/slave(1)/state',
  ])('accepts %s', (rid) => {
    expect(invalidity('sa', rid, 'read')).toBeUndefined();
  });

  it.each([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell expansion is the hostile input under test
    'dcos:adminrouter:service:x;touch${IFS}pwned',
    'dcos:a b',
    "dcos:x'y",
    'dcos:x"y',
    'dcos:$(id)',
    'dcos:`id`',
    'dcos:x\ny',
    'dcos:x|y',
    'dcos:x(y)',
    'dcos:',
    'mesos:x',
    `dcos:${'a'.repeat(600)}`,
  ])('rejects %j', (rid) => {
    expect(invalidity('sa', rid, 'read')).toMatch(/permission id/);
  });

  it('checks accounts against the IAM charset and actions against the five', () => {
    expect(invalidity('kafka-principal', 'dcos:x', 'full')).toBeUndefined();
    expect(invalidity('a b', 'dcos:x', 'full')).toMatch(/account/);
    expect(invalidity('x'.repeat(97), 'dcos:x', 'full')).toMatch(/account/);
    expect(invalidity('sa', 'dcos:x', 'GET')).toMatch(/action/);
  });
});

describe('assess', () => {
  it('never grants superuser, even with --allow-risky', () => {
    expect(assess('sa', 'dcos:superuser', 'full').status).toBe('never');
    // In any letter case, and the risky ids too.
    expect(assess('sa', 'dcos:SUPERUSER', 'create').status).toBe('never');
    expect(assess('sa', 'dcos:mesos:master:task:user:ROOT', 'create').status).toBe('risky');
  });

  it('never changes DC/OS-native accounts, except dcos_marathon and dcos_metronome', () => {
    expect(isNative('dcos_diagnostics_master')).toBe(true);
    expect(assess('dcos_diagnostics_master', 'dcos:adminrouter:ops:mesos', 'full').status).toBe(
      'never',
    );
    expect(assess('dcos_marathon', 'dcos:mesos:master:task:user:alice', 'create').status).toBe(
      'grant',
    );
    expect(assess('dcos_metronome', 'dcos:mesos:master:task:user:alice', 'create').status).toBe(
      'grant',
    );
  });

  it.each([
    ['dcos:mesos:master:task:user:root', 'create', /root/],
    ['dcos:mesos:agent:task:user:root', 'create', /root/],
    ['dcos:mesos:master:framework:role', 'create', /whole family/],
    ['dcos:mesos:master:reservation:principal', 'delete', /whole family/],
    ['dcos:mesos:master:task', 'create', /whole family or more/],
    ['dcos:mesos:agent:task', 'create', /whole family or more/],
    ['dcos:mesos:master:framework', 'create', /whole family or more/],
    ['dcos:mesos:agent:nested_container_session', 'create', /whole family or more/],
    ['dcos:mesos:master:endpoint', 'full', /whole family or more/],
    ['dcos:mesos:master', 'create', /whole component/],
    ['dcos:mesos:master:task:app_id:/', 'create', /root group/],
    ['dcos:mesos:agent:sandbox:app_id:/', 'read', /root group/],
    ['dcos:mesos:agent:container:app_id:/', 'update', /root group/],
    ['dcos:secrets:default:/x/*', 'read', /wildcard/],
    ['dcos:secrets:list:default:/x/*', 'read', /wildcard/],
    ['dcos:cluster:linker:*', 'create', /wildcard/],
    ['dcos:mesos:master:task:user:*', 'create', /wildcard/],
    ['dcos:mesos:master:framework:role:*:x', 'create', /wildcard/],
    ['dcos:secrets:default:/', 'read', /secrets store root/],
    ['dcos:secrets:default', 'read', /secrets store root/],
    ['dcos:adminrouter:acs', 'full', /superuser/],
    ['dcos:service:marathon:marathon:services:/', 'create', /root group/],
    ['dcos:service:marathon:marathon:services', 'create', /root group/],
    ['dcos:service:marathon:marathon:services', 'full', /root group/],
    ['dcos:service:marathon:mom:services', 'update', /root group/],
    ['dcos:service:marathon:marathon', 'read', /whole component/],
    ['dcos:service:marathon:marathon:admin:leader', 'update', /abdicate/],
    ['dcos:service:marathon:marathon:admin:leader', 'full', /abdicate/],
    ['dcos:service:marathon:marathon:admin', 'full', /abdicate/],
    ['dcos:service:marathon:mom:admin:leader', 'update', /abdicate/],
    ['dcos:service:metronome:metronome:jobs', 'delete', /every job/],
    ['dcos:service:metronome:metronome', 'create', /whole component/],
    ['dcos:mesos', 'full', /whole component/],
    ['dcos', 'full', /whole component/],
  ])('flags %s %s as risky', (rid, action, why) => {
    const a = assess('sa', rid, action);
    expect(a.status).toBe('risky');
    expect(a.note).toMatch(why);
  });

  it.each([
    ['dcos:mesos:master:framework:role:kafka-role', 'create'],
    ['dcos:mesos:master:task:user:nobody', 'create'],
    ['dcos:service:marathon:marathon:services:/', 'read'],
    ['dcos:service:marathon:marathon:services', 'read'],
    ['dcos:service:marathon:marathon:services:/dev', 'create'],
    ['dcos:service:metronome:metronome:jobs', 'read'],
    ['dcos:service:marathon:marathon:admin:leader', 'read'],
    // Not the leader: the rule for it does not reach its siblings.
    ['dcos:service:marathon:marathon:admin:config', 'update'],
    ['dcos:service:marathon:marathon:admin:events', 'full'],
    ['dcos:service:marathon:marathon:admin:leader:x', 'update'],
    ['dcos:service:metronome:metronome:jobs:dev.batch', 'create'],
    ['dcos:secrets:default:/app/db-password', 'read'],
    // `*` as a role is the literal default role (the Spark and Jenkins guides grant it).
    ['dcos:mesos:master:framework:role:*', 'create'],
    ['dcos:mesos:master:framework:role:*', 'read'],
    ['dcos:mesos:master:reservation:role:*', 'create'],
    ['dcos:mesos:master:quota:role:*', 'update'],
    ['dcos:mesos:agent:container:role:*', 'update'],
  ])('grants %s %s', (rid, action) => {
    expect(assess('sa', rid, action)).toEqual({ status: 'grant' });
  });
});
