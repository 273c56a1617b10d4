import { setMaxListeners } from 'node:events';
import { printable } from '../output/printable.js';
import { Aggregator } from '../report/aggregate.js';
import { buildReport, type InputStatus } from '../report/build-report.js';
import type { Report } from '../report/schema.js';
import { consumeAll } from '../sources/consume.js';
import { fileInput, type Input, stdinInput } from '../sources/input.js';
import type { Progress, SshSession } from '../sources/ssh/cli.js';
import type { RunConfig } from './config.js';
import { handleInterrupts } from './interrupts.js';
import { UsageError } from './usage-error.js';

/**
 * The run of the main command: reads every input (files, stdin, the hosts
 * of --ssh, the masters of --cluster) into the aggregate, then makes the
 * report of it. Notes (an input that failed, the --account warnings) go to
 * stderr as they come.
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
  let progress: Progress | undefined;
  const note = (line: string) =>
    progress
      ? progress.log(`audit2grant: ${line}`)
      : process.stderr.write(`audit2grant: ${line}\n`);
  // The logging API's reader loads only when --cluster is given.
  const clusterCli = config.cluster ? await import('../sources/cluster/cli.js') : undefined;
  if (clusterCli && config.cluster) {
    try {
      inputs.push(...(await clusterCli.setupCluster(config.cluster, process.env, note)));
    } catch (err) {
      if (err instanceof clusterCli.ClusterSetupError) throw new UsageError(err.message);
      throw err;
    }
  }
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
  /** What the report says of an input: kind, and for a host its own words on failure. */
  const finish = (input: Input | undefined, status: InputStatus): InputStatus => {
    const master = clusterCli?.clusterInputOf(input);
    if (master) {
      const error = status.error && master.failure ? master.failure : status.error;
      const where = master.host === undefined ? {} : { host: master.host };
      return { ...status, error, kind: 'cluster', ...where, target: master.target };
    }
    if (!sshCli || !(input instanceof sshCli.SshInput)) {
      return { ...status, kind: input?.source === '-' ? 'stdin' : 'file' };
    }
    const error = status.error && input.failure ? input.failure : status.error;
    return { ...status, error, kind: 'ssh', host: input.host, target: input.label };
  };
  const isSsh = (i: Input) => sshCli !== undefined && i instanceof sshCli.SshInput;
  // Hosts and masters by name, to report each as it is done.
  const remoteBySource = new Map(
    inputs
      .filter((i) => (isSsh(i) || clusterCli?.clusterInputOf(i)) && !files.includes(i.source))
      .map((i) => [i.source, i] as const),
  );
  const sshHosts = inputs.filter(isSsh).length;

  const abort = new AbortController();
  // Every input being read listens on it: --parallel of them at once.
  setMaxListeners(config.parallel + 10, abort.signal);
  const interrupts = handleInterrupts(abort, note);

  const agg = new Aggregator({
    allowed: analysis.evidence !== 'denied',
    // With --account, an account seen only in allow records gets a hint.
    allowAccounts: config.account.length > 0,
  });
  // On a terminal, a status line while hosts are read; nothing of it in pipes and logs.
  if (sshCli && process.stderr.isTTY)
    progress = new sshCli.Progress(process.stderr, sshHosts, () => agg.stats.records);
  let statuses: InputStatus[];
  try {
    statuses = await consumeAll(inputs, agg, {
      maxLine: config.maxLine,
      parallel: sshCli || clusterCli ? config.parallel : 1,
      signal: abort.signal,
      onChunk: progress ? (n) => progress?.bytes(n) : undefined,
      onDone: (done) => {
        const remote = remoteBySource.get(done.source);
        const status = remote ? finish(remote, done) : done;
        if (remote && isSsh(remote)) progress?.hostDone(!status.complete);
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
    accounts: new Set(config.account),
    analysis,
  });
  for (const w of report.warnings) if (w.code.startsWith('account-')) note(printable(w.message));
  return report;
}
