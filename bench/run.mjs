#!/usr/bin/env node
// `npm run bench`: every row of the speed targets (docs/performance.md), each
// run against what it is measured by, in turns, as medians: audit2grant
// against the grep pipeline it replaces, start-up against bare Node, a
// journalctl pipeline against journalctl alone; peak memory, and memory at
// 1x and 4x the input; the figures of --follow and --state (bench/follow.mjs).
// Figures, not assertions: nothing here fails on speed.
//
//   node bench/run.mjs [--runs N] [--sets N] [--only ROW,...] [--smoke] [--out DIR]
//                      [--sparse-bytes N] [--dense-records N] [--journal-bytes N]
//
// ROW: distinct, sparse, dense, memory, start, journal, follow. --smoke: small
// inputs, one round (the test suite's smoke test). --sets N: N sets in a row,
// each printed, then how many of them met each target (issue 26 asks for
// every row in three sets in a row). Inputs are generated once into DIR
// (default bench/out) and reused.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { followRows } from './follow.mjs';
import { journalDirectory, oneLine, textInput } from './inputs.mjs';
import { inTurns, peakOf } from './measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'audit2grant.js');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const number = (name, fallback) => Number(option(name) ?? fallback);
const smoke = args.includes('--smoke');
const out = option('--out') ?? join(root, 'bench', 'out');
const runs = number('--runs', smoke ? 1 : 5);
const sets = number('--sets', 1);
const sparseBytes = number('--sparse-bytes', smoke ? 8 * 2 ** 20 : 2 ** 30);
const denseRecords = number('--dense-records', smoke ? 20_000 : 2_000_000);
const journalBytes = number('--journal-bytes', smoke ? 2 ** 20 : 64 * 2 ** 20);
const only = option('--only')?.split(',');
const wanted = (row) => !only || only.includes(row);

