import { existsSync, readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { AnalysisOptions, EvidenceMode, SecurityMode } from '../report/analysis.js';
import { Version } from '../rules/data/templates.js';
import {
  ExistingError,
  type ExistingFile,
  parseExisting,
  splitExistingArg,
} from '../rules/existing.js';
import { problemOf } from '../rules/grammar.js';
import {
  DCOS_RELEASES,
  findTemplate,
  instantiate,
  LATEST_DCOS,
  parseTemplateSpec,
  TemplateError,
  type TemplateSpec,
} from '../rules/templates.js';
import { fileProblem } from '../sources/read-status.js';

/** The options of templates, existing grants, evidence and explanations. */
export interface AnalysisCliOptions {
  template: (TemplateSpec & { text: string })[];
  existing: string[];
  evidence: EvidenceMode;
  securityMode: SecurityMode;
  dcosVersion: string;
  explain: boolean;
}

export const EVIDENCE_MODES = ['denied', 'allowed', 'all'] as const;
export const SECURITY_MODES = ['strict', 'permissive'] as const;

/** `--template`: repeatable; the name and parameter names are checked here. */
export function collectTemplate(
  value: string,
  previous: (TemplateSpec & { text: string })[] = [],
): (TemplateSpec & { text: string })[] {
  try {
    return [...previous, { ...parseTemplateSpec(value), text: value }];
  } catch (err) {
    if (err instanceof TemplateError) throw new InvalidArgumentError(err.message);
    throw err;
  }
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--dcos-version`: one of the releases the templates describe. */
function parseVersion(value: string): string {
  if ((DCOS_RELEASES as readonly string[]).includes(value)) return value;
  const problem = problemOf(Version, value) ?? `"${value}" is not a release the templates describe`;
  throw new InvalidArgumentError(`${problem}: use one of ${DCOS_RELEASES.join(', ')}`);
}

/** Adds the options to the main command, under their own heading in --help. */
export function addAnalysisOptions(program: Command): Command {
  return program
    .optionsGroup('Templates, existing grants and explanations:')
    .option(
      '--template <spec>',
      'apply a minimum permission template: <name>[:<param>=<value>,...] to every account, <name>[...]@<uid> to one (repeatable; see audit2grant templates)',
      collectTemplate,
    )
    .option(
      '--existing <file>',
      'what accounts already hold: an IAM GET /users/<uid>/permissions answer, or "<uid> <rid> <action>" lines (repeatable)',
      collect,
    )
    .addOption(
      new Option('--evidence <records>', 'records grants rest on: denials, allowed checks, or both')
        .choices(EVIDENCE_MODES)
        .default('denied'),
    )
    .addOption(
      new Option(
        '--security-mode <mode>',
        "the cluster's security mode; permissive: dcos:mesos:* rows are not enforced",
      )
        .choices(SECURITY_MODES)
        .default('strict'),
    )
    .addOption(
      new Option('--dcos-version <x.y>', 'DC/OS version the templates are read for')
        // The choices show in --help and completions; parseVersion says what to do.
        .choices(DCOS_RELEASES)
        .argParser(parseVersion)
        .default(LATEST_DCOS),
    )
    .option('--explain', 'with each grant: its evidence, template row, risk and sources');
}

/** The main command's options `templates` reads (its completions offer them too). */
export const TEMPLATES_SHARED: ReadonlySet<string> = new Set(['dcosVersion']);

/** `audit2grant templates [name]`: lists the catalog, or shows one template. */
export function addTemplatesCommand(
  program: Command,
  onTemplates: (name: string | undefined, opts: { json: boolean; dcosVersion: string }) => void,
): Command {
  program
    .command('templates')
    .description(
      'list the minimum permission templates, or show one with its rows and sources (name[:param=value,...][@uid] fills them in)',
    )
    .argument('[template]', 'a template name, optionally with parameters and @uid')
    .option('--json', 'as JSON', false)
    // --dcos-version is the main command's option, read from there.
    .action((name: string | undefined, opts: { json: boolean }, command: Command) =>
      onTemplates(name, {
        json: opts.json,
        dcosVersion: command.optsWithGlobals().dcosVersion ?? LATEST_DCOS,
      }),
    );
  return program;
}

/**
 * Everything the analysis needs, checked before any input is read: every
 * template instantiates for the DC/OS version, every --existing file reads.
 * Throws an Error whose message is the one-line usage error.
 */
export function loadAnalysis(
  opts: AnalysisCliOptions,
  read: (path: string) => string = (p) => readFileSync(p, 'utf8'),
  exists: (path: string) => boolean = existsSync,
): AnalysisOptions {
  const templates = opts.template ?? [];
  for (const spec of templates) {
    try {
      // With a stand-in account: only the principal depends on it, and any account is valid.
      instantiate(findTemplate(spec.name)!, spec.params, spec.uid ?? 'account', opts.dcosVersion);
    } catch (err) {
      if (err instanceof TemplateError) throw new Error(`--template ${spec.text}: ${err.message}`);
      throw err;
    }
  }
  const existing: ExistingFile[] = [];
  for (const value of opts.existing ?? []) {
    const { uid, path } = splitExistingArg(value, exists);
    let text: string;
    try {
      text = read(path);
    } catch (err) {
      throw new Error(
        `--existing ${path}: ${fileProblem(err, 'the permissions file (JSON) in it')}`,
      );
    }
    try {
      existing.push(parseExisting(text, path, uid));
    } catch (err) {
      if (err instanceof ExistingError) throw new Error(`--existing ${err.message}`);
      throw err;
    }
  }
  return {
    evidence: opts.evidence ?? 'denied',
    securityMode: opts.securityMode ?? 'strict',
    dcosVersion: opts.dcosVersion ?? LATEST_DCOS,
    templates,
    existing,
    // The format decides (config.ts): the defaults' own answer until then.
    suggest: true,
  };
}
