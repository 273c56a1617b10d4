import { literal } from '../text/regexp.js';
import { actionCovers, type Pair, PairIndex } from './coverage.js';
import { catalog, type ParamName, type Template } from './data/templates.js';
import {
  appliesTo,
  instantiate,
  type ResolvedRow,
  rowStems,
  sdkRole,
  serviceOfSdkRole,
  TemplateError,
} from './templates.js';

/** A template that explains some of an account's observed pairs, with inferred parameters. */
export interface TemplateSuggestion {
  template: string;
  family: string;
  /** Only the parameters that differ from the template's defaults. */
  params: Partial<Record<ParamName, string>>;
  /** The `--template` value that applies it to the account. */
  option: string;
  explains: number;
  of: number;
  rows: number;
  unseen: number;
  /** explains / (observed + unseen): how much of both sides the match covers. */
  score: number;
}

const MAX = 3;
/** A suggestion scoring under this share of the best one is not shown. */
const RELATIVE = 0.6;
const MIN_SCORE = 0.25;

const NONE: readonly number[] = [];

const CAPTURE = '[A-Za-z0-9._@/*+-]+';

interface RowPattern {
  re: RegExp;
  names: ParamName[];
  /** The text before the first parameter: every id the pattern matches starts with it. */
  prefix: string;
}

const patterns = new Map<string, RowPattern>();

/** A row's id as a regular expression capturing its parameters; built once per row. */
function rowPattern(rid: string, glob: boolean): RowPattern {
  const key = `${glob ? '*' : ''}${rid}`;
  let pattern = patterns.get(key);
  if (!pattern) {
    pattern = buildRowPattern(rid, glob);
    patterns.set(key, pattern);
  }
  return pattern;
}

