import type { Argument, Command, Option } from 'commander';
import { templateNames } from '../rules/templates.js';
import { TEMPLATES_SHARED } from './analysis-options.js';
import { VERIFY_SHARED } from './verify-command.js';

/**
 * The commander definitions as plain data, for what is made from them beside
 * --help: the shell completions and the man page. Read through commander's
 * Help, so that they list what --help lists.
 */

/** What a value can be, for completions. */
export type ValueKind =
  | { kind: 'words'; words: readonly string[] }
  | { kind: 'file' }
  | { kind: 'host' }
  | { kind: 'free' };

export interface OptionSpec {
  /** `-f`, or undefined. */
  short?: string;
  /** `--format`, or undefined. */
  long?: string;
  /** The value's name (`format`), undefined for a flag. */
  value?: string;
  /** The value may be left out (`--cluster [url]`). */
  optional: boolean;
  /** Can be given more than once (its description says so). */
  repeatable: boolean;
  /** As --help shows it: with choices and default. */
  description: string;
  /** As defined: without choices and default. */
  summary: string;
  complete: ValueKind;
  /** The heading it is listed under in --help. */
  group: string;
}

export interface ArgumentSpec {
  name: string;
  required: boolean;
  variadic: boolean;
  description: string;
  complete: ValueKind;
}

export interface CommandSpec {
  name: string;
  /** As --help's Usage line shows it, after the name: `[options] [file...]`. */
  usage: string;
  description: string;
  arguments: ArgumentSpec[];
  options: OptionSpec[];
  commands: CommandSpec[];
}

export function describeCommand(command: Command): CommandSpec {
  const help = command.createHelp();
  return {
    name: command.name(),
    usage: command.usage(),
    description: help.commandDescription(command),
    arguments: command.registeredArguments.map((a) => describeArgument(a, help)),
    options: [...help.visibleOptions(command), ...fromMain(command)].map((o) =>
      describeOption(o, help),
    ),
    commands: help.visibleCommands(command).map(describeCommand),
  };
}

/** Options of the main command that a subcommand takes too: offered with its own. */
const TAKEN_FROM_MAIN: Readonly<Record<string, ReadonlySet<string>>> = {
  verify: VERIFY_SHARED,
  templates: TEMPLATES_SHARED,
};

function fromMain(command: Command): Option[] {
  const names = TAKEN_FROM_MAIN[command.name()];
  const main = command.parent;
  return names && main ? main.options.filter((o) => names.has(o.attributeName())) : [];
}

type Help = ReturnType<Command['createHelp']>;

function describeOption(option: Option, help: Help): OptionSpec {
  const value = / [<[](.+)[>\]]$/.exec(option.flags)?.[1];
  return {
    short: option.short,
    long: option.long,
    value,
    // commander marks a flag with `[` anywhere optional, `<[user@]host[:port]>`
    // too; a value in `<...>` is required, as its parser takes it.
    optional: option.optional && !option.required,
    repeatable: option.variadic || /\brepeatable\b/.test(option.description),
    description: help.optionDescription(option),
    summary: option.description,
    complete: value === undefined ? { kind: 'free' } : valueKind(value, option.argChoices),
    group: option.helpGroupHeading ?? 'Options:',
  };
}

function describeArgument(argument: Argument, help: Help): ArgumentSpec {
  return {
    name: argument.name(),
    required: argument.required,
    variadic: argument.variadic,
    description: help.argumentDescription(argument),
    complete: valueKind(argument.name(), argument.argChoices),
  };
}

/**
 * Values are completed by their choices, else by the name they are given
 * in the definitions: `<file>`, a name with "host" in it, and a template
 * (`--template <spec>`, `templates [template]`).
 */
function valueKind(name: string, choices: readonly string[] | undefined): ValueKind {
  if (choices) return { kind: 'words', words: choices };
  if (name === 'file') return { kind: 'file' };
  if (/host/.test(name)) return { kind: 'host' };
  if (name === 'spec' || name === 'template') return { kind: 'words', words: templateNames() };
  return { kind: 'free' };
}

/** Each flag of an option: `-f`, `--format`. */
export function flagsOf(option: OptionSpec): string[] {
  return [option.short, option.long].filter((f): f is string => f !== undefined);
}
