import { describe, expect, it } from 'vitest';
import {
  canonicalClusterUrl,
  clusterPath,
  readClusterUrl,
  sameCluster,
} from '../../../src/sources/cluster/cluster-url.js';

describe('a cluster URL', () => {
  it.each([
    ['https://dcos.example', 'https://dcos.example'],
    ['https://DCOS.example:443/', 'https://dcos.example'],
    ['http://dcos.example:80//', 'http://dcos.example'],
    ['https://dcos.example:8443/dcos/', 'https://dcos.example:8443/dcos'],
  ])('%s is written %s', (value, canonical) => {
    const url = readClusterUrl(value);
    expect(url).toBeInstanceOf(URL);
    expect(canonicalClusterUrl(url as URL)).toBe(canonical);
  });

  it.each([
    ['dcos.example', ' is not a URL: use https://HOST[:PORT]'],
    ['ftp://dcos.example', ' is not an http(s) URL: use https://HOST[:PORT]'],
    [
      'https://u:p@dcos.example',
      ': leave out credentials, query and fragment: use https://HOST[:PORT]',
    ],
    [
      'https://dcos.example/?a=1',
      ': leave out credentials, query and fragment: use https://HOST[:PORT]',
    ],
    [
      'https://dcos.example/#top',
      ': leave out credentials, query and fragment: use https://HOST[:PORT]',
    ],
  ])('%s is refused', (value, problem) => {
    expect(readClusterUrl(value)).toEqual({ problem });
  });

  it('names one cluster however it is spelled; another scheme, port or path is another', () => {
    const base = new URL('https://dcos.example/dcos');
    expect(sameCluster('https://DCOS.example:443/dcos/', base)).toBe(true);
    expect(sameCluster('http://dcos.example/dcos', base)).toBe(false);
    expect(sameCluster('https://dcos.example:8443/dcos', base)).toBe(false);
    expect(sameCluster('https://dcos.example', base)).toBe(false);
    expect(sameCluster('not a url', base)).toBe(false);
  });

  it('puts an API path under its own path', () => {
    expect(clusterPath(new URL('https://dcos.example/dcos//'), '/acs/api/v1')).toBe(
      '/dcos/acs/api/v1',
    );
    expect(clusterPath(new URL('https://dcos.example'), '/acs/api/v1')).toBe('/acs/api/v1');
  });
});
