import { statSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * What names one file whatever the path: its device and inode when it
 * exists (a link, another spelling), else its absolute path.
 */
export function identityOf(path: string): string {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return `path:${resolve(path)}`;
  }
}

/** Whether `path` is one of `files` (stdin aside), as identityOf tells files apart. */
export function isOneOf(path: string, files: readonly string[]): boolean {
  const id = identityOf(path);
  return files.some((f) => f !== '-' && identityOf(f) === id);
}
