/**
 * A cluster URL, as --cluster, --cluster-url, DCOS_URL or the dcos CLI's
 * core.dcos_url gives it: an http(s) URL without credentials, query or
 * fragment. Its canonical form, `scheme://host[:port][/path]` (the default
 * port left out, no `/` at the end), names the cluster: it is what a script
 * is given, and two spellings of one cluster have the same.
 */

/** The URL, or what is wrong with it, to follow the value as the user gave it. */
export function readClusterUrl(value: string): URL | { problem: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: ' is not a URL: use https://HOST[:PORT]' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { problem: ' is not an http(s) URL: use https://HOST[:PORT]' };
  if (url.username || url.password || url.search || url.hash)
    return { problem: ': leave out credentials, query and fragment: use https://HOST[:PORT]' };
  return url;
}

/** `path` (from `/`) under the cluster's URL, which may have a path of its own. */
export function clusterPath(base: URL, path: string): string {
  return `${base.pathname.replace(/\/+$/, '')}${path}`;
}

export function canonicalClusterUrl(url: URL): string {
  return `${url.origin}${clusterPath(url, '')}`;
}

/** Whether `value` is another spelling of the cluster `base`. */
export function sameCluster(value: string, base: URL): boolean {
  try {
    return canonicalClusterUrl(new URL(value)) === canonicalClusterUrl(base);
  } catch {
    return false;
  }
}
