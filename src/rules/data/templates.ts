import * as z from 'zod';
import { Action, permissionIdProblem, uidProblem } from '../grammar.js';

/**
 * Minimum permission templates: what the DC/OS documentation says each kind
 * of service needs. Data, checked by zod when loaded: a mistake here fails at
 * start-up, not in a grant.
 *
 * Row ids are patterns: `{role}`, `{user}`, `{principal}` and `{service}` are
 * replaced by the template's parameters. A row marked `glob` ends in the
 * docs' `*` (secrets paths): it explains every id that starts with what comes
 * before the `*`. Everywhere else `*` is literal (the default role `*`).
 *
 * Version ranges follow the permissions reference (DC/OS 1.8 to 2.2). A
 * narrower bound is given only where the reference states one.
 */

/** A DC/OS release, `major.minor`. */
export const Version = z.string().regex(/^\d+\.\d+$/, 'a DC/OS version is major.minor, e.g. 2.1');
export type Version = z.infer<typeof Version>;

export const PARAM_NAMES = ['role', 'user', 'principal', 'service', 'enforceRole'] as const;
export const ParamName = z.enum(PARAM_NAMES);
export type ParamName = z.infer<typeof ParamName>;

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/**
 * The catalog's schema, built on first use like the catalog is checked (see
 * catalog()): building zod schemas is a good part of start-up.
 */
function catalogSchema() {
  /** How a parameter gets its value when none is given. */
  const ParamDefault = z.union([
    z.string().min(1),
    z.object({
      /**
       * `account`: the account the template is applied to.
       * `sdk-role`: the SDK's role name for `service` (see `sdkRole`).
       */
      derive: z.enum(['account', 'sdk-role']),
    }),
  ]);

  const Param = z.object({
    name: ParamName,
    description: z.string().min(1),
    /** Absent: the parameter must be given (or inferred, for suggestions). */
    default: ParamDefault.optional(),
  });

  const Row = z.object({
    rid: z.string().min(1),
    action: Action,
    /** The grant's `--description`; placeholders are replaced like in `rid`. */
    description: z.string().min(1),
    /** First DC/OS release that needs the row. */
    since: Version.optional(),
    glob: z.boolean().default(false),
    /** Where in the documentation the row comes from. */
    source: z.string().min(1),
  });

  const Template = z
    .object({
      name: z.string().regex(/^[a-z][a-z0-9-]*$/),
      /** Templates with the same rows (the SDK data services): one is suggested per family. */
      family: z.string().optional(),
      description: z.string().min(1),
      dcos: z.object({ from: Version, to: Version }),
      /** The account name the service's docs use. */
      docsAccount: z.string(),
      params: z.array(Param),
      rows: z.array(Row).min(1),
      source: z.string().min(1),
      notes: z.array(z.string()).default([]),
    })
    .superRefine((t, ctx) => {
      const declared = new Set(t.params.map((p) => p.name));
      for (const row of t.rows) {
        for (const text of [row.rid, row.description]) {
          for (const m of text.matchAll(PLACEHOLDER)) {
            if (!declared.has(m[1] as ParamName))
              ctx.addIssue({ code: 'custom', message: `${t.name}: {${m[1]}} is not a parameter` });
          }
        }
        if (row.glob && !row.rid.endsWith('*'))
          ctx.addIssue({ code: 'custom', message: `${t.name}: glob row ${row.rid} must end in *` });
      }
      const names = t.params.map((p) => p.name);
      if (new Set(names).size !== names.length)
        ctx.addIssue({ code: 'custom', message: `${t.name}: a parameter is declared twice` });
    });

  return z.array(Template).superRefine((ts, ctx) => {
    const names = ts.map((t) => t.name);
    for (const [i, n] of names.entries())
      if (names.indexOf(n) !== i) ctx.addIssue({ code: 'custom', message: `${n} twice` });
  });
}
type CatalogSchema = ReturnType<typeof catalogSchema>;
export type Template = z.infer<CatalogSchema>[number];
export type Param = Template['params'][number];
export type TemplateRow = Template['rows'][number];

// Shared pieces ------------------------------------------------------------

const REF = 'permissions reference, "Minimum permission templates"';
const SEED = `DC/OS 1.8 custom service authentication (${REF})`;
const SDK_SOURCE = `DC/OS SDK data-service installation guides, strict mode (${REF}, SDK data services)`;

const principal: Param = {
  name: 'principal',
  description: 'the service account the service registers with; defaults to the account',
  default: { derive: 'account' },
};
const nobody: Param = {
  name: 'user',
  description: 'the Linux user tasks run as (strict mode requires nobody)',
  default: 'nobody',
};
const role: Param = { name: 'role', description: 'the Mesos role' };

