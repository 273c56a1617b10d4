import * as z from 'zod';
import { HOST_CAP, REASON_CHARS, VALUE_CAP } from './snapshot-limits.js';

/**
 * The `json` report. This schema is the contract for automation: the README
 * documents it and `schemaVersion` changes when a field changes meaning.
 */

const Iso = z.string().describe('ISO 8601 UTC time');

export const Stats = z
  .object({
    lines: z.number().int().describe('lines read from every input'),
    records: z.number().int().describe('lines holding one audit record (allow or deny)'),
    denyRecords: z.number().int().describe('records with result=deny'),
    allowRecords: z.number().int().describe('records with result=allow'),
    notAudit: z.number().int().describe('lines holding no audit record'),
    malformed: z
      .number()
      .int()
      .describe('lines with "type=audit" that could not be read as a record'),
    suspicious: z
      .number()
      .int()
      .describe('lines whose record is ambiguous (a repeated key, a forged field)'),
    tooLong: z.number().int().describe('lines longer than --max-line, skipped'),
    blobLines: z.number().int().describe('messages journalctl showed as [... blob data] or null'),
    suppressedMessages: z
      .number()
      .int()
      .describe(
        'messages of DC/OS units (or of no unit named) that journald reported as dropped by rate limiting',
      ),
    outsideWindow: z
      .number()
      .int()
      .optional()
      .describe(
        'with --since/--until: audit records (malformed and suspicious lines too) outside the window, left out (untimed among them)',
      ),
    untimed: z
      .number()
      .int()
      .optional()
      .describe('with --since/--until: audit records with no time at all, left out as outside'),
  })
  .describe(
    'lines = records + notAudit + malformed + suspicious + tooLong (+ outsideWindow with --since/--until)',
  );

/** The first record of a group, as evidence for its grant. */
export const EvidenceSample = z.object({
  source: z.string(),
  line: z.number().int(),
  text: z.string().describe('the message, cut to 300 characters'),
});

export const TemplateRowRef = z
  .object({
    template: z.string(),
    row: z.number().int().describe('position of the row in the template, from 1'),
    rid: z.string().describe('the row with its parameters filled in'),
    action: z.string(),
    description: z.string(),
    source: z.string().describe('where in the documentation the row comes from'),
  })
  .describe('the template row that explains or predicts this grant');

export const ExistingCover = z
  .object({
    rid: z.string(),
    action: z.string(),
    via: z.string().describe('"direct", "group <gid>" (IAM answer) or "listed" (lines file)'),
    source: z.string().describe('the --existing file (and line)'),
    note: z.string().describe('why a denial may still appear although the grant exists'),
  })
  .describe('the existing grant that already covers this pair');

export const Predicted = z.object({
  rid: z.string(),
  action: z.string(),
  template: TemplateRowRef,
  grant: z.enum(['grant', 'risky', 'never']),
  note: z.string().nullable().describe('why it is risky or never granted'),
  alreadyGranted: ExistingCover.nullable(),
  enforced: z
    .boolean()
    .describe('false in permissive mode for dcos:mesos:* ids: logs cannot show them missing'),
  why: z.string().describe('short reason, as in the table'),
  sources: z.array(z.string()).describe('where in the documentation the rules come from'),
});

export const AppliedTemplate = z.object({
  name: z.string(),
  params: z.record(z.string(), z.string()).describe('every parameter, given or defaulted'),
  rows: z.number().int().describe('rows for this DC/OS version'),
  seen: z.number().int().describe('rows that explain at least one observed pair'),
  predicted: z.number().int().describe('rows not yet seen: offered as predicted grants'),
  notInTemplate: z.number().int().describe('observed pairs no row explains'),
});

export const Suggestion = z.object({
  template: z.string(),
  params: z
    .record(z.string(), z.string())
    .describe('parameters inferred from the observed ids (those that differ from the defaults)'),
  option: z.string().describe('the --template value that applies it'),
  explains: z.number().int().describe('observed pairs its rows explain'),
  of: z.number().int().describe('observed pairs of the account'),
  rows: z.number().int(),
  unseen: z.number().int().describe('rows it would add as predicted grants'),
});

