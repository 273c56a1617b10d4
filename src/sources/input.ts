import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
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
  /**
   * Where the input has got to: what the lines handed to the reader so far
   * reach (a stream hands whole lines only, so that this is exact). Read
   * when the state is saved.
   */
  position?(): InputPosition | undefined;
  /** Told when the input changes state (connecting, following, retrying, ...). */
  onState?: (state: SourceState) => void;
  open(): Readable;
}

export function fileInput(path: string): Input {
  return {
    source: path,
    path,
    emptyHint: 'the file is empty (for <(...) or a FIFO: its command wrote nothing)',
    open: () => createReadStream(path, { highWaterMark: 256 * 1024 }),
  };
}

export function stdinInput(): Input {
  return {
    source: '-',
    emptyHint: 'standard input was empty: did the command before the | fail?',
    open: () => process.stdin,
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
