import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp-dir.js';

const ROOT = join(import.meta.dirname, '..');
const out = tempDir('a2g-bench-');

// The benchmark prints figures; this only checks that it runs end to end and
// prints every figure. Speed is never asserted in a test.
describe('npm run bench, smoke size', () => {
  it('generates both inputs, runs both tools and prints the table', () => {
    const text = execFileSync(
      process.execPath,
      [join(ROOT, 'bench', 'run.mjs'), '--smoke', '--out', out],
      {
        encoding: 'utf8',
        timeout: 240_000,
      },
    );
    expect(text).toMatch(/^\| sparse \| \d+ MiB \| [\d.]+ s \| [\d.]+ s \| [\d.]+ \| \d+ MiB \|$/m);
    expect(text).toMatch(/^\| dense \| \d+ MiB \| [\d.]+ s \| [\d.]+ s \| [\d.]+ \| \d+ MiB \|$/m);
    expect(text).toMatch(/^memory, dense 1x: \d+ MiB, 4x: \d+ MiB \(ratio [\d.]+\)$/m);
    expect(text).toMatch(/^start-up, one-line input, whole process: \d+ ms$/m);
    expect(text).toMatch(/^follow, nothing to read: [\d.]+% of a core over \d+ s$/m);
    expect(text).toMatch(
      /^follow, a line written to its event on stdout: median \d+ ms, max \d+ ms \(5 lines\)$/m,
    );
    expect(text).toMatch(
      /^--state, resumed run over the sparse input with 1% new: [\d.]+ s, the full run [\d.]+ s \(ratio [\d.]+\)$/m,
    );
  });

  it('bench/scan.mjs times the scan on the sparse input, counting every line and candidate', () => {
    const file = join(out, 'sparse-8388608.log');
    const text = execFileSync(
      process.execPath,
      [join(ROOT, 'bench', 'scan.mjs'), file, '--runs', '1'],
      {
        encoding: 'utf8',
        timeout: 240_000,
      },
    );
    const lines = readFileSync(file, 'latin1').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const marked = lines.filter(
      (l) => l.includes('type=audit') || l.includes('Suppressed '),
    ).length;
    expect(text).toMatch(
      new RegExp(
        `^splitter +[\\d.]+ s  \\(${lines.length} lines, ${marked} with a marker\\)$`,
        'm',
      ),
    );
    expect(text).toMatch(/^indexOf +[\d.]+ s /m);
    expect(text).toMatch(/^reads 128 KiB +[\d.]+ s /m);
  });

  it('bench/parts.mjs times the parts of a run on the dense input, counting every record', () => {
    const file = join(out, 'dense-20000.log');
    const text = execFileSync(
      process.execPath,
      [join(ROOT, 'bench', 'parts.mjs'), file, '--runs', '1'],
      { encoding: 'utf8', timeout: 240_000 },
    );
    const records = readFileSync(file, 'latin1')
      .split('\n')
      .filter((l) => l.includes('type=audit')).length;
    expect(text).toMatch(
      /^view +\d+ ns {2}per line holding a marker \((\d+) lines, \1 read on bytes\)$/m,
    );
    expect(text).toMatch(
      new RegExp(`^first pass +\\d+ ms  ${records} records, every group made$`, 'm'),
    );
    expect(text).toMatch(/^seen before +\d+ ms {2}the same records again: [\d.]+ µs per record/m);
    expect(text).toMatch(/^report +\d+ ms {2}first run \d+ ms \(cold\)$/m);
    expect(text).toMatch(/^json +\d+ ms {2}first run \d+ ms \(cold\)$/m);
  });

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
