import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

/**
 * A test CA and a server certificate it signed for loopback addresses
 * (127.0.0.1 unless others are named), made with the real openssl: for TLS
 * servers that clients check with --cacert / --ca-cert.
 */
export interface TestCa {
  /** The CA bundle (PEM) a client is given. */
  caFile: string;
  key: Buffer;
  cert: Buffer;
}

export function testCa(addresses: readonly string[] = ['127.0.0.1']): TestCa {
  const dir = tempDir('a2g-ca-');
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.crt'),
    '-days',
    '2',
    '-subj',
    '/CN=audit2grant test CA',
  );
  openssl(
    'req',
    ...ec,
    '-keyout',
    at('server.key'),
    '-out',
    at('server.csr'),
    '-subj',
    `/CN=${addresses[0]}`,
  );
  writeFileSync(at('san.ext'), `subjectAltName=${addresses.map((a) => `IP:${a}`).join(',')}\n`);
  openssl(
    'x509',
    '-req',
    '-in',
    at('server.csr'),
    '-CA',
    at('ca.crt'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-out',
    at('server.crt'),
    '-days',
    '2',
    '-extfile',
    at('san.ext'),
  );
  return {
    caFile: at('ca.crt'),
    key: readFileSync(at('server.key')),
    cert: readFileSync(at('server.crt')),
  };
}
