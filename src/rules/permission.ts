import type { AuditRecord } from '../parser/audit-record.js';
import { mappings } from './data/mappings.js';

/** The (permission id, action) a record is about, before validation. */
export interface RequestedPermission {
  rid: string;
  action: string;
  /** Set when the record did not name the permission itself: what it was mapped from. */
  mappedFrom?: string;
}

/** A record whose permission cannot be named without doubt: never granted. */
export interface Unmapped {
  unmapped: string;
}

/**
 * The permission an authorization record is about. Marathon and Metronome
 * name a verb and a path; everything else names the permission id directly.
 * (Logins and Mesos HTTP authentications name none: parser/audit-record.ts
 * kindOf tells them apart before this is asked.)
 */
export function requestedPermission(record: AuditRecord): RequestedPermission | Unmapped {
  const { component, object, action } = record;
  if (component !== 'marathon' && component !== 'metronome') return { rid: object, action };
  const m = mappings();
  const verb = /^(Create|View|Update|Delete)([A-Z][A-Za-z]*)$/.exec(action);
  if (!verb) return { unmapped: `${action} is not a verb of the ${component} audit plugin` };
  const needs = m.pluginVerbs[verb[1]!]!;
  const mappedFrom = `${action} ${object}`;
  if (verb[2] === 'Resource') {
    if (component === 'metronome')
      return { unmapped: 'a Metronome *Resource verb: the permissions reference grants none' };
    const resource = m.marathonResources.find((r) => r.names.includes(object));
    if (!resource)
      return {
        unmapped:
          'a *Resource verb is about Marathon itself, not an app, and this path does not name Leader, Events or SystemConfig for certain',
      };
    if (!resource.actions.includes(needs))
      return {
        unmapped: `the permissions reference grants ${resource.rid} no ${needs} (only ${resource.actions.join(', ')})`,
      };
    return { rid: resource.rid, action: needs, mappedFrom };
  }
  if (!m.pluginObjects.includes(verb[2]!))
    return { unmapped: `${action} is not a verb of the ${component} audit plugin` };
  if (component === 'marathon') {
    // Marathon logs app and group ids absolute, and grants them with the
    // leading `/`: a path without one was not written by Marathon as
    // documented, and `services:dev/web` is an id no Marathon check asks for.
    if (!object.startsWith('/'))
      return {
        unmapped:
          'the path has no leading /: Marathon logs app and group ids as absolute paths (/dev/web), so the record names no app or group as Marathon checks it',
      };
    return { rid: m.pluginRids.marathon + object, action: needs, mappedFrom };
  }
  const job = jobId(object);
  if (job === undefined) return { unmapped: `the path "${object}" names no Metronome job` };
  return { rid: m.pluginRids.metronome + job, action: needs, mappedFrom };
}

/**
 * A Metronome job id as the docs grant it (`jobs:dev.batch.job1`): no
 * leading `/`, dots between groups; a path with `/` between groups is
 * written so. Undefined for a path with an empty group (`/`, `a//b`).
 */
function jobId(path: string): string | undefined {
  const groups = (path.startsWith('/') ? path.slice(1) : path).split('/');
  return groups.includes('') ? undefined : groups.join('.');
}

/**
 * Why a mapped id may not be the one the component checks, if it may:
 * `--explain` says it. A Metronome job id read from a path written with
 * `/` is rewritten into the docs' dotted form, and no real Metronome audit
 * line was ever published to tell which form the record holds.
 */
export function mappingDoubt(rid: string, mappedFrom: readonly string[]): string | undefined {
  const prefix = mappings().pluginRids.metronome;
  if (!rid.startsWith(prefix)) return undefined;
  const paths = mappedFrom.map((m) => m.slice(m.indexOf(' ') + 1)).filter((p) => p.includes('/'));
  if (paths.length === 0) return undefined;
  return `the record wrote the job as ${paths.join(', ')}; granted as ${rid.slice(prefix.length)}, the form the Metronome docs grant (no leading /, dots between groups). No Metronome audit line was ever published, so the record's form is not certain: check that this is the job's id`;
}