/** The six rows of the seed document, in its order (scheduler, reservations, volumes). */
const SCHEDULER_ROWS = [
  {
    rid: 'dcos:mesos:master:framework:role:{role}',
    action: 'create',
    description: 'Allow registering as a framework of role {role} with Mesos master',
    source: `${SEED}: scheduler minimum`,
  },
  {
    rid: 'dcos:mesos:master:task:user:{user}',
    action: 'create',
    description: 'Allow running a task as linux user {user}',
    source: `${SEED}: scheduler minimum`,
  },
] as const;
const RESERVATION_ROWS = [
  {
    rid: 'dcos:mesos:master:reservation:role:{role}',
    action: 'create',
    description: 'Allow creating Mesos resource reservations of role {role}',
    source: `${SEED}: reservations`,
  },
  {
    rid: 'dcos:mesos:master:reservation:principal:{principal}',
    action: 'delete',
    description: 'Allow unreserving Mesos resource reservations with principal {principal}',
    source: `${SEED}: reservations`,
  },
] as const;
const VOLUME_ROWS = [
  {
    rid: 'dcos:mesos:master:volume:role:{role}',
    action: 'create',
    description: 'Allow creating Mesos persistent volumes of role {role}',
    source: `${SEED}: persistent volumes`,
  },
  {
    rid: 'dcos:mesos:master:volume:principal:{principal}',
    action: 'delete',
    description: 'Allow deleting Mesos persistent volumes with principal {principal}',
    source: `${SEED}: persistent volumes`,
  },
] as const;

/** The SDK set: the six seed rows with the SDK guides' texts, and the agent row from 1.10. */
/** A row as written in this file, before zod fills in defaults. */
type RowInput = z.input<CatalogSchema>[number]['rows'][number];

function sdkRows(source: string): RowInput[] {
  return [
    ...[SCHEDULER_ROWS[0], ...RESERVATION_ROWS, ...VOLUME_ROWS, SCHEDULER_ROWS[1]].map((r) => ({
      ...r,
      source,
    })),
    {
      rid: 'dcos:mesos:agent:task:user:{user}',
      action: 'create',
      description: 'Allow running a task as linux user {user} on the agents',
      since: '1.10',
      source: `${source}; required by SDK services since DC/OS 1.10`,
    },
  ];
}

function sdkService(name: string, title: string) {
  return {
    name,
    family: 'sdk',
    description: `${title} (DC/OS SDK data service): the SDK set on role <service>-role`,
    dcos: { from: '1.8', to: '2.2' },
    docsAccount: `${name}-principal`,
    params: [
      {
        name: 'service',
        description: 'the service name (Marathon app id) the role is derived from',
        default: name,
      },
      {
        name: 'enforceRole',
        description:
          'true when the service runs in a group with enforceRole (DC/OS 2.0+): the role is then the top-level group',
        default: 'false',
      },
      {
        name: 'role',
        description: 'the Mesos role; derived from service and enforceRole',
        default: { derive: 'sdk-role' },
      },
      principal,
      nobody,
    ],
    rows: sdkRows(SDK_SOURCE),
    source: SDK_SOURCE,
    notes: [
      'role naming: /pkg -> pkg-role; /team01/prod/pkg -> team01__prod__pkg-role (1.13 and older, or 2.0+ with enforceRole=false), or team01 (2.0+ with enforceRole=true)',
    ],
  };
}

// The catalog ---------------------------------------------------------------

