import * as z from 'zod';
import { literal } from '../../text/regexp.js';

/**
 * One segment of a root id (see Rule.root): a word, `{a,b}` for any of a
 * few words, or `<name>` for any one segment (a Marathon instance).
 */
const ROOT_SEGMENT = /^(?:<[a-z]+>|\{[^{}<>:,]+(?:,[^{}<>:,]+)+\}|[^{}<>:,]+)$/;

export interface RootSegment {
  /** The words the segment may be, in the data's letter case; none for `<name>`. */
  words?: readonly string[];
  /** The name of a `<name>` segment. */
  any?: string;
}

function rootSegment(text: string): RootSegment {
  if (text.startsWith('<')) return { any: text.slice(1, -1) };
  return { words: text.startsWith('{') ? text.slice(1, -1).split(',') : [text] };
}

/**
 * The pattern of a root and of every shorter id down to `shortest` segments,
 * as nested optional groups: `a:b:c` from 2 is `^a:b(?::c)?$`.
 */
function rootPattern(segments: readonly RootSegment[], shortest: number): string {
  const one = (s: RootSegment) => (s.words ? `(?:${s.words.map(literal).join('|')})` : '[^:]+');
  let tail = '';
  for (let i = segments.length - 1; i >= shortest; i--) tail = `(?::${one(segments[i]!)}${tail})?`;
  return `^${segments.slice(0, shortest).map(one).join(':')}${tail}$`;
}

/**
 * Which accounts and permission ids need care, as data. Each rule names where
 * in the DC/OS documentation it comes from. The schema is built on first use,
 * like the data is checked (see policy()).
 */
function policySchema() {
  const Rule = z
    .object({
      /**
       * Matched against the whole permission id, in any letter case: should
       * IAM ever read ids so, `dcos:SUPERUSER` is still never granted.
       */
      pattern: z.string().optional(),
      /**
       * Instead of a pattern: the longest ids the rule is about, written
       * segment by segment (see ROOT_SEGMENT). A grant on a shorter id covers
       * every id below it at `:` boundaries, so the rule matches each root
       * and every shorter id down to `shortest` segments (shorter ones are
       * another rule's: the whole component).
       */
      root: z
        .object({
          ids: z.array(z.string().regex(/^dcos(?::[^:]+)+$/)).min(1),
          shortest: z.number().int().min(1),
        })
        .optional(),
      /** Only these actions are risky; all when absent. */
      actions: z.array(z.enum(['create', 'read', 'update', 'delete', 'full'])).optional(),
      reason: z.string().min(1),
      source: z.string().min(1),
    })
    .transform(({ pattern, root, ...rest }, ctx) => {
      if ((pattern === undefined) === (root === undefined)) {
        ctx.addIssue({
          code: 'custom',
          message: `${rest.reason}: needs a pattern or a root, not both`,
        });
        return z.NEVER;
      }
      let source = pattern;
      let roots: RootSegment[][] | undefined;
      if (root) {
        const texts = root.ids.map((id) => id.split(':'));
        const bad = texts.flat().find((t) => !ROOT_SEGMENT.test(t));
        const short = texts.find((t) => t.length < root.shortest);
        if (bad !== undefined || short) {
          ctx.addIssue({
            code: 'custom',
            message: `${rest.reason}: ${bad !== undefined ? `bad root segment ${bad}` : `a root shorter than ${root.shortest} segments`}`,
          });
          return z.NEVER;
        }
        roots = texts.map((t) => t.map(rootSegment));
        source = roots.map((r) => rootPattern(r, root.shortest)).join('|');
      }
      try {
        return { ...rest, pattern: new RegExp(source!, 'i'), roots };
      } catch {
        ctx.addIssue({ code: 'custom', message: `bad pattern ${source}` });
        return z.NEVER;
      }
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

const SHORTER = 'permissions reference: a shorter id covers every id below it';

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
      // The Mesos families whose last segment takes a value (a role, user,
      // principal, app id or endpoint path). The words are crossed: some of
      // the ids this makes are not in the reference, and flagging them costs nothing.
      root: {
        ids: [
          'dcos:mesos:{master,agent}:{framework,reservation,volume,quota,weight,container,nested_container_session}:{role,principal,app_id,user}',
          'dcos:mesos:{master,agent}:{task,executor,sandbox,container}:{user,app_id}',
          'dcos:mesos:{master,agent}:endpoint:path',
        ],
        shortest: 4,
      },
      reason:
        'no trailing value: covers a whole family or more (every role, user, principal or path)',
      source: SHORTER,
    },
    {
      // Mesos writes app ids as Marathon writes paths: `/` is the root group,
      // and a grant on it covers every app's (rules/coverage.ts).
      pattern: '^dcos:mesos:(master|agent):[a-z_]+:app_id:/$',
      reason: "the root group: every app's tasks, executors, sandboxes or containers",
      source: 'permissions reference: paths (Mesos app_id)',
    },
    {
      // A component and every shorter id (`dcos:service`, `dcos`). Each
      // Marathon instance (Marathon on Marathon too) is a component of its own.
      root: {
        ids: [
          'dcos:mesos:{master,agent}',
          'dcos:adminrouter:{ops,service}',
          'dcos:service:marathon:<instance>',
          'dcos:service:metronome:metronome',
          'dcos:secrets:{default,list}',
          'dcos:cluster:linker',
        ],
        shortest: 1,
      },
      reason: 'covers a whole component',
      source: SHORTER,
    },
    {
      // `*` as a Mesos role is the literal default role, not a wildcard: the
      // Spark and Jenkins guides grant `dcos:mesos:master:framework:role:*`.
      pattern: '^(?!dcos:mesos:(master|agent):[^:]+:role:\\*$).*\\*',
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
      // `services` without the `/` covers the root group as well.
      root: { ids: ['dcos:service:marathon:<instance>:services:/'], shortest: 5 },
      actions: ['create', 'update', 'delete', 'full'],
      reason: 'the root group: every app and pod',
      source: 'permissions reference: Marathon',
    },
    {
      // Marathon's DELETE /v2/leader asks UpdateResource on Leader: it makes
      // the leader abdicate, and takes a `restore` URL that the next leader
      // loads its state from. `admin` without `:leader` covers it too.
      root: { ids: ['dcos:service:marathon:<instance>:admin:leader'], shortest: 5 },
      actions: ['update', 'full'],
      reason:
        "makes the Marathon leader abdicate, and can have the next one restore Marathon's state from a URL",
      source: 'permissions reference: Marathon',
    },
    {
      root: { ids: ['dcos:service:metronome:metronome:jobs:/'], shortest: 5 },
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
