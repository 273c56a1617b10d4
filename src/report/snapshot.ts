import * as z from 'zod';
import { Stats } from './schema.js';
import {
  ALLOW_ACCOUNTS_CAP,
  HOST_CAP,
  MAPPED_FROM_CHARS,
  PROBLEM_SAMPLES,
  REASON_CHARS,
  SAMPLE_CHARS,
  SECTION_CAP,
  SNAPSHOT_VERSION,
  VALUE_CAP,
} from './snapshot-limits.js';

/**
 * What aggregation found, as plain data: what a run's report is built from,
 * what two reads of parts of the input combine into (merge.ts), and what a
 * run can save and take up again. No class, no reader, no file handle: it
 * survives JSON and structuredClone as it is. Every list is bounded (the
 * caps below), so its size follows the distinct findings, never the records.
 *
 * Lists keep their values in the order first seen (a capped list keeps the
 * first ones); groups are in the order they were first seen. Times are epoch
 * milliseconds. `version` changes when a field changes meaning. The version
 * and the bounds are in snapshot-limits.ts, which reading imports instead of
 * this module (it re-exports none of them): the zod schemas here are built
 * only when a snapshot is checked.
 */

/** A line as read: where it is and the start of its message. */
export const Sample = z.object({
  source: z.string(),
  line: z.number().int().positive(),
  text: z.string().max(SAMPLE_CHARS),
});
export type Sample = z.infer<typeof Sample>;

/** What a group's records have in common. */
export const Seen = z.object({
  count: z.number().int().nonnegative(),
  /** The earliest and latest record time; null when no record had one. */
  first: z.number().nullable(),
  last: z.number().nullable(),
  hosts: z.array(z.string()).max(HOST_CAP),
  components: z.array(z.string()).max(VALUE_CAP),
  reasons: z.array(z.string().max(REASON_CHARS)).max(VALUE_CAP),
  mappedFrom: z.array(z.string().max(MAPPED_FROM_CHARS)).max(VALUE_CAP),
});
export type Seen = z.infer<typeof Seen>;

const Result = z.enum(['allow', 'deny']);

/** The records of one (account, id, action), denied or allowed. */
export const PairGroup = z.object({
  uid: z.string(),
  rid: z.string(),
  action: z.string(),
  seen: Seen,
  /** The group's first record. */
  sample: Sample,
});
export type PairGroup = z.infer<typeof PairGroup>;

export const UnattributedGroup = z.object({
  rid: z.string(),
  action: z.string(),
  reason: z.string(),
  seen: Seen,
});
export type UnattributedGroup = z.infer<typeof UnattributedGroup>;

/** Records cut before their end: no account can be read from them. */
export const TruncatedGroup = z.object({
  object: z.string(),
  action: z.string(),
  /** That of the group's first record. */
  result: Result,
  seen: Seen,
});
export type TruncatedGroup = z.infer<typeof TruncatedGroup>;

/** Failed authentications: logins, and Mesos HTTP requests whose token was refused. */
export const LoginGroup = z.object({
  uid: z.string().nullable(),
  action: z.string(),
  reason: z.string().nullable(),
  /** The endpoint path of a Mesos HTTP request; null for a login. */
  object: z.string().nullable(),
  component: z.string(),
  seen: Seen,
});
export type LoginGroup = z.infer<typeof LoginGroup>;

/** Denials whose account, id or action the grammar refuses. */
export const InvalidGroup = z.object({
  uid: z.string().nullable(),
  rid: z.string(),
  action: z.string(),
  problem: z.string(),
  count: z.number().int().nonnegative(),
});
export type InvalidGroup = z.infer<typeof InvalidGroup>;

/** Records whose permission cannot be named without doubt (rules/permission.ts). */
export const UnmappedGroup = z.object({
  uid: z.string().nullable(),
  component: z.string(),
  object: z.string(),
  action: z.string(),
  result: Result,
  problem: z.string(),
  seen: Seen,
  /** The first record: the report shows it instead of a permission. */
  sample: Sample,
});
export type UnmappedGroup = z.infer<typeof UnmappedGroup>;

/** Lines of one kind of problem (suspicious, malformed). */
export const ProblemGroup = z.object({
  problem: z.string(),
  count: z.number().int().nonnegative(),
  samples: z.array(Sample).max(PROBLEM_SAMPLES),
});
export type ProblemGroup = z.infer<typeof ProblemGroup>;

/** Groups of a capped section, and the records of groups past the cap, counted only. */
function section<G extends z.ZodType>(group: G) {
  return z.object({
    groups: z.array(group).max(SECTION_CAP),
    refused: z.number().int().nonnegative(),
  });
}
export interface Section<G> {
  groups: G[];
  refused: number;
}

export const Snapshot = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  /** What was kept beyond denials: allow records per account, the accounts allow records name. */
  kept: z.object({ allowed: z.boolean(), allowAccounts: z.boolean() }),
  stats: Stats,
  denied: z.array(PairGroup),
  /** Allow records that were a permission check, per pair: only with `kept.allowed`. */
  allowed: z.array(PairGroup),
  /** Allow records left out of `allowed`: they were not a permission check. */
  allowedNotChecks: z.number().int().nonnegative(),
  /** The accounts allow records name (only with `kept.allowAccounts`); `full` when some were left out. */
  allowAccounts: z.object({
    uids: z.array(z.string()).max(ALLOW_ACCOUNTS_CAP),
    full: z.boolean(),
  }),
  unattributed: section(UnattributedGroup),
  truncated: section(TruncatedGroup),
  logins: section(LoginGroup),
  invalid: section(InvalidGroup),
  unmapped: section(UnmappedGroup),
  suspicious: z.array(ProblemGroup),
  malformed: z.array(ProblemGroup),
});
export type Snapshot = z.infer<typeof Snapshot>;
