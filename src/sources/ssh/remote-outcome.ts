import { tellingLine } from './remote-text.js';
import type { Hop } from './target.js';

/**
 * What the end of the remote command says: whether the journal was read to
 * its end, and if not, why, in words that say what to do.
 */

/** How the remote command ended, as SSH tells it (none: the connection went first). */
export interface RemoteExit {
  code: number | null | undefined;
  signal: string | undefined;
}

/** A shell reports a command killed by signal N as 128 + N. */
function killedCode(code: number | null | undefined): boolean {
  return code != null && code > 128 && code < 128 + 65;
}

/**
 * Whether the command ended by accident, so that running it again may go
 * well (a follow reconnects): the connection went, or journalctl was killed.
 * A journalctl that said why it failed would say it again.
 */
export function endedByAccident(exit: RemoteExit | undefined): boolean {
  return !exit || exit.signal !== undefined || exit.code == null || killedCode(exit.code);
}

/** What the remote command's end says about the journal that was read. */
export function remoteOutcome(
  exit: RemoteExit | undefined,
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
  if (killedCode(exit.code)) {
    return `journalctl was killed on the host (exit status ${exit.code}): the journal was read only in part`;
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
