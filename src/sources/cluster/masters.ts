import { isIP } from 'node:net';
import { masterProblem } from './address.js';
import { readBody, statusFailure } from './answers.js';
import { clusterPath } from './cluster-url.js';
import { excerpt } from './framing.js';
import { ClusterFailure, type Connection, get } from './http-get.js';

/**
 * The masters to read: `--masters`, else what the cluster's mesos-dns says
 * (`GET <cluster>/mesos_dns/v1/hosts/master.mesos`, as `dcos node list`
 * asks). Each is read at its own address, with the scheme and port of the
 * cluster URL: a master's Admin Router serves only its own journal.
 */

const DNS_PATH = '/mesos_dns/v1/hosts/master.mesos';

/** The masters' addresses as mesos-dns knows them. */
export async function discoverMasters(base: URL, conn: Connection): Promise<string[]> {
  const url = new URL(clusterPath(base, DNS_PATH), base);
  const where = `${base.origin}${DNS_PATH}`;
  const { res } = await get(url, conn, { accept: 'application/json' });
  const body = await readBody(res, 1024 * 1024);
  if (res.statusCode !== 200) throw statusFailure(res.statusCode ?? 0, body, where, conn.token);
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    answer = undefined;
  }
  const fix = 'give the masters with --masters';
  if (!Array.isArray(answer))
    throw new ClusterFailure(
      `${where} did not answer a list of masters (${excerpt(body, conn.token)}): ${fix}`,
      false,
    );
  const ips = answer
    .map((a) => (a as { ip?: unknown })?.ip)
    .filter((ip): ip is string => typeof ip === 'string' && isIP(ip) !== 0 && !masterProblem(ip));
  if (ips.length === 0)
    throw new ClusterFailure(
      `${where} knows no master (${excerpt(body, conn.token)}): ${fix}`,
      false,
    );
  return [...new Set(ips)];
}
