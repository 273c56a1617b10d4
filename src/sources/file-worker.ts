/**
 * A worker thread reading one byte range of a file (split-file.ts): the same
 * consume as the main thread, into its own aggregator. It says when it has
 * read its range, then answers each 'next' with a batch of groups, and the
 * last one with the rest of what it holds. 'stop' from the main thread ends
 * the read early, as Ctrl-C does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Aggregator } from '../report/aggregate.js';
import { consume } from './consume.js';
import { type RangeJob, rangeInput, type WorkerMessage } from './split-file.js';

const job = workerData as RangeJob;
const port = parentPort!;
const stop = new AbortController();
const agg = new Aggregator({ allowed: job.allowed });
const send = (message: WorkerMessage) => port.postMessage(message);
port.on('message', (m) => {
  if (m === 'stop') stop.abort();
  if (m !== 'next') return;
  const batch = agg.takeGroups(job.groupsPerMessage);
  if (batch) send({ batch });
  else {
    send({ part: agg.part() });
    port.close();
  }
});
// The main thread asks for groups only after this: none is taken while counted into.
send({
  read: await consume(rangeInput(job.path, job.start, job.end), agg, {
    maxLine: job.maxLine,
    signal: stop.signal,
  }),
});
