import { z } from 'zod';
import { Action } from '../grammar.js';

/**
 * How records that do not name a permission id map to one. Data, checked by
 * zod when loaded: a mistake here fails at start-up, not in a grant.
 */
const MappingData = z.object({
  /** Marathon/Metronome audit plugin verbs, by prefix, to the action they need. */
  pluginVerbs: z.record(z.string().regex(/^[A-Z][a-z]+$/), Action),
  /** The permission family each plugin's `path=` falls under. */
  pluginRids: z.object({ marathon: z.string(), metronome: z.string() }),
  /** Mesos endpoint denials: HTTP verb to action; other verbs need `full`. */
  endpointVerbs: z.record(z.string().regex(/^[A-Z]+$/), Action),
  endpointOtherVerbs: Action,
  endpointRid: z.object({ 'mesos-master': z.string(), 'mesos-agent': z.string() }),
});

export const MAPPINGS = MappingData.parse({
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
});