if (!Number.isInteger(sets) || sets < 1) {
  process.stderr.write('bench: --sets takes a whole number, 1 or more\n');
  process.exit(2);
}
if (!existsSync(join(root, 'dist', 'bundle', 'main.cjs'))) {
  process.stderr.write('bench: build first (npm run build)\n');
  process.exit(2);
}
if (!existsSync('/usr/bin/time')) {
  process.stderr.write('bench: needs GNU time (apt-get install time) for CPU and peak memory\n');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

const audit2grant = (file, format = 'json') => `node ${bin} --format ${format} ${file}`;
const grep = (file) => `grep audit ${file} | grep deny | wc -l`;
const mib = (file) => `${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`;
const seconds = (s) => `${s.toFixed(2)} s`;
const peak = (m) => `${m.mib.toFixed(0)} MiB`;

/** The many-distinct sparse input: keys spread over accounts, as a large cluster's are. */
const DISTINCT = [
  ['--denied-keys', 25_000],
  ['--allowed-keys', 100_000],
  ['--accounts', 200],
  ['--deny-share', 0.006],
  ['--allow-share', 0.03],
].flat();

/** A row against the grep pipeline; `limit` the target ratio. */
function againstGrep(input, run, ours, theirs, limit) {
  const ratio = ours.wall / theirs.wall;
  return {
    input,
    run,
    figure: `${seconds(ours.wall)} (CPU ${seconds(ours.cpu)})`,
    against: `grep ${seconds(theirs.wall)}`,
    ratio,
    target: `at most ${limit.toFixed(1)}x`,
    peak: peak(ours),
    met: ratio <= limit,
    mib: ours.mib,
  };
}

/** One set: every row wanted, each in turns; and how the cores ran during it. */
async function measureSet() {
  // The cores of a virtual machine need not be alike: on this machine kind one
  // ran the same work 1.2-1.7x slower than the other, and which one changed
  // within the hour. A run of one process lands on either, the grep pipeline
  // uses both: the line says how they differed during the set (bare Node
  // pinned to each, in turns).
  let cores = '';
  if (!smoke && cpus().length > 1 && existsSync('/usr/bin/taskset')) {
    const each = cpus().map((_, i) => i);
    const starts = inTurns(
      each.map((i) => `taskset -c ${i} node -e 0`),
      11,
      [process.execPath],
    );
    cores = `; node -e 0 pinned to each core: ${starts.map((s, i) => `${(s.wall * 1000).toFixed(0)} ms on ${i}`).join(', ')}`;
  }

  // First, before the large inputs push the bundle out of the page cache; and
  // Node and the bundle are read before each run all the same (inTurns says why).
  let startRow;
  if (wanted('start')) {
    const file = oneLine(out);
    const bundle = join(root, 'dist', 'bundle');
    const [bare, ours] = inTurns(['node -e 0', audit2grant(file)], Math.max(runs, smoke ? 1 : 21), [
      process.execPath,
      bin,
      join(root, 'bin', 'load-bundle.js'),
      ...readdirSync(bundle).map((f) => join(bundle, f)),
    ]);
    const ratio = ours.wall / bare.wall;
    startRow = {
      input: 'one line',
      run: '--format json',
      figure: `${(ours.wall * 1000).toFixed(0)} ms`,
      against: `node -e 0 ${(bare.wall * 1000).toFixed(0)} ms`,
      ratio,
      target: 'at most 1.3x',
      peak: peak(ours),
      met: ratio <= 1.3,
      mib: ours.mib,
    };
  }

  const rows = [];
  /** Peaks (MiB) of the 1x runs, by input, for the 4x rows. */
  const peaks = {};

  if (wanted('distinct') || wanted('memory')) {
    const file = textInput(out, `distinct-${sparseBytes}`, ['sparse', sparseBytes, ...DISTINCT]);
    const formats = ['json', 'table', 'cli'];
    const [g, ...ours] = inTurns([grep(file), ...formats.map((f) => audit2grant(file, f))], runs, [
      file,
    ]);
    const input = `sparse ${mib(file)}, 25,000 denied and 100,000 allowed keys, 200 accounts`;
    for (const [i, f] of formats.entries())
      rows.push(againstGrep(input, `--format ${f}`, ours[i], g, 1.0));
    peaks.distinct = { file, mib: ours[0].mib };
  }

  if (wanted('sparse')) {
    const file = textInput(out, `sparse-${sparseBytes}`, ['sparse', sparseBytes]);
    const [g, ours] = inTurns([grep(file), audit2grant(file)], runs, [file]);
    rows.push(againstGrep(`sparse ${mib(file)}, 2,000 keys`, '--format json', ours, g, 0.8));
  }

  if (wanted('dense') || wanted('memory')) {
    const file = textInput(out, `dense-${denseRecords}`, ['dense', denseRecords]);
    const [g, ours] = inTurns([grep(file), audit2grant(file)], runs, [file]);
    const input = `dense ${mib(file)}, ${denseRecords.toLocaleString('en')} deny records of 40,000 keys`;
    rows.push(againstGrep(input, '--format json', ours, g, 1.5));
    peaks.dense = { file, mib: ours.mib };
  }

  if (wanted('memory')) {
    // Memory must follow the distinct findings, not the records: the same input four times over.
    const four = {
      dense: textInput(out, `dense-${denseRecords}`, ['dense', denseRecords], 4),
      distinct: textInput(out, `distinct-${sparseBytes}`, ['sparse', sparseBytes, ...DISTINCT], 4),
    };
    const names = Object.keys(four);
    const measured = inTurns(
      names.map((n) => audit2grant(four[n])),
      runs,
    );
    names.forEach((name, i) => {
      const ratio = measured[i].mib / peaks[name].mib;
      rows.push({
        input: `${name}, 1x -> 4x (${mib(four[name])})`,
        run: '--format json, peak memory',
        figure: `${peaks[name].mib.toFixed(0)} -> ${measured[i].mib.toFixed(0)} MiB`,
        ratio,
        target: 'at most 1.10x (flat)',
        peak: peak(measured[i]),
        met: ratio <= 1.1,
        mib: measured[i].mib,
      });
    });
  }

  if (startRow) rows.push(startRow);

  if (wanted('journal')) {
    const journal = journalDirectory(out, `journal-${journalBytes}`, ['sparse', journalBytes]);
    const render = `journalctl --directory ${journal} --no-pager -o short-iso`;
    // The pipe itself costs journalctl time (a write per 4 KiB): `| cat`, which
    // does nothing with what it reads, says what any reader of the pipe pays.
    const [alone, piped, cat] = inTurns(
      [render, `${render} | ${peakOf(`node ${bin} --format json`)}`, `${render} | cat`],
      Math.max(runs, smoke ? 1 : 7),
      readdirSync(journal).map((f) => join(journal, f)),
    );
    const ratio = piped.wall / alone.wall;
    rows.push({
      input: `journal file of ${(journalBytes / 2 ** 20).toFixed(0)} MiB of short-iso (sparse)`,
      run: 'journalctl -o short-iso | audit2grant',
      figure: seconds(piped.wall),
      against: `journalctl > /dev/null ${seconds(alone.wall)}`,
      ratio,
      target: 'at most 1.03x',
      peak: peak(piped),
      met: ratio <= 1.03,
      mib: piped.mib,
    });
    rows.push({
      input: 'the same journal, for reference',
      run: 'journalctl -o short-iso | cat',
      figure: seconds(cat.wall),
      against: `journalctl > /dev/null ${seconds(alone.wall)}`,
      ratio: cat.wall / alone.wall,
    });
  }

  if (rows.some((r) => r.mib !== undefined)) {
    const most = Math.max(...rows.filter((r) => r.mib !== undefined).map((r) => r.mib));
    rows.push({
      input: 'peak memory',
      run: 'every run above',
      figure: `${most.toFixed(0)} MiB`,
      target: 'at most 150 MiB',
      met: most <= 150,
    });
  }

  if (wanted('follow')) {
    // The resumed run reads the sparse input (bench/follow.mjs resumeRun).
    const sparse = textInput(out, `sparse-${sparseBytes}`, ['sparse', sparseBytes]);
    rows.push(...(await followRows({ bin, out, smoke, sparse })));
  }
  return { cores, rows };
}

const cpu = cpus()[0]?.model ?? 'unknown cpu';
const node = execFileSync(process.execPath, ['--version'], { encoding: 'utf8' }).trim();
const cell = (v) => (v === undefined ? '' : String(v).replaceAll('|', '\\|'));
const tableRow = (cells) => `| ${cells.map(cell).join(' | ')} |`;
const isTarget = (r) => typeof r.met === 'boolean';

const done = [];
for (let set = 1; set <= sets; set++) {
  const at = new Date().toISOString().slice(11, 16);
  const { cores, rows } = await measureSet();
  done.push(rows);
  const lines = [
    `${sets > 1 ? `set ${set} of ${sets}, ${at} UTC; ` : ''}machine: ${cpus().length} x ${cpu}, node ${node}, ${new Date().toISOString().slice(0, 10)}; ${runs} round(s) in turns, medians${cores}`,
    '',
    '| input | run | audit2grant | against | ratio | target | peak | met |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) =>
      tableRow([
        r.input,
        r.run,
        r.figure,
        r.against,
        r.ratio === undefined ? undefined : `${r.ratio.toFixed(2)}x`,
        r.target,
        r.peak,
        r.met === undefined ? '' : r.met === null ? 'not measured' : r.met ? 'yes' : 'no',
      ]),
    ),
    '',
    `targets met: ${rows.filter((r) => r.met === true).length} of ${rows.filter(isTarget).length} measured`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (sets > 1) {
  // Rows are the same, in the same order, in every set.
  const targets = done.map((rows) => rows.filter(isTarget));
  const metIn = (k) => targets.filter((set) => set[k].met).length;
  const lines = [
    `${sets} sets in a row: each target's ratio (or figure) per set`,
    '',
    `| input | run | target | ${done.map((_, i) => `set ${i + 1}`).join(' | ')} | met in |`,
    `|---|---|---|${done.map(() => '---|').join('')}---|`,
    ...targets[0].map((r, k) =>
      tableRow([
        r.input,
        r.run,
        r.target,
        ...targets.map((set) =>
          set[k].ratio === undefined ? set[k].figure : `${set[k].ratio.toFixed(2)}x`,
        ),
        `${metIn(k)} of ${sets}`,
      ]),
    ),
    '',
    `every target met in all ${sets} sets: ${targets[0].every((_, k) => metIn(k) === sets) ? 'yes' : 'no'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
