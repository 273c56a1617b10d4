import { actionCovers, type Pair } from './coverage.js';
import type { ParamName, Template } from './data/templates.js';
import { StemIndex } from './stem-index.js';
import { type Candidate, candidates } from './suggest-candidates.js';
import {
  instantiate,
  type ResolvedRow,
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

/** Parameter values the observed ids vote for, most voted first. */
function infer(
  candidate: Candidate,
  pairs: readonly Pair[],
  index: StemIndex,
): Map<ParamName, string> {
  const votes = new Map<ParamName, Map<string, number>>();
  for (const { re, names, action, stem } of candidate.inferRows) {
    for (const i of index.startingWith(stem)) {
      const pair = pairs[i]!;
      if (!actionCovers(action, pair.action)) continue;
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

export function optionText(
  template: string,
  params: Partial<Record<ParamName, string>>,
  uid: string,
): string {
  const given = Object.entries(params).map(([k, v]) => `${k}=${v}`);
  return `${template}${given.length > 0 ? `:${given.join(',')}` : ''}@${uid}`;
}

/** A template filled in for an account, and how well it fits. */
export type TemplateFit = Omit<TemplateSuggestion, 'option'> & {
  rank: number;
  named: boolean;
  generic: boolean;
};

/**
 * Every template that explains some of the account's pairs, filled in and
 * scored, in catalog order; without `exhaustive`, passed over on bounds
 * when it could not be shown (suggestTemplates).
 */
export function templateFits(
  uid: string,
  pairs: readonly Pair[],
  version: string,
  exhaustive: boolean,
): TemplateFit[] {
  const found: TemplateFit[] = [];
  const inferred = new Map<string, Map<ParamName, string>>();
  const { templates, factsOf } = candidates(version);
  const index = new StemIndex(pairs, factsOf);
  /** Per candidate, whether some id holds its default service or that service's role. */
  let namedByIds: boolean[] | undefined;
  templates.forEach((candidate, k) => {
    const { template } = candidate;
    // Most accounts touch few templates: one whose ids none of the account's
    // start like explains nothing, and is not filled in to find that out.
    if (!exhaustive && !candidate.stems.some((n) => index.startingWith(n).length > 0)) return;
    // The most it could rank, filled in any way: it explains at most the pairs
    // under its stems, and leaves unseen at least the rows no pair could see.
    let unseenAtLeast = 0;
    for (const n of candidate.rowStems) if (!index.maySee(n)) unseenAtLeast++;
    const most = index.countUnder(candidate.stems) / (pairs.length + unseenAtLeast);
    // One that cannot score enough to be shown is not filled in, unless the
    // ids could name it: only the template's own account or an id holding its
    // default service (or that service's role) can.
    if (!exhaustive && most < MIN_SCORE && uid !== template.docsAccount) {
      if (!namedByIds) {
        namedByIds = templates.map(() => false);
        for (const p of pairs) for (const n of factsOf(p.rid).names) namedByIds[n] = true;
      }
      if (!namedByIds[k]) return;
    }
    let values = inferred.get(candidate.inferenceKey);
    if (!values) {
      values = infer(candidate, pairs, index);
      inferred.set(candidate.inferenceKey, values);
    }
    const { params, overrides, named } = read(template, values, uid);
    // Each default replaced halves the fit (rank below).
    if (!exhaustive && !named && most / 2 ** overrides < MIN_SCORE) return;
    let rows: ResolvedRow[];
    try {
      rows = instantiate(template, params, uid, version).rows;
    } catch (err) {
      if (err instanceof TemplateError) return; // a required parameter could not be inferred
      throw err;
    }
    // The rows are the version's, in order: each has its stem in candidate.rowStems.
    const explains = index.explainedBy(rows, candidate.rowStems);
    if (explains === 0) return;
    const unseen = rows.filter((r, j) => !index.seen(r, candidate.rowStems[j]!)).length;
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
  });
  return found;
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
  const found = templateFits(uid, pairs, version, exhaustive);
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
