import { describe, expect, it } from 'vitest';
import { rowCovers } from '../../src/rules/coverage.js';
import { catalog } from '../../src/rules/data/templates.js';
import { PermissionId, problemOf } from '../../src/rules/grammar.js';
import { suggestTemplates } from '../../src/rules/suggest.js';
import {
  compareVersions,
  DCOS_RELEASES,
  findTemplate,
  instantiate,
  LATEST_DCOS,
  parseTemplateSpec,
  sdkRole,
  serviceOfSdkRole,
  TemplateError,
} from '../../src/rules/templates.js';

const SDK = [
  'sdk',
  'cassandra',
  'kafka',
  'confluent-kafka',
  'hdfs',
  'elastic',
  'kafka-zookeeper',
  'nifi',
];
const pair = (rid: string, action = 'create') => ({ rid, action });

describe('the catalog', () => {
  it('has every template the issue asks for', () => {
    const names = catalog().map((t) => t.name);
    for (const name of [
      'scheduler',
      'reservations',
      'persistent-volumes',
      ...SDK,
      'spark',
      'marathon-lb',
      'edge-lb',
      'jenkins',
      'kubernetes-cluster',
    ])
      expect(names).toContain(name);
  });

  it.each(catalog().map((t) => [t.name, t] as const))(
    '%s: every row, filled in for every supported version, passes the grammar and names a source',
    (_name, t) => {
      const required = Object.fromEntries(
        t.params.filter((p) => p.default === undefined).map((p) => [p.name, `x-${p.name}`]),
      );
      for (const version of ['1.8', '1.9', '1.10', '1.13', '2.0', '2.2']) {
        const { rows } = instantiate(t, required, 'some-sa', version);
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) {
          expect(problemOf(PermissionId, row.rid), row.rid).toBeUndefined();
          expect(row.rid).not.toMatch(/[{}]/);
          expect(row.description).not.toMatch(/[{}]/);
          expect(row.source.length).toBeGreaterThan(0);
        }
      }
    },
  );

  it.each(SDK)('%s: the SDK set, with the agent task:user row from DC/OS 1.10 on', (name) => {
    const t = findTemplate(name)!;
    const params = name === 'sdk' ? { service: 'mysvc' } : {};
    const role = name === 'sdk' ? 'mysvc-role' : `${name}-role`;
    const rows = (v: string) =>
      instantiate(t, params, 'svc-principal', v).rows.map((r) => `${r.rid} ${r.action}`);
    const six = [
      `dcos:mesos:master:framework:role:${role} create`,
      `dcos:mesos:master:reservation:role:${role} create`,
      'dcos:mesos:master:reservation:principal:svc-principal delete',
      `dcos:mesos:master:volume:role:${role} create`,
      'dcos:mesos:master:volume:principal:svc-principal delete',
      'dcos:mesos:master:task:user:nobody create',
    ];
    expect(rows('1.9')).toEqual(six);
    expect(rows('1.10')).toEqual([...six, 'dcos:mesos:agent:task:user:nobody create']);
    expect(rows(LATEST_DCOS)).toHaveLength(7);
  });

  it('describes only releases --dcos-version takes, oldest first, the newest the default', () => {
    const releases: readonly string[] = DCOS_RELEASES;
    for (const t of catalog()) {
      expect(releases, t.name).toContain(t.dcos.from);
      expect(releases, t.name).toContain(t.dcos.to);
      for (const row of t.rows) if (row.since) expect(releases, row.rid).toContain(row.since);
    }
    expect([...releases].sort(compareVersions)).toEqual(releases);
    expect(LATEST_DCOS).toBe(releases.at(-1));
  });

  it("uses the SDK guides' --description texts", () => {
    const rows = instantiate(findTemplate('cassandra')!, {}, 'c-sa', '2.2').rows;
    expect(rows.map((r) => r.description)).toContain(
      'Allow registering as a framework of role cassandra-role with Mesos master',
    );
    expect(rows.map((r) => r.description)).toContain(
      'Allow unreserving Mesos resource reservations with principal c-sa',
    );
  });
});

