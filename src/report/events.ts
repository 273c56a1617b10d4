import * as z from 'zod';
import { Stats, Warning } from './schema.js';

/**
 * `--format ndjson`: one JSON object a line, an event each, as it happens.
 * This schema is the contract (`audit2grant schema ndjson` prints it); a
 * consumer reads `event` first and skips events it does not know.
 */

const Iso = z.string().describe('ISO 8601 UTC time');
const Host = z.string().nullable().describe('the host whose journal had the record');
const Time = Iso.nullable().describe("the record's time; null when it had none");

export const SOURCE_STATES = [
  'connecting',
  'reading',
  'following',
  'retrying',
  'failed',
  'done',
] as const;

export const DeniedEvent = z
  .object({
    event: z.literal('denied'),
    uid: z.string(),
    rid: z.string().describe('permission id'),
    action: z.string(),
    host: Host,
    time: Time,
    component: z.string(),
  })
  .describe('the first denial of this (uid, rid, action); with --state, one no earlier run saw');

export const UnattributedEvent = z
  .object({
    event: z.literal('unattributed'),
    rid: z.string(),
    action: z.string(),
    reason: z.string(),
    host: Host,
    time: Time,
    component: z.string(),
  })
  .describe('the first denial without an account of this (rid, action, reason)');

export const AuthenticationFailureEvent = z
  .object({
    event: z.literal('authentication-failure'),
    uid: z.string().nullable(),
    action: z.string(),
    reason: z.string().nullable(),
    object: z.string().nullable().describe('a Mesos HTTP request: its endpoint path'),
    host: Host,
    time: Time,
    component: z.string(),
  })
  .describe('the first failed login, or refused Mesos token, of its kind');

const lineProblem = <E extends string>(event: E) =>
  z.object({
    event: z.literal(event),
    problem: z.string(),
    source: z.string(),
    line: z.number().int(),
    text: z.string().describe('the message, cut to 300 characters'),
  });

export const SuspiciousEvent = lineProblem('suspicious').describe(
  'the first line with this problem: never granted, and it may hide a denial',
);

export const MalformedEvent = lineProblem('malformed').describe(
  'the first audit record with this problem (cut before its result, no authorizer, ...): it may hide a denial',
);

export const InvalidEvent = z
  .object({
    event: z.literal('invalid'),
    uid: z.string(),
    rid: z.string(),
    action: z.string(),
    problem: z.string().describe('what the grammar refuses'),
  })
  .describe(
    'the first denial of this (uid, rid, action) whose values fail the grammar: never granted',
  );

export const UnmappedEvent = z
  .object({
    event: z.literal('unmapped'),
    uid: z.string().nullable(),
    component: z.string(),
    object: z.string(),
    action: z.string(),
    result: z.string(),
    problem: z.string().describe('why no permission can be named'),
    host: Host,
    time: Time,
  })
  .describe('the first record of its kind that names no permission: never granted');

export const TruncatedEvent = z
  .object({
    event: z.literal('truncated'),
    object: z.string().describe('the object as far as the record was read'),
    action: z.string(),
    result: z.string(),
    host: Host,
    time: Time,
    component: z.string(),
  })
  .describe('the first record of this (object, action) cut before its end: never attributed');

export const SourceEvent = z
  .object({
    event: z.literal('source'),
    source: z.string().describe('file name, "-" for stdin, an SSH host'),
    state: z.enum(SOURCE_STATES),
    detail: z.string().optional().describe('why it failed, when it retries, what it skipped'),
  })
  .describe('an input changed state');

export const EndEvent = z
  .object({
    event: z.literal('end'),
    stats: Stats.describe('what every run read (with --state: all of them)'),
    partial: z.boolean().describe('as the json report: some input was not read completely'),
    warnings: z
      .array(Warning)
      .describe(
        'as the json report: messages journald dropped or hid, records without a time, ...',
      ),
  })
  .describe('the last event: the reading is over');

export const NdjsonEvent = z.discriminatedUnion('event', [
  DeniedEvent,
  UnattributedEvent,
  AuthenticationFailureEvent,
  SuspiciousEvent,
  MalformedEvent,
  InvalidEvent,
  UnmappedEvent,
  TruncatedEvent,
  SourceEvent,
  EndEvent,
]);
export type NdjsonEvent = z.infer<typeof NdjsonEvent>;
