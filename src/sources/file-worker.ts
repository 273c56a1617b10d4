/**
 * A worker thread reading one byte range of a file (split-file.ts): the same
 * consume as the main thread, into its own aggregator, answered as one
 * message. 'stop' from the main thread ends the read early, as Ctrl-C does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Aggregator } from '../report/aggregate.js';
import { consume } from './consume.js';
import { type RangeJob, type RangeResult, rangeInput } from './split-file.js';

const job = workerData as RangeJob;
const stop = new AbortController();
parentPort!.on('message', (m) => {
  if (m === 'stop') stop.abort();
});
const agg = new Aggregator({ allowed: job.allowed });
const status = await consume(rangeInput(job.path, job.start, job.end), agg, {
  maxLine: job.maxLine,
  signal: stop.signal,
});
parentPort!.postMessage({ status, part: agg.part() } satisfies RangeResult);
parentPort!.close();