describe('parameters', () => {
  it.each([
    ['/pkg', false, 'pkg-role'],
    ['pkg', false, 'pkg-role'],
    ['/team01/prod/pkg', false, 'team01__prod__pkg-role'],
    ['/team01/prod/pkg', true, 'team01'],
    ['/pkg', true, 'pkg-role'],
  ] as const)('sdkRole(%s, enforceRole=%s) = %s', (service, enforce, role) => {
    expect(sdkRole(service, enforce)).toBe(role);
  });

  it('reads a service back from an SDK role', () => {
    expect(serviceOfSdkRole('team01__prod__pkg-role')).toBe('team01/prod/pkg');
    expect(serviceOfSdkRole('kafka-role')).toBe('kafka');
    expect(serviceOfSdkRole('team01')).toBeUndefined();
  });

  it('derives the role from the service, with and without enforceRole', () => {
    const t = findTemplate('kafka')!;
    const role = (params: Record<string, string>) => instantiate(t, params, 'k', '2.2').params.role;
    expect(role({})).toBe('kafka-role');
    expect(role({ service: '/team01/prod/kafka' })).toBe('team01__prod__kafka-role');
    expect(role({ service: '/team01/prod/kafka', enforceRole: 'true' })).toBe('team01');
    expect(role({ service: '/team01/prod/kafka', role: 'mine' })).toBe('mine');
  });

  it('defaults the principal to the account', () => {
    const rows = instantiate(findTemplate('edge-lb')!, {}, 'my-lb', '2.2').rows;
    expect(rows.map((r) => r.rid)).toContain('dcos:mesos:master:framework:principal:my-lb');
    const given = instantiate(findTemplate('kafka')!, { principal: 'other' }, 'k', '2.2').rows;
    expect(given.map((r) => r.rid)).toContain('dcos:mesos:master:volume:principal:other');
  });

  it.each([
    [{ role: 'a:b' }, /role=a:b/],
    [{ role: 'a,b' }, /role=a,b/],
    [{ principal: 'not an id' }, /account id/],
    [{ enforceRole: 'yes' }, /true or false/],
    [{ service: 'x:y' }, /Marathon app id/],
  ])('refuses %j', (params, message) => {
    expect(() => instantiate(findTemplate('cassandra')!, params, 'c', '2.2')).toThrow(message);
  });

  it('refuses enforceRole before DC/OS 2.0, and a required parameter left out', () => {
    expect(() => instantiate(findTemplate('kafka')!, { enforceRole: 'true' }, 'k', '1.13')).toThrow(
      /from DC\/OS 2.0 on/,
    );
    expect(() => instantiate(findTemplate('scheduler')!, {}, 'k', '2.2')).toThrow(
      /parameter role has no default/,
    );
  });

  it('sdk: the role alone will do, as its note says; neither is refused, naming both', () => {
    const sdk = findTemplate('sdk')!;
    const byRole = instantiate(sdk, { role: 'team01' }, 'svc', '2.2');
    expect(byRole.params).toMatchObject({ role: 'team01', principal: 'svc' });
    expect(byRole.params.service).toBeUndefined();
    expect(byRole.rows.map((r) => r.rid)).toContain('dcos:mesos:master:framework:role:team01');
    expect(instantiate(sdk, { service: '/team01/prod/db' }, 'svc', '2.2').params.role).toBe(
      'team01__prod__db-role',
    );
    expect(() => instantiate(sdk, {}, 'svc', '2.2')).toThrow(
      'sdk: parameter service has no default: give --template sdk:service=<service> (or sdk:role=<role>, which is derived from it)',
    );
  });

  it('compares versions as numbers', () => {
    expect(compareVersions('1.10', '1.9')).toBeGreaterThan(0);
    expect(compareVersions('2.0', '1.13')).toBeGreaterThan(0);
    expect(compareVersions('2.2', '2.2')).toBe(0);
  });
});

