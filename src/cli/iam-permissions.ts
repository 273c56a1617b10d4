import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pathSegment } from '../output/url-segment.js';
import { AccessError, type ClusterTarget, clusterTarget } from '../sources/cluster/access.js';
import { clusterPath } from '../sources/cluster/cluster-url.js';
import { type DcosConfig, dcosConfigShow } from '../sources/cluster/dcos-cli.js';
import { excerpt } from '../sources/cluster/framing.js';
import { withoutToken, withoutTokenInJson } from '../text/token.js';

/**
 * What an account holds, fetched from the IAM API:
 * `GET <cluster>/acs/api/v1/users/<uid>/permissions`. The cluster is
 * `--cluster-url`, else $DCOS_URL, else the DC/OS CLI's `core.dcos_url`; the
 * token $DCOS_ACS_TOKEN, else the CLI's `core.dcos_acs_token`. The token goes
 * only into the request's Authorization header: never onto a command line,
 * into output or into an error message.
 */

/** Why the answer could not be had, and how to fix it: one line. */
export class FetchError extends Error {}

export interface FetchOptions {
  uid: string;
  /** `--cluster-url`, already checked by parseClusterUrl. */
  clusterUrl?: string;
  caCert?: string;
  /** Plain http to a host other than this machine (the token travels unencrypted). */
  allowHttp: boolean;
  env: NodeJS.ProcessEnv;
  /** `dcos config show KEY`, trimmed; undefined when the CLI is missing or has no value. */
  dcosConfig?: DcosConfig;
}

/** Largest answer read: an account's permissions are kilobytes. */
const MAX_ANSWER = 32 * 1024 * 1024;

/**
 * The cluster to ask and the token to ask it with. Settled before the
 * journals are read, so that the token is cut out of them too.
 */
export async function permissionsTarget(opts: FetchOptions): Promise<ClusterTarget> {
  try {
    return await clusterTarget(
      { url: opts.clusterUrl, option: '--cluster-url', allowHttp: opts.allowHttp },
      opts.env,
      opts.dcosConfig ?? dcosConfigShow,
    );
  } catch (err) {
    if (err instanceof AccessError) throw new FetchError(err.message);
    throw err;
  }
}

/**
 * IAM's answer, the token cut out of it (an id or a message may echo it:
 * whatever is said of the answer later could show it).
 */
export async function fetchPermissions(
  opts: FetchOptions,
  target?: ClusterTarget,
): Promise<string> {
  const { base, token } = target ?? (await permissionsTarget(opts));
  let ca: Buffer | undefined;
  if (opts.caCert !== undefined) {
    try {
      ca = readFileSync(opts.caCert);
    } catch (err) {
      throw new FetchError(
        `--ca-cert ${opts.caCert}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}: name a readable CA bundle (PEM)`,
      );
    }
  }
  const path = clusterPath(base, `/acs/api/v1/users/${pathSegment(opts.uid)}/permissions`);
  const where = `GET ${base.origin}${path}`;
  const answer = await get(base, path, token, ca).catch((err: Error) => {
    throw new FetchError(
      `${where}: ${withoutToken(err.message, token)}: check the cluster URL${base.protocol === 'https:' ? ' and --ca-cert' : ''}`,
    );
  });
  if (answer.status !== 200)
    throw new FetchError(
      `${where}: HTTP ${answer.status} ${excerpt(answer.body, token, 300)}: ${statusFix(answer.status, opts.uid)}`,
    );
  return withoutTokenInJson(answer.body, token);
}

function statusFix(status: number, uid: string): string {
  if (status === 401) return 'log in again (dcos auth login), or set DCOS_ACS_TOKEN';
  if (status === 403) return 'log in as an account that may read permissions (a superuser)';
  if (status === 400 || status === 404) return `check that ${uid} is the account's id`;
  return 'check the cluster and try again';
}

function get(
  base: URL,
  path: string,
  token: string,
  ca: Buffer | undefined,
): Promise<{ status: number; body: string }> {
  const request = base.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        protocol: base.protocol,
        hostname: base.hostname.replace(/^\[|\]$/g, ''),
        port: base.port || undefined,
        path,
        method: 'GET',
        headers: { authorization: `token=${token}`, accept: 'application/json' },
        // Said here, where NODE_TLS_REJECT_UNAUTHORIZED=0 would otherwise turn the check off.
        ...(base.protocol === 'https:' ? { rejectUnauthorized: true } : {}),
        ...(ca ? { ca } : {}),
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER) {
            req.destroy(new Error(`answer larger than ${MAX_ANSWER} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 60 s')));
    req.on('error', reject);
    req.end();
  });
}
