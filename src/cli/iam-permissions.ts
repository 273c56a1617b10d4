import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pathSegment } from '../output/url-segment.js';
import {
  dcosConfigShow,
  isLoopback,
  TOKEN_SHAPE,
  tokenForAnotherCluster,
} from '../sources/cluster/dcos-cli.js';
import { withoutToken } from '../text/token.js';

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
  dcosConfig?: (key: string) => Promise<string | undefined>;
}

/** Largest answer read: an account's permissions are kilobytes. */
const MAX_ANSWER = 32 * 1024 * 1024;

/** The cluster's base URL, as `scheme://host[:port][/path]`. */
function clusterBase(value: string, from: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new FetchError(`${from} is not a URL: use https://HOST[:PORT]`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new FetchError(`${from} is not an http(s) URL: use https://HOST[:PORT]`);
  if (url.username || url.password || url.search || url.hash)
    throw new FetchError(`${from}: leave out credentials, query and fragment`);
  return url;
}

export async function fetchPermissions(opts: FetchOptions): Promise<string> {
  const dcos = opts.dcosConfig ?? dcosConfigShow;
  let from = '--cluster-url';
  let value = opts.clusterUrl;
  if (value === undefined && opts.env.DCOS_URL) {
    from = 'DCOS_URL';
    value = opts.env.DCOS_URL;
  }
  if (value === undefined) {
    from = 'core.dcos_url';
    value = await dcos('core.dcos_url');
  }
  if (value === undefined)
    throw new FetchError(
      'no cluster URL: give --cluster-url, set DCOS_URL, or run dcos cluster setup',
    );
  const base = clusterBase(value, `${from} ${JSON.stringify(value.slice(0, 200))}`);
  if (base.protocol === 'http:' && !opts.allowHttp && !isLoopback(base.hostname))
    throw new FetchError(
      `${base.origin} is plain http: the token would travel unencrypted; use https, or --allow-http`,
    );
  const fromCli = !opts.env.DCOS_ACS_TOKEN;
  const token = opts.env.DCOS_ACS_TOKEN || (await dcos('core.dcos_acs_token'));
  if (token === undefined || !TOKEN_SHAPE.test(token))
    throw new FetchError(
      'no usable token: set DCOS_ACS_TOKEN, or log in with dcos auth login (core.dcos_acs_token)',
    );
  // The CLI's token goes to the CLI's cluster only, as in the scripts.
  if (fromCli && from !== 'core.dcos_url') {
    const elsewhere = tokenForAnotherCluster(await dcos('core.dcos_url'), base);
    if (elsewhere) throw new FetchError(elsewhere);
  }
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
  const path = `${base.pathname.replace(/\/+$/, '')}/acs/api/v1/users/${pathSegment(opts.uid)}/permissions`;
  const where = `GET ${base.origin}${path}`;
  const answer = await get(base, path, token, ca).catch((err: Error) => {
    throw new FetchError(
      `${where}: ${withoutToken(err.message, token)}: check the cluster URL${base.protocol === 'https:' ? ' and --ca-cert' : ''}`,
    );
  });
  if (answer.status !== 200)
    throw new FetchError(
      `${where}: HTTP ${answer.status} ${excerpt(answer.body, token)}: ${statusFix(answer.status, opts.uid)}`,
    );
  return answer.body;
}

function statusFix(status: number, uid: string): string {
  if (status === 401) return 'log in again (dcos auth login), or set DCOS_ACS_TOKEN';
  if (status === 403) return 'log in as an account that may read permissions (a superuser)';
  if (status === 400 || status === 404) return `check that ${uid} is the account's id`;
  return 'check the cluster and try again';
}

/** An answer's body on one line, short, without the token should it echo it. */
function excerpt(body: string, token: string): string {
  const line = withoutToken(body, token).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
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
