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
import type { Aggregator, AggregatorPart, LineReader } from '../report/aggregate.js';
import type { InputStatus } from '../report/build-report.js';
import type { PackedGroups } from '../report/packed-groups.js';
import type { PackedWordings } from '../report/packed-wordings.js';
import type { ConsumeOptions } from './consume.js';
import { fileLines } from './file-lines.js';
import type { Input } from './input.js';
import { keepYoungGenerationSmall } from './young-generation.js';

/** Below this, one thread reads the file: a worker costs tens of milliseconds to start. */
export const SPLIT_MIN_BYTES = 64 * 2 ** 20;

/**
 * Groups a worker hands over per message. The main thread holds at most
 * two batches at a time, not a copy of all the worker's groups at once.
 * A batch small enough to be dropped before the worker's young generation
 * is next collected is not kept as garbage in its old one: with 2000 the
 * dense bench input's peak was about 20 MiB higher, at the hand-over, and
 * the hand-over no quicker.
 */
export const GROUPS_PER_MESSAGE = 500;

/** What a worker is asked to read. */
export interface RangeJob {
  path: string;
  start: number;
  /** Exclusive. */
  end: number;
  maxLine: number;
  allowed: boolean;
  allowAccounts: boolean;
  groupsPerMessage: number;
}

/**
 * What a worker sends: when it has read its range, how that went, with the
 * wordings it only counted; then, for each 'next', a batch of groups, and
 * last the rest of its part.
 */
export type WorkerMessage =
  | { read: InputStatus; wordings: PackedWordings | undefined }
  | { batch: PackedGroups }
  | { part: AggregatorPart };

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
          allowAccounts: agg.allowAccounts !== undefined,
          groupsPerMessage: opts.groupsPerMessage ?? GROUPS_PER_MESSAGE,
        } satisfies RangeJob,
        // A smaller young generation: the dense bench input's peak was about 25 MiB
        // lower with it, and no slower within this machine's noise.
        resourceLimits: { maxYoungGenerationSizeMb: 8 },
      }),
  );
  const replies = workers.map((w) => new Replies(w));
  const stop = () => {
    for (const w of workers) w.postMessage('stop');
  };
  opts.signal?.addEventListener('abort', stop, { once: true });
  // Setting up a worker's heap puts V8's young generation growth back for the
  // whole process (young-generation.ts): set again once the workers are up,
  // before this thread reads. The wait should cost no time in all (none
  // showed in turns on either bench input): a worker starts reading later
  // still (it loads its code first), and this thread, done with its range
  // first, would wait for it at the end.
  await Promise.all(workers.map(up));
  keepYoungGenerationSmall();
  let here: InputStatus;
  try {
    here = await readHere(rangeInput(path, ranges[0]![0], ranges[0]![1]));
  } catch (err) {
    opts.signal?.removeEventListener('abort', stop);
    for (const w of workers) void w.terminate();
    throw err;
  }
  const status: InputStatus = { ...here, source };
  // Where the first records of wordings a worker only counted are read
  // again, and later the samples of groups it made.
  const lines = fileLines(path);
  try {
    // In file order: each worker's line numbers follow those read before its range.
    for (const [i, reply] of replies.entries()) {
      const error = await handOver(workers[i]!, reply, agg, status, lines);
      if (error) {
        // A range that could not be read: what the others read is kept, and the file is incomplete.
        status.complete = false;
        status.error ??= `read failed: ${error.message}`;
        void workers[i]!.terminate();
      }
    }
  } finally {
    lines.close();
    opts.signal?.removeEventListener('abort', stop);
  }
  status.seconds = Math.round(performance.now() - started) / 1000;
  return status;
}

/**
 * Takes a worker's wordings, its groups batch by batch (before the wordings
 * are added: the worker packs the first meanwhile), then the rest of its
 * part, into `agg`, and its counts into `status`; why it failed, if it did.
 */
async function handOver(
  worker: Worker,
  reply: Replies,
  agg: Aggregator,
  status: InputStatus,
  lines: LineReader,
): Promise<Error | undefined> {
  const read = await reply.next();
  if (read instanceof Error) return read;
  if (!('read' in read)) return new Error('worker thread answered out of turn');
  const offset = status.lines;
  worker.postMessage('next');
  if (read.wordings) {
    try {
      agg.absorbWordings(read.wordings, offset, lines);
    } catch (err) {
      return err as Error;
    }
  }
  for (;;) {
    const m = await reply.next();
    if (m instanceof Error) return m;
    if ('batch' in m) {
      // The next batch is asked for before this one is added: the worker
      // copies it out meanwhile, and at most two are held here.
      worker.postMessage('next');
      agg.absorbGroups(m.batch, offset, lines);
    } else if ('part' in m) {
      agg.absorb(m.part, offset);
      status.lines += read.read.lines;
      status.bytes += read.read.bytes;
      status.records += read.read.records;
      if (!read.read.complete) status.complete = false;
      status.error ??= read.read.error;
      return undefined;
    } else return new Error('worker thread answered out of turn');
  }
}

/** When `worker` runs code, or could not start. */
function up(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      worker.off('online', done).off('error', done).off('exit', done);
      resolve();
    };
    worker.on('online', done).on('error', done).on('exit', done);
  });
}

/** A worker's messages in turn, or why it ended before the next one. */
class Replies {
  private readonly queue: WorkerMessage[] = [];
  private waiting: ((m: WorkerMessage | Error) => void) | undefined;
  private ended: Error | undefined;

  constructor(worker: Worker) {
    worker.on('message', (m: WorkerMessage) => this.push(m));
    worker.once('error', (err) => this.end(err));
    worker.once('exit', (code) => this.end(new Error(`worker thread exited with code ${code}`)));
  }

  next(): Promise<WorkerMessage | Error> {
    const m = this.queue.shift() ?? this.ended;
    if (m !== undefined) return Promise.resolve(m);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  private end(err: Error): void {
    if (this.ended) return;
    this.ended = err;
    this.push(err);
  }

  private push(m: WorkerMessage | Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    // An error is not queued: `ended` answers every `next` after the messages.
    if (waiting) waiting(m);
    else if (!(m instanceof Error)) this.queue.push(m);
  }
}
