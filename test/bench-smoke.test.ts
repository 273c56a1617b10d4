import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp-dir.js';

const ROOT = join(import.meta.dirname, '..');
const out = tempDir('a2g-bench-');

/** Where a row says whether its target is met. */
const MET = Symbol('met');

/**
 * A row of the bench's table as a pattern: its cells as printed, with # for
 * a figure, and MET for the last cell (yes or no).
 */
function row(...cells: (string | typeof MET)[]): RegExp {
  const cell = (c: string | typeof MET) =>
    c === MET ? '(yes|no)' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('#', '[\\d.]+');
  return new RegExp(`^\\| ${cells.map(cell).join(' \\| ')} \\|$`, 'm');
}

// The benchmark prints figures; this only checks that it runs end to end and
// prints every figure. Speed is never asserted in a test.
describe('npm run bench, smoke size', () => {
  it('generates every input, runs every row in turns and prints the table', () => {
    const text = execFileSync(
      process.execPath,
      [join(ROOT, 'bench', 'run.mjs'), '--smoke', '--out', out],
      {
        encoding: 'utf8',
        timeout: 240_000,
      },
    );
    const distinct = 'sparse # MiB, 25,000 denied and 100,000 allowed keys, 200 accounts';
    for (const format of ['json', 'table', 'cli'])
      expect(text).toMatch(
        row(
          distinct,
          `--format ${format}`,
          '# s (CPU # s)',
          'grep # s',
          '#x',
          'at most 1.0x',
          '# MiB',
          MET,
        ),
      );
    expect(text).toMatch(
      row(
        'sparse # MiB, 2,000 keys',
        '--format json',
        '# s (CPU # s)',
        'grep # s',
        '#x',
        'at most 0.8x',
        '# MiB',
        MET,
      ),
    );
    expect(text).toMatch(
      row(
        'dense # MiB, 20,000 deny records of 40,000 keys',
        '--format json',
        '# s (CPU # s)',
        'grep # s',
        '#x',
        'at most 1.5x',
        '# MiB',
        MET,
      ),
    );
    for (const input of ['dense', 'distinct'])
      expect(text).toMatch(
        row(
          `${input}, 1x -> 4x (# MiB)`,
          '--format json, peak memory',
          '# -> # MiB',
          '',
          '#x',
          'at most 1.10x (flat)',
          '# MiB',
          MET,
        ),
      );
    expect(text).toMatch(
      row(
        'one line',
        '--format json',
        '# ms',
        'node -e 0 # ms',
        '#x',
        'at most 1.3x',
        '# MiB',
        MET,
      ),
    );
    expect(text).toMatch(
      row(
        'journal file of # MiB of short-iso (sparse)',
        'journalctl -o short-iso \\| audit2grant',
        '# s',
        'journalctl > /dev/null # s',
        '#x',
        'at most 1.03x',
        '# MiB',
        MET,
      ),
    );
    expect(text).toMatch(
      row('peak memory', 'every run above', '# MiB', '', '', 'at most 150 MiB', '', MET),
    );
    expect(text).toMatch(
      row(
        '--follow, nothing to read',
        'CPU over # s',
        '#% of a core',
        '',
        '',
        'under 1% of a core',
        '',
        MET,
      ),
    );
    expect(text).toMatch(
      row(
        '--follow, a line written',
        'to its event on stdout',
        'median # ms, max # ms (5 lines)',
        '',
        '',
        'under 1 s',
        '',
        MET,
      ),
    );
    expect(text).toMatch(
      row(
        '--state, the sparse input with 1% new',
        'the resumed run',
        '# s',
        'the full run # s',
        '#x',
        '',
        '',
        '',
      ),
    );
    expect(text).toMatch(/^targets met: \d+ of \d+ measured$/m);
  });

  it('--sets runs sets in a row and says, per target, in how many of them it was met', () => {
    const text = execFileSync(
      process.execPath,
      [join(ROOT, 'bench', 'run.mjs'), '--smoke', '--sets', '2', '--only', 'start', '--out', out],
      { encoding: 'utf8', timeout: 240_000 },
    );
    const ratios = [
      ...text.matchAll(
        /^\| one line \| --format json \| [\d.]+ ms \| node -e 0 [\d.]+ ms \| ([\d.]+x) \| at most 1\.3x \| [\d.]+ MiB \| (yes|no) \|$/gm,
      ),
    ];
    expect(text).toMatch(/^set 1 of 2, \d\d:\d\d UTC; machine: /m);
    expect(text).toMatch(/^set 2 of 2, \d\d:\d\d UTC; machine: /m);
    expect(ratios).toHaveLength(2);
    const met = ratios.filter((r) => r[2] === 'yes').length;
    // The summary repeats each set's ratio, in order, and counts the sets that met it.
    expect(text).toMatch(
      row(
        'one line',
        '--format json',
        'at most 1.3x',
        ratios[0]![1]!,
        ratios[1]![1]!,
        `${met} of 2`,
      ),
    );
    expect(text).toMatch(
      new RegExp(`^every target met in all 2 sets: ${met === 2 ? 'yes' : 'no'}$`, 'm'),
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

  it('spreads the many-distinct input over the keys and accounts its flags name', () => {
    const text = execFileSync(
      process.execPath,
      [
        join(ROOT, 'bench', 'generate.mjs'),
        ...['sparse', '3000000', '--denied-keys', '300', '--allowed-keys', '900'],
        ...['--accounts', '20', '--deny-share', '0.05', '--allow-share', '0.1'],
      ],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    const keys = (result: string) => {
      const lines = text.split('\n').filter((l) => l.includes(`result=${result}`));
      const said = lines.map((l) =>
        ['uid', 'object', 'path', 'action']
          .map((k) => new RegExp(`\\b${k}="?([^ ",]+)`).exec(l)?.[1])
          .join(' '),
      );
      return {
        records: lines.length,
        keys: new Set(said).size,
        accounts: new Set(said.map((k) => k.split(' ')[0])).size,
      };
    };
    const denied = keys('deny');
    const allowed = keys('allow');
    // About 13,000 lines: 5% deny and 10% allow records, more than the keys of each.
    expect(denied.records).toBeGreaterThan(300);
    expect(denied).toMatchObject({ keys: 300, accounts: 20 });
    expect(allowed.records).toBeGreaterThan(900);
    expect(allowed).toMatchObject({ keys: 900, accounts: 20 });
  });
});
