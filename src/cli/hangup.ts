import { fstatSync, readlinkSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The terminal that ran the program may hang up at any time: its window
 * closed, or the SSH session dropped (SIGHUP, or none for a job left
 * running; EIO on every write to it). The run ends as it would have
 * (state and report written, notes dropped: cli/stderr.ts); then a process
 * whose terminal hung up ends by SIGHUP itself, as a process the hangup
 * ended. Exiting normally would abort: at exit Node restores each
 * terminal's settings, and a hung-up terminal refuses them (Node's own
 * check fails, SIGABRT). Checked at every exit: the hangup may come after
 * the last write.
 */
export function endByHangupAtExit(): void {
  process.once('exit', () => {
    if (!terminalHungUp()) return;
    // Without a listener, SIGHUP's default action ends the process at once.
    process.removeAllListeners('SIGHUP');
    process.kill(process.pid, 'SIGHUP');
  });
}

/**
 * Whether standard input, output or error is a terminal that hung up: a
 * character device that is no longer a terminal. Not a device that never
 * was one (/dev/null, /dev/zero, /dev/full, the random devices), and, where
 * /proc tells a descriptor's path (Linux), only a terminal's. Pipes and
 * files cost a stat each: node:tty is loaded only for a device.
 */
function terminalHungUp(): boolean {
  let never: Set<number> | undefined;
  return [0, 1, 2].some((fd) => {
    try {
      const st = fstatSync(fd);
      if (!st.isCharacterDevice()) return false;
      never ??= new Set(NOT_TERMINALS.flatMap(rdevOf));
      if (never.has(st.rdev) || !terminalPath(fd)) return false;
    } catch {
      return false;
    }
    const { isatty } = createRequire(import.meta.url)('node:tty') as typeof import('node:tty');
    return !isatty(fd);
  });
}

const NOT_TERMINALS = ['/dev/null', '/dev/zero', '/dev/full', '/dev/random', '/dev/urandom'];

function rdevOf(path: string): number[] {
  try {
    return [statSync(path).rdev];
  } catch {
    return [];
  }
}

/** Whether the descriptor's path names a terminal; true where /proc cannot tell. */
function terminalPath(fd: number): boolean {
  let path: string;
  try {
    path = readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return true;
  }
  return /^\/dev\/(pts\/|tty|console)/.test(path);
}
