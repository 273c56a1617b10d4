import { fstatSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { InputPosition } from './position.js';

/**
 * Which file a saved position belongs to, and whether it can be resumed:
 * the same device and inode, at least as long as what was read, and the
 * same first bytes (a file replaced in place, by an editor or a copy, keeps
 * none of them).
 */

export type FilePosition = Extract<InputPosition, { kind: 'file' }>;

/** node:crypto, required when a file is first hashed: a run that keeps no place never loads it. */
const crypto = () => createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');

/** Bytes hashed at the start of a file (`head`): its first 4 KiB, or all it had then. */
export const HEAD_BYTES = 4096;

/** The hash of the first `length` bytes of the open file `fd` (sha256, hex). */
export function headHash(fd: number, length: number): string {
  const n = Math.min(HEAD_BYTES, length);
  const buf = Buffer.alloc(n);
  let got = 0;
  while (got < n) {
    const r = readSync(fd, buf, got, n - got, got);
    if (r === 0) break;
    got += r;
  }
  return hashOf(buf.subarray(0, got));
}

/** The hash `head` keeps of a file's first bytes (sha256, hex). */
export function hashOf(bytes: Buffer): string {
  return crypto().createHash('sha256').update(bytes).digest('hex');
}

/** Where to start reading an opened file, and why not where the saved position says. */
export interface Start {
  offset: number;
  /** Lines before `offset`. */
  lines: number;
  /** Why the file is read from its start again (for the run's warning). */
  restart?: string;
}

/** Where reading the file open as `fd` resumes, from what was saved of it. */
export function resumeAt(fd: number, saved: FilePosition | undefined): Start {
  if (saved === undefined) return { offset: 0, lines: 0 };
  const st = fstatSync(fd);
  const again = (restart: string): Start => ({ offset: 0, lines: 0, restart });
  if (st.dev !== saved.dev || st.ino !== saved.ino)
    return again('it is another file than the last run read (rotated or replaced)');
  if (st.size < saved.offset)
    return again(`it was truncated (${st.size} bytes, the last run had read ${saved.offset})`);
  if (headHash(fd, saved.offset) !== saved.head)
    return again('its first bytes changed (replaced in place)');
  return { offset: saved.offset, lines: saved.lines ?? 0 };
}
