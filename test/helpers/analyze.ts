import { Readable } from 'node:stream';
import { Aggregator } from '../../src/report/aggregate.js';
import type { AnalysisOptions } from '../../src/report/analysis.js';
import {
  buildReport,
  type ReportInParts,
  type ReportOptions,
  reportInParts,
} from '../../src/report/build-report.js';
import type { Report } from '../../src/report/schema.js';
import { consume } from '../../src/sources/consume.js';

interface AnalyzeOptions {
  maxLine?: number;
  accounts?: string[];
  source?: string;
  /** Templates, existing grants, evidence, security mode (defaults when absent). */
  analysis?: Partial<AnalysisOptions>;
}

/** Runs the whole pipeline, in process, on bytes; the report is stamped at epoch 0. */
export async function analyze(
  input: string | Buffer | Buffer[],
  opts: AnalyzeOptions = {},
): Promise<Report> {
  const { agg, options } = await aggregate(input, opts);
  return buildReport(agg, options);
}

/** As `analyze`, the report in parts, as the CLI writes JSON. */
export async function analyzeInParts(
  input: string | Buffer | Buffer[],
  opts: AnalyzeOptions = {},
): Promise<ReportInParts> {
  const { agg, options } = await aggregate(input, opts);
  return reportInParts(agg, options);
}

async function aggregate(
  input: string | Buffer | Buffer[],
  opts: AnalyzeOptions,
): Promise<{ agg: Aggregator; options: ReportOptions }> {
  const chunks = Array.isArray(input)
    ? input
    : [Buffer.isBuffer(input) ? input : Buffer.from(input)];
  const evidence = opts.analysis?.evidence ?? 'denied';
  const agg = new Aggregator({ allowed: evidence !== 'denied' });
  const maxLine = opts.maxLine ?? 1024 * 1024;
  const status = await consume(
    { source: opts.source ?? '-', open: () => Readable.from(chunks) },
    agg,
    { maxLine },
  );
  status.seconds = 0;
  const options: ReportOptions = {
    version: '0.0.0-test',
    now: new Date(0),
    inputs: [status],
    maxLine,
    accounts: new Set(opts.accounts ?? []),
    ...(opts.analysis ? { analysis: opts.analysis } : {}),
  };
  return { agg, options };
}
