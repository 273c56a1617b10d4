import { Argument, Command, Help, Option } from 'commander';
import { FORMATS, type Format, formatEntry, formatsTaking } from '../output/registry.js';
import {
  collectIdentity,
  collectTargets,
  DEFAULT_CONNECT_TIMEOUT,
  DEFAULT_PARALLEL,
  DEFAULT_READ_TIMEOUT,
  parseJump,
  parseParallel,
  parseSshUser,
  parseTimeout,
} from '../sources/ssh/options.js';
import {
  type AnalysisCliOptions,
  addAnalysisOptions,
  addTemplatesCommand,
} from './analysis-options.js';
import { collectMasters, parseClusterOption } from './cluster-options.js';
import { describeCommand } from './command-tree.js';
import { renderCompletion, SHELLS, type Shell } from './completion.js';
import { EXIT_MEANINGS } from './exit-codes.js';
import { addFollowOptions, addStateCommand, type FollowCliOptions } from './follow-options.js';
import { parseCaCert, parseClusterUrl, parseGroup } from './format-options.js';
import { collectAccount, DEFAULT_MAX_LINE, parseBytes } from './options.js';
import { parseTimeOption } from './time-options.js';
import { addVerifyCommand, type VerifyCliOptions } from './verify-command.js';

export interface CliOptions extends AnalysisCliOptions, FollowCliOptions {
  files: string[];
  format: Format;
  account: string[];
  allowRisky: boolean;
  maxLine: number;
  /** The logging API (see docs/cluster.md): `--cluster [url]`, true without a URL. */
  cluster?: string | true;
  /** `--masters` values, each a comma list of addresses. */
  masters: string[];
  /** Plain http may carry the token to another host (--cluster, verify). */
  allowHttp: boolean;
  /** SSH (see docs/ssh.md): `--ssh` values, each a comma list of hosts. */
  ssh: string[];
  sshUser?: string;
  identity: string[];
  jump?: string;
  knownHosts?: string;
  acceptNewHostKeys: boolean;
  sudo: boolean;
  since?: string;
  until?: string;
  parallel: number;
  /** Seconds. */
  connectTimeout: number;
  /** Seconds a host's command may send nothing (SSH, reading once). */
  readTimeout: number;
  /** Write to this file, atomically (see output-file.ts). */
  output?: string;
  /** Grant to this group instead of each account (see format-options.ts). */
  group?: string;
  clusterUrl?: string;
  caCert?: string;
}

/**
 * Options that mean something only when hosts are read, with the sources
 * that read them (any one will do): given on the command line without one,
 * a usage error (parse.ts).
 */
export const SOURCE_OPTIONS: { readonly [K in keyof CliOptions]?: readonly Source[] } = {
  sshUser: ['ssh'],
  readTimeout: ['ssh'],
  identity: ['ssh'],
  jump: ['ssh'],
  knownHosts: ['ssh'],
  sudo: ['ssh'],
  acceptNewHostKeys: ['ssh'],
  masters: ['cluster'],
  parallel: ['ssh', 'cluster'],
  connectTimeout: ['ssh', 'cluster'],
};

/** A source of hosts, named as its option (`--ssh`, `--cluster`). */
type Source = 'ssh' | 'cluster';

/** Shown in --help and the man page. */
export const EXAMPLES: readonly string[] = [
  'audit2grant --cluster --since yesterday -f script > grant.sh  # no SSH',
  "journalctl -u 'dcos-*' --since today | audit2grant",
  "journalctl -u 'dcos-*' -o json | audit2grant --format json > report.json",
  'audit2grant -a kafka-principal -f script master-1.log master-2.log > grant.sh',
  `ssh master-1 "journalctl -u 'dcos-*' -o json" | audit2grant -f cli`,
  'audit2grant --ssh master-1,master-2,master-3 --since yesterday -f script',
  'audit2grant --ssh core@10.0.4.1,core@10.0.4.2 --jump core@bastion --sudo',
  'audit2grant -f curl --ca-cert dcos-ca.crt -o grant.sh master-*.log  # IAM API',
  'audit2grant -f plan -a kafka-principal -o migrate-kafka.sh master-*.log',
  'audit2grant --ssh m1,m2,m3 --follow --state s --quiet-for 15m -f plan -a svc',
  'audit2grant schema > report.schema.json      # JSON Schema of --format json',
];

