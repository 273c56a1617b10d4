/**
 * Reads one large file on several cores: the file is cut at line ends into
 * as many byte ranges as there are cores; this thread reads the first range
 * while a worker thread reads each other one into its own aggregator, and
 * the parts are added in file order, so the report is the one a single
 * reader gives (line numbers included).
 *
 * Only regular files are split: stdin and SSH streams cannot be read twice
 * or out of order, and small files are not worth a thread's start-up.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { Aggregator, AggregatorPart } from '../report/aggregate.js';
import type { InputStatus } from '../report/build-report.js';
import type { ConsumeOptions } from './consume.js';
import type { Input } from './input.js';

/** Below this, one thread reads the file: a worker costs tens of milliseconds to start. */
export const SPLIT_MIN_BYTES = 64 * 2 ** 20;

/** What a worker is asked to read. */
export interface RangeJob {
  path: string;
  start: number;
  /** Exclusive. */
  end: number;
  maxLine: number;
  allowed: boolean;
}

/** What a worker answers. */
export interface RangeResult {
  status: InputStatus;
  part: AggregatorPart;
}

/**
 * Byte offsets that cut `path` into about `parts` ranges, each starting at a
 * line start: [0, a), [a, b), ... [z, size).
 */
export function lineRanges(path: string, size: number, parts: number): [number, number][] {
  const cuts = [0];
  const fd = openSync(path, 'r');
  try {
    const block = Buffer.allocUnsafe(64 * 1024);
    for (let i = 1; i < parts; i++) {
      // The first line end at or after the even cut; a line longer than a range moves it on.
      let at = Math.max(Math.floor((size * i) / parts), cuts[cuts.length - 1]!);
      let cut = size;
      while (at < size) {
        const n = readSync(fd, block, 0, block.length, at);
        if (n === 0) break;
        const nl = block.subarray(0, n).indexOf(0x0a);
        if (nl !== -1) {
          cut = at + nl + 1;
          break;
        }
        at += n;
      }
      if (cut >= size) break;
      if (cut > cuts[cuts.length - 1]!) cuts.push(cut);
    }
  } finally {
    closeSync(fd);
  }
  return cuts.map((start, i) => [start, cuts[i + 1] ?? size]);
}

/**
 * The lines of `path` in `[start, end)`, as an input of its own. consume
 * reads the range with blocking reads; the stream is there to honour the
 * Input contract.
 */
export function rangeInput(path: string, start: number, end: number): Input {
  return {
    source: path,
    path,
    range: [start, end],
    open: () => createReadStream(path, { start, end: end - 1 }),
  };
}

/**
 * Reads `path` cut in `ranges` into `agg`: the first range here, with
 * `readHere`, the others on worker threads. One status for the file.
 */
export async function consumeSplit(
  path: string,
  source: string,
  ranges: [number, number][],
  agg: Aggregator,
  opts: ConsumeOptions,
  readHere: (input: Input) => Promise<InputStatus>,
): Promise<InputStatus> {
  const started = performance.now();
  // Loaded here: most runs read no file large enough to split.
  const { Worker } = await import('node:worker_threads');
  // Started first: a worker takes a moment to load, while this thread reads.
  const workers = ranges.slice(1).map(
    ([start, end]) =>
      new Worker(new URL('./file-worker.js', import.meta.url), {
        workerData: {
          path,
          start,
          end,
          maxLine: opts.maxLine,
          allowed: agg.keepAllowed,
        } satisfies RangeJob,
        // A smaller young generation: about 25 MiB less at the peak, no slower (README).
        resourceLimits: { maxYoungGenerationSizeMb: 8 },
      }),
  );
  const answers = workers.map(answer);
  const stop = () => {
    for (const w of workers) w.postMessage('stop');
  };
  opts.signal?.addEventListener('abort', stop, { once: true });
  let here: InputStatus;
  let results: (RangeResult | Error)[];
  try {
    here = await readHere(rangeInput(path, ranges[0]![0], ranges[0]![1]));
    results = await Promise.all(answers);
  } finally {
    opts.signal?.removeEventListener('abort', stop);
  }
  const status: InputStatus = { ...here, source };
  for (const result of results) {
    if (result instanceof Error) {
      // A range that could not be read: what the others read is kept, and the file is incomplete.
      status.complete = false;
      status.error ??= `read failed: ${result.message}`;
      continue;
    }
    agg.absorb(result.part, status.lines);
    status.lines += result.status.lines;
    status.bytes += result.status.bytes;
    status.records += result.status.records;
    if (!result.status.complete) status.complete = false;
    status.error ??= result.status.error;
  }
  status.seconds = Math.round(performance.now() - started) / 1000;
  return status;
}

/** The one message a worker sends, or why it ended without one. */
function answer(worker: Worker): Promise<RangeResult | Error> {
  return new Promise((resolve) => {
    let done = false;
    worker.once('message', (result: RangeResult) => {
      done = true;
      resolve(result);
    });
    worker.once('error', (err) => {
      done = true;
      resolve(err);
    });
    worker.once('exit', (code) => {
      if (!done) resolve(new Error(`worker thread exited with code ${code}`));
    });
  });
}
