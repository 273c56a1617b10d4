import type { GrantPlan } from '../report/grant-plan.js';
import type { Report } from '../report/schema.js';
import { isNative } from '../rules/assess.js';
import type { Recipient } from './grant-items.js';
import type { ClusterOptions } from './iam-api-script.js';
import type { Rendered } from './rendered.js';
import type { Terminal } from './terminal-layout.js';

/**
 * Every output format, in one table: its name, what it is (one line, shown
 * by --help), the mode of the file --output writes, the options it takes or
 * needs, and its renderer. The table drives commander's --format choices,
 * the check of the options against the format, and the dispatch. A renderer
 * is loaded only when its format is asked for (dynamic import), so that a
 * run loads what it writes and nothing else.
 *
 * A new format is one entry here and its renderer module.
 */

/** The command line's options that renderers read. */
export interface RenderOptions {
  /** --allow-risky: risky grants as active commands. */
  allowRisky: boolean;
  /** --explain: each grant's evidence, template row, risk and sources. */
  explain?: boolean;
  /** --account values: a filter, or (`oneAccount`) the account the output is about. */
  account: string[];
  /** --group: grants go to this group instead of each account. */
  group?: string;
  /** --cluster-url, written into scripts that call the IAM HTTP API. */
  clusterUrl?: string;
  /** --ca-cert, written into those scripts. */
  caCert?: string;
  /** --allow-http: those scripts let the token travel by plain http to another host. */
  allowHttp?: boolean;
  /** The terminal the table is shown on (its width, colour); absent: a pipe or a file. */
  terminal?: Terminal;
}

export type Renderer = (report: Report, opts: RenderOptions) => Rendered;

/** Bash scripts are written by --output with mode 0700; every other format 0644. */
export const SCRIPT_MODE = 0o700;
export const REPORT_MODE = 0o644;

export interface FormatEntry {
  /** What the format is, in one line (--help lists it). */
  summary: string;
  /** The mode of the file --output writes. */
  mode: typeof SCRIPT_MODE | typeof REPORT_MODE;
  /** Takes --group: it writes grants (or their revokes), and can give them to a group. */
  group: boolean;
  /** Takes --cluster-url, --ca-cert and --allow-http: the script calls the IAM HTTP API. */
  cluster: boolean;
  /** Takes --explain: it writes each grant's explanation. */
  explain: boolean;
  /** Writes the templates suggested per account: without it, none are worked out. */
  suggestions?: true;
  /**
   * Needs exactly one --account: what it writes of that account, and why a
   * DC/OS-native account is refused. Without it, --account filters.
   */
  oneAccount?: { writes: string; native: string };
  /** Loads the renderer. */
  load(): Promise<Renderer>;
}

/** The grant plan of a report, with the options the plan depends on. */
async function planner(): Promise<(report: Report, opts: RenderOptions) => GrantPlan> {
  const { grantPlan } = await import('../report/grant-plan.js');
  return (report, opts) =>
    grantPlan(report, { allowRisky: opts.allowRisky, explain: opts.explain });
}

/** Who receives the grants: each account, or the --group. */
export function recipientOf(opts: RenderOptions): Recipient {
  return opts.group === undefined ? { kind: 'users' } : { kind: 'groups', gid: opts.group };
}

const GRANTS = { group: true, explain: true };