/** The formats, each with its one line, as --help lists them after the options. */
const FORMAT_LINES = FORMATS.map((f) => `  ${f.padEnd(12)} ${formatEntry(f).summary}`);

/** The formats that call the IAM HTTP API, for the help of their options. */
const API_FORMATS = formatsTaking('cluster').join(', ');

const HELP_AFTER = `
Formats (-f):
${FORMAT_LINES.join('\n')}

Examples:
${EXAMPLES.map((e) => `  ${e}`).join('\n')}

Exit codes:
${EXIT_MEANINGS.map(([code, meaning]) => `  ${code}  ${meaning}`).join('\n')}`;

/**
 * An option or command in --help with its description beside it, as
 * commander writes it; on a terminal too narrow for that, the description
 * under it, wrapped to the width (commander would write it on one line,
 * however long).
 */
function underNarrow(term: string, termWidth: number, description: string, helper: Help): string {
  const width = helper.helpWidth ?? 80;
  if (!description || width - termWidth - 4 >= 30)
    return Help.prototype.formatItem.call(helper, term, termWidth, description, helper);
  const indent = ' '.repeat(6);
  const wrapped = helper.boxWrap(description, Math.max(20, width - indent.length));
  return `  ${term}\n${indent}${wrapped.replace(/\n/g, `\n${indent}`)}`;
}

/** What `audit2grant templates [template]` asks for. */
export type OnTemplates = Parameters<typeof addTemplatesCommand>[1];

/**
 * The commander program, every command of it: --help, the completions and
 * the man page (scripts/man.mjs) are made from it. Parsing only: no I/O
 * beyond help, completions and errors.
 */
