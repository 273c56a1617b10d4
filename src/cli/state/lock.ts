import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * One run at a time on a state file: `<state>.lock`, made with O_EXCL and
 * holding the process id and host of the run that holds it. A lock whose
 * process is gone (on this host) is stale: it is taken over. The lock goes
 * when the run ends, even by a second Ctrl-C.
 */

/** The lock is held by another run, or cannot be made. */
export class LockError extends Error {}

/** Takes the lock of `statePath`; returns its release. Throws LockError when another run holds it, or it cannot be made. */
export function lockState(statePath: string): () => void {
  const path = `${statePath}.lock`;
  const me = `${process.pid} ${hostname()}\n`;
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new LockError(`cannot make its lock file ${path}: ${(err as Error).message}`);
      const holder = readHolder(path);
      if (attempt === 0 && holder && isStale(holder)) {
        // Its run is over (killed, the machine restarted): taken over.
        unlinkQuietly(path);
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
    };
    process.on('exit', release);
    return release;
  }
}

interface Holder {
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
