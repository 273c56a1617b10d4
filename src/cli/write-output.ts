import { once } from 'node:events';
import { printable } from '../output/printable.js';
import { chunks, type Rendered } from '../output/rendered.js';
import type { OutputTarget } from './config.js';
import { EXIT } from './exit-codes.js';
import { stderr } from './stderr.js';
import { fail } from './usage-error.js';

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

/**
 * --output: writes the file atomically. It was checked when the run began;
 * a file that cannot be made now (its directory removed during a follow of
 * hours, or the working directory) is written in a new directory of the
 * temporary directory instead, for the owner alone, and said: the report is
 * not lost, and the run exits 3. A failure while writing is a one-line
 * error, exit 3.
 */
async function writeFile(path: string, rendered: Rendered, mode: number, code: number) {
  const file = await import('./output-file.js');
  const shown = `--output ${printable(path)}`;
  const why = (err: unknown) =>
    err instanceof file.OutputError ? err.message : `cannot write it: ${(err as Error).message}`;
  let problem: string;
  try {
    file.writeAtomic(path, rendered, mode);
    process.exitCode = code;
    return;
  } catch (err) {
    if (!(err instanceof file.OutputError && err.untouched))
      fail(`${shown}: ${why(err)}; the report was not written`, EXIT.partial);
    problem = err.message;
  }
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { basename, join } = await import('node:path');
  let kept = join(tmpdir(), 'audit2grant-*');
  let made: string | undefined;
  try {
    made = mkdtempSync(join(tmpdir(), 'audit2grant-'));
    kept = join(made, basename(path));
    file.writeAtomic(kept, rendered, mode);
  } catch (err) {
    if (made !== undefined) rmSync(made, { recursive: true, force: true });
    fail(
      `${shown}: ${problem}; nor could it be written to ${printable(kept)} (TMPDIR): ${why(err)}; the report is lost`,
      EXIT.partial,
    );
  }
  stderr().write(`audit2grant: ${shown}: ${problem}; the report is in ${printable(kept)}\n`);
  process.exitCode = EXIT.partial;
}

/**
 * Writes the output as it is rendered, waiting whenever the reader is
 * behind, so that pieces do not pile up in memory; a closed pipe (`| head`)
 * ends the run quietly.
 */
export async function writeStdout(rendered: Rendered, code: number): Promise<void> {
  // Closed while reading: the run ended as interrupted, with nothing more to write.
  if (closedWhileReading) return;
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

/** What ends the reading when standard output closes while it goes on (readingUntilClosed). */
let endReading: (() => void) | undefined;
/** Standard output closed while the run was reading: nothing more is written to it. */
let closedWhileReading = false;

/**
 * While the run reads and writes ndjson events: a reader that closes the
 * pipe (`| head`, a consumer that died) ends the reading as an interrupt
 * would, so that a follow's state is saved and its live view cleared.
 * Returns the end of that time.
 */
export function readingUntilClosed(end: () => void): () => void {
  endReading = end;
  return () => {
    endReading = undefined;
  };
}

export function stdoutClosed(): boolean {
  return closedWhileReading;
}

/**
 * A reader that closed the pipe (`| head`) ends the run quietly, with the
 * report's code once it is known; before that (ndjson events written while
 * reading) the run ends unfinished, its state saved, and says so: 3, never
 * 0 (no denials).
 */
export function quietOnClosedPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    // Events written after it closed fail too: the first said all.
    if (closedWhileReading) return;
    if (err.code === 'EPIPE' && endReading) {
      closedWhileReading = true;
      process.exitCode = EXIT.partial;
      endReading();
      return;
    }
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
