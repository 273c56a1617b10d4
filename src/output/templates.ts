import { catalog, type Param, type Template } from '../rules/data/templates.js';
import { uidProblem } from '../rules/grammar.js';
import {
  appliesTo,
  compareVersions,
  findTemplate,
  instantiate,
  parseTemplateSpec,
  type ResolvedRow,
} from '../rules/templates.js';
import { Page } from './page.js';
import type { Column, Terminal } from './terminal-layout.js';

/** `audit2grant templates [name]`: the catalog, or one template with its rows and sources. */

const cells = (rows: (string | number)[][]) => rows.map((r) => ({ cells: r.map(String) }));

/** The catalog on a narrow terminal: the versions and counts go first, then the parameters. */
const CATALOG: Column[] = [
  { head: 'name' },
  { head: 'rows', leaveOut: 2 },
  { head: 'DC/OS', leaveOut: 1 },
  { head: 'parameters', leaveOut: 3, wrapTo: 16 },
  { head: 'description', wrapTo: 20, reads: 40 },
];

/** A template's rows: the sources (one document, as a rule) go first; the row numbers stay. */
const ROWS: Column[] = [
  { head: '#' },
  { head: 'permission', wrapTo: 40 },
  { head: 'action' },
  { head: 'since', leaveOut: 2 },
  { head: 'description', wrapTo: 30, reads: 40 },
  { head: 'source', leaveOut: 1, wrapTo: 20 },
];

function defaultText(p: Param): string {
  const d = p.default;
  if (d === undefined) return '(required)';
  if (typeof d === 'string') return d;
  return d.derive === 'account' ? '(the account)' : '(SDK role of service)';
}

export function renderCatalog(version: string, json: boolean, terminal?: Terminal): string {
  if (json) return `${JSON.stringify(catalog(), null, 2)}\n`;
  const page = new Page(terminal);
  const rows = catalog().map((t) => [
    t.name,
    t.rows.filter((r) => !r.since || compareVersions(version, r.since) >= 0).length,
    `${t.dcos.from}-${t.dcos.to}${appliesTo(t, version) ? '' : ' (not this version)'}`,
    t.params.map((p) => p.name).join(', '),
    t.description,
  ]);
  return [
    page.line(`Minimum permission templates (rows for DC/OS ${version})`, 'heading'),
    page.table(CATALOG, cells(rows)),
    '',
    ...page.lines([
      'Show one: audit2grant templates <name>  (with values: <name>:<param>=<value>,...[@<uid>])',
      'Apply:    audit2grant --template <name>[:<param>=<value>,...][@<uid>] FILE...',
    ]),
    ...page.leftOutNote(),
    '',
  ].join('\n');
}

/**
 * One template. With parameters or an account (`kafka:service=/prod/kafka@sa`)
 * the rows are shown filled in; otherwise as patterns.
 */
export function renderTemplate(
  spec: string,
  version: string,
  json: boolean,
  terminal?: Terminal,
): string {
  const parsed = parseTemplateSpec(spec);
  const template = findTemplate(parsed.name)!;
  const filled = Object.keys(parsed.params).length > 0 || parsed.uid !== null;
  // Without @uid the principal defaults to the account the service's docs use.
  const account =
    parsed.uid ?? (uidProblem(template.docsAccount) ? 'example-principal' : template.docsAccount);
  const instance = filled ? instantiate(template, parsed.params, account, version) : undefined;
  if (json) {
    return `${JSON.stringify(instance ? { ...template, filled: instance } : template, null, 2)}\n`;
  }
  const rows: ResolvedRow[] =
    instance?.rows ??
    template.rows
      .map((r, i) => ({ ...r, row: i + 1 }))
      .filter((r) => !r.since || compareVersions(version, r.since) >= 0);
  const since = new Map(template.rows.map((r, i) => [i + 1, r.since]));
  const page = new Page(terminal);
  const out = [
    page.line(`Template ${template.name}: ${template.description}`, 'heading'),
    ...page.lines([
      `DC/OS ${template.dcos.from} to ${template.dcos.to}${appliesTo(template, version) ? '' : ` (does not apply to ${version})`}` +
        (template.family ? `; family ${template.family}` : '') +
        (template.docsAccount ? `; account in the docs: ${template.docsAccount}` : ''),
      `Source: ${template.source}`,
    ]),
    '',
    page.line('Parameters', 'heading'),
    page.table(
      [
        { head: 'name' },
        { head: 'default', wrapTo: 12 },
        { head: instance ? 'value' : 'description', wrapTo: 20 },
      ],
      cells(
        template.params.map((p) => [
          p.name,
          defaultText(p),
          instance ? (instance.params[p.name] ?? '') : p.description,
        ]),
      ),
    ),
    '',
    page.line(`Rows for DC/OS ${version}${instance ? ', filled in' : ''}`, 'heading'),
    page.table(
      ROWS,
      cells(
        rows.map((r) => [r.row, r.rid, r.action, since.get(r.row) ?? '-', r.description, r.source]),
      ),
      3,
    ),
  ];
  const notes = [...template.notes, ...rowNotes(template, version)];
  if (notes.length > 0)
    out.push('', page.line('Notes', 'heading'), ...page.lines(notes.map((n) => `- ${n}`)));
  out.push(...page.leftOutNote());
  return `${out.join('\n')}\n`;
}

function rowNotes(template: Template, version: string): string[] {
  return template.rows
    .filter((r) => r.since && compareVersions(version, r.since) < 0)
    .map((r) => `${r.rid} ${r.action} is needed from DC/OS ${r.since} on, not in ${version}`);
}
