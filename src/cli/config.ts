import { printable } from '../output/printable.js';
import { type Format, formatEntry, formatProblem, type RenderOptions } from '../output/registry.js';
import type { AnalysisOptions } from '../report/analysis.js';
import type { ClusterCliOptions } from '../sources/cluster/setup.js';
import type { SshCliOptions } from '../sources/ssh/setup.js';
import { loadAnalysis } from './analysis-options.js';
import { caCertProblem } from './format-options.js';
import { type CliOptions, READING_OPTIONS, SSH_ONLY_OPTIONS } from './program.js';
import { terminalOf } from './terminal.js';
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
  /** The logging API's options, when --cluster is given. */
  cluster: ClusterCliOptions | undefined;
  /** --parallel: hosts read at once. */
  parallel: number;
  maxLine: number;
}

export async function configure(opts: CliOptions): Promise<RunConfig> {
  let analysis: AnalysisOptions;
  try {
    analysis = loadAnalysis(opts);
  } catch (err) {
    throw new UsageError(printable((err as Error).message));
  }
  const render: RenderOptions = {
    allowRisky: opts.allowRisky,
    explain: opts.explain,
    account: opts.account,
    group: opts.group,
    clusterUrl: opts.clusterUrl,
    caCert: opts.caCert,
  };
  // With --cluster, --ca-cert is the cluster's CA for reading, whatever the format.
  if (opts.cluster !== undefined && !formatEntry(opts.format).cluster) render.caCert = undefined;
  const problem =
    formatProblem(opts.format, render) ??
    (opts.caCert === undefined ? undefined : caCertIssue(opts.caCert));
  if (problem) throw new UsageError(`${problem} (see audit2grant --help)`);
  const output = await outputTarget(opts.output, formatEntry(opts.format).mode);
  // On a terminal the table is fitted to its width and coloured; a file gets it plain.
  if (output.kind === 'stdout') render.terminal = terminalOf(process.stdout, process.env);
  const ssh = sshOptions(opts);
  const cluster = clusterOptions(opts);
  const files = inputFiles(opts);
  return {
    format: opts.format,
    render,
    output,
    analysis,
    account: opts.account,
    files,
    ssh,
    cluster,
    parallel: opts.parallel,
    maxLine: opts.maxLine,
  };
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

function sshOptions(opts: CliOptions): RunConfig['ssh'] {
  if (opts.ssh.length > 0) return opts;
  for (const [key, flag] of SSH_ONLY_OPTIONS)
    if (opts[key] !== undefined)
      throw new UsageError(`${flag} needs --ssh (see audit2grant --help)`);
  if (opts.identity.length > 0)
    throw new UsageError('--identity needs --ssh (see audit2grant --help)');
  if (opts.cluster === undefined)
    for (const [key, flag] of READING_OPTIONS)
      if (opts[key] !== undefined)
        throw new UsageError(`${flag} needs --ssh or --cluster (see audit2grant --help)`);
  return undefined;
}

function clusterOptions(opts: CliOptions): RunConfig['cluster'] {
  if (opts.cluster !== undefined) return { ...opts, cluster: opts.cluster };
  if (opts.masters.length > 0)
    throw new UsageError('--masters needs --cluster (see audit2grant --help)');
  if (opts.allowHttp)
    throw new UsageError(
      '--allow-http needs --cluster, or the verify command (see audit2grant --help)',
    );
  return undefined;
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
  if (files.includes('-') && process.stdin.isTTY)
    throw new UsageError(
      'no input: pipe journalctl output in (journalctl -u "dcos-*" | audit2grant) or name files',
    );
  return files;
}
