import type { ClientRequest, IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';

/**
 * One streamed GET to the cluster with node's own http and https, the token
 * in the Authorization header and nowhere else. Resolves when the answer's
 * headers arrive (its body is read by the caller, as it comes); a failure to
 * get there is a ClusterFailure whose message says what happened and what to
 * do, one line.
 */

export interface Connection {
  token: string;
  /** The CA bundle (PEM) the cluster's certificates are checked against; none: the system's. */
  ca?: Buffer | undefined;
  /** Where the CA bundle came from, for messages: `--ca-cert FILE`, `core.ssl_verify FILE`. */
  caFrom?: string | undefined;
  /** The DC/OS CLI does not check certificates (core.ssl_verify false): said when one is refused. */
  cliSkipsVerify?: boolean;
  connectTimeoutMs: number;
  /** After connecting, the longest wait for the answer's headers (ms). */
  answerTimeoutMs: number;
}

/** Why a master (or the cluster) could not be read; `retry` when trying again may help. */
export class ClusterFailure extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

export interface Answer {
  req: ClientRequest;
  res: IncomingMessage;
}

const TLS_CODES = /CERT|SIGNATURE|ISSUER|ALTNAME|HOSTNAME/;

export function get(
  url: URL,
  conn: Connection,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<Answer> {
  const https = url.protocol === 'https:';
  const where = hostPort(url);
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)({
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { ...headers, authorization: `token=${conn.token}` },
      agent: false,
      // Said here, where NODE_TLS_REJECT_UNAUTHORIZED=0 would otherwise turn
      // the check off and send the token to any server that answers.
      ...(https ? { rejectUnauthorized: true } : {}),
      ...(conn.ca ? { ca: conn.ca } : {}),
      ...(signal ? { signal } : {}),
    });
    const giveUp = (message: string) => () => req.destroy(new ClusterFailure(message, true));
    let limit = setTimeout(
      giveUp(
        `no connection to ${where} within ${conn.connectTimeoutMs / 1000} s: the master is unreachable or filtered (raise --connect-timeout for slow links)`,
      ),
      conn.connectTimeoutMs,
    );
    req.once('socket', (socket) => {
      socket.once(https ? 'secureConnect' : 'connect', () => {
        clearTimeout(limit);
        limit = setTimeout(
          giveUp(
            `${where} took the request but gave no answer within ${conn.answerTimeoutMs / 1000} s: try again`,
          ),
          conn.answerTimeoutMs,
        );
      });
    });
    req.once('response', (res) => {
      clearTimeout(limit);
      resolve({ req, res });
    });
    // Kept for the request's life: an error while the body is read comes here
    // too (the reader of the body hears of it from the answer).
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(limit);
      if (err instanceof ClusterFailure) return reject(err);
      if (err.name === 'AbortError') return reject(new ClusterFailure('interrupted', false));
      if (https && err.code && TLS_CODES.test(err.code)) {
        void untrusted(url, conn, err).then((message) =>
          reject(new ClusterFailure(message, false)),
        );
        return;
      }
      reject(new ClusterFailure(networkFailure(err, where), true));
    });
    req.end();
  });
}

export function hostPort(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
}

function networkFailure(err: NodeJS.ErrnoException, where: string): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${where}: no Admin Router listens there; check the address (--masters) and the cluster URL's port`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} is unreachable (${err.code}): check the address and the route to the cluster`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve ${where.replace(/:\d+$/, '')} (${err.code}): check the name, or give addresses`;
    case 'ECONNRESET':
      return `${where} closed the connection before answering (ECONNRESET): try again`;
    default:
      return `cannot reach ${where}: ${err.message}`;
  }
}

/**
 * A certificate that was refused, named: a second connection, which sends
 * nothing (no request, no token), fetches it to say whose it is.
 */
async function untrusted(url: URL, conn: Connection, err: Error): Promise<string> {
  const where = hostPort(url);
  const cert = await peerCertificate(url, conn.connectTimeoutMs);
  const whose = cert ? ` (${cert})` : '';
  const ca = conn.caFrom ? `not trusted by ${conn.caFrom}` : 'not trusted by this system';
  const cli = conn.cliSkipsVerify
    ? '; the dcos CLI is set not to check it (core.ssl_verify false), audit2grant always does'
    : '';
  return `TLS: the certificate of ${where}${whose} is ${ca}: ${err.message}${cli}; pass the cluster's CA bundle with --ca-cert FILE (curl -k -o dcos-ca.crt <cluster>/ca/dcos-ca.crt, then check its fingerprint)`;
}

function peerCertificate(url: URL, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = tlsConnect(
      { host, port: Number(url.port || 443), rejectUnauthorized: false },
      () => {
        const c = socket.getPeerCertificate();
        socket.destroy();
        if (!c?.subject) return resolve(undefined);
        const name = (o: Record<string, string | string[]> | undefined) =>
          o
            ? Object.entries(o)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')
            : '?';
        resolve(
          `subject ${name(c.subject as never)}, issued by ${name(c.issuer as never)}, SHA-256 ${c.fingerprint256}`,
        );
      },
    );
    socket.setTimeout(timeoutMs, () => socket.destroy());
    socket.once('error', () => resolve(undefined));
    socket.once('close', () => resolve(undefined));
  });
}
