import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import SSHConfig from 'ssh-config';
import type { TimeWindow } from '../../report/time-window.js';
import { cursorProblem } from '../journal-cursor.js';
import type { InputPosition } from '../position.js';
import { SshSession } from './connect.js';
import { expandHome, sshHomeFiles } from './home-files.js';
import { askOnTerminal, type KeyRequest, loadKeys, PASSPHRASE_ENV } from './keys.js';
import { KnownHosts } from './known-hosts.js';
import { SshInput } from './ssh-input.js';
import {
  address,
  hopLabel,
  hostKey,
  journalKey,
  namedJournalKey,
  parseTarget,
  resolveTarget,
  splitTargets,
  type Target,
  TargetError,
} from './target.js';

/**
 * From the command line's SSH options to a session and one input per host.
 * Everything that can be checked before connecting is checked here (targets,
 * config, keys and their passphrases), and fails as a usage error.
 */

export interface SshCliOptions {
  /** `--ssh` values, each a comma list. */
  ssh: string[];
  sshUser?: string | undefined;
  identity: string[];
  jump?: string | undefined;
  knownHosts?: string | undefined;
  acceptNewHostKeys: boolean;
  sudo: boolean;
  /** `--since` / `--until`, resolved (epoch milliseconds). */
  window?: TimeWindow | undefined;
  /** Seconds. */
  connectTimeout: number;
  /** Seconds a host's command may send nothing, reading once. */
  readTimeout: number;
  /** `--follow`: every host is read with journalctl -f until the follow is stopped. */
  follow?: boolean | undefined;
}

/** What a run that keeps its place (`--state`) or follows gives the SSH source. */
export interface SshResume {
  /** Where earlier runs stopped, by input key (target.ts journalKey); each host resumes after its cursor. */
  positions?: ReadonlyMap<string, InputPosition> | undefined;
  /** Drops a saved position kept under a key no longer used (the host as given, before journalKey). */
  forget?: ((key: string) => void) | undefined;
  /**
   * Ends every follow well: each host's stream ends after the whole lines
   * read so far, and the host is complete (the signal passed to consume
   * instead interrupts: the hosts are then partial).
   */
  stop?: AbortSignal | undefined;
}

/**
 * AUDIT2GRANT_SSH_FILTER=off streams whole journals instead of filtering on
 * the hosts. For measuring what the filter saves; never needed otherwise.
 */
export const FILTER_ENV = 'AUDIT2GRANT_SSH_FILTER';

export interface SshSetup {
  session: SshSession;
  inputs: SshInput[];
}

