import { fstatSync, readSync } from 'node:fs';
import { type FilePosition, headHash } from './file-identity.js';
import type { ReadSignals, WindowReader } from './input.js';

/**
 * An open file read into a WindowReader, and the place its reading has
 * reached: what TrackedFile reads of the file by its name and of the files
 * a rotation left (rotated.ts) have in common.
 */

/** An open file and the offset read to. */
export interface Open {
  fd: number;
  dev: number;
  ino: number;
  at: number;
}

/** Windows read between two turns of the event loop (about 8 MiB), as consume reads files. */
const WINDOWS_PER_TURN = 64;

export function identity(fd: number): { dev: number; ino: number } {
  const st = fstatSync(fd);
  return { dev: st.dev, ino: st.ino };
}

/** Reads `file` from its offset to its current end; false when the reader refuses the bytes. */
export async function drain(
  file: Open,
  reader: WindowReader,
  signals: ReadSignals,
): Promise<boolean> {
  for (let turn = 1; !signals.signal?.aborted; turn++) {
    const n = readSync(file.fd, reader.window, 0, reader.window.length, file.at);
    if (n === 0) return true;
    if (!reader.push(n)) return false;
    file.at += n;
    // Every few megabytes the event loop gets a turn: Ctrl-C is heard, other inputs move on.
    if (turn % WINDOWS_PER_TURN === 0) await new Promise(setImmediate);
  }
  return true;
}

/** The place reached in `file`: the start of the line not yet ended. */
export function placeOf(file: Open, reader: WindowReader): FilePosition {
  const offset = file.at - reader.pending();
  return {
    kind: 'file',
    dev: file.dev,
    ino: file.ino,
    size: fstatSync(file.fd).size,
    offset,
    head: headHash(file.fd, offset),
    lines: reader.lineNumber(),
  };
}

/**
 * Reading resumes at `offset`, a line start of the open file `fd`: the
 * reader is given the line before it, which an earlier run read (the rest
 * of a line journald cut would be judged by it: parser/split-line.ts). A
 * line longer than LINE_BEFORE_MAX is no cut line's head: nothing is given.
 */
export function seedLineBefore(fd: number, offset: number, reader: WindowReader): void {
  const n = Math.min(offset - 1, LINE_BEFORE_MAX);
  const buf = Buffer.alloc(n);
  let got = 0;
  while (got < n) {
    const r = readSync(fd, buf, got, n - got, offset - 1 - n + got);
    if (r === 0) return;
    got += r;
  }
  const lf = buf.lastIndexOf(0x0a);
  if (lf === -1 && n < offset - 1) return;
  reader.lineBefore(buf.subarray(lf + 1));
}

/** Past any JSON entry whose message is as long as a cut line's (2048 bytes, as byte values 4 times that). */
const LINE_BEFORE_MAX = 64 * 1024;