const CATALOG_DATA = [
  {
    name: 'scheduler',
    description: 'Scheduler minimum: register a framework on a role and run tasks as a user',
    dcos: { from: '1.8', to: '2.2' },
    docsAccount: '',
    params: [role, principal, nobody],
    rows: SCHEDULER_ROWS,
    source: SEED,
  },
  {
    name: 'reservations',
    description: 'Dynamic reservations: reserve resources for a role, unreserve them',
    dcos: { from: '1.8', to: '2.2' },
    docsAccount: '',
    params: [role, principal],
    rows: RESERVATION_ROWS,
    source: SEED,
  },
  {
    name: 'persistent-volumes',
    description: 'Persistent volumes: create them for a role, destroy them',
    dcos: { from: '1.8', to: '2.2' },
    docsAccount: '',
    params: [role, principal],
    rows: VOLUME_ROWS,
    source: SEED,
  },
  {
    ...sdkService('sdk', 'Any SDK data service'),
    params: sdkService('sdk', '').params.map((p) =>
      p.name === 'service'
        ? {
            name: 'service',
            description: 'the service name (Marathon app id), e.g. /team01/prod/mysvc',
          }
        : p,
    ),
    docsAccount: '<service>-principal',
    notes: [
      'give the service name (sdk:service=/team01/prod/mysvc) or the role (sdk:role=mysvc-role)',
      sdkService('sdk', '').notes[0],
    ],
  },
  sdkService('cassandra', 'Apache Cassandra'),
  sdkService('kafka', 'Apache Kafka'),
  sdkService('confluent-kafka', 'Confluent Kafka'),
  sdkService('hdfs', 'HDFS'),
  sdkService('elastic', 'Elastic'),
  sdkService('kafka-zookeeper', 'Kafka ZooKeeper'),
  sdkService('nifi', 'Apache NiFi'),
  {
    name: 'spark',
    description: 'Apache Spark dispatcher: role *, its app id, tasks as nobody',
    dcos: { from: '1.8', to: '2.2' },
    docsAccount: 'spark-principal',
    params: [
      {
        name: 'role',
        description: 'the Mesos role (the docs use the default role *)',
        default: '*',
      },
      { name: 'service', description: 'the dispatcher app id', default: 'spark' },
      principal,
      nobody,
    ],
    rows: [
      {
        ...SCHEDULER_ROWS[0],
        source: `Spark installation guide (${REF}, other services: Spark)`,
      },
      {
        rid: 'dcos:mesos:master:task:app_id:/{service}',
        action: 'create',
        description: 'Allow launching tasks of app /{service}',
        source: `Spark installation guide (${REF}, other services: Spark)`,
      },
      {
        ...SCHEDULER_ROWS[1],
        source: `Spark installation guide (${REF}, other services: Spark)`,
      },
    ],
    source: `Spark installation guide (${REF}, other services: Spark)`,
    notes: ['older Spark docs also grant dcos:mesos:master:task:user:root create'],
  },
  {
    name: 'marathon-lb',
    description: 'Marathon-LB: read every app and the event stream (required in strict mode)',
    dcos: { from: '1.8', to: '2.2' },
    docsAccount: 'marathon-lb-sa',
    params: [principal],
    rows: [
      {
        rid: 'dcos:service:marathon:marathon:services:/',
        action: 'read',
        description: 'Allow Marathon-LB to read every app',
        source: `Marathon-LB installation guide (${REF}, other services: Marathon-LB)`,
      },
      {
        rid: 'dcos:service:marathon:marathon:admin:events',
        action: 'read',
        description: 'Allow Marathon-LB to read the Marathon event stream',
        source: `Marathon-LB installation guide (${REF}, other services: Marathon-LB)`,
      },
    ],
    source: `Marathon-LB installation guide (${REF}, other services: Marathon-LB)`,
    notes: [
      'optional in disabled and permissive mode, required in strict; the 1.8 docs name the account mlb-principal',
    ],
  },
  {
    name: 'edge-lb',
    description: 'Edge-LB API server and pools: every grant full',
    dcos: { from: '1.8', to: '2.2' },
    docsAccount: 'edge-lb-principal',
    params: [principal],
    rows: [
      ['dcos:adminrouter:service:marathon', 'Admin Router: Marathon'],
      ['dcos:adminrouter:package', 'Admin Router: Cosmos packages'],
      ['dcos:adminrouter:service:edgelb', 'Admin Router: the Edge-LB API'],
      ['dcos:service:marathon:marathon:services:/dcos-edgelb', 'Marathon: the Edge-LB group'],
      ['dcos:mesos:master:endpoint:path:/api/v1', 'Mesos master operator API'],
      ['dcos:mesos:master:endpoint:path:/api/v1/scheduler', 'Mesos master scheduler API'],
      ['dcos:mesos:master:framework:principal:{principal}', 'frameworks of principal {principal}'],
      ['dcos:mesos:master:framework:role', 'register frameworks of any role (pool roles)'],
      [
        'dcos:mesos:master:reservation:principal:{principal}',
        'reservations of principal {principal}',
      ],
      ['dcos:mesos:master:reservation:role', 'reservations of any role'],
      ['dcos:mesos:master:volume:principal:{principal}', 'volumes of principal {principal}'],
      ['dcos:mesos:master:volume:role', 'volumes of any role'],
      ['dcos:mesos:master:task:user:root', 'run tasks as root'],
      ['dcos:mesos:master:task:app_id', 'launch tasks of any app'],
      ['dcos:adminrouter:ops:ca:ro', 'Edge-LB 1.4+: read the DC/OS CA'],
      ['dcos:adminrouter:ops:ca:rw', 'Edge-LB 1.4+: sign with the DC/OS CA'],
      ['dcos:secrets:default:/dcos-edgelb/*', 'Edge-LB 1.4+: its secrets'],
      ['dcos:secrets:list:default:/dcos-edgelb/*', 'Edge-LB 1.4+: list its secrets'],
    ].map(([rid, what]) => ({
      rid: rid!,
      action: 'full',
      description: `Edge-LB: ${what}`,
      glob: rid!.endsWith('*'),
      source: `Edge-LB installation guide (${REF}, other services: Edge-LB)`,
    })),
    source: `Edge-LB installation guide (${REF}, other services: Edge-LB)`,
    notes: [
      'the last four rows (CA and secrets) are needed from Edge-LB 1.4 on',
      'several rows cover whole families (every role, every app, root): they are risky and written commented out unless --allow-risky',
    ],
  },
  {
    name: 'jenkins',
    description: 'Jenkins: register on the default role, run agents as nobody',
    dcos: { from: '1.8', to: '2.2' },
    docsAccount: 'jenkins-principal',
    params: [
      { name: 'role', description: 'the Mesos role (the docs use *)', default: '*' },
      principal,
      nobody,
    ],
    rows: SCHEDULER_ROWS.map((r) => ({
      ...r,
      source: `Jenkins installation guide (${REF}, other services: Jenkins)`,
    })),
    source: `Jenkins installation guide (${REF}, other services: Jenkins)`,
  },
  {
    name: 'jenkins-role',
    family: 'sdk',
    description: 'Jenkins 3.6+ with its own role: the SDK set on that role',
    dcos: { from: '1.8', to: '2.2' },
    docsAccount: 'jenkins-principal',
    params: [{ name: 'role', description: 'the Mesos role (the docs use dev)' }, principal, nobody],
    rows: sdkRows(`Jenkins 3.6+ installation guide (${REF}, other services: Jenkins)`),
    source: `Jenkins 3.6+ installation guide (${REF}, other services: Jenkins)`,
  },
  {
    name: 'kubernetes-cluster',
    description:
      'Kubernetes cluster (MKE), per cluster: the SDK set as root, public role, secrets, CA',
    dcos: { from: '1.8', to: '2.2' },
    docsAccount: '<cluster>',
    params: [
      { name: 'service', description: 'the cluster name', default: 'kubernetes-cluster' },
      {
        name: 'enforceRole',
        description: 'true when the cluster runs in a group with enforceRole (DC/OS 2.0+)',
        default: 'false',
      },
      {
        name: 'role',
        description: 'the Mesos role; derived from the cluster name',
        default: { derive: 'sdk-role' },
      },
      principal,
      { name: 'user', description: 'the Linux user (the docs use root)', default: 'root' },
    ],
    rows: [
      ...sdkRows(`MKE installation guide (${REF}, other services: Kubernetes)`).map(
        ({ since: _since, ...r }) => r,
      ),
      ...(
        [
          ['dcos:mesos:master:framework:role:slave_public/{role}', 'create'],
          ['dcos:mesos:master:framework:role:slave_public/{role}', 'read'],
        ] as const
      ).map(([rid, action]) => ({
        rid,
        action,
        description: 'Allow the public Kubernetes nodes to use role slave_public/{role}',
      })),
      {
        rid: 'dcos:secrets:default:/{service}/*',
        action: 'full',
        description: 'Allow the cluster to manage its secrets under /{service}',
        glob: true,
      },
      {
        rid: 'dcos:secrets:list:default:/{service}',
        action: 'read',
        description: 'Allow the cluster to list its secrets under /{service}',
      },
      { rid: 'dcos:adminrouter:ops:ca:ro', action: 'full', description: 'Read the DC/OS CA' },
      { rid: 'dcos:adminrouter:ops:ca:rw', action: 'full', description: 'Sign with the DC/OS CA' },
    ].map((r) => ({
      source: `MKE installation guide (${REF}, other services: Kubernetes)`,
      ...r,
    })),
    source: `MKE installation guide (${REF}, other services: Kubernetes)`,
  },
];

let parsed: readonly Template[] | undefined;

/**
 * The catalog, checked on first use (not at start-up: the CLI installs its
 * Ctrl-C handler and starts reading before anything needs a template).
 */
export function catalog(): readonly Template[] {
  if (parsed) return parsed;
  // Parsed once: { jitless: true } skips compiling zod's fast path (see families.ts).
  const templates = catalogSchema().parse(CATALOG_DATA, { jitless: true });
  // Grammar checks that need the rows filled in: every row, with example values, is a valid id.
  for (const t of templates) {
    for (const row of t.rows) {
      const rid = row.rid.replace(PLACEHOLDER, 'example');
      const problem = permissionIdProblem(rid);
      if (problem) throw new Error(`template ${t.name}: row ${row.rid}: ${problem}`);
    }
    for (const p of t.params) {
      if (p.name === 'principal' && typeof p.default === 'string' && uidProblem(p.default))
        throw new Error(`template ${t.name}: default principal ${p.default} is not an account id`);
    }
  }
  parsed = templates;
  return parsed;
}

export { PLACEHOLDER };
