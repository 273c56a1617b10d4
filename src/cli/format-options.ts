import { accessSync, constants, statSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { isNative } from '../rules/assess.js';
import { Gid, problemOf } from '../rules/grammar.js';
import type { Format } from './options.js';

/**
 * The options of the grant formats (--group, --cluster-url, --ca-cert,
 * --output) and the checks that tie them to --format: each is refused, with
 * the fix, where it would mean nothing.
 */

/** Formats that write grants (or their revokes): --group applies to them. */
export const GRANT_FORMATS: readonly Format[] = [
  'cli',
  'script',
  'curl',
  'revoke',
  'revoke-curl',
  'plan',
];
/** Formats that call the IAM HTTP API (`plan`: to read back what the account holds). */
export const API_FORMATS: readonly Format[] = ['curl', 'revoke-curl', 'plan'];
/** Bash scripts, written by --output with mode 0700; every other format gets 0644. */
export const SCRIPT_FORMATS: readonly Format[] = [
  'script',
  'curl',
  'revoke',
  'revoke-curl',
  'plan',
];

export function outputMode(format: Format): number {
  return SCRIPT_FORMATS.includes(format) ? 0o700 : 0o644;
}

/** `--group`: a group id, checked against the IAM charset like account ids. */
export function parseGroup(value: string): string {
  const problem = problemOf(Gid, value);
  if (problem) throw new InvalidArgumentError(`"${value}" is not a group id: ${problem}`);
  return value;
}

/**
 * `--cluster-url`: an http(s) URL without credentials, query or fragment,
 * written into the script as `scheme://host[:port][/path]`.
 */
export function parseClusterUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`"${value}" is not a URL: use https://HOST[:PORT]`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InvalidArgumentError(`"${value}" is not an http(s) URL: use https://HOST[:PORT]`);
  if (url.username || url.password || url.search || url.hash)
    throw new InvalidArgumentError(
      `"${value}": leave out credentials, query and fragment: use https://HOST[:PORT]`,
    );
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** `--ca-cert`: a file name, written into the script as it is given. */
export function parseCaCert(value: string): string {
  if (value === '' || /[\u0000-\u001f\u007f]/.test(value))
    throw new InvalidArgumentError('--ca-cert: name a CA bundle file (PEM)');
  return value;
}

/**
 * Why the CA bundle cannot be used, or undefined: the script would only fail
 * at its first curl call, after the operator has handed it on.
 */
export function caCertProblem(path: string): string | undefined {
  const fetch = 'fetch it with curl -k -o dcos-ca.crt https://<cluster>/ca/dcos-ca.crt';
  try {
    if (statSync(path).isDirectory()) return 'is a directory: name the CA bundle file (PEM) in it';
    accessSync(path, constants.R_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return `no such file: check the path, or ${fetch}`;
    if (code === 'EACCES') return 'cannot be read (permission denied): make it readable to you';
    return `cannot be read (${code ?? (err as Error).message}): name a readable CA bundle (PEM)`;
  }
  return undefined;
}

export interface FormatChoices {
  format: Format;
  account: string[];
  group?: string;
  clusterUrl?: string;
  caCert?: string;
}

/** The first reason the options do not fit the format, or undefined. */
export function formatProblem(opts: FormatChoices): string | undefined {
  const list = (fs: readonly Format[]) => fs.join(', ');
  if (opts.group !== undefined && !GRANT_FORMATS.includes(opts.format))
    return `--group applies to the formats ${list(GRANT_FORMATS)}: add one with --format`;
  for (const [value, flag] of [
    [opts.clusterUrl, '--cluster-url'],
    [opts.caCert, '--ca-cert'],
  ] as const) {
    if (value !== undefined && !API_FORMATS.includes(opts.format))
      return `${flag} applies to --format ${API_FORMATS.join(', ')}`;
  }
  if (opts.caCert !== undefined) {
    const problem = caCertProblem(opts.caCert);
    if (problem) return `--ca-cert ${opts.caCert}: ${problem}`;
  }
  if (opts.format === 'plan') {
    if (opts.account.length !== 1)
      return '--format plan writes the migration of one account: name it with one --account <uid>';
    const uid = opts.account[0]!;
    if (isNative(uid))
      return `--format plan: ${uid} is a DC/OS-native account: its privileges belong to DC/OS, keep its dcos:superuser`;
  }
  return undefined;
}
