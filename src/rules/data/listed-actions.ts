import * as z from 'zod';
import { Action } from '../grammar.js';
import { perId } from '../per-id.js';

/**
 * The actions the permissions reference lists for each id it gives actions
 * for. A denial of another action is granted as seen (the official docs
 * grant some unlisted pairs themselves, e.g. `framework:role:<role> read`),
 * with a warning: it may be a misread record or an id used in a way DC/OS
 * does not check. Ids the reference gives no actions for (endpoint paths,
 * `executor:app_id`, ...) are not listed, and never warned of. The first
 * pattern that matches an id decides.
 */
function listedSchema() {
  return z.array(
    z.object({
      /** A regular expression over the whole id. */
      pattern: z.string().transform((p, ctx) => {
        try {
          return new RegExp(`^(?:${p})$`);
        } catch {
          ctx.addIssue({ code: 'custom', message: `bad pattern ${p}` });
          return z.NEVER;
        }
      }),
      actions: z.array(Action).min(1),
    }),
  );
}

const ALL = ['full', 'create', 'read', 'update', 'delete'] as const;
/** An optional value below an id, at a `:` boundary. */
const BELOW = '(?::.+)?';

const LISTED_DATA = [
  { pattern: `dcos:adminrouter${BELOW}`, actions: ['full'] },
  { pattern: `dcos:mesos:(?:master|agent):task:user${BELOW}`, actions: ['create'] },
  { pattern: `dcos:mesos:master:task:app_id${BELOW}`, actions: ['create'] },
  { pattern: `dcos:mesos:master:framework:role${BELOW}`, actions: ['create'] },
  { pattern: `dcos:mesos:master:(?:reservation|volume):role${BELOW}`, actions: ['create'] },
  {
    pattern: `dcos:mesos:master:(?:reservation|volume|framework):principal${BELOW}`,
    actions: ['delete'],
  },
  { pattern: `dcos:mesos:master:(?:quota|weight):role${BELOW}`, actions: ['read', 'update'] },
  { pattern: 'dcos:mesos:(?:master|agent):(?:flags|log)', actions: ['read'] },
  { pattern: 'dcos:mesos:master:(?:block_disk|mount_disk)', actions: ['create', 'delete'] },
  { pattern: 'dcos:mesos:master:agent', actions: ['update', 'delete'] },
  { pattern: `dcos:mesos:agent:container:(?:app_id|role)${BELOW}`, actions: ['update'] },
  {
    pattern: `dcos:mesos:agent:nested_container_session:(?:app_id|role|user)${BELOW}`,
    actions: ['create'],
  },
  { pattern: 'dcos:mesos:agent:resource_provider', actions: ['read'] },
  {
    pattern: 'dcos:mesos:agent:resource_provider_config',
    actions: ['create', 'update', 'delete'],
  },
  { pattern: `dcos:service:marathon:[^:]+:services${BELOW}`, actions: [...ALL] },
  { pattern: 'dcos:service:marathon:[^:]+:admin:config', actions: ['read'] },
  // `full` from Marathon 1.11 on.
  { pattern: 'dcos:service:marathon:[^:]+:admin:events', actions: ['read', 'full'] },
  { pattern: 'dcos:service:marathon:[^:]+:admin:leader', actions: ['full', 'read', 'update'] },
  { pattern: `dcos:service:metronome:metronome:jobs${BELOW}`, actions: [...ALL] },
  { pattern: `dcos:secrets:list:default${BELOW}`, actions: ['read'] },
  { pattern: `dcos:secrets:default${BELOW}`, actions: [...ALL] },
  { pattern: 'dcos:cluster:linker:\\*', actions: ['create', 'read', 'update', 'delete'] },
  { pattern: 'dcos:cluster:linker:[^:]+', actions: ['read'] },
];

let listed: z.infer<ReturnType<typeof listedSchema>> | undefined;

/**
 * Whether the reference lists `action` for `rid`: undefined when it gives
 * no actions for the id. Checked by zod on first use ({ jitless: true }, as
 * the other data), not at start-up.
 */
export function isListedAction(rid: string, action: string): boolean | undefined {
  const entry = listedFor(rid);
  return entry && (entry.actions as readonly string[]).includes(action);
}

const listedFor = perId((rid) => {
  listed ??= listedSchema().parse(LISTED_DATA, { jitless: true });
  return listed.find((e) => e.pattern.test(rid));
});
