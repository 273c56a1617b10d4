import { Readable } from 'node:stream';
import type {
  AnyAuthMethod,
  Client,
  ClientChannel,
  ConnectConfig,
  ParsedKey,
  ServerHostKeyAlgorithm,
} from 'ssh2';
import type { Input } from '../input.js';
import { fingerprint, hostToken, type KnownHosts, keyLabel, keyTypeOf } from './known-hosts.js';
import { ssh2 } from './load-ssh2.js';
import { firstLine, tellingLine } from './remote-text.js';
import { type Hop, hopLabel, type Target } from './target.js';

/**
 * SSH connections (ssh2) and the remote journal as a byte stream. One host
 * failing never throws past its own input: it ends that input's stream with an
 * error that says what happened and what to do, and the other hosts go on.
 */

type SshError = Error & { level?: string; code?: string };

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
  /** The remote command (see remote-command.ts). */
  command: string;
  sudo: boolean;
  /** One line for stderr, e.g. a host key recorded. */
  notice?: ((line: string) => void) | undefined;
}

/** A failure with the message the report shows. */
export class HostFailure extends Error {}

const STDERR_KEEP = 8 * 1024;

function once<T>(fn: (resolve: (v: T) => void, reject: (e: Error) => void) => void): Promise<T> {
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

function authFailure(hop: Hop, s: SshSettings, tried: string[]): string {
  const skipped = s.skippedKeys.length > 0 ? `; skipped keys: ${s.skippedKeys.join('; ')}` : '';
  if (tried.length === 0) {
    return `no credentials to log in to ${hopLabel(hop)}: start ssh-agent (SSH_AUTH_SOCK) or name a key with -i${skipped}`;
  }
  return `authentication failed for ${hopLabel(hop)}: the server accepted none of ${tried.join(', ')}; check -l/--ssh-user, -i/--identity or the keys in ssh-agent${skipped}`;
}

/** A connection error as one line saying what to do. */
function explain(err: SshError, hop: Hop, s: SshSettings, tried: string[]): string {
  const where = hopLabel(hop);
  if (err.level === 'client-timeout') {
    return `no SSH handshake with ${where} within ${s.connectTimeoutMs / 1000} s: the host is unreachable, filtered, or not an SSH server (raise --connect-timeout for slow links)`;
  }
  if (err.level === 'client-authentication') return authFailure(hop, s, tried);
  switch (err.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${where}: no SSH server listens there (check the host and the port)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host name ${hop.host} not found: check the name, or its HostName in ~/.ssh/config`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} is unreachable (${err.code})`;
    case 'ETIMEDOUT':
      return `connection to ${where} timed out`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `connection to ${where} was reset during the handshake`;
  }
  return `SSH connection to ${where} failed: ${firstLine(err.message)}`;
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
    const token = hostToken(hop.hostKeyName, hop.port);
    const keys = keysFor(hop, s);
    const tried: string[] = [];
    let hostKeyProblem: string | undefined;
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      client.destroy();
      reject(new HostFailure(message));
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
      if (hostKeyProblem) fail(hostKeyProblem);
      else fail(explain(err, hop, s, tried));
    });
    client.on('close', () => fail(`${hopLabel(hop)} closed the connection during the handshake`));

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

