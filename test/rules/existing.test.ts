import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAnalysis } from '../../src/cli/analysis-options.js';
import { grantPlan } from '../../src/report/grant-plan.js';
import {
  ExistingError,
  ExistingGrants,
  parseExisting,
  splitExistingArg,
  uidFromFileName,
} from '../../src/rules/existing.js';
import { analyze } from '../helpers/analyze.js';
import { tempDir } from '../helpers/temp-dir.js';

const ROOT = join(import.meta.dirname, '..', '..');
const fixture = (p: string) => join(ROOT, 'fixtures', p);
const corpus = () => readFileSync(fixture('journals/templates/json.txt'));

describe('parseExisting: IAM permissions answers', () => {
  it('reads direct and group permissions, each action a grant, the uid from the file name', () => {
    const file = parseExisting(
      readFileSync(fixture('existing/kafka-principal.json'), 'utf8'),
      'existing/kafka-principal.json',
      null,
    );
    expect(file).toMatchObject({ shape: 'iam', uid: 'kafka-principal', skipped: [] });
    expect(file.grants.map((g) => `${g.uid} ${g.rid} ${g.action} ${g.via}`)).toEqual([
      'kafka-principal dcos:mesos:master:volume:role:kafka create direct',
      'kafka-principal dcos:mesos:master:task:user:nobody read direct',
      'kafka-principal dcos:mesos:master:framework:role:kafka-role create group data-services',
    ]);
  });

  it('refuses an empty file, and lines where an IAM answer is meant (<uid>=)', () => {
    // What a failed `curl ... > kafka-principal.json` leaves.
    expect(() => parseExisting('', 'kafka-principal.json', null)).toThrow(
      /kafka-principal\.json: empty, as a failed fetch leaves it/,
    );
    expect(() => parseExisting('  \n', 'grants.txt', null)).toThrow(/grants\.txt: empty/);
    const line = 'svc dcos:mesos:master:task:user:nobody create\n';
    expect(() => parseExisting(line, 'held.txt', 'svc')).toThrow(
      /held\.txt: not an IAM permissions answer \(JSON\), which svc= names the account of/,
    );
    // Lines name their accounts themselves, whatever the file is called.
    expect(parseExisting(line, 'svc.json', null).grants).toHaveLength(1);
    expect(parseExisting(line, 'grants.txt', null).grants).toHaveLength(1);
  });

  it('takes the uid given as <uid>=<file> over the file name', () => {
    const file = parseExisting('{"direct":[],"groups":[]}', 'perm.json', 'svc');
    expect(file.uid).toBe('svc');
    expect(() => parseExisting('{"direct":[]}', 'not an id.json', null)).toThrow(
      /give it as --existing <uid>=/,
    );
  });

  it("refuses another account's answer, whose grants' URLs name that account", () => {
    const answer = readFileSync(fixture('existing/kafka-principal.json'), 'utf8');
    expect(() => parseExisting(answer, 'held.json', 'other-sa')).toThrow(
      /held\.json: this answer is of the account "kafka-principal", not other-sa: fetch GET \/acs\/api\/v1\/users\/other-sa\/permissions/,
    );
    // Its own account, named in a URL escaped as IAM escapes it.
    const own = JSON.stringify({
      direct: [
        {
          rid: 'dcos:x',
          actions: [{ name: 'read', url: '/acs/api/v1/acls/dcos:x/users/a%40b/read' }],
        },
      ],
      groups: [],
    });
    expect(parseExisting(own, 'held.json', 'a@b').grants).toHaveLength(1);
  });

  it("refuses another account's answer that holds grants through groups alone: its memberships name it", () => {
    const membership = (uid: string) =>
      JSON.stringify({
        direct: [],
        groups: [
          {
            rid: 'dcos:mesos:master',
            gid: 'ops',
            membershipurl: `/acs/api/v1/groups/ops/users/${uid}`,
            actions: [{ name: 'full', url: '/acs/api/v1/acls/dcos:mesos:master/groups/ops/full' }],
          },
        ],
      });
    expect(() => parseExisting(membership('bob'), 'held.json', 'kafka-principal')).toThrow(
      /held\.json: this answer is of the account "bob", not kafka-principal/,
    );
    expect(
      parseExisting(membership('kafka-principal'), 'held.json', 'kafka-principal').grants,
    ).toHaveLength(1);
  });

  it('skips, and says so, an action or id outside the grammar', () => {
    const file = parseExisting(
      JSON.stringify({
        direct: [
          { rid: 'dcos:adminrouter:ops:mesos', actions: [{ name: 'full' }, { name: 'fly' }] },
          { rid: 'dcos:$(x)', actions: [{ name: 'read' }] },
        ],
        groups: [],
      }),
      'sa.json',
      null,
    );
    expect(file.grants).toHaveLength(1);
    expect(file.skipped).toHaveLength(2);
  });

  it.each([
    ['{', /not valid JSON/],
    ['{"direct": "x"}', /not a GET \/acs\/api\/v1\/users\/<uid>\/permissions answer/],
    // What a request with an expired token saves in the answer's place.
    [
      '{"title": "Unauthorized", "description": "token expired", "code": "ERROR_TOKEN_EXPIRED"}',
      /not a GET \/acs\/api\/v1\/users\/<uid>\/permissions answer \(direct: /,
    ],
    ['{"direct": []}', /not a GET \/acs\/api\/v1\/users\/<uid>\/permissions answer \(groups: /],
  ])('refuses %s', (text, message) => {
    expect(() => parseExisting(text, 'sa.json', null)).toThrow(ExistingError);
    expect(() => parseExisting(text, 'sa.json', null)).toThrow(message);
  });
});

describe('parseExisting: <uid> <rid> <action> lines', () => {
  it('reads lines, skipping blanks and comments, each with its line', () => {
    const file = parseExisting(
      readFileSync(fixture('existing/grants.txt'), 'utf8'),
      'grants.txt',
      null,
    );
    expect(file.shape).toBe('lines');
    expect(file.grants.map((g) => [g.uid, g.rid, g.action, g.source])).toEqual([
      ['kafka-principal', 'dcos:mesos:master:reservation:role', 'full', 'grants.txt:2'],
      ['marathon-lb-sa', 'dcos:service:marathon:marathon:admin:events', 'read', 'grants.txt:3'],
    ]);
  });

  it.each([
    ['sa dcos:x', /expected "<uid> <rid> <action>"/],
    ['sa dcos:x fly', /action|one of/],
    ['s?a dcos:x read', /account id/],
    ['sa dcos:$(id) read', /permission id/],
  ])('refuses %s, naming the line', (text, message) => {
    expect(() => parseExisting(`# ok\n${text}\n`, 'g.txt', null)).toThrow(/g\.txt:2/);
    expect(() => parseExisting(text, 'g.txt', null)).toThrow(message);
  });
});

describe('--existing arguments', () => {
  it('splits <uid>=<file> unless the whole value is a file', () => {
    expect(splitExistingArg('sa=dir/p.json', () => false)).toEqual({
      uid: 'sa',
      path: 'dir/p.json',
    });
    expect(splitExistingArg('a=b.json', (p) => p === 'a=b.json')).toEqual({
      uid: null,
      path: 'a=b.json',
    });
    expect(uidFromFileName('/x/y/hdfs-principal.json')).toBe('hdfs-principal');
  });

  it('reports a missing file as a usage error naming it', () => {
    expect(() =>
      loadAnalysis({
        template: [],
        existing: ['no/such.json'],
        evidence: 'denied',
        securityMode: 'strict',
        dcosVersion: '2.2',
        explain: false,
      }),
    ).toThrow('--existing no/such.json: no such file: check the path');
  });
});

describe('ExistingGrants', () => {
  const grants = new ExistingGrants([
    parseExisting(
      'sa dcos:mesos:master:reservation:role full\nsa dcos:superuser full\n',
      'g.txt',
      null,
    ),
  ]);
  it('covers below a shorter id at : boundaries, never through dcos:superuser', () => {
    expect(
      grants.covering('sa', { rid: 'dcos:mesos:master:reservation:role:r', action: 'create' }),
    ).toBeDefined();
    expect(
      grants.covering('sa', { rid: 'dcos:mesos:master:reservation:roles', action: 'create' }),
    ).toBeUndefined();
    expect(grants.covering('sa', { rid: 'dcos:adminrouter:ops:mesos', action: 'full' })).toBe(
      undefined,
    );
    expect(grants.holdsSuperuser('sa')).toBe(true);
    expect(grants.known('other')).toBe(false);
  });

  it("covers every Marathon path from the root group's id, its path left out", () => {
    const lb = new ExistingGrants([
      parseExisting('lb dcos:service:marathon:marathon:services:/ read\n', 'lb.txt', null),
    ]);
    const app = (rid: string, action = 'read') =>
      lb.covering('lb', { rid: `dcos:service:marathon:marathon:services:${rid}`, action });
    expect(app('/dev/web')).toBeDefined();
    expect(app('/')).toBeDefined();
    expect(app('/dev/web', 'update')).toBeUndefined();
    expect(
      lb.covering('lb', { rid: 'dcos:service:marathon:marathon:servicesx', action: 'read' }),
    ).toBe(undefined);
  });
});

/** The report of the templates corpus with these --existing files. */
async function reportWith(existing: string[], evidence: 'denied' | 'allowed' = 'allowed') {
  const analysis = loadAnalysis({
    template: [],
    existing,
    evidence,
    securityMode: 'strict',
    dcosVersion: '2.2',
    explain: false,
  });
  return analyze(corpus(), { analysis });
}

/** The denied pairs of the templates corpus marked already granted, per account. */
async function marked(existing: string[]) {
  const report = await reportWith(existing, 'denied');
  const covered = report.accounts.flatMap((a) =>
    a.denied.filter((d) => d.alreadyGranted).map((d) => `${a.uid} ${d.rid} ${d.action}`),
  );
  const plan = grantPlan(report, { allowRisky: false });
  const planned = plan.accounts.flatMap((a) =>
    a.grants.filter((g) => g.active).map((g) => `${g.uid} ${g.rid} ${g.action}`),
  );
  return { report, covered, planned };
}

describe('--existing removes exactly the covered pairs', () => {
  it('IAM answer: the group permission covers its pair; a near miss and another action do not', async () => {
    const { covered, planned } = await marked([fixture('existing/kafka-principal.json')]);
    expect(covered).toEqual(['kafka-principal dcos:mesos:master:framework:role:kafka-role create']);
    expect(planned).not.toContain(
      'kafka-principal dcos:mesos:master:framework:role:kafka-role create',
    );
    expect(planned).toContain('kafka-principal dcos:mesos:master:volume:role:kafka-role create');
    expect(planned).toContain('kafka-principal dcos:mesos:master:task:user:nobody create');
  });

  it('lines: full on a shorter id covers, and a same-action grant covers', async () => {
    const { covered } = await marked([fixture('existing/grants.txt')]);
    expect(covered).toEqual([
      'kafka-principal dcos:mesos:master:reservation:role:kafka-role create',
      'marathon-lb-sa dcos:service:marathon:marathon:admin:events read',
    ]);
  });

  it('both shapes together: the union, and nothing else changes', async () => {
    const none = await marked([]);
    const both = await marked([
      fixture('existing/kafka-principal.json'),
      fixture('existing/grants.txt'),
    ]);
    expect(both.covered).toHaveLength(3);
    expect(new Set([...both.planned, ...both.covered])).toEqual(new Set(none.planned));
    expect(both.planned.length).toBe(none.planned.length - 3);
  });

  it('flags an account holding dcos:superuser, and never counts superuser as covering', async () => {
    const report = await reportWith([fixture('existing/hdfs-principal.json')]);
    const hdfs = report.accounts.find((a) => a.uid === 'hdfs-principal')!;
    expect(hdfs.superuser).toBe(true);
    expect(hdfs.existingGrants).toBe(2);
    expect(hdfs.denied.filter((d) => d.alreadyGranted).map((d) => d.rid)).toEqual([
      'dcos:mesos:master:task:user:nobody',
    ]);
    expect(report.accounts.find((a) => a.uid === 'kafka-principal')?.superuser ?? null).toBe(null);
  });

  it.each([
    [
      'directly',
      { direct: [{ rid: 'dcos:superuser', actions: [{ name: 'execute' }] }], groups: [] },
    ],
    [
      'through a group',
      {
        direct: [],
        groups: [{ rid: 'dcos:superuser', gid: 'admins', actions: [{ name: 'execute' }] }],
      },
    ],
  ])(
    'counts dcos:superuser held %s with an action outside the grammar, as IAM does',
    async (_, answer) => {
      const dir = tempDir('a2g-existing-');
      const file = join(dir, 'hdfs-principal.json');
      writeFileSync(file, JSON.stringify(answer));
      const report = await reportWith([file]);
      const hdfs = report.accounts.find((a) => a.uid === 'hdfs-principal')!;
      expect(hdfs.superuser).toBe(true);
      expect(hdfs.existingGrants).toBe(0);
      expect(report.analysis.existing[0]!.skipped).toEqual([
        expect.stringMatching(/ dcos:superuser execute: /),
      ]);
    },
  );
});
