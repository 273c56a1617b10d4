import type { InputStatus } from '../report/build-report.js';
import type { Input } from './input.js';
import { InputProblem } from './input-problem.js';

/** How an input's reading is reported: before it starts, and when it fails. */

/** The status of an input before anything of it was read. */
export function unread(input: Input, error: string | null): InputStatus {
  return {
    source: input.source,
    lines: 0,
    bytes: 0,
    records: 0,
    seconds: 0,
    complete: false,
    error,
  };
}

/** A read error of an input as one line saying what to do. */
export function describe(err: unknown): string {
  if (err instanceof InputProblem) return err.message;
  return fileProblem(err, 'the files inside it');
}

/**
 * Why a file could not be read, as one line saying what to do; `inside`
 * says what to name when a directory was named instead.
 */
export function fileProblem(err: unknown, inside: string): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file: check the path';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: run as a user that can read it';
    case 'EISDIR':
      return `is a directory: name ${inside}`;
    default:
      return `read failed: ${(err as Error)?.message ?? String(err)}`;
  }
}

/** The error of a stream destroyed while it was read: what ending a follow does to it. */
export function isPrematureClose(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'ERR_STREAM_PREMATURE_CLOSE';
}
