import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { printable } from '../output/printable.js';
import {
  type Format,
  formatEntry,
  formatProblem,
  formatsTaking,
  type RenderOptions,
} from '../output/registry.js';
import type { AnalysisOptions } from '../report/analysis.js';
import type { TimeWindow } from '../report/time-window.js';
import { splitExistingArg } from '../rules/existing.js';
import type { ClusterCliOptions } from '../sources/cluster/setup.js';
import { expandHome, sshHomeFiles } from '../sources/ssh/home-files.js';
import type { SshCliOptions } from '../sources/ssh/setup.js';
import { plainHttpMessage, plainHttpRefused } from '../text/plain-http.js';
import { loadAnalysis } from './analysis-options.js';
import { caCertProblem } from './format-options.js';
import type { CliOptions } from './program.js';
import { identityOf, isOneOf } from './same-file.js';
import { terminalOf } from './terminal.js';
import { isRelativeTime, timeWindow, type WindowGiven, windowGiven } from './time-options.js';
import { UsageError } from './usage-error.js';

/**
 * The main command's options, checked as a whole into one RunConfig before
 * any input is read: the templates and --existing files, the options against
 * the format (output/registry.ts), the --output target, the SSH options, the
 * inputs. A problem is a UsageError naming the fix.
 */

/** Where the output goes: standard output (no -o, or `-o -`), or a file written atomically. */
export type OutputTarget = { kind: 'stdout' } | { kind: 'file'; path: string; mode: number };

export interface RunConfig {
  format: Format;
  /** What the format's renderer reads. */
  render: RenderOptions;
  output: OutputTarget;
  analysis: AnalysisOptions;
  /** --account: only these accounts (none: every account). */
  account: string[];
  /** Files to read, `-` for standard input. */
  files: string[];
  /** The SSH options, when --ssh names hosts. */
  ssh: SshCliOptions | undefined;
  /** --since / --until: records outside are left out, counted (every source). */
  window: TimeWindow | undefined;
  /** --since / --until as a state records them (runs sharing it must agree on them). */
  windowGiven: WindowGiven;
  /** The logging API's options, when --cluster is given. */
  cluster: ClusterCliOptions | undefined;
  /** --parallel: hosts read at once. */
  parallel: number;
  maxLine: number;
  /** --follow, with --for and --quiet-for (milliseconds); undefined without --follow. */
  follow: { for?: number | undefined; quietFor?: number | undefined } | undefined;
  /** --state: the state file. */
  state: string | undefined;
}

export async function configure(opts: CliOptions): Promise<RunConfig> {
  let analysis: AnalysisOptions;
  try {
    // Templates are suggested for a format that writes them, and only then.
    analysis = { ...loadAnalysis(opts), suggest: formatEntry(opts.format).suggestions === true };
  } catch (err) {
    throw new UsageError(printable((err as Error).message));
  }
  const render: RenderOptions = {
    allowRisky: opts.allowRisky,
    explain: opts.explain,
    account: opts.account,
    group: opts.group,
    clusterUrl: opts.clusterUrl,
    // A script may run from another directory: it names the bundle from anywhere.
    caCert: opts.caCert === undefined ? undefined : resolve(opts.caCert),
    allowHttp: opts.allowHttp,
  };
  // With --cluster, --ca-cert and --allow-http are for reading, whatever the format.
  if (opts.cluster !== undefined && !formatEntry(opts.format).cluster) {
    render.caCert = undefined;
    render.allowHttp = undefined;
  }
  const problem =
    formatProblem(opts.format, render) ??
    plainHttp(render) ??
    (opts.caCert === undefined ? undefined : caCertIssue(opts.caCert));
  if (problem) throw new UsageError(`${problem} (see audit2grant --help)`);
  const output = await outputTarget(opts.output, formatEntry(opts.format).mode);
  // On a terminal the table is fitted to its width and coloured; a file gets it plain.
  if (output.kind === 'stdout') render.terminal = terminalOf(process.stdout, process.env);
  const window = timeWindow(opts);
  const ssh = sshOptions(opts, window);
  const cluster = clusterOptions(opts, window);
  const files = inputFiles(opts);
  if (output.kind === 'file') outputIsNoInput(output.path, files, opts);
  const follow = followOptions(opts);
  if (opts.state !== undefined) stateProblem(opts.state, files, output, opts.until);
  return {
    format: opts.format,
    render,
    output,
    analysis,
    account: opts.account,
    files,
    ssh,
    window,
    windowGiven: windowGiven(opts),
    cluster,
    parallel: opts.parallel,
    maxLine: opts.maxLine,
    follow,
    state: opts.state,
  };
}

function followOptions(opts: CliOptions): RunConfig['follow'] {
  // Every line that comes is past it: nothing would ever be counted, and --quiet-for never ends.
  if (opts.follow && opts.until !== undefined)
    throw new UsageError(
      '--until cannot be used with --follow: a follow reads until it is stopped; end it with --for or --quiet-for',
    );
  if (opts.follow) return { for: opts.for, quietFor: opts.quietFor };
  for (const [value, flag] of [
    [opts.for, '--for'],
    [opts.quietFor, '--quiet-for'],
  ] as const)
    if (value !== undefined)
      throw new UsageError(`${flag} needs --follow (see audit2grant --help)`);
  return undefined;
}

