import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** A named byte stream of journalctl output. */
export interface Input {
  /** How reports name it: a file path, `-` for stdin, later `host` for SSH. */
  source: string;
  /** The host a record is attributed to when its journal line names none. */
  host?: string;
  /**
   * Set for a file given by name: a regular file is read without a stream,
   * and may be read in parts, on several threads.
   */
  path?: string;
  /** Only these bytes of `path`, `[start, end)`: one part of a file read in parts. */
  range?: readonly [number, number];
  /** What an input that gave no byte at all most likely means, and what to check. */
  emptyHint?: string;
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
