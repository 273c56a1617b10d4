import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/parser/audit-record.js';
import { assess, invalidity, isNative } from '../../src/rules/assess.js';
import { requestedPermission } from '../../src/rules/permission.js';

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
    ['UpdateResource', 'update'],
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

  it('maps Metronome paths to jobs', () => {
    expect(
      requestedPermission({
        ...base,
        component: 'metronome',
        object: 'prod.backup',
        action: 'ViewRunSpec',
      }).rid,
    ).toBe('dcos:service:metronome:metronome:jobs:prod.backup');
  });

  it('leaves an unknown plugin verb as is, so the grammar rejects it', () => {
    const p = requestedPermission({
      ...base,
      component: 'marathon',
      object: '/a',
      action: 'LaunchRockets',
    });
    expect(p.action).toBe('LaunchRockets');
    expect(invalidity('sa', p.rid, p.action)).toMatch(/action/);
  });

  it('maps Mesos endpoint denials to endpoint:path, marked as mapped', () => {
    expect(
      requestedPermission({
        ...base,
        component: 'mesos-agent',
        object: '/slave(1)/state',
        action: 'GET',
      }),
    ).toEqual({
      rid: 'dcos:mesos:agent:endpoint:path:/slave(1)/state',
      action: 'read',
      mappedFrom: 'GET /slave(1)/state',
    });
    expect(
      requestedPermission({ ...base, component: 'mesos-master', object: '/api/v1', action: 'POST' })
        .action,
    ).toBe('full');
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
    ['dcos:mesos:master:framework:role:*', 'create', /wildcard/],
    ['dcos:secrets:default:/', 'read', /secrets store root/],
    ['dcos:secrets:default', 'read', /secrets store root/],
    ['dcos:adminrouter:acs', 'full', /superuser/],
    ['dcos:service:marathon:marathon:services:/', 'create', /root group/],
    ['dcos:mesos', 'full', /whole component/],
  ])('flags %s %s as risky', (rid, action, why) => {
    const a = assess('sa', rid, action);
    expect(a.status).toBe('risky');
    expect(a.note).toMatch(why);
  });

  it.each([
    ['dcos:mesos:master:framework:role:kafka-role', 'create'],
    ['dcos:mesos:master:task:user:nobody', 'create'],
    ['dcos:service:marathon:marathon:services:/', 'read'],
    ['dcos:secrets:default:/app/db-password', 'read'],
  ])('grants %s %s', (rid, action) => {
    expect(assess('sa', rid, action)).toEqual({ status: 'grant' });
  });
});
