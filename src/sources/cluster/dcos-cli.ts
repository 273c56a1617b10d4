import { execFile } from 'node:child_process';
import { shownUrl } from '../../text/shown-url.js';
import { sameCluster } from './cluster-url.js';

/**
 * What the DC/OS CLI knows of the cluster it is set up for, and where its
 * token may go. Shared by `--cluster` and `verify` (access.ts). The CLI is asked with
 * `dcos config show KEY`: the value comes back on its standard output, never
 * on a command line.
 */

/** `dcos config show KEY`, trimmed; undefined when the CLI is missing or has no value. */
export function dcosConfigShow(key: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      'dcos',
      ['config', 'show', key],
      { timeout: 60_000, maxBuffer: 1024 * 1024 },
      (err, stdout) => resolve(err ? undefined : stdout.trim() || undefined),
    );
  });
}

/** How the cluster's settings are read: `dcos config show`, or a stand-in. */
export type DcosConfig = (key: string) => Promise<string | undefined>;

/** The token as DC/OS issues it (a JWT), and as an HTTP header can carry it unchanged. */
export const TOKEN_SHAPE = /^[A-Za-z0-9._~+/=-]+$/;

/**
 * Why the dcos CLI's token may not go to `base`, when it may not: it is the
 * CLI's for the cluster the CLI is set up for (`cliUrl`), and another
 * cluster (or whoever answers at that URL) would get it.
 */
export function tokenForAnotherCluster(cliUrl: string | undefined, base: URL): string | undefined {
  if (cliUrl !== undefined && sameCluster(cliUrl, base)) return undefined;
  return `the token is the DC/OS CLI's, set up for ${JSON.stringify(shownUrl(cliUrl ?? 'no cluster').slice(0, 200))}, not ${base.origin}: set DCOS_ACS_TOKEN, or attach the CLI to ${base.origin} (dcos cluster attach)`;
}
