import Table from 'cli-table3';
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

/** `audit2grant templates [name]`: the catalog, or one template with its rows and sources. */

function table(head: string[], rows: (string | number)[][]): string {
  const t = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) t.push(row);
  return t.toString();
}

function defaultText(p: Param): string {
  const d = p.default;
  if (d === undefined) return '(required)';
  if (typeof d === 'string') return d;
  return d.derive === 'account' ? '(the account)' : '(SDK role of service)';
}

export function renderCatalog(version: string, json: boolean): string {
  if (json) return `${JSON.stringify(catalog(), null, 2)}\n`;
  const rows = catalog().map((t) => [
    t.name,
    t.rows.filter((r) => !r.since || compareVersions(version, r.since) >= 0).length,
    `${t.dcos.from}-${t.dcos.to}${appliesTo(t, version) ? '' : ' (not this version)'}`,
    t.params.map((p) => p.name).join(', '),
    t.description,
  ]);
  return [
    `Minimum permission templates (rows for DC/OS ${version})`,
    table(['name', 'rows', 'DC/OS', 'parameters', 'description'], rows),
    '',
    'Show one: audit2grant templates <name>  (with values: <name>:<param>=<value>,...[@<uid>])',
    'Apply:    audit2grant --template <name>[:<param>=<value>,...][@<uid>] FILE...',
    '',
  ].join('\n');
}

/**
 * One template. With parameters or an account (`kafka:service=/prod/kafka@sa`)
 * the rows are shown filled in; otherwise as patterns.
 */
export function renderTemplate(spec: string, version: string, json: boolean): string {
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
  const out = [
    `Template ${template.name}: ${template.description}`,
    `DC/OS ${template.dcos.from} to ${template.dcos.to}${appliesTo(template, version) ? '' : ` (does not apply to ${version})`}` +
      (template.family ? `; family ${template.family}` : '') +
      (template.docsAccount ? `; account in the docs: ${template.docsAccount}` : ''),
    `Source: ${template.source}`,
    '',
    'Parameters',
    table(
      ['name', 'default', instance ? 'value' : 'description'].filter(Boolean),
      template.params.map((p) => [
        p.name,
        defaultText(p),
        instance ? (instance.params[p.name] ?? '') : p.description,
      ]),
    ),
    '',
    `Rows for DC/OS ${version}${instance ? ', filled in' : ''}`,
    table(
      ['#', 'permission', 'action', 'since', 'description', 'source'],
      rows.map((r) => [r.row, r.rid, r.action, since.get(r.row) ?? '-', r.description, r.source]),
    ),
  ];
  const notes = [...template.notes, ...rowNotes(template, version)];
  if (notes.length > 0) out.push('', 'Notes', ...notes.map((n) => `- ${n}`));
  return `${out.join('\n')}\n`;
}

function rowNotes(template: Template, version: string): string[] {
  return template.rows
    .filter((r) => r.since && compareVersions(version, r.since) < 0)
    .map((r) => `${r.rid} ${r.action} is needed from DC/OS ${r.since} on, not in ${version}`);
}
