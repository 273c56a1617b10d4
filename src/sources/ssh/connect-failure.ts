import { firstLine } from './remote-text.js';
import { type Hop, hopLabel } from './target.js';

/**
 * Why a connection to a hop failed, in one line saying what to do: ssh2's
 * error levels and the socket's error codes, in an operator's words.
 */

/** What of the settings the words need. */
export interface FailureSettings {
  connectTimeoutMs: number;
  /** Keys that could not be read, named in an authentication failure. */
  skippedKeys: readonly string[];
}

function authFailure(hop: Hop, s: FailureSettings, tried: string[]): string {
  const skipped = s.skippedKeys.length > 0 ? `; skipped keys: ${s.skippedKeys.join('; ')}` : '';
  if (tried.length === 0) {
    return `no credentials to log in to ${hopLabel(hop)}: start ssh-agent (SSH_AUTH_SOCK) or name a key with -i${skipped}`;
  }
  return `authentication failed for ${hopLabel(hop)}: the server accepted none of ${tried.join(', ')}; check -l/--ssh-user, -i/--identity or the keys in ssh-agent${skipped}`;
}

/** A connection error as one line saying what to do. */
export function explain(
  err: Error & { level?: string; code?: string },
  hop: Hop,
  s: FailureSettings,
  tried: string[],
): string {
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