describe('parseTemplateSpec', () => {
  it('reads a name, parameters and an account', () => {
    expect(parseTemplateSpec('cassandra:role=cassandra-role')).toEqual({
      name: 'cassandra',
      params: { role: 'cassandra-role' },
      uid: null,
    });
    expect(parseTemplateSpec('kafka:service=/a/kafka,user=nobody@user@example.com')).toEqual({
      name: 'kafka',
      params: { service: '/a/kafka', user: 'nobody' },
      uid: 'user@example.com',
    });
    expect(parseTemplateSpec('marathon-lb@mlb')).toEqual({
      name: 'marathon-lb',
      params: {},
      uid: 'mlb',
    });
  });

  it.each([
    ['nope', /is not a template/],
    [
      'kafka:colour=blue',
      /^kafka: unknown parameter "colour"; kafka's parameters are service, enforceRole, role, principal, user \(see audit2grant templates kafka\)$/,
    ],
    ['kafka:role', /not <param>=<value>; kafka's parameters are service, /],
    ['kafka:role=a,role=b', /given twice/],
    ['kafka@bad uid', /not an account id/],
  ])('refuses %s', (spec, message) => {
    expect(() => parseTemplateSpec(spec)).toThrow(TemplateError);
    expect(() => parseTemplateSpec(spec)).toThrow(message);
  });
});

describe('rowCovers', () => {
  const row = { rid: 'dcos:secrets:default:/k8s/*', action: 'full', glob: true } as const;
  it('reads a glob row as a prefix, only where the row says so', () => {
    expect(rowCovers(row, pair('dcos:secrets:default:/k8s/ca', 'read'))).toBe(true);
    expect(rowCovers(row, pair('dcos:secrets:default:/k8s-other/ca', 'read'))).toBe(false);
    const literal = { rid: 'dcos:mesos:master:framework:role:*', action: 'create', glob: false };
    expect(rowCovers(literal, pair('dcos:mesos:master:framework:role:web'))).toBe(false);
    expect(rowCovers(literal, pair('dcos:mesos:master:framework:role:*'))).toBe(true);
  });
});

describe('suggestTemplates', () => {
  it('suggests the SDK template named by the role, with no parameter to give', () => {
    const s = suggestTemplates(
      'kafka-principal',
      [
        pair('dcos:mesos:master:framework:role:kafka-role'),
        pair('dcos:mesos:master:reservation:role:kafka-role'),
        pair('dcos:mesos:master:task:user:nobody'),
      ],
      '2.2',
    );
    expect(s[0]).toMatchObject({ template: 'kafka', option: 'kafka@kafka-principal', explains: 3 });
  });

  it('infers the service of another SDK role, and the role of a custom scheduler', () => {
    const pairs = [
      pair('dcos:mesos:master:framework:role:team01__prod__search-role'),
      pair('dcos:mesos:master:reservation:role:team01__prod__search-role'),
      pair('dcos:mesos:master:volume:role:team01__prod__search-role'),
      pair('dcos:mesos:master:reservation:principal:search-sa', 'delete'),
    ];
    const s = suggestTemplates('search-sa', pairs, '2.2');
    expect(s[0]!.option).toBe('sdk:service=team01/prod/search@search-sa');
    expect(s[0]!.explains).toBe(4);
    const sched = suggestTemplates(
      'sched',
      [pair('dcos:mesos:master:framework:role:batch')],
      '2.2',
    );
    expect(sched.map((x) => x.option)).toContain('scheduler:role=batch@sched');
  });

  it('suggests one template per family, at most three, none for nothing observed', () => {
    const s = suggestTemplates(
      'x-sa',
      [
        pair('dcos:mesos:master:framework:role:hdfs-role'),
        pair('dcos:mesos:master:task:user:nobody'),
      ],
      '2.2',
    );
    expect(s.length).toBeLessThanOrEqual(3);
    expect(new Set(s.map((x) => x.family)).size).toBe(s.length);
    expect(suggestTemplates('x', [], '2.2')).toEqual([]);
  });
});
