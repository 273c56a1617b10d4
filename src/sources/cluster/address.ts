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

const PROBE_HOST = 'audit2grant.invalid';

/**
 * The address as a URL's host, or undefined when URLs cannot name it
 * (`1.2.3.999`, an IPv6 zone such as `fe80::1%lo`): the URL parser leaves
 * a host it refuses as it was, so that the master would be read at the
 * cluster URL's own host.
 */
function urlHost(address: string): string | undefined {
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  const url = new URL(`http://${PROBE_HOST}/`);
  url.hostname = isIP(bare) === 6 ? `[${bare}]` : bare;
  return url.hostname === PROBE_HOST ? undefined : url.hostname;
}

/** Why a master's address (`--masters`, or mesos-dns's answer) is not one, or undefined. */
export function masterProblem(address: string): string | undefined {
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  if ((isIP(bare) !== 0 || HOSTNAME.test(address)) && urlHost(address) !== undefined)
    return undefined;
  return `"${address}" is not an address: give IPs or host names, comma-separated (no scheme, no port: those of the cluster URL are used)`;
}

/** The URL of one master: the cluster URL with the master's address in place of its host. */
export function masterUrl(base: URL, address: string): URL {
  const host = urlHost(address);
  if (host === undefined) throw new Error(masterProblem(address));
  const url = new URL(base.href);
  url.hostname = host;
  return url;
}
