import { setMaxListeners } from 'node:events';
import { printable } from '../output/printable.js';
import { Aggregator } from '../report/aggregate.js';
import { buildReport, type InputStatus } from '../report/build-report.js';
import { emptySnapshot } from '../report/empty-snapshot.js';
import { markNew } from '../report/new-findings.js';
import type { Report, Warning } from '../report/schema.js';
import type { Snapshot } from '../report/snapshot.js';
import { consumeAll } from '../sources/consume.js';
import type { Input } from '../sources/input.js';
import { knownSize, ReadProgress } from '../sources/read-progress.js';
import type { Progress, SshSession } from '../sources/ssh/cli.js';
import type { RunConfig } from './config.js';
import { Announcer } from './follow/announcer.js';
import { FollowControl } from './follow/control.js';
import { localInputs } from './inputs.js';
import { handleInterrupts } from './interrupts.js';
import { inputWarnings } from './state/input-warnings.js';
import type { StateSession } from './state/open.js';
import { stderr } from './stderr.js';
import { progressWanted } from './terminal.js';
import { UsageError } from './usage-error.js';
import { readingUntilClosed, stdoutClosed } from './write-output.js';

/**
 * The run of the main command: reads every input (files, stdin, the hosts
 * of --ssh, the masters of --cluster) into the aggregate, then makes the report of it. With --follow
 * it reads on until the follow ends; with --state it starts where the runs
 * before stopped and reports them all. Notes (an input that failed, the
 * --account warnings) go to stderr as they come; new findings too while
 * following, and as events on stdout with --format ndjson.
 */

/**
 * Reproducible output for reviews and tests: with SOURCE_DATE_EPOCH (as in
 * reproducible builds) the report is stamped with that time and reading
 * times are 0, so the same input gives the same bytes.
 */
function sourceDate(): Date | undefined {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return undefined;
  const date = /^\d{1,15}$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
  // As reproducible builds ask: a value that is not a time is an error, not ignored.
  if (date === undefined || Number.isNaN(date.getTime()))
    throw new UsageError(
      `SOURCE_DATE_EPOCH=${printable(epoch)}: not a time: give whole seconds since 1970 (up to year 275760), or unset it`,
    );
  return date;
}

export interface RunOutput {
  /** --format ndjson: takes each event's line as it comes. */
  events?: ((line: string) => void) | undefined;
  /** The events go to a terminal: a live view there would draw over them. */
  eventsOnTerminal?: boolean;
}

export async function readReport(
  config: RunConfig,
  version: string,
  out: RunOutput = {},
): Promise<Report> {
  // The state file's modules (its zod schemas) load only with --state.
  const state = config.state === undefined ? undefined : await import('./state/open.js');
  const session = state?.openState(config, version);
  try {
    return await readInputs(config, version, session, out, state?.saveState);
  } finally {
    session?.close();
  }
}

/** Why a follow ended whose ndjson reader closed stdout. */
const CLOSED = 'standard output closed';

