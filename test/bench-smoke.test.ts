import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'a2g-bench-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

// The benchmark prints figures; this only checks that it runs end to end and
// prints every figure. Speed is never asserted in a test.
describe('npm run bench, smoke size', () => {
  it('generates both inputs, runs both tools and prints the table', () => {
    const text = execFileSync(
      process.execPath,
      [join(ROOT, 'bench', 'run.mjs'), '--smoke', '--out', out],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(text).toMatch(/^\| sparse \| \d+ MiB \| [\d.]+ s \| [\d.]+ s \| [\d.]+ \| \d+ MiB \|$/m);
    expect(text).toMatch(/^\| dense \| \d+ MiB \| [\d.]+ s \| [\d.]+ s \| [\d.]+ \| \d+ MiB \|$/m);
    expect(text).toMatch(/^memory, dense 1x: \d+ MiB, 4x: \d+ MiB \(ratio [\d.]+\)$/m);
    expect(text).toMatch(/^start-up, one-line input, whole process: \d+ ms$/m);
  }, 180_000);

  it('generates the same bytes for the same arguments', () => {
    const gen = (kind: string, size: string) =>
      execFileSync(process.execPath, [join(ROOT, 'bench', 'generate.mjs'), kind, size], {
        maxBuffer: 1 << 26,
      });
    expect(gen('sparse', '200000').equals(gen('sparse', '200000'))).toBe(true);
    const dense = gen('dense', '500').toString();
    expect(dense.split('\n').filter((l) => l.includes('result=deny'))).toHaveLength(500);
  });
});
