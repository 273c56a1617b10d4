import type { IncomingMessage } from 'node:http';
import { excerpt } from './framing.js';
import { ClusterFailure } from './http-get.js';

/**
 * What an HTTP status other than 200 from the cluster means, and what to do
 * about it, in one line. The answer's body is quoted short, with the token
 * cut out should the server echo it.
 */

/** The permission every master's logs need (Admin Router's ACL for /system/v1/logs/). */
export const LOGS_PERMISSION = 'dcos:adminrouter:ops:system-logs full';

/** Up to 64 KiB of an answer's body, as text. */
export function readBody(res: IncomingMessage, max = 64 * 1024): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      if (size < max) chunks.push(chunk.subarray(0, max - size));
      size += chunk.length;
      if (size >= max) res.destroy();
    });
    const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
    res.once('end', done);
    res.once('close', done);
    res.once('error', done);
  });
}

export function statusFailure(
  status: number,
  body: string,
  where: string,
  token: string,
): ClusterFailure {
  const said = excerpt(body, token);
  const head = `HTTP ${status} from ${where}`;
  if (status === 401)
    return new ClusterFailure(
      `${head}: the token was refused (expired?): log in again with dcos auth login, or set DCOS_ACS_TOKEN to a fresh token`,
      false,
    );
  if (status === 403)
    return new ClusterFailure(
      `${head}: the account may not read system logs: it needs ${LOGS_PERMISSION} (dcos security org users grant <uid> ${LOGS_PERMISSION})`,
      false,
    );
  if (status >= 500)
    return new ClusterFailure(`${head}: ${said}: the logging service failed; try again`, true);
  return new ClusterFailure(`${head}: ${said}`, false);
}
