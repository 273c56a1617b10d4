import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
// Only the type: the parser is loaded by setup.ts, when --ssh is used.
import type SSHConfig from 'ssh-config';

/**
 * SSH targets: `[user@]host[:port]` (IPv6 as `[addr]` or `[addr]:port`) or an
 * alias of ~/.ssh/config, resolved the way OpenSSH resolves them for the
 * settings audit2grant honours: HostName, User, Port, IdentityFile, ProxyJump
 * (and HostKeyAlias for known_hosts). Every name that ends up in a connection
 * is validated here, so nothing odd reaches a socket or a known_hosts line.
 */

/** A usage problem with a target, a jump host or the ssh config. */
export class TargetError extends Error {}

/** What the command line said about one host. */
export interface TargetSpec {
  /** As typed, e.g. `core@master-1:2222`. */
  text: string;
  user?: string;
  host: string;
  port?: number;
}

/** One SSH connection to make: a jump host or the final target. */
export interface Hop {
  /** As typed (or as named in ProxyJump). */
  text: string;
  /** The name as typed, before HostName: what a record falls back to as its host. */
  alias: string;
  user: string;
  /** Where to connect: HostName, else the name as typed. */
  host: string;
  port: number;
  /**
   * What known_hosts is searched for: HostKeyAlias as it is (OpenSSH adds no
   * port to an alias), else `host`, as `[host]:port` off port 22.
   */
  hostKeyToken: string;
  /** From ~/.ssh/config (IdentityFile), `~` and `%` tokens expanded. */
  identityFiles: string[];
}

/**
 * The name of a host in known_hosts, as OpenSSH writes it: lower case, and
 * `[host]:port` off port 22. (Here, not in known-hosts.ts: that module brings
 * node:crypto, which start-up does not load.)
 */
export function hostToken(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

export interface Target extends Hop {
  /** Jump hosts in the order they are reached (ProxyJump / --jump); empty when direct. */
  jumps: Hop[];
}

export interface ResolveOptions {
  /** Parsed ~/.ssh/config, if any. */
  config?: SSHConfig | undefined;
  /** `-l/--ssh-user`. */
  user?: string | undefined;
  /** `--jump`: overrides ProxyJump of the config. */
  jump?: string | undefined;
  localUser?: string;
  home?: string;
}

const HOSTNAME = /^[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,252})$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}(?:%[A-Za-z0-9_.-]{1,32})?$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/;

export function checkUser(user: string, what = 'user name'): string {
  if (!USER.test(user))
    throw new TargetError(`"${user}" is not a valid ${what}: use letters, digits, . _ -`);
  return user;
}

export function checkHost(host: string): string {
  if (HOSTNAME.test(host) || (host.includes(':') && IPV6.test(host))) return host;
  throw new TargetError(
    `"${host}" is not a host name, an IP address or an ssh config alias (letters, digits, . _ -)`,
  );
}

function checkPort(text: string, of: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) throw new TargetError(`"${of}": port must be 1 to 65535`);
  return port;
}

/** Parses `[user@]host[:port]`, `[user@][v6addr]` or `[user@][v6addr]:port`. */
export function parseTarget(text: string): TargetSpec {
  if (text.length === 0 || text.length > 300) throw new TargetError('empty or overlong SSH target');
  let rest = text;
  const spec: TargetSpec = { text, host: '' };
  const at = rest.lastIndexOf('@');
  if (at !== -1) {
    spec.user = checkUser(rest.slice(0, at), `user name in "${text}"`);
    rest = rest.slice(at + 1);
  }
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(rest);
  if (v6) {
    spec.host = v6[1]!;
    if (!IPV6.test(spec.host) || !spec.host.includes(':'))
      throw new TargetError(`"${text}": only IPv6 addresses go in [brackets]`);
    if (v6[2] !== undefined) spec.port = checkPort(v6[2], text);
    return spec;
  }
  const colon = rest.indexOf(':');
  if (colon !== -1) {
    if (rest.indexOf(':', colon + 1) !== -1)
      throw new TargetError(`"${text}": write IPv6 addresses as [addr] or [addr]:port`);
    spec.port = checkPort(rest.slice(colon + 1), text);
    rest = rest.slice(0, colon);
  }
  spec.host = checkHost(rest);
  return spec;
}

/** `--ssh a,b --ssh c` → the targets in order, duplicates dropped. */
export function splitTargets(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    for (const part of value.split(',')) {
      const t = part.trim();
      if (t === '') throw new TargetError(`empty host in --ssh "${value}"`);
      if (!out.includes(t)) out.push(t);
    }
  }
  return out;
}

export function localUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? 'root';
  }
}

type Computed = Record<string, string | string[]>;

function compute(config: SSHConfig | undefined, host: string, user?: string): Computed {
  if (!config) return {};
  // `Match exec` would run commands from the config: audit2grant does not.
  const opts = { ignoreCase: true, matchExec: false };
  return user === undefined
    ? config.compute(host, opts)
    : config.compute({ Host: host, User: user }, opts);
}

function one(c: Computed, key: string): string | undefined {
  const v = c[key];
  return Array.isArray(v) ? v[0] : v;
}

