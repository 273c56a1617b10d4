#!/usr/bin/env node
// `npm run bench`: audit2grant against the grep pipeline it replaces, on the
// same generated inputs, in turns; prints medians, ratios and peak memory,
// and the figures of --follow and --state (bench/follow.mjs).
// Figures, not assertions: nothing here passes or fails on speed.
//
//   node bench/run.mjs [--sparse-bytes N] [--dense-records N] [--runs N] [--smoke] [--out DIR]
//
// Inputs are generated once into DIR (default bench/out) and reused.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { idleCpu, lineToEvent, resumeRun } from './follow.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argAt = (name) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
};
const out = argAt('--out') ?? join(root, 'bench', 'out');
const bin = join(root, 'bin', 'audit2grant.js');

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const smoke = args.includes('--smoke');
const sparseBytes = flag('--sparse-bytes', smoke ? 8 * 2 ** 20 : 2 ** 30);
const denseRecords = flag('--dense-records', smoke ? 20_000 : 2_000_000);
const runs = flag('--runs', smoke ? 1 : 5);

if (!existsSync(join(root, 'dist', 'bundle', 'main.cjs'))) {
  process.stderr.write('bench: build first (npm run build)\n');
  process.exit(2);
}
if (!existsSync('/usr/bin/time')) {
  process.stderr.write('bench: needs GNU time (apt-get install time) for peak memory\n');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

/** Generates an input once; the same arguments give the same bytes, so it is reused. */
function input(kind, size, times = 1) {
  const path = join(out, `${kind}-${size}${times > 1 ? `x${times}` : ''}.log`);
  if (!existsSync(path)) {
    const fd = openSync(path, 'w');
    for (let i = 0; i < times; i++) {
      const r = spawnSync(
        process.execPath,
        [join(root, 'bench', 'generate.mjs'), kind, String(size)],
        {
          stdio: ['ignore', fd, 'inherit'],
        },
      );
      if (r.status !== 0) throw new Error(`generate ${kind} failed`);
    }
    closeSync(fd);
  }
  return path;
}

/**
 * Wall seconds and peak RSS (MiB) of one run. GNU time gives the peak; the
 * wall time is taken here, as its own has only hundredths of a second (a
 * smoke-size grep run could read 0.00 and make the ratio infinite).
 */
function measure(command) {
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'bash', '-c', `${command} >/dev/null`], {
    encoding: 'utf8',
  });
  const wall = (performance.now() - started) / 1000;
  const kib = Number(r.stderr.trim().split('\n').pop());
  return { wall, mib: kib / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function compare(label, file) {
  const ours = `node ${bin} --format json ${file}`;
  const theirs = `grep audit ${file} | grep deny | wc -l`;
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    a.push(measure(ours));
    b.push(measure(theirs));
  }
  const ourWall = median(a.map((m) => m.wall));
  const grepWall = median(b.map((m) => m.wall));
  return {
    input: label,
    size: `${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`,
    audit2grant: `${ourWall.toFixed(2)} s`,
    grep: `${grepWall.toFixed(2)} s`,
    ratio: (ourWall / grepWall).toFixed(2),
    peak: `${median(a.map((m) => m.mib)).toFixed(0)} MiB`,
  };
}

const rows = [];
const sparse = input('sparse', sparseBytes);
rows.push(compare('sparse', sparse));
const dense = input('dense', denseRecords);
rows.push(compare('dense', dense));

// Memory must not grow with the input: the same input four times over.
const dense4 = input('dense', denseRecords, 4);
const m1 = median(
  Array.from({ length: runs }, () => measure(`node ${bin} --format json ${dense}`).mib),
);
const m4 = median(
  Array.from({ length: runs }, () => measure(`node ${bin} --format json ${dense4}`).mib),
);

// Start-up: a one-line input, whole process.
const one = join(out, 'one-line.log');
writeFileSync(one, 'Nov 22 10:00:07 master-1 nginx[1]: GET / 200\n');
const startup = median(
  Array.from({ length: Math.max(runs, 5) }, () => measure(`node ${bin} --format json ${one}`).wall),
);

// --follow and --state: idle CPU, line to event, a resumed run over 1% new.
const idle = await idleCpu(bin, out, smoke ? 2 : 10);
const latency = await lineToEvent(bin, out, smoke ? 5 : 20);
const resume = resumeRun(bin, out, sparse);

const cpu = cpus()[0]?.model ?? 'unknown cpu';
const node = execFileSync(process.execPath, ['--version'], { encoding: 'utf8' }).trim();
const table = [
  `machine: ${cpus().length} x ${cpu}, node ${node}, ${new Date().toISOString().slice(0, 10)}, ${runs} run(s) each, medians`,
  '',
  '| input | size | audit2grant --format json | grep audit \\| grep deny \\| wc -l | ratio | audit2grant peak memory |',
  '|---|---|---|---|---|---|',
  ...rows.map(
    (r) => `| ${r.input} | ${r.size} | ${r.audit2grant} | ${r.grep} | ${r.ratio} | ${r.peak} |`,
  ),
  '',
  `memory, dense 1x: ${m1.toFixed(0)} MiB, 4x: ${m4.toFixed(0)} MiB (ratio ${(m4 / m1).toFixed(2)})`,
  `start-up, one-line input, whole process: ${(startup * 1000).toFixed(0)} ms`,
  `follow, nothing to read: ${idle.percent.toFixed(2)}% of a core over ${idle.seconds.toFixed(0)} s`,
  `follow, a line written to its event on stdout: median ${latency.median.toFixed(0)} ms, max ${latency.max.toFixed(0)} ms (${latency.count} lines)`,
  `--state, resumed run over the sparse input with 1% new: ${resume.resumed.toFixed(2)} s, the full run ${resume.full.toFixed(2)} s (ratio ${(resume.resumed / resume.full).toFixed(3)})`,
];
process.stdout.write(`${table.join('\n')}\n`);