export const FORMAT_REGISTRY = {
  table: {
    summary: 'the denied permissions per account, and their grants (default)',
    mode: REPORT_MODE,
    group: false,
    cluster: false,
    explain: true,
    suggestions: true,
    load: async () => {
      const { renderTablePieces } = await import('./table.js');
      return (report, opts) =>
        renderTablePieces(report, { explain: opts.explain, terminal: opts.terminal });
    },
  },
  json: {
    summary: 'the whole report as JSON (audit2grant schema describes it)',
    mode: REPORT_MODE,
    group: false,
    cluster: false,
    explain: false,
    suggestions: true,
    load: async () => {
      const { renderJsonPieces } = await import('./json.js');
      return (report) => renderJsonPieces(report);
    },
  },
  ndjson: {
    summary: 'events, a JSON object a line: each new finding, then the end',
    mode: REPORT_MODE,
    group: false,
    cluster: false,
    explain: false,
    load: async () => {
      const { renderNdjsonEnd } = await import('./ndjson.js');
      return (report) => renderNdjsonEnd(report);
    },
  },
  cli: {
    summary: 'dcos security org commands, one per grant, to review and paste',
    mode: REPORT_MODE,
    ...GRANTS,
    cluster: false,
    load: async () => {
      const [{ renderCliPieces }, plan] = await Promise.all([import('./cli.js'), planner()]);
      return (report, opts) => renderCliPieces(report, plan(report, opts), recipientOf(opts));
    },
  },
  script: {
    summary: 'a bash script that makes the grants with the DC/OS CLI',
    mode: SCRIPT_MODE,
    ...GRANTS,
    cluster: false,
    load: async () => {
      const [{ renderScriptPieces }, plan] = await Promise.all([import('./script.js'), planner()]);
      return (report, opts) => renderScriptPieces(report, plan(report, opts), recipientOf(opts));
    },
  },
  curl: {
    summary: 'a bash script that makes the grants through the IAM HTTP API',
    mode: SCRIPT_MODE,
    ...GRANTS,
    cluster: true,
    load: async () => {
      const [{ renderCurlPieces }, plan] = await Promise.all([import('./curl.js'), planner()]);
      return (report, opts) =>
        renderCurlPieces(report, plan(report, opts), {
          ...cluster(opts),
          recipient: recipientOf(opts),
        });
    },
  },
  revoke: {
    summary: 'a bash script that revokes what script grants',
    mode: SCRIPT_MODE,
    ...GRANTS,
    cluster: false,
    load: async () => {
      const [{ renderRevokePieces }, plan] = await Promise.all([
        import('./dcos-scripts.js'),
        planner(),
      ]);
      return (report, opts) => renderRevokePieces(report, plan(report, opts), recipientOf(opts));
    },
  },
  'revoke-curl': {
    summary: 'a bash script that revokes what curl grants',
    mode: SCRIPT_MODE,
    ...GRANTS,
    cluster: true,
    load: async () => {
      const [{ renderRevokeCurlPieces }, plan] = await Promise.all([
        import('./curl.js'),
        planner(),
      ]);
      return (report, opts) =>
        renderRevokeCurlPieces(report, plan(report, opts), {
          ...cluster(opts),
          recipient: recipientOf(opts),
        });
    },
  },
  plan: {
    summary: "one account's migration off dcos:superuser (needs one -a)",
    mode: SCRIPT_MODE,
    ...GRANTS,
    cluster: true,
    oneAccount: {
      writes: 'writes the migration of one account',
      native: 'its privileges belong to DC/OS, keep its dcos:superuser',
    },
    load: async () => {
      const [{ renderPlan }, plan] = await Promise.all([import('./plan.js'), planner()]);
      return (report, opts) =>
        renderPlan(report, plan(report, opts), {
          ...cluster(opts),
          uid: opts.account[0]!,
          recipient: recipientOf(opts),
        });
    },
  },
  markdown: {
    summary: 'a report for a review or a ticket, in Markdown',
    mode: REPORT_MODE,
    group: false,
    cluster: false,
    explain: false,
    load: async () => {
      const [{ renderMarkdownPieces }, plan] = await Promise.all([
        import('./markdown.js'),
        planner(),
      ]);
      return (report, opts) => renderMarkdownPieces(report, plan(report, opts));
    },
  },
} satisfies Record<string, FormatEntry>;

function cluster(opts: RenderOptions): ClusterOptions {
  return { clusterUrl: opts.clusterUrl, caCert: opts.caCert, allowHttp: opts.allowHttp };
}

export type Format = keyof typeof FORMAT_REGISTRY;

/** The format names, in the order --help lists them. */
export const FORMATS = Object.keys(FORMAT_REGISTRY) as Format[];

export function formatEntry(format: Format): FormatEntry {
  return FORMAT_REGISTRY[format];
}

/** The formats that take an option: `group`, `cluster` or `explain`. */
export function formatsTaking(option: 'group' | 'cluster' | 'explain'): Format[] {
  return FORMATS.filter((f) => formatEntry(f)[option]);
}

/**
 * The first reason the options do not fit the format, as the one-line usage
 * error, or undefined. An option the format would ignore is refused, with the
 * formats it applies to.
 */
export function formatProblem(format: Format, opts: RenderOptions): string | undefined {
  const entry = formatEntry(format);
  const list = (option: 'group' | 'cluster' | 'explain') => formatsTaking(option).join(', ');
  if (opts.group !== undefined && !entry.group)
    return `--group applies to the formats ${list('group')}: add one with --format`;
  for (const [value, flag, also] of [
    // The logging API's cluster is --cluster's own value.
    [
      opts.clusterUrl,
      '--cluster-url',
      ' and verify (to read through the logging API: --cluster URL)',
    ],
    [opts.caCert, '--ca-cert', ', --cluster and verify'],
  ] as const) {
    if (value !== undefined && !entry.cluster)
      return `${flag} applies to --format ${list('cluster')}${also}`;
  }
  if (opts.explain === true && !entry.explain)
    return `--explain applies to --format ${list('explain')}`;
  if (entry.oneAccount) {
    if (opts.account.length !== 1)
      return `--format ${format} ${entry.oneAccount.writes}: name it with one --account <uid>`;
    const uid = opts.account[0]!;
    if (isNative(uid))
      return `--format ${format}: ${uid} is a DC/OS-native account: ${entry.oneAccount.native}`;
  }
  return undefined;
}

/** Options that do not fit the format (the message is formatProblem's). */
export class FormatError extends Error {}

/** Renders the report in the format: its renderer is loaded now. */
export async function renderFormat(
  format: Format,
  report: Report,
  opts: RenderOptions,
): Promise<Rendered> {
  const problem = formatProblem(format, opts);
  if (problem) throw new FormatError(problem);
  const render = await formatEntry(format).load();
  return render(report, opts);
}
