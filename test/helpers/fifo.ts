import { spawnSync } from 'node:child_process';
import { constants, openSync } from 'node:fs';
import { join } from 'node:path';

let made = 0;

/**
 * A new FIFO (mkfifo) in `dir`, opened at both ends: the reading end first,
 * without blocking (a FIFO's open waits for the other end otherwise).
 */
export function fifo(dir: string): { path: string; reader: number; writer: number } {
  const path = join(dir, `pipe-${made++}`);
  const mkfifo = spawnSync('mkfifo', [path]);
  if (mkfifo.status !== 0) throw new Error(`mkfifo: ${mkfifo.stderr}`);
  const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  return { path, reader, writer: openSync(path, constants.O_WRONLY) };
}
