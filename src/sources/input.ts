import { close, createReadStream, open, statSync } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import type { JournalCursors } from './journal-cursors.js';
import { pacedPipe, stdinStream } from './paced-pipe.js';
import type { InputPosition, SourceState } from './position.js';

/** A named byte stream of journalctl output. */
export interface Input {
  /** How reports name it: a file path, `-` for stdin, later `host` for SSH. */
  source: string;
  /** The host a record is attributed to when its journal line names none. */
  host?: string;
  /** Set for a file given by name: a regular file is read without a stream. */
  path?: string;
  /**
   * Only these bytes of `path`, `[start, end)`, starting at a line start: a
   * part of a file read apart from the rest (its snapshot merged with theirs).
   */
  range?: readonly [number, number];
  /** Lines of this source read before this part: its lines are numbered after them. */
  linesBefore?: number;
  /** What an input that gave no byte at all most likely means, and what to check. */
  emptyHint?: string;
  /**
   * Names the input across runs, for `--state`: `file:<absolute path>`,
   * `stdin`, `ssh:<host>`, `cluster:<master address>`.
   */
  key?: string;
  /** A file named through a symbolic link: the key of the link's own name (the state keeps it). */
  namedKey?: string | undefined;
  /**
   * Where the input has got to: what the lines handed to the reader so far
   * reach (a stream hands whole lines only, so that this is exact). Read
   * when the state is saved.
   */
  position?(): InputPosition | undefined;
  /** Told when the input changes state (connecting, following, retrying, ...). */
  onState?: (state: SourceState) => void;
  /**
   * Bytes of it were read by an earlier run (`--state`): reading nothing
   * new is no failure, where an input that never gave a byte is.
   */
  readonly readBefore?: boolean;
  /** What of it this run could not read, in one line (the input is then read in part); undefined when none. */
  shortfall?(): string | undefined;
  /**
   * A JSON journal's places: consume hands it the `__CURSOR` and `_HOSTNAME`
   * of each entry once the entry is processed, and leaves out an entry an
   * earlier run counted (journal-cursors.ts). For `position()`.
   */
  cursors?: JournalCursors;
  /**
   * Reads its bytes itself, into the reader's window (a file kept track of:
   * `--state`, `--follow`); consume then does not call `open()`. Returns
   * when the input is done: at its end, or when `stop` (the follow ends)
   * or `signal` (an interruption) fires.
   */
  readInto?(reader: WindowReader, signals: ReadSignals): Promise<void>;
  open(): Readable;
}

/** Why reading stops early. */
export interface ReadSignals {
  /** The run was interrupted: what was read is partial. */
  signal?: AbortSignal | undefined;
  /** A follow ends normally (Ctrl-C, --for, --quiet-for, end of stdin): nothing is missing. */
  stop?: AbortSignal | undefined;
}

/** What an input that reads its own bytes (`readInto`) writes them into: consume's splitter. */
export interface WindowReader {
  /** Where the next bytes are read to; `push(n)` takes the first `n`, in the same synchronous turn. */
  readonly window: Buffer;
  /** Takes the first `n` bytes of the window; false when the input must stop (a binary journal). */
  push(n: number): boolean;
  /** Bytes held of a line not yet ended: the place reached is this far behind the bytes pushed. */
  pending(): number;
  /** The current file is done with (rotated away, truncated): a last line without `\n` counts. */
  endOfFile(): void;
  /** The number of the last line handed over, in the current file. */
  lineNumber(): number;
  /**
   * A new file starts (its bytes follow): its lines are numbered after
   * `linesBefore`, and are of `source` (a rotated file read in the input's
   * stead), else of the input.
   */
  newFile(linesBefore: number, source?: string): void;
  /**
   * Reading resumes where an earlier run stopped: `line` is the line before
   * (LineSplitter.seedLineBefore), which that run read.
   */
  lineBefore(line: Buffer): void;
}

export function fileInput(path: string): Input {
  return {
    source: path,
    path,
    emptyHint: 'the file is empty (for <(...) or a FIFO: its command wrote nothing)',
    open: () =>
      isFifo(path) ? fifoStream(path) : createReadStream(path, { highWaterMark: 256 * 1024 }),
  };
}

function isFifo(path: string): boolean {
  try {
    return statSync(path).isFIFO();
  } catch {
    return false; // reading it says why
  }
}

/**
 * A FIFO or `<(...)`, read as standard input's pipe is (paced-pipe.ts): a
 * read of the file stream would wait on the thread pool for its writer, and
 * nothing could call it off, so a Ctrl-C would end the run only once the
 * writer closed. Opened on the thread pool (a FIFO's open waits for a
 * writer), then read without blocking.
 */
function fifoStream(path: string): Readable {
  const out = new PassThrough();
  open(path, 'r', (err, fd) => {
    if (err) return out.destroy(err);
    if (out.destroyed) return close(fd, () => {});
    const pipe = pacedPipe(fd);
    pipe.on('error', (e) => out.destroy(e));
    out.on('close', () => pipe.destroy());
    pipe.pipe(out);
  });
  return out;
}

export function stdinInput(): Input {
  return {
    source: '-',
    emptyHint: 'standard input was empty: did the command before the | fail?',
    open: stdinStream,
  };
}

/**
 * The bytes `[start, end)` of the file `path`, `start` at a line start, its
 * lines numbered after `linesBefore`: a part read apart from the rest.
 */
export function filePartInput(
  path: string,
  start: number,
  end: number,
  linesBefore: number,
): Input {
  return {
    source: path,
    path,
    range: [start, end],
    linesBefore,
    open: () => createReadStream(path, { start, end: Math.max(start, end - 1) }),
  };
}
