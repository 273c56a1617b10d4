import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/**
 * The size, MiB, of V8's young generation in a new process that first runs
 * `before`, then allocates as reading does (a third of it kept).
 */
function youngGenerationAfter(before: string): number {
  const script = `
    ${before}
    process.once('beforeExit', () => {
      const kept = [];
      for (let i = 0; i < 3e6; i++) { const o = { i, s: 'x' + i }; if (i % 3 === 0) kept.push(o); }
      const young = require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      process.stderr.write(String(young.space_size / 2 ** 20) + ' ' + kept.length);
    });
  `;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
  return Number(r.stderr.split(' ')[0]);
}

// The program keeps its young generation small (bin/audit2grant.js), as its
// own choice: no library module sets a process-wide flag.
describe('young generation', () => {
  it('grows no further in a run of the program than while the bundle loads', () => {
    const run = `process.argv = [process.argv[0], 'audit2grant', '-f', 'json', 'fixtures/demo.log'];
      require('./bin/audit2grant.js');`;
    // The bundle is loaded before the flag is set (bin/audit2grant.js): its
    // young generation may reach 8 MiB by then, not the 32 it grows to.
    expect(youngGenerationAfter(run)).toBeLessThanOrEqual(8);
  });

  it('grows where nothing keeps it small: the check above can fail', () => {
    const modules = `require('./bin/load-bundle.js').loadBundle();`;
    expect(youngGenerationAfter(modules)).toBeGreaterThanOrEqual(16);
  });
});