/** Reads ~/.ssh/config; a missing file is no config. */
export function loadSshConfig(path: string): SSHConfig | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TargetError(`cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return SSHConfig.parse(text);
  } catch (err) {
    throw new TargetError(`cannot parse ${path}: ${(err as Error).message}`);
  }
}

export async function setupSsh(
  opts: SshCliOptions,
  env: NodeJS.ProcessEnv = process.env,
  notice?: (line: string) => void,
  resume: SshResume = {},
): Promise<SshSetup> {
  if (opts.follow && opts.window?.until !== undefined)
    throw new TargetError(
      '--until cannot be used with --follow: a follow reads until it is stopped (journalctl -f would wait past it)',
    );
  const home = homedir();
  const files = sshHomeFiles(home);
  const config = loadSshConfig(files.config);
  const resolved = splitTargets(opts.ssh).map((text) =>
    resolveTarget(parseTarget(text), { config, user: opts.sshUser, jump: opts.jump, home }),
  );
  // Two names for one host (an alias and its address, another user) would
  // count its records twice; the same address behind other jump hosts may be
  // another machine.
  const seen = new Map<string, string>();
  const targets = resolved.filter((t) => {
    const key = [journalKey(t), ...t.jumps.map((j) => `${j.user}@${hostKey(j)}`)].join(' via ');
    const first = seen.get(key);
    if (first !== undefined) {
      notice?.(`${t.text}: the same host as ${first} (${hopLabel(t)}), read once`);
      return false;
    }
    seen.set(key, t.text);
    return true;
  });

  const identities = opts.identity.map((p) => expandHome(p, home));
  // The keys OpenSSH tries when no IdentityFile is configured, in its order.
  const defaults = files.identities;
  const requests: KeyRequest[] = identities.map((path) => ({ path, explicit: true }));
  for (const hop of targets.flatMap((t) => [...t.jumps, t])) {
    for (const path of hop.identityFiles) requests.push({ path, explicit: false });
  }
  if (
    targets.some((t) =>
      [...t.jumps, t].some((h) => identities.length + h.identityFiles.length === 0),
    )
  )
    for (const path of defaults) requests.push({ path, explicit: false });
  const agent = env.SSH_AUTH_SOCK || undefined;
  const { keys, skipped } = await loadKeys(requests, {
    passphrase: env[PASSPHRASE_ENV],
    // With an agent, only keys named with -i are worth a prompt (like ssh, which
    // asks only once the agent's keys were refused).
    askOnlyExplicit: agent !== undefined,
    ask: askOnTerminal,
  });

  const knownHostsPath =
    opts.knownHosts === undefined ? files.knownHosts : expandHome(opts.knownHosts, home);
  let knownHosts: KnownHosts;
  try {
    knownHosts = KnownHosts.load(knownHostsPath);
  } catch (err) {
    throw new TargetError(`cannot read ${knownHostsPath}: ${(err as Error).message}`);
  }

  const session = new SshSession({
    knownHosts,
    acceptNew: opts.acceptNewHostKeys,
    agent,
    keys,
    identities,
    defaultIdentities: defaults,
    skippedKeys: skipped,
    connectTimeoutMs: Math.round(opts.connectTimeout * 1000),
    readTimeoutMs: Math.round(opts.readTimeout * 1000),
    remote: {
      window: opts.window,
      sudo: opts.sudo,
      filter: env[FILTER_ENV]?.toLowerCase() !== 'off',
    },
    sudo: opts.sudo,
    notice,
  });
  // Addresses some host of this run reaches directly: their journalKey is theirs.
  const direct = new Set(targets.filter((t) => t.jumps.length === 0).map((t) => journalKey(t)));
  const inputs = targets.map((t) => {
    const key = stateKey(t);
    return new SshInput(session, t, {
      follow: opts.follow,
      resume: resumeOf(t, key, resume, direct),
      stop: resume.stop,
      key,
    });
  });
  return { session, inputs };
}

/**
 * The key a host's position is saved under: its journalKey, and for a host
 * reached through jump hosts the chain too (the same address behind another
 * bastion, or reached directly, may be another machine).
 */
export function stateKey(t: Target): string {
  // Not the users: the same chain logged into as another user is the same chain.
  return [journalKey(t), ...t.jumps.map(hostKey)].join(' via ');
}

/** The key states had before host names were taken without case: the names as given. */
function caseKey(t: Target): string {
  return [`ssh:${address(t)}`, ...t.jumps.map(address)].join(' via ');
}

/**
 * Where a host resumes: the position saved under its key, else under a key
 * states had before, which is then dropped: for a host behind jump hosts
 * its journalKey alone (unless a host of this run reaches that address
 * directly: it is then that host's), else the host as given.
 */
export function resumeOf(
  t: Target,
  key: string,
  resume: SshResume,
  direct: ReadonlySet<string>,
): InputPosition | undefined {
  const saved = savedPosition(resume.positions, key);
  if (saved !== undefined) return saved;
  const before = [
    caseKey(t),
    ...(key !== journalKey(t) && !direct.has(journalKey(t)) ? [journalKey(t)] : []),
    namedJournalKey(t),
  ].filter((k) => k !== key);
  for (const k of before) {
    const old = savedPosition(resume.positions, k);
    if (old === undefined) continue;
    resume.forget?.(k);
    return old;
  }
  return undefined;
}

/** The saved position of a host, checked: a cursor goes into the remote command. */
function savedPosition(positions: SshResume['positions'], key: string): InputPosition | undefined {
  const position = positions?.get(key);
  if (position === undefined) return undefined;
  const problem =
    position.kind === 'journal' ? cursorProblem(position.cursor) : 'not a journal cursor';
  if (problem) throw new TargetError(`the saved position of ${key}: ${problem}`);
  return position;
}