async function readInputs(
  config: RunConfig,
  version: string,
  session: StateSession | undefined,
  out: RunOutput,
  saveState: typeof import('./state/open.js').saveState = () => {},
): Promise<Report> {
  const { analysis } = config;
  const following = config.follow !== undefined;
  const kept = {
    allowed: analysis.evidence !== 'denied',
    allowAccounts: config.account.length > 0,
  };
  let control: FollowControl | undefined;
  // The live view and the status line redraw in place: not where a log keeps
  // every redraw (CI, TERM=dumb: one line per finding instead), nor over
  // ndjson events on the same terminal.
  const redraw = progressWanted(stderr(), process.env) && out.eventsOnTerminal !== true;
  const announcer = new Announcer({
    before: session?.before ?? emptySnapshot(kept),
    accounts: config.account,
    events: out.events,
    stderr: following ? { stream: stderr(), live: redraw } : undefined,
    onNewDenial: () => control?.newDenial(),
    onSource: (state) => control?.source(state),
  });
  const agg = new Aggregator({
    allowed: kept.allowed,
    // With --account, an account seen only in allow records gets a hint.
    allowAccounts: kept.allowAccounts,
    // Told of each new finding only when someone listens (ndjson events, a follow):
    // otherwise nothing is made per finding for it.
    onFirst: out.events || following ? (sight) => announcer.sight(sight) : undefined,
    ...(config.window && { window: config.window }),
  });
  const fixedDate = sourceDate();
  const inputs: Input[] = [];
  const save = () => saveState(session, agg.snapshot(), inputs, fixedDate, say);
  if (following) {
    control = new FollowControl(config.follow!, {
      allowRecords: () => agg.allowRecordsOf(config.account),
      records: () => agg.stats.records,
      tick: (rate) => announcer.tick(rate),
      save,
    });
  }
  const stop = control?.stop.signal;
  let progress: Progress | ReadProgress | undefined;
  let hosts: Progress | undefined;
  // Each note on stderr made printable here: an input's name, a master's
  // answer or a warning may hold any character (a file named with escapes).
  const say = (text: string) => {
    const line = printable(text);
    return progress ? progress.log(`audit2grant: ${line}`) : announcer.note(line);
  };
  // Stopped because the reader of stdout went (`| head`): what is left to say of
  // the inputs is of a run cut short on purpose (an -a account in the part not
  // read). That the state could not be saved is still said (say).
  const note = (text: string) => (stdoutClosed() ? undefined : say(text));
  const restarts: Warning[] = [];
  inputs.push(
    ...localInputs(config.files, {
      follow: following,
      resume: session && ((key) => session.positionOf(key)),
      resumeNamed: session && ((namedKey) => session.positionNamed(namedKey)),
      forget: session && ((key) => session.forget(key)),
      note: (message) => {
        restarts.push({ code: 'input-restarted', message, count: null });
        note(message);
      },
      stop,
    }),
  );
  const local = new Set(inputs);
  // The SSH stack (ssh2) loads only when --ssh is given.
  const sshCli = config.ssh ? await import('../sources/ssh/cli.js') : undefined;
  let sshSession: SshSession | undefined;
  // The logging API's reader loads only when --cluster is given.
  const clusterCli = config.cluster ? await import('../sources/cluster/cli.js') : undefined;
  /** The cluster's token: kept out of what any input's lines leave in the report and the state. */
  let token: string | undefined;
  if (clusterCli && config.cluster) {
    try {
      const cluster = await clusterCli.setupCluster(
        { ...config.cluster, follow: following },
        process.env,
        note,
        {
          positions: session?.savedPositions(),
          forget: session && ((key) => session.forget(key)),
          stop,
        },
      );
      inputs.push(...cluster.inputs);
      token = cluster.token;
    } catch (err) {
      if (err instanceof clusterCli.ClusterSetupError) throw new UsageError(err.message);
      throw err;
    }
  }
  if (sshCli && config.ssh) {
    try {
      const setup = await sshCli.setupSsh({ ...config.ssh, follow: following }, process.env, note, {
        positions: session?.savedPositions(),
        forget: session && ((key) => session.forget(key)),
        stop,
      });
      sshSession = setup.session;
      inputs.push(...setup.inputs);
    } catch (err) {
      if (err instanceof sshCli.TargetError) throw new UsageError(err.message);
      throw err;
    }
  }
  const isSsh = (input: Input | undefined) => !!sshCli && input instanceof sshCli.SshInput;
  /** What the report says of an input: kind, and for a host or master its own words on failure. */
  const finish = (input: Input | undefined, status: InputStatus): InputStatus => {
    // What an input kept track of could not read: never a complete read.
    const shortfall = status.error === null ? input?.shortfall?.() : undefined;
    if (shortfall) status = { ...status, complete: false, error: shortfall };
    const master = clusterCli?.clusterInputOf(input);
    if (master) {
      const error = status.error && master.failure ? master.failure : status.error;
      const where = master.host === undefined ? {} : { host: master.host };
      return { ...status, error, kind: 'cluster', ...where, target: master.target };
    }
    if (!sshCli || !(input instanceof sshCli.SshInput)) {
      const kind = input?.source === '-' ? 'stdin' : 'file';
      return { ...status, kind };
    }
    const error = status.error && input.failure ? input.failure : status.error;
    return { ...status, error, kind: 'ssh', host: input.host, target: input.label };
  };
  const bySource = new Map(inputs.map((i) => [i.source, i] as const));
  for (const input of inputs) {
    // An input's last state is the run's to tell (onDone): one that ended
    // having sent nothing is failed, though its stream ended well.
    input.onState = (state) => {
      if (state.state !== 'done') announcer.source(state);
    };
    // A stream of our own says nothing of itself: it is being read.
    if (local.has(input) && !input.readInto)
      announcer.source({ source: input.source, state: 'reading' });
  }

  const abort = new AbortController();
  // Every input being read listens on them: --parallel of them at once (all, following).
  setMaxListeners(inputs.length + config.parallel + 10, abort.signal);
  if (stop) setMaxListeners(inputs.length + 10, stop);
  const interrupts = handleInterrupts((signal) => {
    if (control) control.end(signal === 'SIGINT' ? 'Ctrl-C' : signal);
    else abort.abort();
  }, note);
  // ndjson events go to stdout while reading: a reader that closes it ends the reading.
  const closing = out.events
    ? readingUntilClosed(() => {
        if (control) control.end(CLOSED);
        else abort.abort();
      })
    : undefined;
  // On a terminal, a status line while hosts (or files and stdin) are read (a
  // follow has its live view); nothing of it in pipes and logs.
  if (!following && redraw) {
    const records = () => agg.stats.records + (agg.stats.outsideWindow ?? 0);
    const sshCount = inputs.filter(isSsh).length;
    if (sshCli && sshCount > 0) progress = hosts = new sshCli.Progress(stderr(), sshCount, records);
    else progress = new ReadProgress(stderr(), records, knownSize(inputs));
  }
  control?.start();
  let statuses: InputStatus[];
  try {
    statuses = await consumeAll(inputs, agg, {
      maxLine: config.maxLine,
      parallel: following ? inputs.length : sshCli || clusterCli ? config.parallel : 1,
      signal: abort.signal,
      stop,
      token,
      onChunk: progress ? (n) => progress?.bytes(n) : undefined,
      onDone: (done) => {
        const input = bySource.get(done.source);
        const status = finish(input, done);
        if (isSsh(input)) hosts?.hostDone(!status.complete);
        if (status.error) note(`${status.source}: ${status.error}`);
        const ended = status.complete ? 'done' : 'failed';
        announcer.source({
          source: status.source,
          state: ended,
          detail: status.error ?? undefined,
        });
        // A follow of a pipe ends with the pipe: its writer is done.
        if (input?.source === '-') control?.end('standard input ended');
      },
    });
  } finally {
    control?.dispose();
    progress?.end();
    sshSession?.close();
    announcer.end();
    closing?.();
  }
  if (control?.reason === CLOSED) announcer.note(`following ended: ${CLOSED}`);
  else if (control?.reason) note(`following ended: ${control.reason}; writing the report`);
  statuses = statuses.map((status, i) => finish(inputs[i], status));
  interrupts.readingDone();
  const run = agg.snapshot();
  saveState(session, run, inputs, fixedDate, say);

  if (fixedDate) for (const status of statuses) status.seconds = 0;
  const findings: Snapshot = session ? session.findings(run) : run;
  const built = buildReport(findings, {
    version,
    now: fixedDate ?? new Date(),
    inputs: statuses,
    maxLine: config.maxLine,
    ...(config.window && { window: config.window }),
    accounts: new Set(config.account),
    analysis,
  });
  const report = session
    ? { ...markNew(built, session.before), runs: (session.saved?.runs ?? 0) + 1 }
    : built;
  report.warnings.push(...restarts, ...inputWarnings(inputs, statuses));
  for (const w of report.warnings)
    if (w.code.startsWith('account-') || ON_STDERR.has(w.code)) note(w.message);
  return report;
}

/**
 * Warnings that say the input may not be what the operator meant, beside a
 * report that says "no denials" (exit 0): said on stderr too, where a
 * script or a terminal shows them whatever the format and the --output.
 */
const ON_STDERR = new Set(['no-audit-records', 'nothing-in-window']);
