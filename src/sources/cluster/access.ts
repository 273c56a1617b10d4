import { readFileSync } from 'node:fs';
import { plainHttpMessage, plainHttpRefused } from '../../text/plain-http.js';
import { shownUrl } from '../../text/shown-url.js';
import { readClusterUrl, sameCluster } from './cluster-url.js';
import { type DcosConfig, TOKEN_SHAPE, tokenForAnotherCluster } from './dcos-cli.js';

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
}

/** A setting that cannot be used: the message says which and how to fix it. */
export class AccessError extends Error {}

/** The cluster's URL and the token sent to it: what --cluster and verify settle first. */
export interface ClusterTarget {
  base: URL;
  token: string;
}

export interface TargetOptions {
  /** The URL its option gave, if any. */
  url: string | undefined;
  /** That option, named in what is said of the URL (`--cluster`, `--cluster-url`). */
  option: string;
  allowHttp: boolean;
}

/**
 * The URL (the option's, else DCOS_URL, else the dcos CLI's core.dcos_url)
 * and the token (DCOS_ACS_TOKEN, else the CLI's core.dcos_acs_token), or an
 * AccessError saying which cannot be used and how to fix it.
 */
export async function clusterTarget(
  opts: TargetOptions,
  env: NodeJS.ProcessEnv,
  dcos: DcosConfig,
): Promise<ClusterTarget> {
  const given = opts.url ?? (env.DCOS_URL || undefined);
  // The CLI's URL is needed without a given one, and with its token (which
  // goes only to its own cluster): asked alongside the token, not after it.
  const [cliUrl, cliToken] = await Promise.all([
    given === undefined || !env.DCOS_ACS_TOKEN ? dcos('core.dcos_url') : undefined,
    env.DCOS_ACS_TOKEN ? undefined : dcos('core.dcos_acs_token'),
  ]);
  const from =
    opts.url !== undefined ? opts.option : given !== undefined ? 'DCOS_URL' : 'core.dcos_url';
  const value = given ?? cliUrl;
  if (value === undefined)
    throw new AccessError(
      `no cluster URL: give ${opts.option} https://<cluster>, set DCOS_URL, or set up the dcos CLI (dcos cluster setup)`,
    );
  const base = readClusterUrl(value);
  if (!(base instanceof URL))
    throw new AccessError(
      `${from} ${JSON.stringify(shownUrl(value).slice(0, 200))}${base.problem}`,
    );
  if (plainHttpRefused(base, opts.allowHttp)) throw new AccessError(plainHttpMessage(base.origin));
  const token = env.DCOS_ACS_TOKEN || cliToken;
  if (token === undefined || !TOKEN_SHAPE.test(token))
    throw new AccessError(
      'no usable token: set DCOS_ACS_TOKEN, or log in with the dcos CLI (dcos auth login)',
    );
  // DCOS_ACS_TOKEN given with DCOS_URL is that cluster's token, as in the scripts.
  if (
    env.DCOS_ACS_TOKEN &&
    opts.url !== undefined &&
    env.DCOS_URL &&
    !sameCluster(env.DCOS_URL, base)
  )
    throw new AccessError(
      `DCOS_ACS_TOKEN is the token of DCOS_URL, ${JSON.stringify(shownUrl(env.DCOS_URL).slice(0, 200))}, not of ${base.origin} (${opts.option}): unset DCOS_URL to send it there`,
    );
  // The CLI's token goes to the CLI's cluster only, as in the scripts.
  if (!env.DCOS_ACS_TOKEN && given !== undefined) {
    const elsewhere = tokenForAnotherCluster(cliUrl, base);
    if (elsewhere) throw new AccessError(elsewhere);
  }
  return { base, token };
}

export interface AccessOptions {
  /** `--cluster URL`; true when --cluster was given without one. */
  url: string | true;
  caCert?: string | undefined;
  allowHttp: boolean;
}

/** The target of --cluster, and the CA bundle its certificate is checked against. */
export async function clusterAccess(
  opts: AccessOptions,
  env: NodeJS.ProcessEnv,
  dcos: DcosConfig,
): Promise<ClusterAccess> {
  const { base, token } = await clusterTarget(
    {
      url: opts.url === true ? undefined : opts.url,
      option: '--cluster',
      allowHttp: opts.allowHttp,
    },
    env,
    dcos,
  );
  const access: ClusterAccess = { base, token, cliSkipsVerify: false };
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
