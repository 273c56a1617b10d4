/**
 * What the command line needs of the cluster source. cli/read-report.ts
 * loads this module only when --cluster is given.
 */
import type { Input } from '../input.js';
import { MasterInput } from './master-input.js';
import { UnreadCluster } from './setup.js';

export { MasterInput } from './master-input.js';
export { type ClusterResume, ClusterSetupError, setupCluster, UnreadCluster } from './setup.js';

/** What the report says of a cluster input: the master's address, the URL read, why it failed. */
export function clusterInputOf(
  input: Input | undefined,
): { host: string | undefined; target: string; failure: string | undefined } | undefined {
  if (input instanceof MasterInput)
    return { host: input.host, target: input.label, failure: input.failure };
  if (input instanceof UnreadCluster)
    return { host: undefined, target: input.label, failure: input.failure };
  return undefined;
}
