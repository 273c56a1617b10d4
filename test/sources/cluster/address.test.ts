import { describe, expect, it } from 'vitest';
import { masterProblem, masterUrl } from '../../../src/sources/cluster/address.js';

const base = new URL('https://cluster.example:8443/dcos');

describe("a master's address", () => {
  it('is read at the cluster URL with the address in place of its host', () => {
    expect(masterUrl(base, '10.0.0.2').href).toBe('https://10.0.0.2:8443/dcos');
    expect(masterUrl(base, 'master-1.example').href).toBe('https://master-1.example:8443/dcos');
    expect(masterUrl(base, '::1').href).toBe('https://[::1]:8443/dcos');
    expect(masterUrl(base, '[fd00::2]').href).toBe('https://[fd00::2]:8443/dcos');
  });

  // The URL parser keeps the host it had when it refuses one: such an address
  // would be read at the cluster URL's own host, its entries reported as the
  // master's.
  it('is refused when no URL can name it, never read at the cluster URL instead', () => {
    for (const address of [
      '1.2.3.999',
      'fe80::1%lo',
      '[fe80::1%25lo]',
      'http://10.0.0.2',
      '10.0.0.2:80',
    ]) {
      expect(masterProblem(address), address).toMatch(/is not an address/);
      expect(() => masterUrl(base, address), address).toThrow(/is not an address/);
    }
    for (const address of ['10.0.0.2', 'master-1.example', '::1', '[::1]'])
      expect(masterProblem(address), address).toBeUndefined();
  });
});
