import { literal } from '../text/regexp.js';
import { isRootPath } from './coverage.js';
import { catalog, type ParamName, type Template, type TemplateRow } from './data/templates.js';
import { perId } from './per-id.js';
import type { IdStems } from './stem-index.js';
import { appliesTo, rowStems, sdkRole } from './templates.js';

/**
 * The templates as suggestions (suggest.ts) try them on one DC/OS version,
 * worked out once per version, and what each observed id says of them,
 * worked out once per id: an account then costs a pass over its pairs.
 */

const CAPTURE = '[A-Za-z0-9._@/*+-]+';

/** A row with parameters, as `infer` reads an id by it. */
export interface InferRow {
  /** The row's id as a regular expression capturing its parameters. */
  re: RegExp;
  names: ParamName[];
  action: TemplateRow['action'];
  /** The number of the text before its first parameter in `Candidates.stems`. */
  stem: number;
}

/** A template as suggestions try it on one DC/OS version. */
export interface Candidate {
  template: Template;
  /** Per row the version has, the number of its stem (rowStems) in the version's stem list. */
  rowStems: readonly number[];
  /** The same, each once. */
  stems: readonly number[];
  /** Every row with parameters, whatever the version: they all vote on the values. */
  inferRows: readonly InferRow[];
  /** What `inferRows` read: the SDK services share their rows, so they share one inference per account. */
  inferenceKey: string;
  /** The template's default service and that service's SDK role: an id holding one can name it. */
  naming: readonly string[];
}

/** What an observed id says of the candidates. */
export interface IdFacts extends IdStems {
  /**
   * The candidates whose default service (or that service's SDK role) the
   * id holds: only ids that do can name a template (`Reading.named`).
   */
  names: readonly number[];
}

export interface Candidates {
  templates: readonly Candidate[];
  /** The stems of the templates' rows, numbered. */
  stems: readonly string[];
  factsOf: (rid: string) => IdFacts;
}

const byVersion = new Map<string, Candidates>();

export function candidates(version: string): Candidates {
  let found = byVersion.get(version);
  if (found) return found;
  const stems: string[] = [];
  const numberOf = (stem: string) => {
    const at = stems.indexOf(stem);
    return at === -1 ? stems.push(stem) - 1 : at;
  };
  const templates = catalog()
    .filter((template) => appliesTo(template, version))
    .map((template): Candidate => {
      const rows = rowStems(template, version).map(numberOf);
      const service = template.params.find((p) => p.name === 'service')?.default;
      const withParams = template.rows.filter((row) => row.rid.includes('{'));
      return {
        template,
        rowStems: rows,
        stems: [...new Set(rows)],
        inferRows: withParams.map((row) => {
          const { re, names, prefix } = rowPattern(row.rid, row.glob);
          return { re, names, action: row.action, stem: numberOf(prefix) };
        }),
        inferenceKey: withParams
          .map((row) => `${row.glob ? '*' : ''}${row.rid} ${row.action}`)
          .join('\n'),
        naming: typeof service === 'string' ? [service, sdkRole(service, false)] : [],
      };
    });
  const above = new Map<string, number[]>();
  const lies = (id: string, n: number) => {
    const under = above.get(id);
    if (!under) above.set(id, [n]);
    else if (!under.includes(n)) under.push(n);
  };
  stems.forEach((stem, n) => {
    for (let end = stem.indexOf(':'); end !== -1; end = stem.indexOf(':', end + 1)) {
      lies(stem.slice(0, end), n);
      // A root path (`services:/`) covers every path below it (coverage.ts).
      const root = stem.slice(0, end + 2);
      if (stem.length > end + 2 && isRootPath(root)) lies(root, n);
    }
  });
  found = {
    templates,
    stems,
    factsOf: perId((rid) => ({
      under: stems.flatMap((stem, n) => (rid.startsWith(stem) ? [n] : [])),
      above: above.get(rid) ?? [],
      names: templates.flatMap((c, k) => (c.naming.some((word) => rid.includes(word)) ? [k] : [])),
    })),
  };
  // One per --dcos-version given: a run has one.
  byVersion.set(version, found);
  return found;
}

/** A row's id as a regular expression capturing its parameters. */
function rowPattern(rid: string, glob: boolean) {
  const names: ParamName[] = [];
  const body = glob ? rid.slice(0, -1) : rid;
  const parts = body.split(/\{([A-Za-z]+)\}/);
  let source = '';
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      names.push(part as ParamName);
      const last = i === parts.length - 2 && parts[i + 1] === '' && !glob;
      source += `(${CAPTURE}${last ? '' : '?'})`;
    } else {
      source += literal(part);
    }
  });
  return { re: new RegExp(`^${source}${glob ? '.+' : ''}$`), names, prefix: parts[0]! };
}
