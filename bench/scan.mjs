#!/usr/bin/env node
// The line splitter's scan alone, against what it replaced, on one file:
// figures, not assertions. Run after `npm run build`:
//
//   node bench/scan.mjs FILE [--runs N]
//
// - splitter: LineSplitter with the project's candidates and a sink that only
//   counts, reading the file with blocking reads into its scan window (as
//   consume does for a regular file);
// - indexOf: the earlier way, 1 MiB chunks in fresh buffers, one
//   Buffer.indexOf pass per marker and a newline search per line (a line
//   cut by a chunk end is counted, not searched: a cost baseline only);
// - reads alone, into one reused buffer, in 128 KiB and in 1 MiB reads.
import { closeSync, openSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileAndRuns } from './args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { CANDIDATES } = await import(join(root, 'dist', 'parser', 'classify-line.js'));
const { LineSplitter } = await import(join(root, 'dist', 'parser', 'line-splitter.js'));

const { file, runs } = fileAndRuns('scan.mjs', 3);

function splitter() {
  const counts = { lines: 0, candidates: 0 };
  const s = new LineSplitter(
    {
      line: () => {
        counts.lines++;
        counts.candidates++;
      },
      noise: (n) => {
        counts.lines += n;
      },
      tooLong: () => {
        counts.lines++;
      },
    },
    1024 * 1024,
    CANDIDATES,
  );
  const window = s.window();
  const fd = openSync(file, 'r');
  for (let at = 0; ; ) {
    const n = readSync(fd, window, 0, window.length, at);
    if (n === 0) break;
    s.pushWindow(n);
    at += n;
  }
  closeSync(fd);
  s.end();
  return counts;
}

function indexOfScan() {
  const counts = { lines: 0, candidates: 0 };
  const fd = openSync(file, 'r');
  let carry = 0;
  for (let at = 0; ; ) {
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    const n = readSync(fd, chunk, 0, chunk.length, at);
    if (n === 0) break;
    at += n;
    const b = chunk.subarray(0, n);
    const next = CANDIDATES.markers.map((m) => b.indexOf(m));
    let pos = 0;
    for (let nl = b.indexOf(0x0a); nl !== -1; pos = nl + 1, nl = b.indexOf(0x0a, pos)) {
      counts.lines++;
      for (let i = 0; i < next.length; i++)
        if (next[i] !== -1 && next[i] < pos) next[i] = b.indexOf(CANDIDATES.markers[i], pos);
      if (next.some((c) => c !== -1 && c < nl)) counts.candidates++;
    }
    carry = n - pos;
  }
  closeSync(fd);
  if (carry > 0) counts.lines++;
  return counts;
}

/** Reads alone, into one reused buffer of `size` bytes. */
const readsOf = (size) => () => {
  const buf = Buffer.allocUnsafe(size);
  const fd = openSync(file, 'r');
  for (let at = 0, n = 1; n > 0; at += n) n = readSync(fd, buf, 0, size, at);
  closeSync(fd);
  return { lines: 0, candidates: 0 };
};

const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
for (const [name, run] of [
  ['splitter', splitter],
  ['indexOf', indexOfScan],
  ['reads 128 KiB', readsOf(128 * 1024)],
  ['reads 1 MiB', readsOf(1024 * 1024)],
]) {
  const times = [];
  let counts;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    counts = run();
    times.push(performance.now() - t);
  }
  process.stdout.write(
    `${name.padEnd(13)} ${(median(times) / 1000).toFixed(2)} s  (${counts.lines} lines, ${counts.candidates} with a marker)\n`,
  );
}
