import { fstatSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The terminal that ran the program hung up: its window closed, or the SSH
 * session dropped (SIGHUP, and EIO on every write to it). The run ends as
 * SIGTERM ends it (state and report written); then the process ends by
 * SIGHUP itself, as a process the hangup ended. Exiting normally would
 * abort: at exit Node restores each terminal's settings, and a hung-up
 * terminal refuses them (Node's own check fails, SIGABRT).
 */
let heard = false;

/** A SIGHUP came, or a write to a terminal failed with EIO. */
export function hangupHeard(): void {
  if (heard) return;
  heard = true;
  process.on('exit', () => {
    if (!terminalHungUp()) return;
    // Without a listener, SIGHUP's default action ends the process at once.
    process.removeAllListeners('SIGHUP');
    process.kill(process.pid, 'SIGHUP');
  });
}

/**
 * Whether standard input, output or error is a terminal that hung up: a
 * character device that is no longer a terminal, and not /dev/null (a
 * hung-up terminal's device stays, its terminal calls fail).
 */
function terminalHungUp(): boolean {
  const { isatty } = createRequire(import.meta.url)('node:tty') as typeof import('node:tty');
  let nullDevice: number | undefined;
  try {
    nullDevice = statSync('/dev/null').rdev;
  } catch {}
  return [0, 1, 2].some((fd) => {
    try {
      const st = fstatSync(fd);
      return st.isCharacterDevice() && st.rdev !== nullDevice && !isatty(fd);
    } catch {
      return false;
    }
  });
}
