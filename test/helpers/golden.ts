import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';

const DIR = join(import.meta.dirname, '..', 'golden', '__golden__');

/**
 * Compares `actual` with the golden file `name`. With UPDATE_GOLDEN=1 the file
 * is (re)written instead; a missing golden file is an error, never silently
 * created, so a test cannot pass without a reviewed expectation.
 */
export function expectGolden(name: string, actual: string): void {
  const path = join(DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path))
    throw new Error(
      `golden file ${name} is missing: run UPDATE_GOLDEN=1 npx vitest run and review it`,
    );
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
