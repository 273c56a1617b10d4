import type { Snapshot } from './snapshot.js';
import { SNAPSHOT_VERSION } from './snapshot-limits.js';

/**
 * The counters every snapshot has: the report's Stats without its optional
 * ones (test/report/empty-snapshot.test.ts holds them to the schema). Listed
 * here, not read from the schema, so that a run can start from nothing
 * without building the report's zod schemas.
 */
export const STAT_NAMES = [
  'lines',
  'records',
  'denyRecords',
  'allowRecords',
  'notAudit',
  'malformed',
  'suspicious',
  'tooLong',
  'blobLines',
  'suppressedMessages',
] as const;

/** The snapshot of reading nothing. */
export function emptySnapshot(kept: Snapshot['kept']): Snapshot {
  const stats = Object.fromEntries(STAT_NAMES.map((k) => [k, 0])) as Snapshot['stats'];
  const empty = () => ({ groups: [], refused: 0 });
  return {
    version: SNAPSHOT_VERSION,
    kept: { ...kept },
    stats,
    denied: [],
    allowed: [],
    allowedNotChecks: 0,
    allowAccounts: { uids: [], full: false },
    unattributed: empty(),
    truncated: empty(),
    logins: empty(),
    invalid: empty(),
    unmapped: empty(),
    suspicious: [],
    malformed: [],
  };
}
