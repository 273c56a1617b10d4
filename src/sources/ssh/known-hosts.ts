import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * known_hosts, as OpenSSH reads it (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"):
 * `[@marker] patterns keytype base64-key [comment]`, where patterns is a
 * comma list with `*`, `?` and `!` negation, or one hashed name
 * `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`. The name of a host on port
 * 22 is `host`, on any other port `[host]:port`.
 *
 * Policy (stricter than OpenSSH's, on purpose): a key matching a line is
 * trusted; any other key offered by a host that has lines is a changed key and
 * is refused, whatever its type; `@revoked` keys are refused; a host without
 * lines is unknown.
 */

export interface KnownHostLine {
  /** 1-based line number in the file. */
  line: number;
  marker: 'revoked' | 'cert-authority' | null;
  /** A comma list of patterns, or null for a hashed name. */
  patterns: string[] | null;
  hashed: { salt: Buffer; hash: Buffer } | null;
  keyType: string;
  key: Buffer;
}

export type Verdict =
  | { kind: 'known' }
  | { kind: 'unknown' }
  | { kind: 'changed'; line: number; keyType: string }
  | { kind: 'revoked'; line: number };

/** OpenSSH's fingerprint: `SHA256:` and unpadded base64 of the key blob. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside a public key blob (`ssh-ed25519`, ...). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  if (len > 64 || 4 + len > blob.length) return 'unknown';
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** `ED25519`, `ECDSA`, `RSA`: how ssh names key types in messages. */
export function keyLabel(keyType: string): string {
  if (keyType === 'ssh-ed25519') return 'ED25519';
  if (keyType.startsWith('ecdsa-')) return 'ECDSA';
  if (keyType === 'ssh-rsa') return 'RSA';
  if (keyType === 'ssh-dss') return 'DSA';
  return keyType;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function parseKnownHosts(text: string): KnownHostLine[] {
  const out: KnownHostLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i]!.trim().split(/[ \t]+/);
    if (fields[0] === '' || fields[0]!.startsWith('#')) continue;
    let marker: KnownHostLine['marker'] = null;
    if (fields[0]!.startsWith('@')) {
      const m = fields.shift()!;
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else continue;
    }
    const [names, keyType, key] = fields;
    if (!names || !keyType || !key || !BASE64.test(key)) continue;
    const entry: KnownHostLine = {
      line: i + 1,
      marker,
      patterns: null,
      hashed: null,
      keyType,
      key: Buffer.from(key, 'base64'),
    };
    if (names.startsWith('|1|')) {
      const [, , salt, hash] = names.split('|');
      if (!salt || !hash) continue;
      entry.hashed = { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
    } else {
      entry.patterns = names.split(',').filter((p) => p !== '');
    }
    out.push(entry);
  }
  return out;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

/** Does the line name this host (`host` or `[host]:port`)? Negations win. */
export function matchesHost(entry: KnownHostLine, token: string): boolean {
  if (entry.hashed) {
    const mac = createHmac('sha1', entry.hashed.salt).update(token).digest();
    return mac.length === entry.hashed.hash.length && timingSafeEqual(mac, entry.hashed.hash);
  }
  let matched = false;
  for (const p of entry.patterns ?? []) {
    if (p.startsWith('!')) {
      if (globToRegExp(p.slice(1)).test(token)) return false;
    } else if (globToRegExp(p).test(token)) {
      matched = true;
    }
  }
  return matched;
}

/** Signature algorithms that prove possession of a key of this type. */
export function algorithmsFor(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}

const HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

export class KnownHosts {
  private constructor(
    readonly path: string,
    private readonly lines: KnownHostLine[],
    /** The file does not end with a newline: the next line added needs one first. */
    private unterminated: boolean,
  ) {}

  /** Loads the file; a missing file knows no host. */
  static load(path: string): KnownHosts {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return KnownHosts.fromText(path, text);
  }

  static fromText(path: string, text: string): KnownHosts {
    return new KnownHosts(path, parseKnownHosts(text), text !== '' && !text.endsWith('\n'));
  }

  private linesFor(token: string): KnownHostLine[] {
    return this.lines.filter((l) => l.marker !== 'cert-authority' && matchesHost(l, token));
  }

  check(token: string, blob: Buffer): Verdict {
    const lines = this.linesFor(token);
    const revoked = this.lines.find((l) => l.marker === 'revoked' && l.key.equals(blob));
    if (revoked) return { kind: 'revoked', line: revoked.line };
    if (lines.some((l) => l.marker === null && l.key.equals(blob))) return { kind: 'known' };
    const other = lines.find((l) => l.marker === null);
    if (other) return { kind: 'changed', line: other.line, keyType: other.keyType };
    return { kind: 'unknown' };
  }

  /**
   * Host key algorithms to offer, the types already known for this host first,
   * so that a server with several keys shows the one we can check.
   */
  algorithmsFor(token: string): string[] {
    const known = this.linesFor(token)
      .filter((l) => l.marker === null)
      .flatMap((l) => algorithmsFor(l.keyType));
    return [...new Set([...known, ...HOST_KEY_ALGORITHMS])].filter((a) =>
      HOST_KEY_ALGORITHMS.includes(a),
    );
  }

  /** Records a key (trust on first use): appends one plain line to the file. */
  add(token: string, blob: Buffer): void {
    const keyType = keyTypeOf(blob);
    const text = `${this.unterminated ? '\n' : ''}${token} ${keyType} ${blob.toString('base64')}\n`;
    this.unterminated = false;
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    // One write with O_APPEND: lines from hosts accepted at the same time never interleave.
    appendFileSync(this.path, text, { mode: 0o600 });
    this.lines.push({
      line: Number.NaN,
      marker: null,
      patterns: [token],
      hashed: null,
      keyType,
      key: Buffer.from(blob),
    });
  }
}
