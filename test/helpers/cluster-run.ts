import { Readable } from 'node:stream';
import { Aggregator } from '../../src/report/aggregate.js';
import { buildReport, type InputStatus } from '../../src/report/build-report.js';
import type { Report } from '../../src/report/schema.js';
import type { Snapshot } from '../../src/report/snapshot.js';
import { clusterInputOf } from '../../src/sources/cluster/cli.js';
import {
  type ClusterCliOptions,
  type ClusterResume,
  type ClusterSetupDeps,
  setupCluster,
} from '../../src/sources/cluster/setup.js';
import { consume, consumeAll } from '../../src/sources/consume.js';
import type { Input } from '../../src/sources/input.js';
import type { SourceState } from '../../src/sources/position.js';
import { withoutSamples } from './sshd.js';

/**
 * Reading a cluster in this process, as the command does (setupCluster,
 * then consumeAll into one aggregate), for tests that look at the inputs
 * themselves: their statuses, positions and states, and the notices.
 */

export interface ClusterRun {
  report: Report;
  /** What a state file keeps of the run's findings. */
  snapshot: Snapshot;
  inputs: Input[];
  statuses: InputStatus[];
  notices: string[];
  states: SourceState[];
}

export const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJ1aWQiOiJsb2ctcmVhZGVyIn0.c2lnbmF0dXJlLWNsdXN0ZXI';

export async function readCluster(
  opts: Partial<ClusterCliOptions> & { cluster: string | true },
  more: { env?: NodeJS.ProcessEnv; resume?: ClusterResume; deps?: ClusterSetupDeps } = {},
): Promise<ClusterRun> {
  const env = more.env ?? { DCOS_ACS_TOKEN: TOKEN };
  const notices: string[] = [];
  const states: SourceState[] = [];
  const { inputs, token } = await setupCluster(
    { masters: [], allowHttp: false, connectTimeout: 30, maxLine: 1024 * 1024, ...opts },
    env,
    (line) => notices.push(line),
    more.resume,
    { dcos: async () => undefined, ...more.deps },
  );
  for (const input of inputs) input.onState = (s) => states.push(s);
  const agg = new Aggregator();
  // As the command reports them: a master's failure in its own words.
  const read = { maxLine: 1024 * 1024, parallel: 16, token };
  const statuses = (await consumeAll(inputs, agg, read)).map((s, i) => {
    const failure = clusterInputOf(inputs[i])?.failure;
    const shortfall = s.error === null ? inputs[i]?.shortfall?.() : undefined;
    if (shortfall) return { ...s, complete: false, error: shortfall };
    return s.error && failure ? { ...s, error: failure } : s;
  });
  return {
    report: report(agg, statuses),
    snapshot: agg.snapshot(),
    inputs,
    statuses,
    notices,
    states,
  };
}

/** The report of bytes read as one file (`journalctl -o json` of the journals). */
export async function readBytes(bytes: Buffer): Promise<Report> {
  const agg = new Aggregator();
  const status = await consume(
    { source: 'journals.json', open: () => Readable.from([bytes]) },
    agg,
    {
      maxLine: 1024 * 1024,
    },
  );
  return report(agg, [status]);
}

function report(agg: Aggregator, statuses: InputStatus[]): Report {
  return buildReport(agg.snapshot(), {
    version: '0.0.0-test',
    now: new Date(0),
    inputs: statuses,
    maxLine: 1024 * 1024,
    accounts: new Set(),
  });
}

/** What must not depend on how the journals reached audit2grant. */
export function findings(r: Report) {
  return withoutSamples({
    accounts: r.accounts,
    unattributed: r.unattributed,
    truncated: r.truncated,
    authenticationFailures: r.authenticationFailures,
    invalid: r.invalid,
    unmapped: r.unmapped,
    suspicious: r.suspicious.map((p) => [p.problem, p.count]),
    malformed: r.malformed.map((p) => [p.problem, p.count]),
  });
}
