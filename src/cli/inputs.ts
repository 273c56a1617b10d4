import { statSync } from 'node:fs';
import { fileInput, type Input, stdinInput } from '../sources/input.js';
import { JournalCursors } from '../sources/journal-cursors.js';
import type { InputPosition } from '../sources/position.js';
import { fileKey, namedFileKey, TrackedFile } from '../sources/tracked-file.js';

/**
 * The files and standard input of a run, as inputs. With --follow or
 * --state a file keeps its place (TrackedFile), resumed where the state
 * says; with --state, standard input keeps the cursor of each host's last
 * JSON entry (a pipe resumes with `journalctl --after-cursor`).
 */

export interface LocalInputOptions {
  follow: boolean;
  /** Where each input stopped in the runs before (by Input.key); absent without --state. */
  resume?: ((key: string) => InputPosition | undefined) | undefined;
  /** Where the file a symbolic link last named stopped, by the key of the link's name. */
  resumeNamed?: ((namedKey: string) => InputPosition | undefined) | undefined;
  /** A saved position now kept under another key: it is not written again under this one. */
  forget?: ((key: string) => void) | undefined;
  /** Told when a file is read from its start again, and why. */
  note(message: string): void;
  /** The end of a follow: standard input is ended then (its writer may go on). */
  stop?: AbortSignal | undefined;
}

export const STDIN_KEY = 'stdin';

export function localInputs(files: readonly string[], opts: LocalInputOptions): Input[] {
  return files.map((f) => (f === '-' ? stdin(opts) : file(f, opts)));
}

function stdin(opts: LocalInputOptions): Input {
  const plain = stdinInput();
  const stop = opts.stop;
  const input: Input = !stop
    ? plain
    : {
        ...plain,
        open: () => {
          const stream = plain.open();
          if (stop.aborted) stream.destroy();
          else stop.addEventListener('abort', () => stream.destroy(), { once: true });
          return stream;
        },
      };
  if (!opts.resume) return input;
  const saved = opts.resume(STDIN_KEY);
  const cursors = new JournalCursors('-', saved?.kind === 'journal-per-host' ? saved.cursors : {});
  return { ...input, key: STDIN_KEY, cursors, position: () => cursors.position() ?? saved };
}

function file(path: string, opts: LocalInputOptions): Input {
  if (!(opts.follow || opts.resume) || isOther(path)) return fileInput(path);
  const key = fileKey(path);
  const named = namedFileKey(path);
  // The file itself first: through any link, it resumes where it stopped.
  let saved = opts.resume?.(key);
  // A link that names another file now (moved to the next log): the one it named is
  // found there, and the rest of it read as a rotation's.
  if (saved === undefined) saved = opts.resumeNamed?.(named);
  // A state written before keys were real paths names a file through a link as the link.
  if (saved === undefined && named !== key) {
    saved = opts.resume?.(named);
    if (saved !== undefined) opts.forget?.(named);
  }
  const resume = saved?.kind === 'file' ? saved : undefined;
  return new TrackedFile(path, { follow: opts.follow, note: opts.note, resume });
}

/** A FIFO, a device, `<(...)`: read as a stream, with no place to keep. */
function isOther(path: string): boolean {
  try {
    return !statSync(path).isFile();
  } catch {
    // Missing: a followed file may appear; otherwise reading it says so.
    return false;
  }
}
