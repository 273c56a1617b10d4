import { accessSync, constants, statSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { Gid, problemOf } from '../rules/grammar.js';
import { canonicalClusterUrl, readClusterUrl } from '../sources/cluster/cluster-url.js';
import { shownUrl } from '../text/shown-url.js';

/**
 * The values of the grant formats' options (--group, --cluster-url,
 * --ca-cert), each checked as it is parsed. Which formats take them is the
 * format registry's (output/registry.ts).
 */

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
  const url = readClusterUrl(value);
  if (!(url instanceof URL)) throw new InvalidArgumentError(`"${shownUrl(value)}"${url.problem}`);
  return canonicalClusterUrl(url);
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
