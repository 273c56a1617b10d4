import type { Command } from 'commander';
import type { TimeWindow } from '../report/time-window.js';
import type { AnalysisCliOptions } from './analysis-options.js';
import { timeWindow } from './time-options.js';

/**
 * `audit2grant verify`: whether an account holds the grants of a report.
 * Its own options are --held and --grants; -a, --cluster-url, --ca-cert,
 * --allow-http, --allow-risky and the analysis options are the main command's,
 * read from there (commander parses them wherever they stand), so that they
 * mean exactly what they mean for `-f plan`. The main command's other
 * options are refused.
 */

export interface VerifyCliOptions {
  uid: string;
  /** Journal inputs; none with --grants. */
  files: string[];
  /** What the account holds: a saved IAM permissions answer, instead of fetching it. */
  held?: string;
  /** What it should hold: `<uid> <rid> <action>` lines, instead of journals. */
  grants?: string;
  /** Where to write how the account holds dcos:superuser (for -f plan). */
  superuserList?: string;
  clusterUrl?: string;
  caCert?: string;
  allowHttp: boolean;
  allowRisky: boolean;
  maxLine: number;
  /** --since / --until: the plan's window, for the same grants. */
  window?: TimeWindow | undefined;
  analysis: AnalysisCliOptions;
}

/** The main command's options that verify takes, by attribute name. */
export const VERIFY_SHARED: ReadonlySet<string> = new Set([
  'account',
  'clusterUrl',
  'caCert',
  'allowHttp',
  'allowRisky',
  'template',
  'evidence',
  'securityMode',
  'dcosVersion',
  'maxLine',
  'since',
  'until',
]);

export function addVerifyCommand(
  program: Command,
  onVerify: (opts: VerifyCliOptions) => void,
): Command {
  program
    .command('verify')
    .description(
      "check that an account holds a report's grants (directly or through a group; a shorter id or full covers): exit 0 all held, 1 some missing (listed as <uid> <rid> <action>), 3 could not check",
    )
    .argument(
      '[file...]',
      'journalctl output files whose grants to check; none, or "-", reads stdin',
    )
    .option(
      '--held <file>',
      'what the account holds: a saved GET /acs/api/v1/users/<uid>/permissions answer ("-": stdin), instead of asking the cluster',
    )
    .option(
      '--grants <file>',
      'the grants to check, as "<uid> <rid> <action>" lines ("-": stdin), instead of journals',
    )
    .option(
      '--superuser-list <file>',
      'also write how the account holds dcos:superuser to FILE: a line "direct <action>" for each action held directly, "group <gid>" for each group that gives it (-f plan revokes each direct one)',
    )
    .addHelpText(
      'after',
      `
Also: -a <uid> (exactly one), and before or after "verify" the main command's
--cluster-url (else $DCOS_URL, else dcos config show core.dcos_url), --ca-cert,
--allow-http (let the token travel by plain http to another host),
--allow-risky, --template, --evidence, --security-mode, --dcos-version,
--max-line, --since and --until: the grants checked are those -f plan writes.
The token: $DCOS_ACS_TOKEN, else dcos config show core.dcos_acs_token
(for the dcos CLI's own cluster only).

Examples:
  audit2grant verify -a kafka-principal master-*.log
  audit2grant verify -a kafka-principal --held answer.json --grants grants.txt`,
    )
    .action((files: string[], own: Record<string, unknown>, command: Command) => {
      const all = command.optsWithGlobals();
      for (const option of program.options) {
        const key = option.attributeName();
        if (program.getOptionValueSource(key) === 'cli' && !VERIFY_SHARED.has(key))
          command.error(
            `verify: ${option.long} does not apply to verify (see audit2grant verify --help)`,
          );
      }
      const accounts = (all.account as string[] | undefined) ?? [];
      if (accounts.length !== 1)
        command.error(
          'verify: name the account with exactly one -a <uid> (see audit2grant verify --help)',
        );
      const held = own.held as string | undefined;
      const grants = own.grants as string | undefined;
      const problem = usageProblem(files, held, grants, all);
      if (problem) command.error(`verify: ${problem} (see audit2grant verify --help)`);
      onVerify({
        uid: accounts[0]!,
        files,
        held,
        grants,
        superuserList: own.superuserList as string | undefined,
        clusterUrl: all.clusterUrl as string | undefined,
        caCert: all.caCert as string | undefined,
        allowHttp: all.allowHttp === true,
        allowRisky: all.allowRisky === true,
        maxLine: all.maxLine as number,
        window: timeWindow(all as { since?: string; until?: string }),
        analysis: {
          template: (all.template as AnalysisCliOptions['template'] | undefined) ?? [],
          existing: [],
          evidence: all.evidence as AnalysisCliOptions['evidence'],
          securityMode: all.securityMode as AnalysisCliOptions['securityMode'],
          dcosVersion: all.dcosVersion as string,
          explain: false,
        },
      });
    });
  return program;
}

function usageProblem(
  files: string[],
  held: string | undefined,
  grants: string | undefined,
  all: Record<string, unknown>,
): string | undefined {
  if (grants !== undefined && files.length > 0)
    return '--grants replaces the journal files: give one or the other';
  if (grants !== undefined && (all.since !== undefined || all.until !== undefined))
    return '--since and --until choose records of journals, which --grants replaces: leave them out';
  if (held !== undefined) {
    if (all.clusterUrl !== undefined || all.caCert !== undefined || all.allowHttp === true)
      return '--held reads what the account holds from a file: leave out --cluster-url, --ca-cert and --allow-http';
  }
  const stdin = [
    held === '-',
    grants === '-',
    grants === undefined && (files.length === 0 || files.includes('-')),
  ];
  if (stdin.filter(Boolean).length > 1)
    return 'standard input ("-") can be read for one thing only: name files for the others';
  if (files.filter((f) => f === '-').length > 1)
    return '"-" (standard input) can be named only once';
  return undefined;
}
