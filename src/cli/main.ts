import { createRequire } from 'node:module';
import { printable } from '../output/printable.js';
import { renderFormat } from '../output/registry.js';
import { chunks } from '../output/rendered.js';
import { configure } from './config.js';
import { EXIT, exitCode } from './exit-codes.js';
import { endByHangupAtExit } from './hangup.js';
import { type Parsed, parseArgs } from './parse.js';
import type { CliOptions } from './program.js';
import { readReport } from './read-report.js';
import { terminalOf } from './terminal.js';
import { fail, UsageError } from './usage-error.js';
import { quietOnClosedPipe, writeOutput, writeStdout } from './write-output.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** The command line, parsed, then handed to its command; a usage error ends it in one line. */
export async function main(argv: string[]): Promise<void> {
  quietOnClosedPipe();
  endByHangupAtExit();
  try {
    await run(parseArgs(argv, version));
  } catch (err) {
    if (err instanceof UsageError) fail(err.message, err.code);
    throw err;
  }
}

async function run(parsed: Parsed): Promise<void> {
  switch (parsed.command) {
    case 'report':
      return reportCommand(parsed.options);
    case 'schema':
      return schema(parsed.format);
    case 'state': {
      const { showState } = await import('./state/show.js');
      return showState(parsed.file);
    }
    case 'templates':
      return templates(parsed);
    case 'verify': {
      const { runVerify } = await import('./verify.js');
      process.exitCode = await runVerify(parsed.options, version);
      return;
    }
    case 'done':
      // --help, --version: written, and a reader that closes the pipe early changes nothing.
      process.exitCode = EXIT.clean;
      return;
  }
}

/** The main command: validate into one config, read the inputs, render, write. */
async function reportCommand(options: CliOptions): Promise<void> {
  const config = await configure(options);
  // ndjson: events while reading, on stdout as they come, or kept for the --output file.
  const kept: string[] = [];
  const events =
    config.format !== 'ndjson'
      ? undefined
      : config.output.kind === 'stdout'
        ? (line: string) => void process.stdout.write(line)
        : (line: string) => void kept.push(line);
  const eventsOnTerminal =
    events !== undefined && config.output.kind === 'stdout' && process.stdout.isTTY === true;
  const report = await readReport(config, version, { events, eventsOnTerminal });
  // The terminal as it is now: a follow may have lasted hours, and the window changed.
  const render =
    config.output.kind === 'stdout'
      ? { ...config.render, terminal: terminalOf(process.stdout, process.env) }
      : config.render;
  const rendered = await renderFormat(config.format, report, render);
  const whole = kept.length > 0 ? [...kept, ...chunks(rendered)] : rendered;
  await writeOutput(whole, config.output, exitCode(report, config.account.length > 0));
}

/** `audit2grant schema [json|ndjson]`: the JSON Schema of --format json, or of an ndjson event. */
async function schema(format: 'json' | 'ndjson'): Promise<void> {
  const { renderJsonSchema, renderNdjsonSchema } = await import('../output/json-schema.js');
  await writeStdout(format === 'json' ? renderJsonSchema() : renderNdjsonSchema(), EXIT.clean);
}

/** `audit2grant templates [template]`: the catalog, or one template filled in. */
async function templates(parsed: Extract<Parsed, { command: 'templates' }>): Promise<void> {
  const { name, json, dcosVersion } = parsed;
  const { renderCatalog, renderTemplate } = await import('../output/templates.js');
  let text: string;
  try {
    text =
      name === undefined
        ? renderCatalog(dcosVersion, json, terminalOf(process.stdout, process.env))
        : renderTemplate(name, dcosVersion, json, terminalOf(process.stdout, process.env));
  } catch (err) {
    throw new UsageError(printable((err as Error).message));
  }
  await writeStdout(text, EXIT.clean);
}
