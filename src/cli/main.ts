import { once, setMaxListeners } from 'node:events';
import { createRequire } from 'node:module';
import { CommanderError } from 'commander';
import { renderCli } from '../output/cli.js';
import { renderJsonPieces } from '../output/json.js';
import { printable } from '../output/printable.js';
import { chunks, type Rendered } from '../output/rendered.js';
import { renderScript } from '../output/script.js';
import { renderTablePieces } from '../output/table.js';
import { Aggregator } from '../report/aggregate.js';
import { buildReport, type InputStatus } from '../report/build-report.js';
import type { Report } from '../report/schema.js';
import { grantPlan } from '../rules/grant-plan.js';
import { consumeAll } from '../sources/consume.js';
import { fileInput, type Input, stdinInput } from '../sources/input.js';
import type { Progress, SshSession } from '../sources/ssh/cli.js';
import { loadAnalysis } from './analysis-options.js';
import { EXIT } from './exit-codes.js';
import { formatProblem, outputMode } from './format-options.js';
import { handleInterrupts } from './interrupts.js';
import { buildProgram, type CliOptions, SSH_ONLY_OPTIONS } from './program.js';
import type { VerifyCliOptions } from './verify-command.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

function fail(message: string, code: number = EXIT.usage): never {
  process.stderr.write(`audit2grant: ${message}\n`);
  process.exit(code);
}

/**
 * Reproducible output for reviews and tests: with SOURCE_DATE_EPOCH (as in
 * reproducible builds) the report is stamped with that time and reading
 * times are left out, so the same input gives the same bytes.
 */
function sourceDate(): Date | undefined {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
}

