import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHeld, HeldError, readHeld, type WantedGrant } from '../../src/rules/held.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** An IAM answer to GET /users/<uid>/permissions, as IAM writes it. */
function answer(direct: [string, string[]][], groups: [string, string, string[]][] = []): string {
  const actions = (names: string[]) => names.map((name) => ({ name, url: `/x/${name}` }));
  return JSON.stringify({
    direct: direct.map(([rid, names]) => ({
      rid,
      description: 'd',
      aclurl: '/acls/x',
      actions: actions(names),
    })),
    groups: groups.map(([gid, rid, names]) => ({
      rid,
      gid,
      description: 'd',
      aclurl: '/acls/x',
      membershipurl: '/groups/x',
      actions: actions(names),
    })),
  });
}

const want = (rid: string, action: string, uid = 'kafka'): WantedGrant => ({ uid, rid, action });
const check = (text: string, wanted: WantedGrant[]) =>
  checkHeld(wanted, [readHeld(text, 'answer', 'kafka')]);
const ids = (gs: WantedGrant[]) => gs.map((g) => `${g.rid} ${g.action}`);

describe('checkHeld: what the account holds against the grants it needs', () => {
  it('counts direct grants, grants through a group, a shorter id and full', () => {
    const text = answer(
      [
        ['dcos:mesos:master:task:user:nobody', ['create']],
        ['dcos:mesos:master:reservation:role', ['create']],
        ['dcos:adminrouter:ops:mesos', ['full']],
      ],
      [['kafka-ops', 'dcos:mesos:master:volume:role:kafka-role', ['create', 'delete']]],
    );
    const result = check(text, [
      want('dcos:mesos:master:task:user:nobody', 'create'),
      want('dcos:mesos:master:reservation:role:kafka-role', 'create'),
      want('dcos:adminrouter:ops:mesos', 'read'),
      want('dcos:mesos:master:volume:role:kafka-role', 'delete'),
    ]);
    expect(result.missing).toEqual([]);
    expect(result.held.map((h) => h.by)).toEqual([
      'dcos:mesos:master:task:user:nobody create (direct)',
      'dcos:mesos:master:reservation:role create (direct)',
      'dcos:adminrouter:ops:mesos full (direct)',
      'dcos:mesos:master:volume:role:kafka-role delete (group kafka-ops)',
    ]);
  });

  it('lists what is missing: another action, an id that only starts alike, a longer id', () => {
    const text = answer([
      ['dcos:mesos:master:task:user:nobody', ['read']],
      ['dcos:mesos:master:framework:role', ['create']],
      ['dcos:adminrouter:ops:mesos:extra', ['full']],
    ]);
    const result = check(text, [
      want('dcos:mesos:master:task:user:nobody', 'create'),
      want('dcos:mesos:master:framework:roles', 'create'),
      want('dcos:adminrouter:ops:mesos', 'full'),
    ]);
    expect(ids(result.missing)).toEqual([
      'dcos:mesos:master:task:user:nobody create',
      'dcos:mesos:master:framework:roles create',
      'dcos:adminrouter:ops:mesos full',
    ]);
  });

  it('does not count dcos:superuser, directly or through a group: the account still holds it', () => {
    const text = answer([['dcos:superuser', ['full']]], [['admins', 'dcos:superuser', ['full']]]);
    const result = check(text, [want('dcos:adminrouter:ops:mesos', 'full')]);
    expect(ids(result.missing)).toEqual(['dcos:adminrouter:ops:mesos full']);
  });

  it('reads the saved answer of the fixtures as --existing does', () => {
    const text = readFileSync(join(ROOT, 'fixtures/existing/kafka-principal.json'), 'utf8');
    const file = readHeld(text, 'kafka-principal.json', 'kafka-principal');
    const result = checkHeld(
      [
        want('dcos:mesos:master:framework:role:kafka-role', 'create', 'kafka-principal'),
        want('dcos:mesos:master:task:user:nobody', 'create', 'kafka-principal'),
      ],
      [file],
    );
    expect(ids(result.held.map((h) => h.grant))).toEqual([
      'dcos:mesos:master:framework:role:kafka-role create',
    ]);
    expect(ids(result.missing)).toEqual(['dcos:mesos:master:task:user:nobody create']);
  });
});

describe('readHeld: an answer of another shape is never read as holding something, or nothing', () => {
  it.each([
    ['', /empty/],
    ['   \n', /empty/],
    ['<html>502 Bad Gateway</html>', /not JSON/],
    ['kafka dcos:adminrouter full', /not JSON/],
    ['{"direct": [', /not JSON/],
    ['{}', /needs the lists direct and groups/],
    ['{"direct": []}', /needs the lists direct and groups/],
    ['{"groups": []}', /needs the lists direct and groups/],
    ['{"direct": "x", "groups": []}', /needs the lists direct and groups/],
    ['{"direct": [{"rid": 1}], "groups": []}', /not a GET \/acs\/api\/v1\/users/],
    ['[]', /needs the lists direct and groups/],
    ['null', /needs the lists direct and groups/],
    ['"direct groups"', /needs the lists direct and groups/],
  ])('refuses %j', (text, message) => {
    expect(() => readHeld(text, 'answer', 'kafka')).toThrow(HeldError);
    expect(() => readHeld(text, 'answer', 'kafka')).toThrow(message);
  });

  it.each([
    ['directly', answer([['dcos:superuser', ['full', 'execute']]])],
    ['through a group', answer([], [['admins', 'dcos:superuser', ['execute']]])],
  ])('refuses dcos:superuser held %s with an action it cannot name', (_, text) => {
    expect(() => readHeld(text, 'answer', 'kafka')).toThrow(
      new HeldError(
        'answer: dcos:superuser with the action "execute", not one of create, read, update, delete, full: not a GET /acs/api/v1/users/<uid>/permissions answer',
      ),
    );
  });

  it('says how the account holds dcos:superuser: each direct action, each group', () => {
    const text = answer(
      [['dcos:superuser', ['full', 'create', 'full']]],
      [
        ['admins', 'dcos:superuser', ['full', 'read']],
        ['ops', 'dcos:superuser', ['delete']],
      ],
    );
    expect(readHeld(text, 'answer', 'kafka').superuser).toEqual({
      direct: ['full', 'create'],
      groups: ['admins', 'ops'],
      unnamed: [],
    });
  });

  it('reads an answer with empty lists as holding nothing', () => {
    const result = check('{"direct": [], "groups": []}', [want('dcos:x', 'read')]);
    expect(ids(result.missing)).toEqual(['dcos:x read']);
  });
});
