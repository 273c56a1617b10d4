import { describe, expect, it } from 'vitest';
import { isListedAction } from '../../../src/rules/data/listed-actions.js';

// The permissions reference's table of ids and their actions: a pair it
// lists, one it does not (granted, with a warning), and an id it gives no
// actions for (no word either way).
describe('the actions the permissions reference lists', () => {
  it.each([
    ['dcos:adminrouter:ops:mesos', 'full'],
    ['dcos:adminrouter:service:marathon', 'full'],
    ['dcos:mesos:master:framework:role:kafka-role', 'create'],
    ['dcos:mesos:master:framework:role', 'create'],
    ['dcos:mesos:master:reservation:principal:kafka-principal', 'delete'],
    ['dcos:mesos:master:volume:role:kafka-role', 'create'],
    ['dcos:mesos:master:quota:role:r', 'update'],
    ['dcos:mesos:agent:task:user:nobody', 'create'],
    ['dcos:mesos:agent:container:app_id:/dev', 'update'],
    ['dcos:mesos:agent:nested_container_session:user:nobody', 'create'],
    ['dcos:service:marathon:marathon:services:/dev/web', 'delete'],
    ['dcos:service:marathon:mom:services:/', 'read'],
    ['dcos:service:marathon:marathon:admin:events', 'full'],
    ['dcos:service:metronome:metronome:jobs:dev.batch', 'update'],
    ['dcos:secrets:default:/dcos-edgelb/*', 'full'],
    ['dcos:secrets:list:default:/kafka', 'read'],
    ['dcos:cluster:linker:*', 'create'],
    ['dcos:cluster:linker:c-1', 'read'],
  ])('%s %s: listed', (rid, action) => {
    expect(isListedAction(rid, action)).toBe(true);
  });

  it.each([
    ['dcos:adminrouter:ops:mesos', 'read'],
    ['dcos:mesos:master:framework:role:kafka-role', 'read'],
    ['dcos:mesos:master:task:app_id:/spark', 'full'],
    ['dcos:mesos:master:reservation:principal:kafka-principal', 'create'],
    ['dcos:service:marathon:marathon:admin:config', 'create'],
    ['dcos:secrets:list:default:/kafka', 'update'],
    ['dcos:cluster:linker:c-1', 'delete'],
  ])('%s %s: not listed', (rid, action) => {
    expect(isListedAction(rid, action)).toBe(false);
  });

  it.each([
    ['dcos:mesos:master:endpoint:path:/api/v1', 'full'],
    ['dcos:mesos:agent:sandbox:app_id:/dev', 'read'],
    ['dcos:superuser', 'full'],
    ['dcos:licensing', 'read'],
  ])('%s %s: the reference gives no actions', (rid, action) => {
    expect(isListedAction(rid, action)).toBeUndefined();
  });
});
