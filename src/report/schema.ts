import { z } from 'zod';

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
      .describe('messages journald reported as dropped by rate limiting'),
  })
  .describe('lines = records + notAudit + malformed + suspicious + tooLong');

export const Denied = z.object({
  rid: z.string().describe('permission id'),
  action: z.string(),
  count: z.number().int(),
  firstSeen: Iso.nullable(),
  lastSeen: Iso.nullable(),
  hosts: z.array(z.string()),
  components: z.array(z.string()),
  reasons: z.array(z.string()),
  mappedFrom: z
    .array(z.string())
    .describe(
      'for Marathon/Metronome verbs and Mesos endpoints: the verb and path the id was mapped from',
    ),
  grant: z
    .enum(['grant', 'risky', 'never'])
    .describe('risky: emitted commented out unless --allow-risky'),
  note: z.string().nullable().describe('why it is risky or never granted'),
});

export const Account = z.object({
  uid: z.string(),
  native: z.boolean().describe('a DC/OS-native account (dcos_*)'),
  note: z.string().nullable(),
  denied: z.array(Denied),
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
  action: z.string().describe('e.g. password-login'),
  reason: z.string().nullable(),
  count: z.number().int(),
  firstSeen: Iso.nullable(),
  lastSeen: Iso.nullable(),
  hosts: z.array(z.string()),
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
  complete: z.boolean().describe('false when the input could not be read to its end'),
  error: z.string().nullable(),
  kind: z
    .enum(['file', 'stdin', 'ssh'])
    .optional()
    .describe('where it was read from; for ssh, source is the host as given to --ssh'),
  host: z
    .string()
    .optional()
    .describe('ssh: the host records without their own host field are attributed to'),
  target: z
    .string()
    .optional()
    .describe('ssh: user@host:port connected to, after ~/.ssh/config, and any jump hosts'),
});

export const Report = z.object({
  schemaVersion: z.literal(1),
  generator: z.object({ name: z.literal('audit2grant'), version: z.string() }),
  generatedAt: Iso,
  partial: z.boolean().describe('true when some input could not be read completely'),
  inputs: z.array(Input),
  stats: Stats,
  accounts: z.array(Account),
  unattributed: z.array(Unattributed).describe('denials without an account: never granted'),
  truncated: z.array(Truncated).describe('records cut before their end: never attributed'),
  authenticationFailures: z
    .array(AuthenticationFailure)
    .describe('failed logins: not a missing grant'),
  suspicious: z.array(Problem),
  malformed: z.array(Problem),
  invalid: z
    .array(Invalid)
    .describe('denials whose account, id or action fails the grammar: never granted'),
  warnings: z.array(Warning),
});

export type Report = z.infer<typeof Report>;
export type Denied = z.infer<typeof Denied>;
export type Account = z.infer<typeof Account>;
export type Stats = z.infer<typeof Stats>;
export type Warning = z.infer<typeof Warning>;
export type Problem = z.infer<typeof Problem>;
