/**
 * A worker thread reading one byte range of a file (split-file.ts): the same
 * consume as the main thread, into its own aggregator, which counts a new
 * wording of a denial without making its group (the main thread mostly has
 * it). Once it has read its range it says how that went, with those
 * wordings. The groups it made, if they fit in one batch, follow unasked
 * with the rest of what it holds, and it ends; more are sent a batch per
 * 'next', the rest of what it holds last. 'stop' from the main thread ends
 * the read early, as Ctrl-C does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Aggregator } from '../report/aggregate.js';
import { wordingBuffers } from '../report/packed-wordings.js';
import { consume } from './consume.js';
import { fileLines } from './file-lines.js';
import { type RangeJob, rangeInput, type WorkerMessage } from './split-file.js';

const job = workerData as RangeJob;
const port = parentPort!;
const stop = new AbortController();
const lines = fileLines(job.path);
const agg = new Aggregator({ allowed: job.allowed, allowAccounts: job.allowAccounts, lines });
const send = (message: WorkerMessage) => port.postMessage(message);
port.on('message', (m) => {
  if (m === 'stop') stop.abort();
  if (m !== 'next') return;
  // Groups made here (a wording read as text, or holding a name past the marks).
  const batch = agg.takeGroups(job.groupsPerMessage);
  if (batch) send({ batch });
  else {
    send({ part: agg.part() });
    port.close();
  }
});
/** Reads the range, then says how that went (no top-level await: the bundle is CommonJS). */
async function run(): Promise<void> {
  const read = await consume(rangeInput(job.path, job.start, job.end), agg, {
    maxLine: job.maxLine,
    signal: stop.signal,
  });
  // Taken now, while the main thread most likely still reads its own range;
  // it asks for groups only after this: none is taken while counted into.
  const wordings = agg.takeWordings();
  lines.close();
  port.postMessage(
    { read, wordings } satisfies WorkerMessage,
    wordings ? wordingBuffers(wordings) : [],
  );
  // Few groups made here, as is usual: all of them at once, unasked, and the
  // end, so this thread's memory is let go while the main thread still reads.
  // Many are handed over batch by batch, as the main thread asks.
  if (!stop.signal.aborted && agg.groupCount <= job.groupsPerMessage) {
    const batch = agg.takeGroups(job.groupsPerMessage);
    if (batch) send({ batch });
    send({ part: agg.part() });
    port.close();
  }
}

void run();