/** What the remote command's end says about the journal that was read. */
export function remoteOutcome(
  exit: { code: number | null | undefined; signal: string | undefined } | undefined,
  stderr: string,
  hop: Pick<Hop, 'user'>,
  sudo: boolean,
): string | null {
  const said = tellingLine(stderr);
  const quote = said ? `: ${said}` : '';
  if (!exit)
    return 'the connection closed before the remote command finished: the journal was read only in part';
  if (exit.signal) {
    return `the remote command was killed by signal ${exit.signal}: the journal was read only in part`;
  }
  if (exit.code === 0) {
    if (/insufficient permissions|not seeing messages from other users/i.test(stderr)) {
      return `${hop.user} may not read the system journal${quote}; use --sudo, or add ${hop.user} to the systemd-journal group`;
    }
    return null;
  }
  if (exit.code === 127) {
    return sudo && /sudo/.test(said)
      ? `sudo not found on the host${quote}; drop --sudo, or connect as a user that may read the journal`
      : `journalctl not found on the host${quote}`;
  }
  if (sudo && /^sudo:/m.test(stderr)) {
    return `sudo -n refused to run journalctl${quote}; allow ${hop.user} to run journalctl without a password, or drop --sudo`;
  }
  if (/insufficient permissions|permission denied/i.test(stderr)) {
    return `${hop.user} may not read the system journal${quote}; use --sudo, or add ${hop.user} to the systemd-journal group`;
  }
  return `journalctl failed with exit status ${exit.code}${quote || ' (no message)'}`;
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

  input(target: Target): SshInput {
    return new SshInput(this, target);
  }

  /** A ready connection to the last hop of the chain, shared by all targets behind it. */
  private jumpChain(hops: readonly Hop[]): Promise<Client> {
    const key = hops.map(hopLabel).join(',');
    let pending = this.jumps.get(key);
    if (!pending) {
      const hop = hops[hops.length - 1]!;
      pending = (async () => {
        let sock: ClientChannel | undefined;
        if (hops.length > 1) {
          const prev = hops[hops.length - 2]!;
          sock = await forward(await this.jumpChain(hops.slice(0, -1)), prev, hop, this.settings);
        }
        try {
          const client = await connectHop(hop, this.settings, this.track, sock);
          // A jump connection that drops is opened anew for the targets still to come.
          client.once('close', () => this.jumps.delete(key));
          return client;
        } catch (err) {
          throw new HostFailure(`jump host ${hop.text}: ${(err as Error).message}`);
        }
      })();
      this.jumps.set(key, pending);
    }
    return pending;
  }

  /** Connects to a target, through its jump hosts. */
  async connect(target: Target, signal: AbortSignal): Promise<Client> {
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

/** Pulls chunks from an async iterator; highWaterMark 1 so an error never overtakes data. */
class PullReadable extends Readable {
  private pulling = false;

  constructor(
    private readonly chunks: AsyncIterator<Buffer>,
    private readonly stop: () => void,
  ) {
    // With a one-byte mark, _read runs only once the buffer is empty: an error
    // that ends the stream is raised after every byte before it was consumed.
    super({ highWaterMark: 1 });
  }

  override _read(): void {
    if (this.pulling) return;
    this.pulling = true;
    this.chunks.next().then(
      (r) => {
        this.pulling = false;
        if (this.destroyed) return;
        this.push(r.done ? null : r.value);
      },
      (err: Error) => {
        this.pulling = false;
        this.destroy(err);
      },
    );
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.stop();
    callback(err);
  }
}

/** One host's journal, read over SSH. */
export class SshInput implements Input {
  readonly kind = 'ssh' as const;
  readonly source: string;
  /** Records without a _HOSTNAME are attributed to the name the target was given by. */
  readonly host: string;
  /** Why the journal was not read completely, as the report says it; null when it was. */
  failure: string | null = null;
  readonly emptyHint =
    'journalctl on the host sent no audit line of the dcos-* units: check --since/--until and that it is a DC/OS master';

  constructor(
    private readonly session: SshSession,
    readonly target: Target,
  ) {
    this.source = target.text;
    this.host = target.alias;
  }

  /** `user@host:port`, and the jump hosts, for the report. */
  get label(): string {
    const via = this.target.jumps.map(hopLabel);
    return via.length > 0
      ? `${hopLabel(this.target)} via ${via.join(', ')}`
      : hopLabel(this.target);
  }

  open(): Readable {
    const abort = new AbortController();
    this.failure = null;
    return new PullReadable(this.read(abort.signal), () => abort.abort());
  }

  private async *read(signal: AbortSignal): AsyncGenerator<Buffer> {
    let client: Client | undefined;
    try {
      client = await this.session.connect(this.target, signal);
      const conn = client;
      signal.addEventListener('abort', () => conn.destroy(), { once: true });
      let clientError: SshError | undefined;
      conn.on('error', (err: SshError) => {
        clientError ??= err;
      });
      const channel = await once<ClientChannel>((resolve, reject) => {
        conn.exec(this.session.settings.command, (err, ch) =>
          err
            ? reject(
                new HostFailure(`the host refused to run the command: ${firstLine(err.message)}`),
              )
            : resolve(ch),
        );
      });
      let exit: { code: number | null | undefined; signal: string | undefined } | undefined;
      channel.on('exit', (code: number | null, sig?: string) => {
        exit = { code, signal: sig ?? undefined };
      });
      let stderr = '';
      channel.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < STDERR_KEEP) stderr += chunk.toString('utf8');
      });
      const closed = once<void>((resolve) => {
        channel.once('close', () => resolve());
        conn.once('close', () => resolve());
      });
      for await (const chunk of channel as AsyncIterable<Buffer>) yield chunk;
      await closed;
      if (signal.aborted) throw new HostFailure('interrupted');
      const problem = remoteOutcome(exit, stderr, this.target, this.session.settings.sudo);
      if (problem) {
        const why =
          !exit && clientError?.level === 'client-timeout'
            ? 'the host stopped answering keepalives'
            : !exit && clientError
              ? firstLine(clientError.message)
              : '';
        throw new HostFailure(why ? `${problem} (${why})` : problem);
      }
    } catch (err) {
      this.failure = signal.aborted
        ? 'interrupted'
        : err instanceof HostFailure
          ? err.message
          : `SSH error: ${firstLine((err as Error).message)}`;
      throw new HostFailure(this.failure);
    } finally {
      client?.end();
    }
  }
}
