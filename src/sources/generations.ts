import { closeSync, lstatSync, openSync, readdirSync, readSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { type FilePosition, HEAD_BYTES, hashOf, headHash } from './file-identity.js';

/**
 * Where the file a run read went, when its name names another file now:
 * rotated (renamed, perhaps compressed: `x.log.1`, `x.log.1.gz`), or copied
 * and truncated (`copytruncate`). The old file is known by its content, the
 * hash of its first bytes as saved, never by its inode alone (a deleted
 * file's inode is soon another file's). The files rotated after it are
 * known only where the names say their order, logrotate's numbers (`x.log.2`
 * is older than `x.log.1`); by any other names they are only named, for the
 * run to say they may hold lines never read.
 */

/** A file of the rotation, compressed or not. */
export interface Generation {
  path: string;
  gzip: boolean;
}

export interface Generations {
  /** The file the last run read, where it stopped (`saved.offset`). */
  old: Generation;
  /** Files rotated after it, oldest first: none of them was read. */
  after: Generation[];
  /** Files that may have been rotated after it, in no known order; or numbered ones missing. */
  unsure: string[];
}

/** Compressed bytes read to find a `.gz` file's first 4 KiB (its header may name the file). */
const GZIP_PREFIX = 16 * 1024;
/** What they may inflate to at most (a file of one byte repeated): past it, not taken as the old file. */
const GZIP_HEAD_MAX = 32 * 1024 * 1024;

/** What a rotation adds to a file's name: a number or a date (dateext), perhaps compressed. */
const ROTATION_SUFFIX = /^[.-]\d[\d._-]*(\.gz)?$/;

/** The old file of `saved`, and what came after it, in the directory of `path`; undefined when not there. */
export function findGenerations(path: string, saved: FilePosition): Generations | undefined {
  // Nothing read: no bytes tell the old file from any other.
  if (saved.offset === 0) return undefined;
  const dir = dirname(path);
  const base = basename(path);
  const names = namesIn(dir);
  if (!names) return undefined;
  const rotated = (name: string) =>
    name.length > base.length + 1 &&
    name.startsWith(base) &&
    (name[base.length] === '.' || name[base.length] === '-');
  // Regular files only, never through a symbolic link: a link may name any file at all.
  const files = names
    .filter((name) => name !== base)
    .map((name) => ({ name, st: statOf(join(dir, name)) }))
    .filter((f): f is { name: string; st: Stats } => f.st?.isFile() === true);
  // The renamed file first, then copies and compressed ones by name.
  const sameInode = files.filter((f) => f.st.dev === saved.dev && f.st.ino === saved.ino);
  const old = [...sameInode, ...files.filter((f) => rotated(f.name))].find((f) =>
    isOld(join(dir, f.name), f.st, saved),
  );
  if (!old) return undefined;
  const generation = (name: string) => ({ path: join(dir, name), gzip: name.endsWith('.gz') });
  const number = /^\.(\d+)(\.gz)?$/.exec(old.name.slice(base.length));
  if (old.name.startsWith(base) && number) {
    const after: Generation[] = [];
    const unsure: string[] = [];
    for (let k = Number(number[1]) - 1; k >= 1; k--) {
      const name = [`${base}.${k}`, `${base}.${k}.gz`].find((n) => statOf(join(dir, n))?.isFile());
      if (name) after.push(generation(name));
      else unsure.push(join(dir, `${base}.${k}`));
    }
    return { old: generation(old.name), after, unsure };
  }
  // Named as a rotation names (dateext) and written after the old one was last: may have been
  // rotated after it. Other files beside it (x.log-debug, x.log.json) are not of the rotation.
  const unsure = files
    .filter(
      (f) =>
        f !== old &&
        ROTATION_SUFFIX.test(f.name.slice(base.length)) &&
        f.name.startsWith(base) &&
        f.st.mtimeMs > old.st.mtimeMs,
    )
    .map((f) => join(dir, f.name));
  return { old: generation(old.name), after: [], unsure };
}

/** Whether the file at `path` is the one of `saved`: its first bytes hash the same, and it is as long. */
function isOld(path: string, st: Stats, saved: FilePosition): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    if (!path.endsWith('.gz'))
      return st.size >= saved.offset && headHash(fd, saved.offset) === saved.head;
    const want = Math.min(HEAD_BYTES, saved.offset);
    const head = gunzippedHead(fd, st.size).subarray(0, want);
    // Its length past the head shows only as it is read (a shortfall is then said).
    return head.length === want && hashOf(head) === saved.head;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** The first bytes of the gzip file open as `fd`, inflated from its first compressed bytes. */
function gunzippedHead(fd: number, size: number): Buffer {
  const buf = Buffer.alloc(Math.min(size, GZIP_PREFIX));
  const n = readSync(fd, buf, 0, buf.length, 0);
  return gunzipSync(buf.subarray(0, n), {
    finishFlush: constants.Z_SYNC_FLUSH,
    maxOutputLength: GZIP_HEAD_MAX,
  });
}

/**
 * The regular files beside `path` named as its rotations (`x.log.1`,
 * `x.log-20261122.gz`) and written to after `sinceMs`: what may hold lines
 * never read when the file last read cannot be found among them.
 */
export function rotatedSince(path: string, sinceMs: number): string[] {
  const dir = dirname(path);
  const base = basename(path);
  return (namesIn(dir) ?? [])
    .filter((name) => name.startsWith(base) && ROTATION_SUFFIX.test(name.slice(base.length)))
    .map((name) => join(dir, name))
    .filter((p) => {
      const st = statOf(p);
      return st?.isFile() === true && st.mtimeMs > sinceMs;
    });
}

/** The names in `dir`, sorted; undefined when it cannot be read. */
function namesIn(dir: string): string[] | undefined {
  try {
    return readdirSync(dir).sort();
  } catch {
    return undefined;
  }
}

/** A file's own status: a symbolic link is not followed (it is no regular file then). */
function statOf(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
