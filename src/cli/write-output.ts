import { once } from 'node:events';
import { printable } from '../output/printable.js';
import { chunks, type Rendered } from '../output/rendered.js';
import type { OutputTarget } from './config.js';
import { EXIT } from './exit-codes.js';
import { fail, UsageError } from './usage-error.js';

/**
 * The last step of a run: the rendered output to standard output, or to the
 * --output file, and the exit code set.
 */

export async function writeOutput(
  rendered: Rendered,
  target: OutputTarget,
  code: number,
): Promise<void> {
  if (target.kind === 'stdout') await writeStdout(rendered, code);
  else await writeFile(target.path, rendered, target.mode, code);
}

/** --output: writes the file atomically; a failure is a one-line error, exit 2. */
async function writeFile(path: string, rendered: Rendered, mode: number, code: number) {
  const file = await import('./output-file.js');
  try {
    file.writeAtomic(path, rendered, mode);
  } catch (err) {
    const reason =
      err instanceof file.OutputError ? err.message : `cannot write it: ${(err as Error).message}`;
    throw new UsageError(`--output ${printable(path)}: ${reason}`);
  }
  process.exitCode = code;
}

/**
 * Writes the output as it is rendered, waiting whenever the reader is
 * behind, so that pieces do not pile up in memory; a closed pipe (`| head`)
 * ends the run quietly.
 */
export async function writeStdout(rendered: Rendered, code: number): Promise<void> {
  process.exitCode = code;
  for (const chunk of chunks(rendered)) {
    if (terminalLost) break;
    // An error instead of 'drain' is the handler's (quietOnClosedPipe).
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain').catch(() => {});
  }
  if (terminalLost) process.exitCode = EXIT.partial;
}

/** Standard output was a terminal that hung up: what is written to it is lost. */
let terminalLost = false;

/**
 * A reader that closed the pipe (`| head`) ends the run quietly, with the
 * report's code once it is known; before that (ndjson events written while
 * reading) the run ends unfinished, and says so: 3, never 0 (no denials).
 */
export function quietOnClosedPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.partial);
    // The terminal hung up: the SIGHUP that comes with it ends a follow with
    // its state saved (cli/interrupts.ts, cli/hangup.ts); ended here, the
    // state would be lost with the output.
    if (err.code === 'EIO' && process.stdout.isTTY) {
      terminalLost = true;
      process.exitCode = EXIT.partial;
      return;
    }
    fail(`cannot write the output: ${err.message}`, EXIT.partial);
  });
}
