import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { printable } from '../output/printable.js';
import { chunks, type Rendered } from '../output/rendered.js';
import { literal } from '../text/regexp.js';

/**
 * `--output FILE`: written atomically (a temporary file in the same directory,
 * renamed over FILE), so a reader sees the old file or the whole new one,
 * never half a script. Only a regular file is ever replaced.
 */

function kind(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Why FILE cannot be written, as `what: how to fix`, or undefined. */
export function outputProblem(path: string): string | undefined {
  if (path === '') return 'an empty name: name a file';
  if (path.endsWith('/')) return 'it ends in /, as a directory does: name a file';
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return 'a part of its path is not a directory: check the path';
    if (code !== 'ENOENT') return `cannot check it: ${(err as Error).message}`;
    const dir = dirname(path);
    const shown = printable(dir);
    try {
      if (!statSync(dir).isDirectory())
        return 'a part of its path is not a directory: check the path';
    } catch {
      return `its directory does not exist: create ${shown} first`;
    }
    // The new file (and its temporary file beside it) is made in the directory.
    try {
      accessSync(dir, constants.W_OK | constants.X_OK);
      return undefined;
    } catch {
      return `cannot create files in ${shown}: name a file in a directory you can write`;
    }
  }
  if (st.isFile()) return writable(path);
  return `is ${kind(st)}, not a regular file: name a new file or a regular file to replace`;
}

/**
 * A file that exists is replaced only when the shell's `>` could write it:
 * the rename would succeed on a file the user may not write (the directory
 * decides), which `>` refuses. access(2) judges as open(2) would, so root
 * may replace a read-only file, as its `>` does.
 */
function writable(path: string): string | undefined {
  try {
    accessSync(path, constants.W_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM')
      return 'exists and this user may not write it (permission denied): name another file, or make it writable first';
    if (code === 'EROFS') return 'is on a read-only file system: name a file elsewhere';
    return `cannot check it: ${(err as Error).message}`;
  }
}

export class OutputError extends Error {
  /** Nothing of the output was taken yet: it can still be written elsewhere. */
  constructor(
    message: string,
    readonly untouched = false,
  ) {
    super(message);
  }
}

/**
 * The mode a file is written with: the owner's bits of `mode` (a script stays
 * executable), and the group's and others' only as far as the umask allows
 * and as the file it replaces had them: a report names accounts, hosts and
 * addresses, and is never made more readable than the user chose.
 */
function modeFor(path: string, mode: number): number {
  let shared = ~process.umask() & 0o077;
  try {
    const st = statSync(path);
    if (st.isFile()) shared &= st.mode;
  } catch {
    // A new file: the umask alone.
  }
  return (mode & 0o700) | (mode & shared);
}

/** Writes the rendered text to `path` atomically, with `mode` as far as modeFor allows. */
export function writeAtomic(path: string, rendered: Rendered, mode: number): void {
  const problem = outputProblem(path);
  if (problem) throw new OutputError(problem, true);
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomHex(6)}.tmp`);
  let fd: number;
  try {
    // O_EXCL: never follows or reuses an existing name.
    fd = openSync(temp, 'wx', 0o600);
  } catch (err) {
    // A directory removed while it stayed the working one passes every check before.
    throw new OutputError(`cannot create a file beside it: ${(err as Error).message}`, true);
  }
  let renamed = false;
  try {
    try {
      for (const chunk of chunks(rendered)) {
        const data = Buffer.from(chunk, 'utf8');
        let off = 0;
        while (off < data.length) off += writeSync(fd, data, off);
      }
      fchmodSync(fd, modeFor(path, mode));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // Checked again just before the rename: FILE may have changed while the input was read.
    const late = outputProblem(path);
    if (late) throw new OutputError(late);
    renameSync(temp, path);
    renamed = true;
    syncDirectory(dir);
  } finally {
    if (!renamed) {
      try {
        unlinkSync(temp);
      } catch {}
    }
  }
}

/**
 * Removes the temporary files writeAtomic left beside `path` when a run was
 * killed while writing it (they may hold what it wrote: a state file's
 * findings). Only a run that alone writes `path` may call it: the holder of
 * a state file's lock. Best effort.
 */
export function removeLeftovers(path: string): void {
  const dir = dirname(path);
  const name = basename(path);
  const ours = new RegExp(`^\\.${literal(name)}\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const m = ours.exec(entry);
    if (!m || Number(m[1]) === process.pid) continue;
    try {
      unlinkSync(join(dir, entry));
    } catch {}
  }
}

/** Makes the rename durable; best effort (not every file system allows it). */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {}
}

/** `n` random bytes as hex; node:crypto is required then: a run that writes no file never loads it. */
function randomHex(n: number): string {
  const { randomBytes } = createRequire(import.meta.url)(
    'node:crypto',
  ) as typeof import('node:crypto');
  return randomBytes(n).toString('hex');
}
