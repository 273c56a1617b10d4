import * as z from 'zod';
import { Action } from '../grammar.js';

/**
 * How records that do not name a permission id map to one. Data, checked by
 * zod on first use (see mappings()): a mistake here fails at the first
 * record, not in a grant.
 */
function mappingSchema() {
  return z.object({
    /** Marathon/Metronome audit plugin verbs, by prefix, to the action they need. */
    pluginVerbs: z.record(z.string().regex(/^[A-Z][a-z]+$/), Action),
    /** The permission family each plugin's `path=` falls under. */
    pluginRids: z.object({ marathon: z.string(), metronome: z.string() }),
    /** Mesos endpoint denials: HTTP verb to action; other verbs need `full`. */
    endpointVerbs: z.record(z.string().regex(/^[A-Z]+$/), Action),
    endpointOtherVerbs: Action,
    endpointRid: z.object({ 'mesos-master': z.string(), 'mesos-agent': z.string() }),
  });
}

type Mappings = z.infer<ReturnType<typeof mappingSchema>>;

const MAPPING_DATA = {
  pluginVerbs: { Create: 'create', View: 'read', Update: 'update', Delete: 'delete' },
  pluginRids: {
    marathon: 'dcos:service:marathon:marathon:services:',
    metronome: 'dcos:service:metronome:metronome:jobs:',
  },
  endpointVerbs: { GET: 'read', HEAD: 'read' },
  endpointOtherVerbs: 'full',
  endpointRid: {
    'mesos-master': 'dcos:mesos:master:endpoint:path:',
    'mesos-agent': 'dcos:mesos:agent:endpoint:path:',
  },
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