/** The output replaces no file the run reads, nor the state's lock. */
function outputIsNoInput(path: string, files: readonly string[], opts: CliOptions): void {
  if (isOneOf(path, files))
    throw new UsageError(
      `--output ${printable(path)} is also an input: the report would replace the journal it reads; name another file`,
    );
  const read = readBy(opts).find((r) => isOneOf(path, [r.path]));
  if (read)
    throw new UsageError(
      `--output ${printable(path)} is also ${read.what}: the report would replace it; name another file`,
    );
}

/** The files a run reads besides its journals, or holds (the state's lock): none may be its output. */
function readBy(opts: CliOptions): { what: string; path: string }[] {
  return [
    ...(opts.existing ?? []).map((value) => ({
      what: 'an --existing file',
      path: splitExistingArg(value, existsSync).path,
    })),
    ...(opts.caCert === undefined ? [] : [{ what: 'the --ca-cert', path: opts.caCert }]),
    ...sshFilesRead(opts),
    ...(opts.state === undefined
      ? []
      : [{ what: "the --state file's lock", path: `${opts.state}.lock` }]),
  ];
}

/** What a run over SSH reads: the keys, known_hosts and ~/.ssh/config, given or OpenSSH's own. */
function sshFilesRead(opts: CliOptions): { what: string; path: string }[] {
  if (opts.ssh.length === 0) return [];
  const home = homedir();
  const own = sshHomeFiles(home);
  const keys =
    opts.identity.length > 0 ? opts.identity.map((p) => expandHome(p, home)) : own.identities;
  return [
    ...keys.map((path) => ({ what: 'an SSH key', path })),
    {
      what: 'the known_hosts file',
      path: opts.knownHosts === undefined ? own.knownHosts : expandHome(opts.knownHosts, home),
    },
    { what: 'the SSH config', path: own.config },
  ];
}

/** --state names a file of its own: neither an input nor the output. */
function stateProblem(
  path: string,
  files: string[],
  output: OutputTarget,
  until: string | undefined,
): void {
  if (isOneOf(path, files))
    throw new UsageError(`--state ${printable(path)} is also an input: name a file of its own`);
  if (output.kind === 'file' && isOneOf(path, [output.path]))
    throw new UsageError(`--state ${printable(path)} is also the --output: name a file of its own`);
  // Records after it would be passed over, and the next run's later --until could not reach back.
  if (until !== undefined && isRelativeTime(until))
    throw new UsageError(
      `--until ${printable(until)} counts from each run's start: with --state the records after it would be passed over and never counted; give a fixed time (2026-11-22 10:00 UTC), or leave --until out`,
    );
}

/** A script sends the CLI's token to --cluster-url: by plain http, only to this machine unless --allow-http. */
function plainHttp(render: RenderOptions): string | undefined {
  const url = render.clusterUrl;
  if (url === undefined || !plainHttpRefused(new URL(url), render.allowHttp === true))
    return undefined;
  return plainHttpMessage(`--cluster-url ${url}`);
}

function caCertIssue(path: string): string | undefined {
  const problem = caCertProblem(path);
  return problem && `--ca-cert ${path}: ${problem}`;
}

/** `-o FILE` is checked now, so that a long read does not end in a file that cannot be written. */
async function outputTarget(path: string | undefined, mode: number): Promise<OutputTarget> {
  if (path === undefined || path === '-') return { kind: 'stdout' };
  const issue = (await import('./output-file.js')).outputProblem(path);
  if (issue) throw new UsageError(`--output ${printable(path)}: ${issue}`);
  return { kind: 'file', path, mode };
}

function sshOptions(opts: CliOptions, window: TimeWindow | undefined): RunConfig['ssh'] {
  return opts.ssh.length > 0 ? { ...opts, window } : undefined;
}

function clusterOptions(opts: CliOptions, window: TimeWindow | undefined): RunConfig['cluster'] {
  if (opts.cluster !== undefined) return { ...opts, cluster: opts.cluster, window };
  if (opts.allowHttp && !formatEntry(opts.format).cluster)
    throw new UsageError(
      `--allow-http needs --cluster, --format ${formatsTaking('cluster').join(', ')}, or the verify command (see audit2grant --help)`,
    );
  return undefined;
}

/**
 * isatty, not process.stdin.isTTY: that getter makes stdin's stream, and a
 * pipe is read through a stream of its own (sources/paced-pipe.ts). Required
 * here, when asked: node:tty brings node:net with it, which a run that reads
 * files never needs, and start-up is most of a small run's time.
 */
function stdinIsTerminal(): boolean {
  const { isatty } = createRequire(import.meta.url)('node:tty') as typeof import('node:tty');
  return isatty(0);
}

/**
 * The files named, or standard input; with --ssh or --cluster and no FILE,
 * stdin is not read ("-" reads it too).
 */
function inputFiles(opts: CliOptions): string[] {
  const remote = opts.ssh.length > 0 || opts.cluster !== undefined;
  const files = opts.files.length === 0 ? (remote ? [] : ['-']) : opts.files;
  if (files.filter((f) => f === '-').length > 1)
    throw new UsageError('"-" (standard input) can be named only once');
  const seen = new Set<string>();
  for (const f of files) {
    if (f === '-') continue;
    const id = identityOf(f);
    if (seen.has(id))
      throw new UsageError(
        `${printable(f)} is named twice (or through another name): its records would count twice; name it once`,
      );
    seen.add(id);
  }
  if (files.includes('-') && stdinIsTerminal())
    throw new UsageError(
      'no input: pipe journalctl output in (journalctl -u "dcos-*" | audit2grant) or name files',
    );
  return files;
}