function buildRowPattern(rid: string, glob: boolean): RowPattern {
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

/**
 * What `infer` reads of a template: its rows with parameters. The SDK
 * services share their rows, so they share one inference per account.
 */
const inferenceKeys = new WeakMap<Template, string>();

function inferenceKey(template: Template): string {
  let key = inferenceKeys.get(template);
  if (key === undefined) {
    key = template.rows
      .filter((row) => row.rid.includes('{'))
      .map((row) => `${row.glob ? '*' : ''}${row.rid} ${row.action}`)
      .join('\n');
    inferenceKeys.set(template, key);
  }
  return key;
}

/** Parameter values the observed ids vote for, most voted first. */
function infer(
  template: Template,
  pairs: readonly Pair[],
  index: PairIndex,
): Map<ParamName, string> {
  const votes = new Map<ParamName, Map<string, number>>();
  for (const row of template.rows) {
    if (!row.rid.includes('{')) continue;
    const { re, names, prefix } = rowPattern(row.rid, row.glob);
    for (const i of index.startingWith(prefix)) {
      const pair = pairs[i]!;
      if (!actionCovers(row.action, pair.action)) continue;
      const m = re.exec(pair.rid);
      if (!m) continue;
      names.forEach((name, i) => {
        let counts = votes.get(name);
        if (!counts) {
          counts = new Map();
          votes.set(name, counts);
        }
        const value = m[i + 1]!;
        counts.set(value, (counts.get(value) ?? 0) + 1);
      });
    }
  }
  const best = new Map<ParamName, string>();
  for (const [name, counts] of votes) best.set(name, mostVoted(counts));
  return best;
}

/** The value with the most votes; of those, the first in code unit order. */
function mostVoted(counts: Map<string, number>): string {
  let best: string | undefined;
  let most = 0;
  for (const [value, n] of counts) {
    if (n > most || (n === most && value < best!)) {
      best = value;
      most = n;
    }
  }
  return best!;
}

interface Reading {
  /** The parameters to give: inferred values that differ from the defaults. */
  params: Partial<Record<ParamName, string>>;
  /** Given values that replace a default the docs chose (role *, user nobody, the service name). */
  overrides: number;
  /** The ids name the service the template is for (its default service, or that service's role). */
  named: boolean;
}

/**
 * Reads the inferred values against the template's defaults. A required
 * parameter (no default) is simply given; a value that replaces a default
 * counts as an override (the template fits less well); an SDK role is given
 * as the service it derives from when it derives from one.
 */
function read(template: Template, inferred: Map<ParamName, string>, uid: string): Reading {
  const reading: Reading = { params: {}, overrides: 0, named: false };
  const param = (name: ParamName) => template.params.find((p) => p.name === name);
  const give = (name: ParamName, value: string, fallback: string | undefined) => {
    if (value === fallback) return;
    reading.params[name] = value;
    if (fallback !== undefined) reading.overrides++;
  };
  for (const [name, value] of inferred) {
    const p = param(name);
    if (!p || name === 'role' || name === 'enforceRole') continue;
    const d = p.default;
    if (name === 'service' && typeof d === 'string' && value === d) reading.named = true;
    give(name, value, d === undefined ? undefined : typeof d === 'string' ? d : uid);
  }
  const role = inferred.get('role');
  const roleParam = param('role');
  if (role !== undefined && roleParam) {
    const d = roleParam.default;
    if (typeof d === 'object' && d.derive === 'sdk-role') {
      const serviceDefault = param('service')?.default;
      const service = reading.params.service ?? (serviceDefault as string | undefined);
      if (service !== undefined && sdkRole(service, false) === role) {
        if (reading.params.service === undefined) reading.named = true;
      } else {
        const from = serviceOfSdkRole(role);
        if (from !== undefined && reading.params.service === undefined)
          give('service', from, serviceDefault as string | undefined);
        else give('role', role, sdkRole(service ?? '', false));
      }
    } else give('role', role, d as string | undefined);
  }
  if (uid === template.docsAccount && reading.overrides === 0) reading.named = true;
  if (reading.overrides > 0) reading.named = false;
  return reading;
}

/** A template as suggestions try it on one DC/OS version, worked out once per version. */
interface Candidate {
  template: Template;
  /** Per row, the number of its stem (rowStems) in the version's stem list. */
  rowStems: readonly number[];
  /** The same, each once. */
  stems: readonly number[];
  /**
   * Texts one of which some observed id must hold for the ids to name the
   * template (`Reading.named`): the default service and its SDK role.
   */
  naming: readonly string[];
}

/** The templates of one DC/OS version, and the stems of their rows, numbered. */
interface Candidates {
  templates: readonly Candidate[];
  stems: readonly string[];
  /** Per id that lies above some stem at a `:` boundary: the numbers of those stems. */
  above: ReadonlyMap<string, readonly number[]>;
}

const byVersion = new Map<string, Candidates>();

function candidates(version: string): Candidates {
  let found = byVersion.get(version);
  if (found) return found;
  const stems: string[] = [];
  const numberOf = (stem: string) => {
    const at = stems.indexOf(stem);
    return at === -1 ? stems.push(stem) - 1 : at;
  };
  const templates = catalog()
    .filter((template) => appliesTo(template, version))
    .map((template) => {
      const rows = rowStems(template, version).map(numberOf);
      const service = template.params.find((p) => p.name === 'service')?.default;
      return {
        template,
        rowStems: rows,
        stems: [...new Set(rows)],
        naming: typeof service === 'string' ? [service, sdkRole(service, false)] : [],
      };
    });
  const above = new Map<string, number[]>();
  stems.forEach((stem, n) => {
    for (let end = stem.indexOf(':'); end !== -1; end = stem.indexOf(':', end + 1)) {
      const id = stem.slice(0, end);
      const under = above.get(id);
      if (!under) above.set(id, [n]);
      else if (!under.includes(n)) under.push(n);
    }
  });
  found = { templates, stems, above };
  // One per --dcos-version given: a run has one.
  byVersion.set(version, found);
  return found;
}

export function optionText(
  template: string,
  params: Partial<Record<ParamName, string>>,
  uid: string,
): string {
  const given = Object.entries(params).map(([k, v]) => `${k}=${v}`);
  return `${template}${given.length > 0 ? `:${given.join(',')}` : ''}@${uid}`;
}

/**
 * The templates whose rows best explain an account's observed pairs, with the
 * parameters inferred from the ids (the role in `framework:role:<role>`, the
 * user in `task:user:<user>`, ...). One per family (the SDK services share
 * their rows), best first.
 */
export function suggestTemplates(
  uid: string,
  pairs: readonly Pair[],
  version: string,
  /**
   * Every template filled in and scored, none passed over on its bounds:
   * slower, and the same answer (the property tests check that it is).
   */
  { exhaustive = false } = {},
): TemplateSuggestion[] {
  if (pairs.length === 0) return [];
  const found: (Omit<TemplateSuggestion, 'option'> & {
    rank: number;
    named: boolean;
    generic: boolean;
  })[] = [];
  const inferred = new Map<string, Map<ParamName, string>>();
  const index = new PairIndex(pairs);
  const { templates, stems, above } = candidates(version);
  // Per stem, the pairs whose ids start with it; and whether some pair could
  // see (PairIndex.seen) a row with that stem, whatever follows the stem and
  // whatever the actions: its id starts with the stem or lies above it.
  const under = stems.map((stem) => index.startingWith(stem));
  const maySee = under.map((pairsUnder) => pairsUnder.length > 0);
  for (const p of pairs) for (const n of above.get(p.rid) ?? NONE) maySee[n] = true;
  let ids: string | undefined;
  for (const candidate of templates) {
    const { template } = candidate;
    // Most accounts touch few templates: one whose ids none of the account's
    // start like explains nothing, and is not filled in to find that out.
    if (!exhaustive && !candidate.stems.some((n) => under[n]!.length > 0)) continue;
    // The most it could rank, filled in any way: it explains at most the pairs
    // under its stems, and leaves unseen at least the rows no pair could see.
    let unseenAtLeast = 0;
    for (const n of candidate.rowStems) if (!maySee[n]) unseenAtLeast++;
    const most =
      index.countDistinct(candidate.stems.map((n) => under[n]!)) / (pairs.length + unseenAtLeast);
    // One that cannot score enough to be shown is not filled in, unless the
    // ids could name it: only the template's own account or an id holding its
    // default service (or that service's role) can.
    if (!exhaustive && most < MIN_SCORE && uid !== template.docsAccount) {
      ids ??= pairs.map((p) => p.rid).join('\n');
      if (!candidate.naming.some((word) => ids!.includes(word))) continue;
    }
    const key = inferenceKey(template);
    let values = inferred.get(key);
    if (!values) {
      values = infer(template, pairs, index);
      inferred.set(key, values);
    }
    const { params, overrides, named } = read(template, values, uid);
    // Each default replaced halves the fit (rank below).
    if (!exhaustive && !named && most / 2 ** overrides < MIN_SCORE) continue;
    let rows: ResolvedRow[];
    try {
      rows = instantiate(template, params, uid, version).rows;
    } catch (err) {
      if (err instanceof TemplateError) continue; // a required parameter could not be inferred
      throw err;
    }
    const explains = index.explainedBy(rows);
    if (explains === 0) continue;
    const unseen = rows.filter((r) => !index.seen(r)).length;
    const score = explains / (pairs.length + unseen);
    found.push({
      template: template.name,
      family: template.family ?? template.name,
      params,
      explains,
      of: pairs.length,
      rows: rows.length,
      unseen,
      score,
      // Each default replaced halves the fit: jenkins:role=cassandra-role is a poor reading.
      rank: score / 2 ** overrides,
      named,
      // The SDK's own entry and the seed document's sets need no service-specific reading.
      generic: template.name === template.family || template.docsAccount === '',
    });
  }
  // Templates the ids name come first, whatever their share; then the best fits.
  found.sort(
    (a, b) =>
      Number(b.named) - Number(a.named) ||
      b.rank - a.rank ||
      b.explains - a.explains ||
      Number(b.generic) - Number(a.generic) ||
      (a.template < b.template ? -1 : 1),
  );
  const families = new Set<string>();
  const out: TemplateSuggestion[] = [];
  const best = found.find((f) => !f.named)?.rank ?? 0;
  for (const { rank, named, generic: _g, ...s } of found) {
    if (families.has(s.family)) continue;
    if (!named && (rank < MIN_SCORE || rank < best * RELATIVE)) continue;
    families.add(s.family);
    // The option text only for what is shown: most fits are not.
    const { template, family, params, ...fit } = s;
    out.push({ template, family, params, option: optionText(template, params, uid), ...fit });
    if (out.length === MAX) break;
  }
  return out;
}
