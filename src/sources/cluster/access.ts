import { readFileSync } from 'node:fs';
import { type DcosConfig, isLoopback, TOKEN_SHAPE, tokenForAnotherCluster } from './dcos-cli.js';

/**
 * How to reach the cluster, settled once before any master is read: its URL
 * (`--cluster URL`, else DCOS_URL, else the dcos CLI's core.dcos_url), the
 * token (DCOS_ACS_TOKEN, else core.dcos_acs_token; read once, kept in
 * memory only) and the CA bundle (`--ca-cert`, else core.ssl_verify when it
 * names a file). The dcos CLI is asked only for what is not given.
 */

export interface ClusterAccess {
  base: URL;
  token: string;
  ca?: Buffer;
  caFrom?: string;
  /** core.ssl_verify is false: the CLI does not check certificates (audit2grant does). */
  cliSkipsVerify: boolean;
  /** Plain http may carry the token to hosts other than this one (--allow-http). */
  allowHttp: boolean;
}

/** A setting that cannot be used: the message says which and how to fix it. */
export class AccessError extends Error {}

export interface AccessOptions {
  /** `--cluster URL`; true when --cluster was given without one. */
  url: string | true;
  caCert?: string | undefined;
  allowHttp: boolean;
}

export async function clusterAccess(
  opts: AccessOptions,
  env: NodeJS.ProcessEnv,
  dcos: DcosConfig,
): Promise<ClusterAccess> {
  const given = opts.url === true ? env.DCOS_URL || undefined : opts.url;
  // The CLI's URL is needed without a given one, and with its token (which
  // goes only to its own cluster): asked alongside the token, not after it.
  const [cliUrl, cliToken] = await Promise.all([
    given === undefined || !env.DCOS_ACS_TOKEN ? dcos('core.dcos_url') : undefined,
    env.DCOS_ACS_TOKEN ? undefined : dcos('core.dcos_acs_token'),
  ]);
  const from = opts.url !== true ? '--cluster' : given !== undefined ? 'DCOS_URL' : 'core.dcos_url';
  const value = given ?? cliUrl;
  if (value === undefined)
    throw new AccessError(
      'no cluster URL: give --cluster https://<cluster>, set DCOS_URL, or set up the dcos CLI (dcos cluster setup)',
    );
  const base = clusterUrl(value, from);
  if (base.protocol === 'http:' && !opts.allowHttp && !isLoopback(base.hostname))
    throw new AccessError(httpRefused(base.hostname));
  const token = env.DCOS_ACS_TOKEN || cliToken;
  if (token === undefined || !TOKEN_SHAPE.test(token))
    throw new AccessError(
      'no usable token: set DCOS_ACS_TOKEN, or log in with the dcos CLI (dcos auth login)',
    );
  // The CLI's token goes to the CLI's cluster only, as in verify and the scripts.
  if (!env.DCOS_ACS_TOKEN && given !== undefined) {
    const elsewhere = tokenForAnotherCluster(cliUrl, base);
    if (elsewhere) throw new AccessError(elsewhere);
  }
  const access: ClusterAccess = { base, token, cliSkipsVerify: false, allowHttp: opts.allowHttp };
  if (base.protocol !== 'https:') return access;
  if (opts.caCert !== undefined) {
    access.ca = readCa(opts.caCert, `--ca-cert ${opts.caCert}`);
    access.caFrom = `--ca-cert ${opts.caCert}`;
    return access;
  }
  const verify = await dcos('core.ssl_verify');
  if (verify === 'false' || verify === 'False') access.cliSkipsVerify = true;
  else if (verify !== undefined && verify !== 'true' && verify !== 'True') {
    access.ca = readCa(verify, `core.ssl_verify ${verify}`);
    access.caFrom = `core.ssl_verify ${verify}`;
  }
  return access;
}

/** Why plain http may not carry the token to `host`. */
export function httpRefused(host: string): string {
  return `http://${host} is plain http: the token would travel unencrypted; use https, or --allow-http`;
}

function clusterUrl(value: string, from: string): URL {
  const shown = `${from} ${JSON.stringify(value.slice(0, 200))}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AccessError(`${shown} is not a URL: use https://HOST[:PORT]`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AccessError(`${shown} is not an http(s) URL: use https://HOST[:PORT]`);
  if (url.username || url.password || url.search || url.hash)
    throw new AccessError(`${shown}: leave out credentials, query and fragment`);
  return url;
}

function readCa(path: string, from: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AccessError(
      `${from}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')}: name a readable CA bundle (PEM), e.g. curl -k -o dcos-ca.crt <cluster>/ca/dcos-ca.crt`,
    );
  }
}