export const Analysis = z.object({
  evidence: z.enum(['denied', 'allowed', 'all']).describe('--evidence: the records grants rest on'),
  securityMode: z.enum(['strict', 'permissive']),
  dcosVersion: z.string(),
  templates: z.array(z.string()).describe('--template values'),
  existing: z.array(
    z.object({
      source: z.string(),
      shape: z.enum(['iam', 'lines']),
      uid: z.string().nullable(),
      grants: z.number().int(),
      skipped: z.array(z.string()),
    }),
  ),
  allowedNotChecks: z
    .number()
    .int()
    .describe('allow records left out as not a permission check (with --evidence allowed|all)'),
});

export const Denied = z.object({
  rid: z.string().describe('permission id'),
  action: z.string(),
  count: z.number().int(),
  firstSeen: Iso.nullable(),
  lastSeen: Iso.nullable(),
  hosts: z.array(z.string()).describe(`at most ${HOST_CAP}: a pair seen on more keeps the first`),
  components: z.array(z.string()),
  reasons: z
    .array(z.string())
    .describe(`at most ${VALUE_CAP}, each cut to ${REASON_CHARS} characters`),
  mappedFrom: z
    .array(z.string())
    .describe(
      'for Marathon/Metronome verbs and Mesos endpoints: the verb and path the id was mapped from',
    ),
  grant: z
    .enum(['grant', 'risky', 'never'])
    .describe('risky: emitted commented out unless --allow-risky'),
  note: z.string().nullable().describe('why it is risky or never granted'),
  basis: z
    .enum(['denied', 'allowed', 'both'])
    .describe('the records the grant rests on (--evidence)'),
  records: z
    .object({ deny: z.number().int(), allow: z.number().int() })
    .describe('deny and allow records counted in count'),
  sample: EvidenceSample.nullable().describe(
    'the first deny record of the pair, or when it has none the first allow record',
  ),
  template: TemplateRowRef.nullable(),
  templateState: z
    .enum(['in-template', 'not-in-template'])
    .nullable()
    .describe('null when no template is applied to the account'),
  alreadyGranted: ExistingCover.nullable(),
  enforced: z
    .boolean()
    .describe('false in permissive mode for dcos:mesos:* ids, which only strict mode enforces'),
  why: z.string().describe('short reason, as in the table'),
  sources: z.array(z.string()).describe('where in the documentation the rules come from'),
  new: z
    .boolean()
    .optional()
    .describe('with --state: first seen in this run (the state file did not hold it before)'),
});

export const Account = z.object({
  uid: z.string(),
  native: z.boolean().describe('a DC/OS-native account (dcos_*)'),
  note: z.string().nullable(),
  denied: z
    .array(Denied)
    .describe('observed pairs: denials, or with --evidence allowed|all also allowed checks'),
  superuser: z
    .boolean()
    .nullable()
    .describe('holds dcos:superuser per --existing; null when no --existing file names it'),
  existingGrants: z.number().int().nullable().describe('grants read from --existing'),
  templates: z.array(AppliedTemplate),
  suggestions: z.array(Suggestion).describe('best-matching templates when none is applied'),
  predicted: z.array(Predicted).describe('template rows not yet seen: offered, marked predicted'),
});

export const Unattributed = z.object({
  rid: z.string(),
  action: z.string(),
  count: z.number().int(),
  reason: z.string().describe('the record\'s reason, e.g. "not authenticated"'),
  firstSeen: Iso.nullable(),
  lastSeen: Iso.nullable(),
  hosts: z.array(z.string()),
  components: z.array(z.string()),
  new: z
    .boolean()
    .optional()
    .describe('with --state: first seen in this run (the state file did not hold it before)'),
});

export const Truncated = z.object({
  object: z.string().describe('the object as far as the record was read'),
  action: z.string(),
  result: z.enum(['allow', 'deny']),
  count: z.number().int(),
  hosts: z.array(z.string()),
  components: z.array(z.string()),
});

export const AuthenticationFailure = z.object({
  uid: z.string().nullable(),
  action: z.string().describe('e.g. password-login; for a Mesos HTTP request its verb, e.g. GET'),
  object: z
    .string()
    .nullable()
    .describe(
      'the endpoint path of a Mesos HTTP request whose token was missing, invalid or expired (the service must log in again); null for a login',
    ),
  reason: z.string().nullable(),
  count: z.number().int(),
  firstSeen: Iso.nullable(),
  lastSeen: Iso.nullable(),
  hosts: z.array(z.string()),
  components: z.array(z.string()),
  new: z
    .boolean()
    .optional()
    .describe('with --state: first seen in this run (the state file did not hold it before)'),
});

