import { type Command, CommanderError } from 'commander';
import { printable } from '../output/printable.js';
import { shownUrl } from '../text/shown-url.js';
import { TEMPLATES_SHARED } from './analysis-options.js';
import { buildProgram, type CliOptions, SOURCE_OPTIONS } from './program.js';
import { UsageError } from './usage-error.js';
import type { VerifyCliOptions } from './verify-command.js';

/** What the command line asks for. */
export type Parsed =
  /** The main command: read journals, write a report or grants. */
  | { command: 'report'; options: CliOptions }
  | { command: 'schema'; format: 'json' | 'ndjson' }
  | { command: 'state'; file: string }
  | { command: 'templates'; name: string | undefined; json: boolean; dcosVersion: string }
  | { command: 'verify'; options: VerifyCliOptions }
  /** --help, --version, `help`, `completion`: commander has written what was asked. */
  | { command: 'done' };

/**
 * Parses the arguments with the commander program. Commander's own errors
 * become a UsageError: one line that names the fix.
 */
export function parseArgs(argv: string[], version: string): Parsed {
  let parsed: Parsed = { command: 'done' };
  const program = buildProgram(
    version,
    (options) => {
      parsed = { command: 'report', options };
    },
    (format) => {
      parsed = { command: 'schema', format };
    },
    (name, o) => {
      parsed = { command: 'templates', name, ...o };
    },
    (options) => {
      parsed = { command: 'verify', options };
    },
    (file) => {
      parsed = { command: 'state', file };
    },
  );
  for (const command of [program, ...program.commands])
    command.exitOverride().configureOutput({ outputError: () => {} });
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.exitCode === 0) return { command: 'done' }; // --help, --version
    // One line: commander puts its "(Did you mean --account?)" on a line of its own.
    // It quotes the command line: escapes in it are shown, not sent to the terminal.
    const message = printable(
      withoutArgvUrlSecrets(err.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' '), argv),
    );
    throw new UsageError(
      /--help\)$/.test(message) ? message : `${message} (see audit2grant --help)`,
    );
  }
  const misplaced = misplacedOption(program, parsed);
  if (misplaced) throw new UsageError(`${misplaced} (see audit2grant --help)`);
  return parsed;
}

/**
 * The main command's options each subcommand reads (verify checks its own):
 * any other given with it would be ignored, which is worse than refused.
 */
const SUBCOMMAND_READS: Partial<Record<Parsed['command'], ReadonlySet<string>>> = {
  schema: new Set(),
  state: new Set(),
  templates: TEMPLATES_SHARED,
};

/** A main-command option given on the command line that its command would not use, as the problem. */
export function misplacedOption(program: Command, parsed: Parsed): string | undefined {
  const given = program.options.filter(
    (o) => program.getOptionValueSource(o.attributeName()) === 'cli',
  );
  const reads = SUBCOMMAND_READS[parsed.command];
  if (reads) {
    const option = given.find((o) => !reads.has(o.attributeName()));
    return option && `${option.long} does not apply to ${parsed.command}`;
  }
  if (parsed.command !== 'report') return undefined;
  const reading = {
    ssh: parsed.options.ssh.length > 0,
    cluster: parsed.options.cluster !== undefined,
  };
  for (const option of given) {
    const sources = SOURCE_OPTIONS[option.attributeName() as keyof CliOptions];
    if (sources && !sources.some((s) => reading[s]))
      return `${option.long} needs ${sources.map((s) => `--${s}`).join(' or ')}`;
  }
  return undefined;
}

/**
 * commander repeats a refused argument as it was given: a URL among them is
 * shown without its credentials, query and fragment (shownUrl), as the
 * messages of this program show it.
 */
function withoutArgvUrlSecrets(message: string, argv: readonly string[]): string {
  let shown = message;
  for (const arg of argv)
    for (const value of [arg, arg.slice(arg.indexOf('=') + 1)]) {
      const url = shownUrl(value);
      if (url !== value) shown = shown.replaceAll(value, url);
    }
  return shown;
}
