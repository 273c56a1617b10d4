import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fingerprint,
  KnownHosts,
  keyTypeOf,
  parseKnownHosts,
} from '../../../src/sources/ssh/known-hosts.js';
import { hostToken } from '../../../src/sources/ssh/target.js';
import { tempDir } from '../../helpers/temp-dir.js';

const BASE = tempDir('a2g-kh-');

/** A fake public key blob of a type: string type, then bytes. */
function blob(type: string, fill: number): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, Buffer.alloc(32, fill)]);
}

const ED_A = blob('ssh-ed25519', 1);
const ED_B = blob('ssh-ed25519', 2);
const RSA = blob('ssh-rsa', 3);
const line = (names: string, key: Buffer) => `${names} ${keyTypeOf(key)} ${key.toString('base64')}`;

function hashed(name: string): string {
  const salt = randomBytes(20);
  const hash = createHmac('sha1', salt).update(name).digest();
  return `|1|${salt.toString('base64')}|${hash.toString('base64')}`;
}

describe('known_hosts', () => {
  it('names hosts like ssh: bare on port 22, [host]:port otherwise, lower case', () => {
    expect(hostToken('Master-1', 22)).toBe('master-1');
    expect(hostToken('10.0.0.1', 2222)).toBe('[10.0.0.1]:2222');
  });

  it('parses markers, pattern lists, hashed names and comments; skips junk', () => {
    const lines = parseKnownHosts(
      [
        '# comment',
        '',
        line('a,b', ED_A),
        `@revoked ${line('*', RSA)}`,
        `@cert-authority ${line('*.example', ED_B)}`,
        line(hashed('c'), ED_B),
        'garbage',
        '@unknown-marker x ssh-ed25519 AAAA',
        'host ssh-ed25519 not*base64',
      ].join('\n'),
    );
    expect(lines.map((l) => [l.line, l.marker, l.patterns, l.hashed !== null, l.keyType])).toEqual([
      [3, null, ['a', 'b'], false, 'ssh-ed25519'],
      [4, 'revoked', ['*'], false, 'ssh-rsa'],
      [5, 'cert-authority', ['*.example'], false, 'ssh-ed25519'],
      [6, null, null, true, 'ssh-ed25519'],
    ]);
  });

  it('knows a host by plain, [host]:port, wildcard, negated and hashed names', () => {
    const kh = KnownHosts.fromText(
      '/x',
      [
        line('master-1,10.0.4.1', ED_A),
        line('[10.0.4.2]:2222', ED_A),
        line('*.mesos,!bad.mesos', ED_A),
        line(hashed('[10.0.4.9]:2200'), ED_A),
        line(hashed('plain-hashed'), ED_A),
      ].join('\n'),
    );
    for (const token of [
      'master-1',
      '10.0.4.1',
      '[10.0.4.2]:2222',
      'leader.mesos',
      '[10.0.4.9]:2200',
      'plain-hashed',
    ]) {
      expect(kh.check(token, ED_A), token).toEqual({ kind: 'known' });
    }
    for (const token of ['10.0.4.2', '[10.0.4.1]:2222', 'bad.mesos', '[10.0.4.9]:22', 'other']) {
      expect(kh.check(token, ED_A), token).toEqual({ kind: 'unknown' });
    }
  });

  it('calls any other key of a known host changed, whatever its type', () => {
    const kh = KnownHosts.fromText('/x', ['', line('h1', ED_A), line('h2', RSA)].join('\n'));
    expect(kh.check('h1', ED_B)).toEqual({ kind: 'changed', line: 2, keyType: 'ssh-ed25519' });
    expect(kh.check('h2', ED_A)).toEqual({ kind: 'changed', line: 3, keyType: 'ssh-rsa' });
  });

  it('refuses a @revoked key even where it is also listed as valid', () => {
    const kh = KnownHosts.fromText(
      '/x',
      [line('h1', ED_A), `@revoked ${line('*', ED_A)}`].join('\n'),
    );
    expect(kh.check('h1', ED_A)).toEqual({ kind: 'revoked', line: 2 });
  });

  it('offers the known key types first', () => {
    const kh = KnownHosts.fromText('/x', line('h', RSA));
    expect(kh.algorithmsFor('h').slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(kh.algorithmsFor('other')[0]).toBe('ssh-ed25519');
  });

  it('appends new keys on a line of their own, after a file without a final newline', () => {
    const dir = mkdtempSync(join(BASE, 'd-'));
    const path = join(dir, 'sub', 'known_hosts');
    const first = KnownHosts.load(path);
    first.add('[127.0.0.1]:2222', ED_A);
    expect(first.check('[127.0.0.1]:2222', ED_A)).toEqual({ kind: 'known' });
    writeFileSync(path, readFileSync(path, 'utf8').trimEnd());
    KnownHosts.load(path).add('h2', ED_B);
    expect(readFileSync(path, 'utf8')).toBe(
      `${line('[127.0.0.1]:2222', ED_A)}\n${line('h2', ED_B)}\n`,
    );
  });

  it('fingerprints like ssh-keygen -l', () => {
    // ssh-keygen -lf of this key prints SHA256:... (unpadded base64 of the SHA-256 of the blob).
    expect(fingerprint(ED_A)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});
