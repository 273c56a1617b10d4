import { execFile } from 'node:child_process';
import { isIP } from 'node:net';

/**
 * What the DC/OS CLI knows of the cluster it is set up for, and where a
 * token may travel. Shared by `--cluster` and `verify`. The CLI is asked with
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

/** This machine: the only place plain http may carry a token without asking. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** The token as DC/OS issues it (a JWT), and as an HTTP header can carry it unchanged. */
export const TOKEN_SHAPE = /^[A-Za-z0-9._~+/=-]+$/;
