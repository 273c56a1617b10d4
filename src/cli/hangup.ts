import { fstatSync, statSync } from 'node:fs';
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
 * character device that is no longer a terminal, and not /dev/null (a
 * hung-up terminal's device stays, its terminal calls fail). Pipes and
 * files cost a stat each: node:tty is loaded only for a device.
 */
function terminalHungUp(): boolean {
  let nullDevice: number | undefined;
  return [0, 1, 2].some((fd) => {
    let rdev: number;
    try {
      const st = fstatSync(fd);
      if (!st.isCharacterDevice()) return false;
      rdev = st.rdev;
      nullDevice ??= statSync('/dev/null').rdev;
    } catch {
      return false;
    }
    if (rdev === nullDevice) return false;
    const { isatty } = createRequire(import.meta.url)('node:tty') as typeof import('node:tty');
    return !isatty(fd);
  });
}