export function buildProgram(
  version: string,
  onParsed: (opts: CliOptions) => void,
  onSchema: (format: 'json' | 'ndjson') => void = () => {},
  onTemplates: OnTemplates = () => {},
  onVerify: (opts: VerifyCliOptions) => void = () => {},
  onState: (file: string) => void = () => {},
): Command {
  const program = new Command('audit2grant')
    // Before the subcommands are made: they take the program's help settings.
    .configureHelp({ minWidthToWrap: 20, formatItem: underNarrow })
    .description(
      'Read DC/OS audit records from journalctl output, group the denied permissions per ' +
        'service account, and write the grants that would allow them.',
    )
    .version(version, '-V, --version')
    .argument(
      '[file...]',
      'journalctl output files; none, or "-", reads standard input; a file named like a command: ./help',
    )
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table'),
    )
    // No defaults shown for lists and flags (-a, --allow-risky, --ssh, ...): the action fills them in.
    .option('-a, --account <uid>', 'only these accounts (repeatable)', collectAccount)
    .option('--allow-risky', 'emit risky grants as active commands instead of comments')
    .addOption(
      new Option(
        '--max-line <bytes>',
        'longest line kept; longer lines are skipped and counted (K, M, G suffixes)',
      )
        .argParser(parseBytes)
        .default(DEFAULT_MAX_LINE, '1M'),
    )
    .option(
      '--since <time>',
      'only records from this time on, by their journal time: journalctl\'s syntax ("2026-11-22 10:00", yesterday, -2h, ...), local time unless a zone is given',
      parseTimeOption,
    )
    .option('--until <time>', 'only records up to this time, as --since', parseTimeOption)
    .optionsGroup('The logging API, no SSH (docs/cluster.md):')
    .option(
      '--cluster [url]',
      "read every master's dcos-* journal through the DC/OS logging API (url default: DCOS_URL, else dcos config show core.dcos_url); token: DCOS_ACS_TOKEN, else core.dcos_acs_token; without FILE, stdin is not read",
      parseClusterOption,
    )
    .option(
      '--masters <addresses>',
      "the masters to read, comma-separated (repeatable; default: found through the cluster's mesos-dns)",
      collectMasters,
    )
    .option(
      '--allow-http',
      `let the token travel by plain http to a host other than this one (--cluster, ${API_FORMATS}, verify)`,
    )
    .optionsGroup('SSH, beside files and stdin (docs/ssh.md):')
    .option(
      '--ssh <hosts>',
      "read these hosts' journals over SSH: [user@]host[:port] or ~/.ssh/config aliases, comma-separated (repeatable); without FILE, stdin is not read",
      collectTargets,
    )
    .option(
      '-l, --ssh-user <user>',
      'SSH user (default: ~/.ssh/config, else the local user)',
      parseSshUser,
    )
    .option(
      '-i, --identity <file>',
      'private key (repeatable); passphrase from AUDIT2GRANT_KEY_PASSPHRASE or asked on a terminal; ssh-agent is used when SSH_AUTH_SOCK is set',
      collectIdentity,
    )
    .option(
      '--jump <[user@]host[:port]>',
      'reach the hosts through this bastion, like ssh -J',
      parseJump,
    )
    .option('--known-hosts <file>', 'known_hosts file (default: ~/.ssh/known_hosts)')
    .option(
      '--accept-new-host-keys',
      'trust hosts not yet in known_hosts and record their keys (a changed key is always refused)',
    )
    .option('--sudo', 'run journalctl with sudo -n on the hosts')
    .option(
      '--read-timeout <seconds>',
      'give up on a host whose command has sent nothing for this long (not while following: a quiet journal sends nothing)',
      parseTimeout,
      DEFAULT_READ_TIMEOUT,
    )
    .optionsGroup('With --cluster or --ssh:')
    .option('--parallel <n>', 'hosts read at once', parseParallel, DEFAULT_PARALLEL)
    .option(
      '--connect-timeout <seconds>',
      'give up on a host that has not completed the TLS or SSH handshake by then',
      parseTimeout,
      DEFAULT_CONNECT_TIMEOUT,
    )
    .optionsGroup('Grant scripts and output files:')
    .option(
      '-o, --output <file>',
      "write to FILE atomically (scripts mode 0700, reports 0644, less the umask); never replaces a non-regular file or an input, nor one the shell's > could not write",
    )
    .option(
      '--group <gid>',
      'grant to this group instead of each account (add_user lines are commented)',
      parseGroup,
    )
    .option(
      '--cluster-url <url>',
      `${API_FORMATS}, verify: the cluster (default: DCOS_URL, else dcos config show core.dcos_url when run)`,
      parseClusterUrl,
    )
    .option(
      '--ca-cert <file>',
      `--cluster, ${API_FORMATS}, verify: CA bundle for the cluster's certificate (curl --cacert; for --cluster, default: the dcos CLI's core.ssl_verify when it names a file)`,
      parseCaCert,
    );
  addFollowOptions(program);
  addAnalysisOptions(program)
    .addHelpText('after', HELP_AFTER)
    .showSuggestionAfterError(true)
    .action((files: string[], opts: Omit<CliOptions, 'files'>) =>
      onParsed({
        ...opts,
        files,
        account: opts.account ?? [],
        masters: opts.masters ?? [],
        ssh: opts.ssh ?? [],
        identity: opts.identity ?? [],
        acceptNewHostKeys: opts.acceptNewHostKeys === true,
        sudo: opts.sudo === true,
        allowHttp: opts.allowHttp === true,
        allowRisky: opts.allowRisky === true,
        template: opts.template ?? [],
        existing: opts.existing ?? [],
        explain: opts.explain === true,
        follow: opts.follow === true,
      }),
    );
  program
    .command('schema')
    .description(
      'print the JSON Schema of the json report (--format json), or of one ndjson event (schema ndjson)',
    )
    .addArgument(
      new Argument('[format]', 'json or ndjson').choices(['json', 'ndjson']).default('json'),
    )
    .action((format: 'json' | 'ndjson') => onSchema(format));
  addStateCommand(program, onState);
  addTemplatesCommand(program, onTemplates);
  addVerifyCommand(program, onVerify);
  program
    .command('completion')
    .description(
      'print the completion script for a shell: source <(audit2grant completion bash); see the README',
    )
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .action((shell: Shell, _opts: unknown, command: Command) => {
      command.configureOutput().writeOut!(renderCompletion(shell, describeCommand(program)));
    });
  // Last: it offers every command before it. A file named help is read as ./help.
  const names = program.commands.map((c) => c.name());
  program
    .command('help')
    .description('display help for audit2grant, or for one of its commands')
    .addArgument(new Argument('[command]', 'a command').choices([...names, 'help']))
    .action((name: string | undefined) => {
      (program.commands.find((c) => c.name() === name) ?? program).help();
    });
  return program;
}
