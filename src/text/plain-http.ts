/**
 * Where plain http may carry the token: to this machine only, unless
 * --allow-http was given. One rule for --cluster (the cluster and each
 * master), verify, the check of a script's --cluster-url, and the scripts
 * that call the IAM API, which apply it in bash to the URL they run with.
 */

/**
 * This machine's host names as a URL writes them (lower case, an IPv4
 * address as four decimals, IPv6 in brackets and compressed), and as the
 * scripts' `origin` does: one pattern for JavaScript and bash's `=~`.
 */
export const LOOPBACK_HOST = String.raw`(localhost|127\.[0-9]+\.[0-9]+\.[0-9]+|\[::1\])`;

const LOOPBACK = new RegExp(`^${LOOPBACK_HOST}$`);

/** Whether the token may not go to `url`: plain http to another machine, without --allow-http. */
export function plainHttpRefused(url: URL, allowHttp: boolean): boolean {
  return url.protocol === 'http:' && !allowHttp && !LOOPBACK.test(url.hostname);
}

/** Why: `where` (a URL, or how the script will find it) is plain http, and the fix. */
export function plainHttpMessage(where: string, fix = '--allow-http'): string {
  return `${where} is plain http: the token would travel unencrypted; use https, or ${fix}`;
}