export const Invalid = z.object({
  uid: z.string().nullable(),
  rid: z.string(),
  action: z.string(),
  problem: z.string(),
  count: z.number().int(),
});

export const Sample = z.object({
  source: z.string(),
  line: z.number().int(),
  text: z.string().describe('the message, cut to 300 characters'),
});

export const Unmapped = z.object({
  uid: z.string().nullable(),
  component: z.string().describe('marathon or metronome'),
  object: z.string().describe('the path as the record wrote it'),
  action: z.string().describe('the audit plugin verb, e.g. ViewResource'),
  result: z.enum(['allow', 'deny']).describe('allow records only with --evidence allowed|all'),
  problem: z.string().describe('why no permission can be named for it'),
  count: z.number().int(),
  firstSeen: Iso.nullable(),
  lastSeen: Iso.nullable(),
  hosts: z.array(z.string()),
  sample: Sample.describe('the first record'),
});

export const Problem = z.object({
  problem: z.string(),
  count: z.number().int(),
  samples: z.array(Sample).describe('the first few lines with this problem'),
});

export const Warning = z.object({
  code: z.string(),
  message: z.string(),
  count: z.number().int().nullable(),
});

export const Input = z.object({
  source: z.string().describe('file name, "-" for stdin'),
  lines: z.number().int(),
  bytes: z.number().int().describe('bytes received'),
  records: z.number().int().describe('lines holding an audit record'),
  seconds: z.number().describe('wall time spent reading'),
  complete: z
    .boolean()
    .describe('false when the input could not be read to its end, or gave no byte at all'),
  error: z.string().nullable(),
  kind: z
    .enum(['file', 'stdin', 'ssh', 'cluster'])
    .optional()
    .describe(
      'where it was read from; for ssh, source is the host as given to --ssh; for cluster, the master read through the logging API (or the cluster URL when its masters could not be listed)',
    ),
  host: z
    .string()
    .optional()
    .describe('ssh, cluster: the host records without their own host field are attributed to'),
  target: z
    .string()
    .optional()
    .describe(
      'ssh: user@host:port connected to, after ~/.ssh/config, and any jump hosts; cluster: the URL of the master read',
    ),
});

export const Report = z.object({
  schemaVersion: z.literal(1),
  generator: z.object({ name: z.literal('audit2grant'), version: z.string() }),
  generatedAt: Iso,
  partial: z
    .boolean()
    .describe('true when some input could not be read completely, or gave nothing at all'),
  inputs: z.array(Input),
  stats: Stats,
  runs: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      "with --state: the runs the report covers, this one included (inputs are this run's; stats and findings every run's)",
    ),
  window: z
    .object({
      since: Iso.nullable().describe('--since, resolved: records from this time on'),
      until: Iso.nullable().describe('--until, resolved: records up to this time'),
    })
    .optional()
    .describe(
      'with --since/--until: the time window records were kept in (their journal time, else their own)',
    ),
  accounts: z.array(Account),
  unattributed: z.array(Unattributed).describe('denials without an account: never granted'),
  truncated: z.array(Truncated).describe('records cut before their end: never attributed'),
  authenticationFailures: z
    .array(AuthenticationFailure)
    .describe(
      'failed logins, and Mesos HTTP requests whose token was refused: an authentication problem, not a missing grant',
    ),
  suspicious: z.array(Problem),
  malformed: z.array(Problem),
  invalid: z
    .array(Invalid)
    .describe('denials whose account, id or action fails the grammar: never granted'),
  unmapped: z
    .array(Unmapped)
    .describe(
      'Marathon and Metronome records whose permission cannot be named without doubt (e.g. *Resource verbs, a Marathon path without its leading /): never granted',
    ),
  warnings: z.array(Warning),
  analysis: Analysis,
});

export type Report = z.infer<typeof Report>;
export type Denied = z.infer<typeof Denied>;
export type Predicted = z.infer<typeof Predicted>;
export type Suggestion = z.infer<typeof Suggestion>;
export type AppliedTemplate = z.infer<typeof AppliedTemplate>;
export type Analysis = z.infer<typeof Analysis>;
export type ExistingCover = z.infer<typeof ExistingCover>;
export type TemplateRowRef = z.infer<typeof TemplateRowRef>;
export type Account = z.infer<typeof Account>;
export type Stats = z.infer<typeof Stats>;
export type Warning = z.infer<typeof Warning>;
export type Problem = z.infer<typeof Problem>;
