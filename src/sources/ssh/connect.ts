import type {
  AnyAuthMethod,
  Client,
  ClientChannel,
  ConnectConfig,
  ParsedKey,
  ServerHostKeyAlgorithm,
} from 'ssh2';
import { explain } from './connect-failure.js';
import { fingerprint, type KnownHosts, keyLabel, keyTypeOf } from './known-hosts.js';
import { ssh2 } from './load-ssh2.js';
import type { RemoteCommandOptions } from './remote-command.js';
import { firstLine } from './remote-text.js';
import { type Hop, hopLabel, type Target } from './target.js';

/**
 * SSH connections (ssh2), through jump hosts, checked against known_hosts. A
 * failure is a HostFailure saying what happened and what to do; it never
 * goes past the input of its host (ssh-input.ts), and the other hosts go on.
 */

export type SshError = Error & { level?: string; code?: string };

export interface SshSettings {
  knownHosts: KnownHosts;
  /** Record unknown host keys (never a changed one). */
  acceptNew: boolean;
  /** ssh-agent socket (SSH_AUTH_SOCK). */
  agent?: string | undefined;
  /** Every key read, by path. */
  keys: ReadonlyMap<string, ParsedKey>;
  /** -i files, tried for every host before its configured ones. */
  identities: readonly string[];
  /** Tried when neither -i nor IdentityFile names a key. */
  defaultIdentities: readonly string[];
  /** Keys that could not be read, for authentication failure messages. */
  skippedKeys: readonly string[];
  connectTimeoutMs: number;
  /** The longest a host's command may send nothing, reading once (not following). */
  readTimeoutMs: number;
  /** What the remote command reads, before a host's own start (see remote-command.ts). */
  remote: RemoteCommandOptions;
  sudo: boolean;
  /** One line for stderr, e.g. a host key recorded. */
  notice?: ((line: string) => void) | undefined;
}

/** A failure with the message the report shows. */
export class HostFailure extends Error {
  /**
   * True when trying again cannot help (authentication, host keys, a remote
   * command that cannot read the journal): a follow does not reconnect then.
   */
  readonly lasting: boolean;

  constructor(message: string, opts: { lasting?: boolean } = {}) {
    super(message);
    this.lasting = opts.lasting ?? false;
  }
}

export function once<T>(
  fn: (resolve: (v: T) => void, reject: (e: Error) => void) => void,
): Promise<T> {
  return new Promise<T>(fn);
}

/** Keys for one hop, in the order ssh tries them. */
function keysFor(hop: Hop, s: SshSettings): { path: string; key: ParsedKey }[] {
  let paths = [...s.identities, ...hop.identityFiles];
  if (paths.length === 0) paths = [...s.defaultIdentities];
  const out: { path: string; key: ParsedKey }[] = [];
  for (const path of new Set(paths)) {
    const key = s.keys.get(path);
    if (key) out.push({ path, key });
  }
  return out;
}

/** Connects and authenticates one hop, directly or over `sock` (a jump host's channel). */
function connectHop(
  hop: Hop,
  s: SshSettings,
  track: (c: Client) => void,
  sock?: NodeJS.ReadableStream,
): Promise<Client> {
  return once<Client>((resolve, reject) => {
    const client = new (ssh2().Client)();
    track(client);
    const token = hop.hostKeyToken;
    const keys = keysFor(hop, s);
    const tried: string[] = [];
    let hostKeyProblem: string | undefined;
    let settled = false;
    const fail = (message: string, lasting = false) => {
      if (settled) return;
      settled = true;
      client.destroy();
      reject(new HostFailure(message, { lasting }));
    };
    const methods: AnyAuthMethod[] = [];
    if (s.agent) methods.push({ type: 'agent', username: hop.user, agent: s.agent });
    for (const { key } of keys) methods.push({ type: 'publickey', username: hop.user, key });
    const labels = [...(s.agent ? ['the keys of ssh-agent'] : []), ...keys.map((k) => k.path)];
    let next = 0;

    client.on('ready', () => {
      if (settled) return;
      settled = true;
      resolve(client);
    });
    client.on('error', (err: SshError) => {
      // An agent that cannot sign is not fatal: ssh2 goes on with the next method.
      if (err.level === 'agent') return;
      if (hostKeyProblem) fail(hostKeyProblem, true);
      else fail(explain(err, hop, s, tried), err.level === 'client-authentication');
    });
    client.on('close', () =>
      hostKeyProblem
        ? fail(hostKeyProblem, true)
        : fail(`${hopLabel(hop)} closed the connection during the handshake`),
    );

    const config: ConnectConfig = {
      host: hop.host,
      port: hop.port,
      username: hop.user,
      readyTimeout: s.connectTimeoutMs,
      keepaliveInterval: 15_000,
      keepaliveCountMax: 4,
      algorithms: {
        serverHostKey: s.knownHosts.algorithmsFor(token) as ServerHostKeyAlgorithm[],
      },
      authHandler: (_methodsLeft, _partial, callback) => {
        const method = methods[next];
        const label = next < labels.length ? labels[next] : undefined;
        next++;
        if (label !== undefined) tried.push(label);
        // ssh2 takes false as "no more methods" (its types leave it out).
        callback(method ?? (false as unknown as AnyAuthMethod));
      },
      hostVerifier: (key: Buffer) => {
        const type = keyTypeOf(key);
        const fp = `${keyLabel(type)} key ${fingerprint(key)}`;
        const verdict = s.knownHosts.check(token, key);
        const file = s.knownHosts.path;
        switch (verdict.kind) {
          case 'known':
            return true;
          case 'unknown':
            if (s.acceptNew) {
              try {
                s.knownHosts.add(token, key);
              } catch (err) {
                hostKeyProblem = `cannot record the host key of ${token} in ${file}: ${(err as Error).message}`;
                return false;
              }
              s.notice?.(`added ${token} (${fp}) to ${file}`);
              return true;
            }
            hostKeyProblem = `unknown host key: ${token} offered ${fp}, which ${file} does not know; if that is the host's key, run again with --accept-new-host-keys (or add it to known_hosts: ssh-keyscan -p ${hop.port} ${hop.host})`;
            return false;
          case 'changed':
            hostKeyProblem = `HOST KEY CHANGED: ${token} offered ${fp}, but ${file} line ${verdict.line} records another ${keyLabel(verdict.keyType)} key for it. Someone may be intercepting the connection; refused. If the host was reinstalled, remove the old key with: ssh-keygen -R '${token}' -f ${file}`;
            return false;
          case 'revoked':
            hostKeyProblem = `${token} offered ${fp}, which ${file} line ${verdict.line} marks @revoked; refused`;
            return false;
        }
      },
    };
    if (sock) config.sock = sock as ConnectConfig['sock'];
    try {
      client.connect(config);
    } catch (err) {
      fail(`SSH connection to ${hopLabel(hop)} failed: ${(err as Error).message}`);
    }
  });
}

