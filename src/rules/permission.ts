import type { AuditRecord } from '../parser/audit-record.js';
import { mappings } from './data/mappings.js';

/** The (permission id, action) a record is about, before validation. */
export interface RequestedPermission {
  rid: string;
  action: string;
  /** Set when the record did not name the permission itself: what it was mapped from. */
  mappedFrom?: string;
}

/**
 * Marathon and Metronome name a verb and a path; Mesos endpoint checks name an
 * HTTP verb and a path. Everything else names the permission id directly.
 */
export function requestedPermission(record: AuditRecord): RequestedPermission {
  const { component, object, action } = record;
  if (component === 'marathon' || component === 'metronome') {
    const verb = /^(Create|View|Update|Delete)[A-Z][A-Za-z]*$/.exec(action)?.[1];
    const m = mappings();
    return {
      rid: m.pluginRids[component] + object,
      action: verb ? m.pluginVerbs[verb]! : action,
      mappedFrom: `${action} ${object}`,
    };
  }
  if ((component === 'mesos-master' || component === 'mesos-agent') && object.startsWith('/')) {
    const m = mappings();
    return {
      rid: m.endpointRid[component] + object,
      action: m.endpointVerbs[action] ?? m.endpointOtherVerbs,
      mappedFrom: `${action} ${object}`,
    };
  }
  return { rid: object, action };
}
