import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** Directories made for the test file being run, removed once its tests are done. */
const made: string[] = [];

// Registered when a test file first imports this module (each file has its own copy).
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A new directory under the system's temporary one, named `prefix` and a
 * random part, removed with all it holds once the test file's tests are done.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
