import { setMaxListeners } from 'node:events';
import { printable } from '../output/printable.js';
import { Aggregator } from '../report/aggregate.js';
import { buildReport, type InputStatus } from '../report/build-report.js';
import type { Report } from '../report/schema.js';
import { consumeAll } from '../sources/consume.js';
import { fileInput, type Input, stdinInput } from '../sources/input.js';
import { knownSize, ReadProgress } from '../sources/read-progress.js';
import type { Progress, SshSession } from '../sources/ssh/cli.js';
import type { RunConfig } from './config.js';
import { handleInterrupts } from './interrupts.js';
import { progressWanted } from './terminal.js';
import { UsageError } from './usage-error.js';

/**
 * The run of the main command: reads every input (files, stdin, the hosts
 * of --ssh) into the aggregate, then makes the report of it. Notes (an
 * input that failed, the --account warnings) go to stderr as they come.
 */

/**
 * Reproducible output for reviews and tests: with SOURCE_DATE_EPOCH (as in
 * reproducible builds) the report is stamped with that time and reading
 * times are left out, so the same input gives the same bytes.
 */
function sourceDate(): Date | undefined {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
}

export async function readReport(config: RunConfig, version: string): Promise<Report> {
  const { files, analysis } = config;
  const inputs: Input[] = files.map((f) => (f === '-' ? stdinInput() : fileInput(f)));
  // The SSH stack (ssh2) loads only when --ssh is given.
  const sshCli = config.ssh ? await import('../sources/ssh/cli.js') : undefined;
  let session: SshSession | undefined;
  let progress: Progress | ReadProgress | undefined;
  let hosts: Progress | undefined;
  const note = (line: string) =>
    progress
      ? progress.log(`audit2grant: ${line}`)
      : process.stderr.write(`audit2grant: ${line}\n`);
  if (sshCli && config.ssh) {
    try {
      const setup = await sshCli.setupSsh(config.ssh, process.env, note);
      session = setup.session;
      inputs.push(...setup.inputs);
    } catch (err) {
      if (err instanceof sshCli.TargetError) throw new UsageError(err.message);
      throw err;
    }
  }
  /** What the report says of an input: kind, and for SSH the host's own words on failure. */
  const finish = (input: Input | undefined, status: InputStatus): InputStatus => {
    if (!sshCli || !(input instanceof sshCli.SshInput)) {
      return { ...status, kind: input?.source === '-' ? 'stdin' : 'file' };
    }
    const error = status.error && input.failure ? input.failure : status.error;
    return { ...status, error, kind: 'ssh', host: input.host, target: input.label };
  };
  const sshBySource = new Map(
    inputs
      .filter((i) => sshCli && i instanceof sshCli.SshInput && !files.includes(i.source))
      .map((i) => [i.source, i] as const),
  );

  const abort = new AbortController();
  // Every input being read listens on it: --parallel of them at once.
  setMaxListeners(config.parallel + 10, abort.signal);
  const interrupts = handleInterrupts(abort, note);

  const agg = new Aggregator({
    allowed: analysis.evidence !== 'denied',
    // With --account, an account seen only in allow records gets a hint.
    allowAccounts: config.account.length > 0,
    ...(config.window && { window: config.window }),
  });
  // On a terminal, a status line while hosts (or files and stdin) are read; nothing of it in pipes and logs.
  if (progressWanted(process.stderr, process.env)) {
    const records = () => agg.stats.records + (agg.stats.outsideWindow ?? 0);
    if (sshCli) progress = hosts = new sshCli.Progress(process.stderr, sshBySource.size, records);
    else progress = new ReadProgress(process.stderr, records, knownSize(inputs));
  }
  let statuses: InputStatus[];
  try {
    statuses = await consumeAll(inputs, agg, {
      maxLine: config.maxLine,
      parallel: sshCli ? config.parallel : 1,
      signal: abort.signal,
      onChunk: progress ? (n) => progress?.bytes(n) : undefined,
      onDone: (done) => {
        const input = sshBySource.get(done.source);
        const status = input ? finish(input, done) : done;
        if (input) hosts?.hostDone(!status.complete);
        if (status.error) note(`${status.source}: ${status.error}`);
      },
    });
  } finally {
    progress?.end();
    session?.close();
  }
  statuses = statuses.map((status, i) => finish(inputs[i], status));
  interrupts.readingDone();

  const fixedDate = sourceDate();
  if (fixedDate) for (const status of statuses) status.seconds = 0;
  const report = buildReport(agg.snapshot(), {
    version,
    now: fixedDate ?? new Date(),
    inputs: statuses,
    maxLine: config.maxLine,
    ...(config.window && { window: config.window }),
    accounts: new Set(config.account),
    analysis,
  });
  for (const w of report.warnings) if (w.code.startsWith('account-')) note(printable(w.message));
  return report;
}
