import { createRequire } from 'node:module';

/** node:net's isIP, required when first asked: the command line checks addresses on every run. */
const isIP = (text: string): number =>
  (createRequire(import.meta.url)('node:net') as typeof import('node:net')).isIP(text);

/**
 * A master's address, as `--masters` gives it or mesos-dns answers it, and
 * the URL it is read at. Apart from the reading itself: the command line
 * checks `--masters` with it on every run.
 */

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/** Why a `--masters` address is not one, or undefined. */
export function masterProblem(address: string): string | undefined {
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare) !== 0 || HOSTNAME.test(address)) return undefined;
  return `"${address}" is not an address: give IPs or host names, comma-separated (no scheme, no port: those of the cluster URL are used)`;
}

/** The URL of one master: the cluster URL with the master's address in place of its host. */
export function masterUrl(base: URL, address: string): URL {
  const url = new URL(base.href);
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  url.hostname = isIP(bare) === 6 ? `[${bare}]` : bare;
  return url;
}
