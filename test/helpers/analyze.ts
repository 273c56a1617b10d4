import { Readable } from 'node:stream';
import { Aggregator } from '../../src/report/aggregate.js';
import type { AnalysisOptions } from '../../src/report/analysis.js';
import { buildReport } from '../../src/report/build-report.js';
import type { Report } from '../../src/report/schema.js';
import type { TimeWindow } from '../../src/report/time-window.js';
import { consume } from '../../src/sources/consume.js';

/** Runs the whole pipeline, in process, on bytes; the report is stamped at epoch 0. */
export async function analyze(
  input: string | Buffer | Buffer[],
  opts: {
    maxLine?: number;
    accounts?: string[];
    source?: string;
    /** Templates, existing grants, evidence, security mode (defaults when absent). */
    analysis?: Partial<AnalysisOptions>;
    /** --since / --until. */
    window?: TimeWindow;
  } = {},
): Promise<Report> {
  const chunks = Array.isArray(input)
    ? input
    : [Buffer.isBuffer(input) ? input : Buffer.from(input)];
  const evidence = opts.analysis?.evidence ?? 'denied';
  const agg = new Aggregator({
    allowed: evidence !== 'denied',
    ...(opts.window && { window: opts.window }),
  });
  const maxLine = opts.maxLine ?? 1024 * 1024;
  const status = await consume(
    { source: opts.source ?? '-', open: () => Readable.from(chunks) },
    agg,
    { maxLine },
  );
  status.seconds = 0;
  return buildReport(agg.snapshot(), {
    version: '0.0.0-test',
    now: new Date(0),
    inputs: [status],
    maxLine,
    ...(opts.window && { window: opts.window }),
    accounts: new Set(opts.accounts ?? []),
    ...(opts.analysis ? { analysis: opts.analysis } : {}),
  });
}