export async function main(argv: string[]): Promise<void> {
  quietOnClosedPipe();
  let options: CliOptions | undefined;
  let schema = false;
  let templates: { name: string | undefined; json: boolean; dcosVersion: string } | undefined;
  let verify: VerifyCliOptions | undefined;
  const program = buildProgram(
    version,
    (o) => {
      options = o;
    },
    () => {
      schema = true;
    },
    (name, o) => {
      templates = { name, ...o };
    },
    (o) => {
      verify = o;
    },
  );
  program.exitOverride().configureOutput({
    // Commander's own errors become one line naming the fix.
    outputError: () => {},
  });
  for (const command of program.commands)
    command.exitOverride().configureOutput({ outputError: () => {} });
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return; // --help, --version
      const message = err.message.replace(/^error: /, '');
      fail(/--help\)$/.test(message) ? message : `${message} (see audit2grant --help)`);
    }
    throw err;
  }
  if (schema) {
    const { renderJsonSchema } = await import('../output/json-schema.js');
    await write(renderJsonSchema(), EXIT.clean);
    return;
  }
  if (templates) {
    const { name, json, dcosVersion } = templates;
    const { renderCatalog, renderTemplate } = await import('../output/templates.js');
    try {
      await write(
        name === undefined
          ? renderCatalog(dcosVersion, json)
          : renderTemplate(name, dcosVersion, json),
        EXIT.clean,
      );
    } catch (err) {
      fail(printable((err as Error).message));
    }
    return;
  }
  if (verify) {
    const { runVerify } = await import('./verify.js');
    process.exitCode = await runVerify(verify, version);
    return;
  }
  if (!options) return;
  const opts = options;
  // Templates and --existing files are checked before any input is read.
  let analysis: ReturnType<typeof loadAnalysis>;
  try {
    analysis = loadAnalysis(opts);
  } catch (err) {
    fail(printable((err as Error).message));
  }
  // Grant format options, and the --output target, are checked before any input is read.
  const formatIssue = formatProblem(opts);
  if (formatIssue) fail(`${formatIssue} (see audit2grant --help)`);
  const outputFile = opts.output === undefined ? undefined : await import('./output-file.js');
  const outputIssue = outputFile?.outputProblem(opts.output!);
  if (outputIssue) fail(`--output ${printable(opts.output!)}: ${outputIssue}`);

  const ssh = opts.ssh.length > 0;
  if (!ssh) {
    for (const [key, flag] of SSH_ONLY_OPTIONS)
      if (opts[key] !== undefined) fail(`${flag} needs --ssh (see audit2grant --help)`);
    if (opts.identity.length > 0) fail('--identity needs --ssh (see audit2grant --help)');
  }
  // With --ssh and no FILE, stdin is not read ("-" reads it too).
  const files = opts.files.length === 0 ? (ssh ? [] : ['-']) : opts.files;
  if (files.filter((f) => f === '-').length > 1)
    fail('"-" (standard input) can be named only once');
  if (files.includes('-') && process.stdin.isTTY) {
    fail(
      'no input: pipe journalctl output in (journalctl -u "dcos-*" | audit2grant) or name files',
    );
  }
  const inputs: Input[] = files.map((f) => (f === '-' ? stdinInput() : fileInput(f)));
  // The SSH stack (ssh2) loads only when --ssh is given.
  const sshCli = ssh ? await import('../sources/ssh/cli.js') : undefined;
  let session: SshSession | undefined;
  let progress: Progress | undefined;
  const note = (line: string) =>
    progress
      ? progress.log(`audit2grant: ${line}`)
      : process.stderr.write(`audit2grant: ${line}\n`);
  if (sshCli) {
    try {
      const setup = await sshCli.setupSsh(opts, process.env, note);
      session = setup.session;
      inputs.push(...setup.inputs);
    } catch (err) {
      if (err instanceof sshCli.TargetError) fail(err.message);
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
  setMaxListeners(opts.parallel + 10, abort.signal);
  const interrupts = handleInterrupts(abort, note);

  const agg = new Aggregator({
    allowed: analysis.evidence !== 'denied',
    // With --account, an account seen only in allow records gets a hint.
    allowAccounts: opts.account.length > 0,
  });
  // On a terminal, a status line while hosts are read; nothing of it in pipes and logs.
  if (sshCli && process.stderr.isTTY)
    progress = new sshCli.Progress(process.stderr, sshBySource.size, () => agg.stats.records);
  let statuses: InputStatus[];
  try {
    statuses = await consumeAll(inputs, agg, {
      maxLine: opts.maxLine,
      parallel: ssh ? opts.parallel : 1,
      signal: abort.signal,
      onChunk: progress ? (n) => progress?.bytes(n) : undefined,
      onDone: (done) => {
        const input = sshBySource.get(done.source);
        const status = input ? finish(input, done) : done;
        if (input) progress?.hostDone(!status.complete);
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
    maxLine: opts.maxLine,
    accounts: new Set(opts.account),
    analysis,
  });
  for (const w of report.warnings) if (w.code.startsWith('account-')) note(printable(w.message));
  const code = exitCode(report, opts.account.length > 0);
  const rendered = await render(report, opts);
  if (opts.output === undefined) await write(rendered, code);
  else writeFile(outputFile!, opts.output, rendered, outputMode(opts.format), code);
}

async function render(report: Report, opts: CliOptions): Promise<Rendered> {
  // The formats added for grant reviews load only when asked for.
  if (opts.group !== undefined && (opts.format === 'cli' || opts.format === 'script'))
    return (await import('../output/formats.js')).renderFormat(report, {
      ...opts,
      format: opts.format,
    });
  switch (opts.format) {
    case 'json':
      return renderJsonPieces(report);
    case 'cli':
      return renderCli(
        report,
        grantPlan(report, { allowRisky: opts.allowRisky, explain: opts.explain }),
      );
    case 'script':
      return renderScript(
        report,
        grantPlan(report, { allowRisky: opts.allowRisky, explain: opts.explain }),
      );
    case 'table':
      return renderTablePieces(report, { explain: opts.explain });
    case 'curl':
    case 'revoke':
    case 'revoke-curl':
    case 'plan':
    case 'markdown':
      return (await import('../output/formats.js')).renderFormat(report, {
        ...opts,
        format: opts.format,
      });
  }
}

/**
 * 3 when the report is partial (no data is not the same as no denials), else 1
 * when it lists a denial to act on, else 0. With --account, only denials of
 * those accounts count.
 */
export function exitCode(report: Report, filtered: boolean): number {
  if (report.partial) return EXIT.partial;
  const own =
    report.accounts.some((a) => a.denied.length > 0) ||
    report.invalid.length > 0 ||
    report.unmapped.some((u) => u.result === 'deny') ||
    report.authenticationFailures.length > 0;
  const anonymous =
    report.unattributed.length > 0 || report.truncated.some((t) => t.result === 'deny');
  return own || (!filtered && anonymous) ? EXIT.denials : EXIT.clean;
}

/** --output: writes the file atomically; a failure is a one-line error, exit 2. */
function writeFile(
  file: typeof import('./output-file.js'),
  path: string,
  rendered: Rendered,
  mode: number,
  code: number,
): void {
  try {
    file.writeAtomic(path, rendered, mode);
  } catch (err) {
    const reason =
      err instanceof file.OutputError ? err.message : `cannot write it: ${(err as Error).message}`;
    fail(`--output ${printable(path)}: ${reason}`);
  }
  process.exitCode = code;
}

/**
 * Writes the output as it is rendered, waiting whenever the reader is
 * behind, so that pieces do not pile up in memory; a closed pipe (`| head`)
 * ends the run quietly.
 */
async function write(rendered: Rendered, code: number): Promise<void> {
  process.exitCode = code;
  for (const chunk of chunks(rendered)) {
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  }
}

/** A reader that closed the pipe (`| head`) ends the run quietly, with the code it had. */
function quietOnClosedPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    fail(`cannot write the output: ${err.message}`, EXIT.partial);
  });
}
