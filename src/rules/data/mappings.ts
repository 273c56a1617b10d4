import * as z from 'zod';
import { Action } from '../grammar.js';

/**
 * How records that do not name a permission id map to one. Data, checked by
 * zod on first use (see mappings()): a mistake here fails at the first
 * record, not in a grant.
 *
 * Mesos records that name an HTTP verb and an endpoint path are not mapped:
 * they are authentications, not permission checks (parser/audit-record.ts
 * kindOf).
 */
function mappingSchema() {
  return z.object({
    /** Marathon/Metronome audit plugin verbs, by prefix, to the action they need. */
    pluginVerbs: z.record(z.string().regex(/^[A-Z][a-z]+$/), Action),
    /** What a plugin verb is about after its prefix: apps and groups, or jobs. */
    pluginObjects: z.array(z.string().regex(/^[A-Z][A-Za-z]+$/)),
    /** The permission family each plugin's `path=` falls under. */
    pluginRids: z.object({ marathon: z.string(), metronome: z.string() }),
    /** Marathon's own resources (`*Resource` verbs) that DC/OS grants, by the names that name them. */
    marathonResources: z.array(
      z.object({ names: z.array(z.string().min(1)), rid: z.string(), actions: z.array(Action) }),
    ),
  });
}

type Mappings = z.infer<ReturnType<typeof mappingSchema>>;

const MAPPING_DATA = {
  pluginVerbs: { Create: 'create', View: 'read', Update: 'update', Delete: 'delete' },
  pluginObjects: ['RunSpec', 'Group'],
  pluginRids: {
    marathon: 'dcos:service:marathon:marathon:services:',
    metronome: 'dcos:service:metronome:metronome:jobs:',
  },
  // A `*Resource` verb is about one of Marathon's AuthorizedResources (Leader,
  // Events, SystemMetrics, SystemConfig, Artifacts, Plugins), not an app. No
  // real `*Resource` line was ever published, so what `path=` holds for one
  // is unknown. A record names a resource without doubt only by the
  // resource's own name, as Marathon's code writes it or as the DC/OS id
  // ends; never by a request path, since a path does not tell the resource
  // (Marathon's Jersey API checks Leader for GET /v2/leader, its akka-http
  // API SystemConfig). Actions are those the permissions reference lists for
  // the id; `full` is no plugin verb.
  marathonResources: [
    {
      names: ['Leader', 'leader'],
      rid: 'dcos:service:marathon:marathon:admin:leader',
      actions: ['read', 'update'],
    },
    {
      names: ['Events', 'events'],
      rid: 'dcos:service:marathon:marathon:admin:events',
      actions: ['read'],
    },
    {
      names: ['SystemConfig', 'config'],
      rid: 'dcos:service:marathon:marathon:admin:config',
      actions: ['read'],
    },
  ],
};

let parsed: Mappings | undefined;

/**
 * The mappings, checked on first use: a run without records never needs them,
 * and building zod schemas is a good part of start-up. Parsed once, so
 * { jitless: true }: compiling zod's fast path would cost more than it saves.
 */
export function mappings(): Mappings {
  parsed ??= mappingSchema().parse(MAPPING_DATA, { jitless: true });
  return parsed;
}
