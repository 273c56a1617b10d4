import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Directories made for the test file being run, removed once its tests are done. */
const made: string[] = [];

/**
 * Removes every directory made so far. Called after each test file's tests
 * (test/helpers/temp-dir-cleanup.ts, a setup file): where test files share a
 * module graph (no isolation) this module loads once, so a hook registered
 * here would run after the first file only.
 */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A new directory under the system's temporary one, named `prefix` and a
 * random part, removed with all it holds once the test file's tests are done.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
