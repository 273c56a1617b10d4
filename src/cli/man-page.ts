import type { Command } from 'commander';
import {
  type ArgumentSpec,
  type CommandSpec,
  describeCommand,
  type OptionSpec,
} from './command-tree.js';
import { EXIT_MEANINGS } from './exit-codes.js';
import { EXAMPLES } from './program.js';

/**
 * The man page (roff, man macros), made from the program's own definitions
 * by scripts/man.mjs when the package is built: the options and commands
 * --help lists, with the same words.
 */
export function renderManPage(program: Command, version: string, summary: string): string {
  const root = describeCommand(program);
  const name = root.name;
  const out: string[] = [
    `.\\" Made by scripts/man.mjs from the definitions in src/cli; edit those, not this file.`,
    `.TH ${name.toUpperCase()} 1 "" "${name} ${version}" "User Commands"`,
    '.SH NAME',
    `${name} \\- ${text(summary)}`,
    '.SH SYNOPSIS',
    ...synopsis(root),
    '.SH DESCRIPTION',
    text(root.description),
    ...root.arguments.flatMap(argument),
    '.SH OPTIONS',
  ];
  for (const [group, options] of groups(root.options)) {
    if (group !== 'Options:') out.push(`.SS ${quoted(group.replace(/:$/, ''))}`);
    out.push(...options.flatMap(option));
  }
  out.push('.SH COMMANDS');
  for (const command of root.commands) {
    out.push(`.SS ${quoted(`${name} ${command.name}`)}`, text(command.description));
    out.push(...command.arguments.flatMap(argument), ...command.options.flatMap(option));
  }
  out.push('.SH EXIT STATUS');
  for (const [code, meaning] of EXIT_MEANINGS) out.push('.TP', `.B ${code}`, text(meaning));
  out.push('.SH ENVIRONMENT');
  for (const [variable, meaning] of ENVIRONMENT) out.push('.TP', `.B ${variable}`, text(meaning));
  out.push('.SH EXAMPLES', '.nf', '.RS', ...EXAMPLES.map(text), '.RE', '.fi');
  out.push('.SH SEE ALSO', SEE_ALSO.map((page) => `.BR ${page}`).join(' ,\n'));
  return `${out.join('\n')}\n`;
}

/** Variables the program reads; they are not options, so they are listed here. */
const ENVIRONMENT: readonly (readonly [string, string])[] = [
  [
    'DCOS_URL',
    "the cluster of --cluster, verify and the grant scripts when not given (--cluster URL, --cluster-url); else the DC/OS CLI's core.dcos_url",
  ],
  [
    'DCOS_ACS_TOKEN',
    "the token they use; else the DC/OS CLI's core.dcos_acs_token. Never given on the command line",
  ],
  ['AUDIT2GRANT_KEY_PASSPHRASE', 'the passphrase of an encrypted SSH key (--identity)'],
  ['SSH_AUTH_SOCK', "ssh-agent's socket: its keys are tried first with --ssh"],
  [
    'SOURCE_DATE_EPOCH',
    'seconds since 1970: outputs are stamped with this time and leave reading times out, so the same input gives the same bytes',
  ],
  [
    'NO_COLOR',
    'any value but empty (TERM=dumb too): the table report and templates are not coloured on a terminal, still fitted to its width',
  ],
  [
    'FORCE_COLOR',
    'colours the table report and templates even in a pipe (full width, as piped); 0 or false: no colour, even on a terminal. It wins over NO_COLOR',
  ],
  [
    'CI',
    'any value but empty, false or 0: no status line on stderr while reading, even on a terminal (TERM=dumb neither)',
  ],
  ['TZ', 'the zone of --since and --until times that name none, as for journalctl'],
];

const SEE_ALSO = ['journalctl (1)', 'ssh (1)', 'ssh_config (5)', 'curl (1)'];

function synopsis(root: CommandSpec): string[] {
  const lines = [`.B ${root.name}`, usage(root.usage)];
  for (const command of root.commands)
    lines.push('.br', `.B ${root.name} ${command.name}`, usage(command.usage));
  return lines;
}

/** `[options] [file...]`, names in italics. */
function usage(text: string): string {
  return roff(text).replace(/([[<])([^\]>.]+)/g, '$1\\fI$2\\fR');
}

function option(spec: OptionSpec): string[] {
  const flags = [spec.short, spec.long]
    .filter((f): f is string => f !== undefined)
    .map((f) => `\\fB${roff(f)}\\fR`)
    .join(', ');
  const name = spec.value === undefined ? '' : `\\fI${roff(spec.value)}\\fR`;
  const value = spec.value === undefined ? '' : spec.optional ? ` [${name}]` : ` ${name}`;
  return ['.TP', `${flags}${value}`, text(spec.description)];
}

function argument(spec: ArgumentSpec): string[] {
  return ['.TP', `\\fI${roff(spec.name)}\\fR${spec.variadic ? '...' : ''}`, text(spec.description)];
}

/** Options by their --help heading, in the order they come. */
function groups(options: readonly OptionSpec[]): Map<string, OptionSpec[]> {
  const byGroup = new Map<string, OptionSpec[]>();
  for (const o of options) byGroup.set(o.group, [...(byGroup.get(o.group) ?? []), o]);
  return byGroup;
}

/** Roff's special characters escaped; `-` is a minus, so options copy as typed. */
function roff(value: string): string {
  return value.replace(/\\/g, '\\e').replace(/-/g, '\\-');
}

/** A line of text: escaped, and not read as a request if it starts with . or '. */
function text(value: string): string {
  const escaped = roff(value);
  return /^[.']/.test(escaped) ? `\\&${escaped}` : escaped;
}

/** A macro's argument, in double quotes. */
function quoted(value: string): string {
  return `"${roff(value).replace(/"/g, '\\(dq')}"`;
}