function many(c: Computed, key: string): string[] {
  const v = c[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** ssh_config(5) TOKENS, the ones that make sense for these settings. */
function expandTokens(
  value: string,
  t: { home: string; localUser: string; alias: string; host: string; port: number; user: string },
): string {
  const out = value.replace(/%([%dhnpru])/g, (_, c: string) => {
    switch (c) {
      case '%':
        return '%';
      case 'd':
        return t.home;
      case 'h':
        return t.host;
      case 'n':
        return t.alias;
      case 'p':
        return String(t.port);
      case 'r':
        return t.user;
      default:
        return t.localUser;
    }
  });
  return out === '~' ? t.home : out.startsWith('~/') ? join(t.home, out.slice(2)) : out;
}

interface HopDefaults {
  config: SSHConfig | undefined;
  cliUser: string | undefined;
  localUser: string;
  home: string;
}

function resolveHop(
  spec: TargetSpec,
  d: HopDefaults,
  isJump: boolean,
): Hop & { proxyJump?: string } {
  // OpenSSH order: user@ of the target, -l, the config's User, the local user.
  // For jump hosts -l comes after their own config (like `dcos node ssh --master-proxy --user`).
  const firstUser = spec.user ?? (isJump ? undefined : d.cliUser);
  const c = compute(d.config, spec.host, firstUser);
  const configUser = one(c, 'user');
  const user = checkUser(
    firstUser ?? configUser ?? (isJump ? d.cliUser : undefined) ?? d.localUser,
    `user name for ${spec.text}`,
  );
  const portText = one(c, 'port');
  const port =
    spec.port ?? (portText ? checkPort(portText, `Port ${portText} for ${spec.text}`) : 22);
  const tokens = {
    home: d.home,
    localUser: d.localUser,
    alias: spec.host,
    host: spec.host,
    port,
    user,
  };
  const hostName = one(c, 'hostname');
  const host = hostName ? checkHost(expandTokens(hostName, tokens)) : spec.host;
  const keyAlias = one(c, 'hostkeyalias');
  const hop: Hop & { proxyJump?: string } = {
    text: spec.text,
    alias: spec.host,
    user,
    host,
    port,
    hostKeyToken: keyAlias ? checkHost(keyAlias).toLowerCase() : hostToken(host, port),
    identityFiles: many(c, 'identityfile').map((f) => expandTokens(f, { ...tokens, host })),
  };
  const proxyJump = one(c, 'proxyjump');
  if (proxyJump !== undefined) hop.proxyJump = proxyJump;
  return hop;
}

/** `a,b` (ProxyJump / --jump) → hops, each resolved through the config. */
function resolveJumps(chain: string, d: HopDefaults): Hop[] {
  if (chain.trim().toLowerCase() === 'none') return [];
  const parts = chain.split(',').map((s) => s.trim());
  if (parts.length > 8) throw new TargetError(`jump chain "${chain}" is longer than 8 hosts`);
  return parts.map((p) => {
    // ProxyJump also allows ssh://user@host:port.
    const spec = parseTarget(p.replace(/^ssh:\/\//, ''));
    const { proxyJump: _ignored, ...hop } = resolveHop(spec, d, true);
    return hop;
  });
}

/** Resolves a target through ~/.ssh/config and --jump / ProxyJump. */
export function resolveTarget(spec: TargetSpec, opts: ResolveOptions = {}): Target {
  const d: HopDefaults = {
    config: opts.config,
    cliUser: opts.user,
    localUser: opts.localUser ?? localUserName(),
    home: opts.home ?? homedir(),
  };
  const { proxyJump, ...hop } = resolveHop(spec, d, false);
  const chain = opts.jump ?? proxyJump;
  return { ...hop, jumps: chain === undefined ? [] : resolveJumps(chain, d) };
}

/**
 * What names a host's journal across runs (Input.key): its address and
 * port as resolved (an ssh config alias names its HostName), whatever user
 * or jump hosts reach it: `h`, `root@h:22` and an alias of h are one journal,
 * whose records a run resumed under another name would count twice.
 */
export function journalKey(hop: Pick<Hop, 'host' | 'port'>): string {
  return `ssh:${hostKey(hop)}`;
}

/** `host:port` as it names one host: host names are not case-sensitive (`Master-1` is `master-1`). */
export function hostKey(hop: Pick<Hop, 'host' | 'port'>): string {
  return address({ host: hop.host.toLowerCase(), port: hop.port });
}

/** `host:port`, an IPv6 host in brackets. */
export function address(hop: Pick<Hop, 'host' | 'port'>): string {
  return `${hop.host.includes(':') ? `[${hop.host}]` : hop.host}:${hop.port}`;
}

/** The key of states written before keys were journalKey: the target as given. */
export function namedJournalKey(target: Pick<Target, 'text'>): string {
  return `ssh:${target.text}`;
}

/** `user@host:port` for messages. */
export function hopLabel(hop: Pick<Hop, 'user' | 'host' | 'port'>): string {
  return `${hop.user}@${address(hop)}`;
}