/** A channel through `via` to the hop (like ssh -J), bounded by the connect timeout. */
function forward(via: Client, viaHop: Hop, hop: Hop, s: SshSettings): Promise<ClientChannel> {
  return once<ClientChannel>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new HostFailure(
            `jump host ${hopLabel(viaHop)} did not connect to ${hop.host}:${hop.port} within ${s.connectTimeoutMs / 1000} s`,
          ),
        ),
      s.connectTimeoutMs,
    );
    via.forwardOut('127.0.0.1', 0, hop.host, hop.port, (err, channel) => {
      clearTimeout(timer);
      if (err) {
        reject(
          new HostFailure(
            `jump host ${hopLabel(viaHop)} could not connect to ${hop.host}:${hop.port}: ${firstLine(err.message)}`,
          ),
        );
      } else {
        resolve(channel);
      }
    });
  });
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new HostFailure('interrupted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new HostFailure('interrupted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * The SSH side of a run: one shared connection per jump chain, and every
 * connection closed by `close()` (also on Ctrl-C).
 */
export class SshSession {
  private readonly clients = new Set<Client>();
  private readonly jumps = new Map<string, Promise<Client>>();
  private closed = false;

  constructor(readonly settings: SshSettings) {}

  private track = (client: Client) => {
    if (this.closed) {
      queueMicrotask(() => client.destroy());
      return;
    }
    this.clients.add(client);
    client.once('close', () => this.clients.delete(client));
  };

  /** A ready connection to the last hop of the chain, shared by all targets behind it. */
  private jumpChain(hops: readonly Hop[]): Promise<Client> {
    const key = hops.map(hopLabel).join(',');
    const known = this.jumps.get(key);
    if (known) return known;
    const hop = hops[hops.length - 1]!;
    // Forgotten when it fails or its connection drops, so that the next try
    // (a follow's retry, a target still to come) opens the jump anew.
    const forget = () => {
      if (this.jumps.get(key) === pending) this.jumps.delete(key);
    };
    const pending = (async () => {
      let sock: ClientChannel | undefined;
      if (hops.length > 1) {
        const prev = hops[hops.length - 2]!;
        sock = await forward(await this.jumpChain(hops.slice(0, -1)), prev, hop, this.settings);
      }
      try {
        const client = await connectHop(hop, this.settings, this.track, sock);
        client.once('close', forget);
        return client;
      } catch (err) {
        throw new HostFailure(`jump host ${hop.text}: ${(err as Error).message}`, {
          lasting: err instanceof HostFailure && err.lasting,
        });
      }
    })();
    pending.catch(forget);
    this.jumps.set(key, pending);
    return pending;
  }

  /** Connects to a target, through its jump hosts. */
  async connect(target: Target, signal: AbortSignal): Promise<Client> {
    // A follow must not reconnect forever to a session closed under it.
    if (this.closed) throw new HostFailure('the SSH session was closed', { lasting: true });
    let sock: ClientChannel | undefined;
    if (target.jumps.length > 0) {
      const via = await raceAbort(this.jumpChain(target.jumps), signal);
      const viaHop = target.jumps[target.jumps.length - 1]!;
      sock = await raceAbort(forward(via, viaHop, target, this.settings), signal);
    }
    const connecting = connectHop(target, this.settings, this.track, sock);
    const onAbort = () =>
      connecting.then(
        (c) => c.destroy(),
        () => {},
      );
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await raceAbort(connecting, signal);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Closes every connection, jump hosts included. */
  close(): void {
    this.closed = true;
    for (const client of this.clients) client.destroy();
    this.clients.clear();
    this.jumps.clear();
  }
}
