import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * One run at a time on a state file: `<state>.lock`, made with O_EXCL and
 * holding the process id and host of the run that holds it. A lock whose
 * process is gone (on this host) is stale: it is taken over, by one run
 * alone (takeOver). The lock goes when the run ends, even by a second Ctrl-C.
 */

/** The lock is held by another run, or cannot be made. */
export class LockError extends Error {}

/** Takes the lock of `statePath`; returns its release. Throws LockError when another run holds it, or it cannot be made. */
export function lockState(statePath: string): () => void {
  const path = `${statePath}.lock`;
  const me = `${process.pid} ${hostname()}\n`;
  let token: string | undefined;
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (err) {
      if (token) unlinkQuietly(token);
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new LockError(`cannot make its lock file ${path}: ${(err as Error).message}`);
      const holder = readHolder(path);
      if (attempt === 0 && holder && isStale(holder)) {
        // Its run is over (killed, the machine restarted): taken over.
        token = takeOver(path, holder);
        continue;
      }
      throw new LockError(
        holder
          ? `in use by another run (process ${holder.pid} on ${holder.host}; ${path}): wait for it to end, or remove the lock file if that run is gone`
          : `in use by another run (${path}): wait for it to end, or remove the lock file if no run uses it`,
      );
    }
    try {
      writeSync(fd, me);
    } finally {
      closeSync(fd);
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off('exit', release);
      // Only our own lock: never one another run took over meanwhile.
      if (readHolder(path)?.pid === process.pid) unlinkQuietly(path);
      if (token) unlinkQuietly(token);
    };
    process.on('exit', release);
    return release;
  }
}

/**
 * Removes the stale lock of `stale`, as the one run that may: runs that
 * found it stale at once each made their own lock after removing it, or
 * removed the lock another had just made. Only the run that makes the
 * token of that holder (O_EXCL) removes it; the token stays until that
 * run ends, so that a run that read the stale holder late does not make
 * it again. Returns the token.
 */
export function takeOver(path: string, stale: Holder): string {
  const token = `${path}.${stale.pid}.takeover`;
  let fd: number | undefined;
  for (let attempt = 0; fd === undefined; attempt++) {
    try {
      fd = openSync(token, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new LockError(`cannot make ${token}: ${(err as Error).message}`);
      // Left by a run killed while it held the lock (a restart): its process is gone.
      const holder = readHolder(token);
      if (attempt === 0 && holder && isStale(holder)) {
        unlinkQuietly(token);
        continue;
      }
      throw new LockError(
        `in use: another run is taking over the lock of process ${stale.pid}, which is gone (${token}); if no run is, remove ${token} and ${path}`,
      );
    }
  }
  try {
    writeSync(fd, `${process.pid} ${hostname()}\n`);
  } finally {
    closeSync(fd);
  }
  // Only the stale holder's: a lock made since is another run's.
  if (readHolder(path)?.pid === stale.pid) unlinkQuietly(path);
  return token;
}

export interface Holder {
  pid: number;
  host: string;
}

function readHolder(path: string): Holder | undefined {
  try {
    const m = /^(\d+) (\S+)/.exec(readFileSync(path, 'utf8'));
    return m ? { pid: Number(m[1]), host: m[2]! } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the holder's process is gone: only knowable on this host. */
function isStale(holder: Holder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    // EPERM: it exists, run by another user.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {}
}
