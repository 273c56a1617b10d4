import { Command, Option } from 'commander';
import { collectAccount, DEFAULT_MAX_LINE, FORMATS, type Format, parseBytes } from './options.js';

export interface CliOptions {
  files: string[];
  format: Format;
  account: string[];
  allowRisky: boolean;
  maxLine: number;
}

const EXAMPLES = `
Examples:
  journalctl -u 'dcos-*' --since today | audit2grant
  journalctl -u 'dcos-*' -o json | audit2grant --format json > report.json
  audit2grant -a kafka-principal --format script master-1.log master-2.log > grant.sh
  ssh master-1 "journalctl -u 'dcos-*' -o json" | audit2grant -f cli

Exit codes: 0 no denials, 1 denials found, 2 usage error, 3 input not (fully) read.`;

/** The commander program. Parsing only: no I/O beyond help and errors. */
export function buildProgram(version: string, onParsed: (opts: CliOptions) => void): Command {
  const program = new Command('audit2grant')
    .description(
      'Read DC/OS audit records from journalctl output, group the denied permissions per\n' +
        'service account, and write the grants that would allow them.',
    )
    .version(version, '-V, --version')
    .argument('[file...]', 'journalctl output files; none, or "-", reads standard input')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table'),
    )
    .option(
      '-a, --account <uid>',
      'only these accounts (repeatable)',
      collectAccount,
      [] as string[],
    )
    .option('--allow-risky', 'emit risky grants as active commands instead of comments', false)
    .option(
      '--max-line <bytes>',
      'longest line kept; longer lines are skipped and counted (K, M, G suffixes)',
      parseBytes,
      DEFAULT_MAX_LINE,
    )
    .addHelpText('after', EXAMPLES)
    .showSuggestionAfterError(true)
    .action((files: string[], opts: Omit<CliOptions, 'files'>) => onParsed({ files, ...opts }));
  return program;
}
