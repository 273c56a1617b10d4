import * as z from 'zod';

/**
 * Which accounts and permission ids need care, as data. Each rule names where
 * in the DC/OS documentation it comes from. The schema is built on first use,
 * like the data is checked (see policy()).
 */
function policySchema() {
  const Rule = z.object({
    /**
     * Matched against the whole permission id, in any letter case: should
     * IAM ever read ids so, `dcos:SUPERUSER` is still never granted.
     */
    pattern: z.string().transform((p, ctx) => {
      try {
        return new RegExp(p, 'i');
      } catch {
        ctx.addIssue({ code: 'custom', message: `bad pattern ${p}` });
        return z.NEVER;
      }
    }),
    /** Only these actions are risky; all when absent. */
    actions: z.array(z.enum(['create', 'read', 'update', 'delete', 'full'])).optional(),
    reason: z.string().min(1),
    source: z.string().min(1),
  });
  return z.object({
    /** Permission ids never emitted, whatever the options. */
    never: z.array(Rule),
    /** Permission ids written commented out unless --allow-risky. */
    risky: z.array(Rule),
    native: z.object({
      prefix: z.string(),
      /** Native accounts whose privileges operators may change. */
      changeable: z.array(z.string()),
      rule: z.string(),
      source: z.string(),
    }),
  });
}
type Policy = z.infer<ReturnType<typeof policySchema>>;
export type RiskRule = Policy['never'][number];

const FAMILY_ROOTS = [
  'dcos:mesos:(master|agent):(framework|reservation|volume|quota|weight|container|nested_container_session):(role|principal|app_id|user)',
  'dcos:mesos:(master|agent):(task|executor|sandbox|container):(user|app_id)',
  'dcos:mesos:(master|agent):endpoint:path',
  'dcos:mesos:(master|agent):nested_container_session:(app_id|role|user)',
];

const POLICY_DATA = {
  never: [
    {
      pattern: '^dcos:superuser$',
      reason: 'dcos:superuser grants everything; least privilege is the point of this tool',
      source: 'permissions reference: Superuser',
    },
  ],
  risky: [
    {
      pattern: '^dcos:mesos:(master|agent):task:user:root$',
      reason: 'runs tasks as root on the agents',
      source: 'permissions reference: task:user',
    },
    {
      pattern: `^(${FAMILY_ROOTS.join('|')})$`,
      reason: 'no trailing value: covers the whole family (every role, user, principal or path)',
      source: 'permissions reference: a shorter id covers every id below it',
    },
    {
      pattern:
        '^dcos(:(mesos|adminrouter|service|secrets|cluster))?(:(master|agent|ops|service|marathon|metronome|default|list|linker))?$',
      reason: 'covers a whole component',
      source: 'permissions reference: a shorter id covers every id below it',
    },
    {
      pattern: '\\*',
      reason: 'a wildcard covers every matching resource',
      source: 'permissions reference: secrets paths and roles',
    },
    {
      pattern: '^dcos:secrets:(list:)?default(:/?)?$',
      reason: 'the secrets store root: every secret',
      source: 'permissions reference: Secrets',
    },
    {
      pattern: '^dcos:adminrouter:acs$',
      reason: 'manages identities and permissions: as strong as superuser',
      source: 'permissions reference: Admin Router',
    },
    {
      pattern: '^dcos:service:marathon:[^:]+:services:/?$',
      actions: ['create', 'update', 'delete', 'full'],
      reason: 'the root group: every app and pod',
      source: 'permissions reference: Marathon',
    },
    {
      pattern: '^dcos:service:metronome:metronome:jobs(:/?)?$',
      actions: ['create', 'update', 'delete', 'full'],
      reason: 'every job',
      source: 'permissions reference: Metronome',
    },
  ],
  native: {
    prefix: 'dcos_',
    changeable: ['dcos_marathon', 'dcos_metronome'],
    rule: 'DC/OS-native account: its privileges are private to DC/OS and must not be changed',
    source: 'service accounts reference: DC/OS-native service accounts',
  },
};

let parsed: Policy | undefined;

/**
 * The policy, checked by zod on first use: a run without denials never needs
 * it, and building zod schemas is a good part of start-up. Parsed once, so
 * { jitless: true }: compiling zod's fast path would cost more than it saves.
 */
export function policy(): Policy {
  parsed ??= policySchema().parse(POLICY_DATA, { jitless: true });
  return parsed;
}
