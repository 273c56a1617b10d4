#!/usr/bin/env node
// The parts of a run on one file, in this process: figures,
// not assertions. Run after `npm run build`:
//
//   node bench/parts.mjs FILE [--runs N]
//
// - view: RecordView.read per line holding a marker in the file's first
//   8 MiB, each line read where the splitter leaves it (in the scan's window);
// - first pass: the whole file read into a new aggregator (every group made);
// - seen before: the file read again into the same aggregator, so that every
//   denial is one seen before (the dense input's common case);
// - report, json: the report built from that aggregator's snapshot and written as JSON,
//   the first time (cold code) and then warm.
//
// Passes run in turns; medians are printed. For the dense bench input
// (`node bench/generate.mjs dense 250000 > dense.log`), records per second
// follow from the counts printed.
import { closeSync, openSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileAndRuns } from './args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = (path) => import(join(root, 'dist', ...path.split('/')));
const { CANDIDATES } = await load('parser/classify-line.js');
const { LineScan } = await load('parser/line-scan.js');
const { RecordView } = await load('parser/record-view.js');
const { Aggregator } = await load('report/aggregate.js');
const { buildReport } = await load('report/build-report.js');
const { renderJsonPieces } = await load('output/json.js');
const { consume } = await load('sources/consume.js');
const { fileInput } = await load('sources/input.js');

const { file, runs } = fileAndRuns('parts.mjs', 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
const print = (name, figure, note) =>
  process.stdout.write(`${name.padEnd(12)} ${figure.padStart(12)}  ${note}\n`);

// view: the lines of the first 8 MiB that hold a marker (those the splitter
// hands over), a window's worth at a time, found before the clock starts.
const head = firstBytes(file, 8 * 2 ** 20);
const window = LineScan.for(CANDIDATES).window;
const windows = [];
for (let s = 0; s < head.length; ) {
  const e = head.lastIndexOf(0x0a, Math.min(s + window.length, head.length) - 1);
  if (e < s) break;
  const lines = [];
  for (let p = s, nl = head.indexOf(0x0a, s); nl !== -1 && nl <= e; nl = head.indexOf(0x0a, p)) {
    const line = head.subarray(p, nl);
    // As the splitter hands a line over: without its line feed and a CR before it.
    const end = nl > p && head[nl - 1] === 0x0d ? nl - 1 : nl;
    if (CANDIDATES.markers.some((m) => line.includes(m))) lines.push(p - s, end - s);
    p = nl + 1;
  }
  windows.push({ s, e: e + 1, lines });
  s = e + 1;
}
const view = new RecordView();
function viewPass() {
  let lines = 0;
  let read = 0;
  for (const { s, e, lines: at } of windows) {
    head.copy(window, 0, s, e);
    for (let i = 0; i < at.length; i += 2) {
      lines++;
      if (view.read(window, at[i], at[i + 1])) read++;
    }
  }
  return { lines, read };
}

function firstBytes(path, n) {
  const buf = Buffer.alloc(n);
  const fd = openSync(path, 'r');
  try {
    let got = 0;
    for (let r = 1; r > 0 && got < n; got += r) r = readSync(fd, buf, got, n - got, got);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

async function timed(fn) {
  const t = performance.now();
  const result = await fn();
  return { ms: performance.now() - t, result };
}

const options = { maxLine: 1024 * 1024 };
const times = { view: [], first: [], again: [], report: [], json: [] };
let lines;
let records;
let cold;
// The view is timed warm, as it runs on a large input: its code is warmed first.
for (let n = 0; n < 100_000 && windows.length > 0; ) n += viewPass().lines || 100_000;
for (let i = 0; i < runs; i++) {
  // Passes enough for 20,000 lines, for a figure above the clock's grain.
  const v = await timed(() => {
    let n = 0;
    let last;
    do {
      last = viewPass();
      n += last.lines;
    } while (n > 0 && n < 20_000);
    return { n, last };
  });
  times.view.push((v.ms * 1e6) / Math.max(1, v.result.n));
  lines = v.result.last;
  const agg = new Aggregator();
  const first = await timed(() => consume(fileInput(file), agg, options));
  const again = await timed(() => consume(fileInput(file), agg, options));
  records = first.result.records;
  times.first.push(first.ms);
  times.again.push(again.ms);
  const now = new Date(0);
  const report = await timed(() =>
    buildReport(agg.snapshot(), {
      version: '2.2',
      now,
      inputs: [first.result],
      maxLine: 1024 * 1024,
      accounts: new Set(),
    }),
  );
  const json = await timed(() => {
    let chars = 0;
    for (const piece of renderJsonPieces(report.result)) chars += piece.length;
    return chars;
  });
  cold ??= { report: report.ms, json: json.ms };
  times.report.push(report.ms);
  times.json.push(json.ms);
}

const ms = (xs) => `${median(xs).toFixed(0)} ms`;
if (lines.lines === 0) print('view', '-', 'no line of the first 8 MiB holds a marker');
else
  print(
    'view',
    `${median(times.view).toFixed(0)} ns`,
    `per line holding a marker (${lines.lines} lines, ${lines.read} read on bytes)`,
  );
print('first pass', ms(times.first), `${records} records, every group made`);
const each =
  records === 0
    ? ''
    : `: ${((median(times.again) * 1e3) / records).toFixed(2)} µs per record, noise lines included`;
print('seen before', ms(times.again), `the same records again${each}`);
print('report', ms(times.report), `first run ${cold.report.toFixed(0)} ms (cold)`);
print('json', ms(times.json), `first run ${cold.json.toFixed(0)} ms (cold)`);
