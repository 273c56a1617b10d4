import {
  catalog,
  type Param,
  type ParamName,
  PLACEHOLDER,
  type Template,
  type TemplateRow,
} from './data/templates.js';
import { type Action, permissionIdProblem, uidProblem } from './grammar.js';

/**
 * The DC/OS releases the catalog describes (the permissions reference covers
 * 1.8 to 2.2), oldest first: --dcos-version takes one of them.
 */
export const DCOS_RELEASES = [
  '1.8',
  '1.9',
  '1.10',
  '1.11',
  '1.12',
  '1.13',
  '2.0',
  '2.1',
  '2.2',
] as const;

/** The newest release the catalog describes; the default for --dcos-version. */
export const LATEST_DCOS: string = DCOS_RELEASES[DCOS_RELEASES.length - 1]!;

/**
 * A usage problem with a template or its parameters: the message names the
 * fix. Suggestions try every template on every account and expect many of
 * these, so no stack trace is captured (it would cost more than the check).
 */
export class TemplateError extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** `--template <name>[:<param>=<value>,...][@<uid>]` as given. */
export interface TemplateSpec {
  name: string;
  params: Partial<Record<ParamName, string>>;
  /** The one account it applies to; null: every account in the report. */
  uid: string | null;
}

/** A row with its parameters filled in. */
export interface ResolvedRow {
  /** Position in the template, from 1. */
  row: number;
  rid: string;
  action: Action;
  description: string;
  glob: boolean;
  source: string;
}

/** A template applied to one account. */
export interface TemplateInstance {
  template: Template;
  /** Every parameter's value. */
  params: Partial<Record<ParamName, string>>;
  /** Rows that apply to the DC/OS version. */
  rows: ResolvedRow[];
}

/** Parameter values: the permission-id segment charset, without `:` (which would add segments). */
const VALUE = /^[A-Za-z0-9._/*+-]{1,200}$/;
const NAME = /^[a-z][a-z0-9-]*$/;

export function findTemplate(name: string): Template | undefined {
  return catalog().find((t) => t.name === name);
}

export function templateNames(): string[] {
  return catalog().map((t) => t.name);
}

/** `1.10` > `1.9`. */
export function compareVersions(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number) as [number, number];
  const [bm, bn] = b.split('.').map(Number) as [number, number];
  return am - bm || an - bn;
}

export function appliesTo(template: Template, version: string): boolean {
  return forVersion(template, version).applies;
}

function inRange(template: Template, version: string): boolean {
  return (
    compareVersions(template.dcos.from, version) <= 0 &&
    compareVersions(version, template.dcos.to) <= 0
  );
}

/**
 * The SDK's role name for a service: `/pkg` -> `pkg-role`,
 * `/team01/prod/pkg` -> `team01__prod__pkg-role`, or with enforceRole (2.0+)
 * the top-level group, `team01`.
 */
export function sdkRole(service: string, enforceRole: boolean): string {
  const parts = service.split('/').filter((p) => p !== '');
  if (enforceRole && parts.length >= 2) return parts[0]!;
  return `${parts.join('__')}-role`;
}

/** The service an SDK role name was derived from (without enforceRole), if it was. */
export function serviceOfSdkRole(role: string): string | undefined {
  const m = /^([A-Za-z0-9._-]+)-role$/.exec(role);
  return m ? m[1]!.split('__').join('/') : undefined;
}

/** Parses a `--template` value; checks the name and parameter names, not yet the values. */
export function parseTemplateSpec(text: string): TemplateSpec {
  const at = text.indexOf('@');
  const head = at === -1 ? text : text.slice(0, at);
  const uid = at === -1 ? null : text.slice(at + 1);
  const colon = head.indexOf(':');
  const name = colon === -1 ? head : head.slice(0, colon);
  if (!NAME.test(name) || !findTemplate(name)) {
    throw new TemplateError(
      `"${name.slice(0, 60)}" is not a template: see audit2grant templates (${templateNames().join(', ')})`,
    );
  }
  const template = findTemplate(name)!;
  if (uid !== null) {
    const problem = uidProblem(uid);
    if (problem)
      throw new TemplateError(`"${uid.slice(0, 100)}" after @ is not an account id: ${problem}`);
  }
  const params: Partial<Record<ParamName, string>> = {};
  if (colon !== -1) {
    for (const part of head.slice(colon + 1).split(',')) {
      const eq = part.indexOf('=');
      const key = eq === -1 ? part : part.slice(0, eq);
      const known = template.params.map((p) => p.name);
      const theirs = `${name}'s parameters are ${known.join(', ')} (see audit2grant templates ${name})`;
      if (eq === -1)
        throw new TemplateError(
          `${name}: "${part.slice(0, 60)}" is not <param>=<value>; ${theirs}`,
        );
      if (!known.includes(key as ParamName))
        throw new TemplateError(`${name}: unknown parameter "${key.slice(0, 60)}"; ${theirs}`);
      if ((key as ParamName) in params)
        throw new TemplateError(`${name}: parameter ${key} is given twice`);
      params[key as ParamName] = part.slice(eq + 1);
    }
  }
  return { name, params, uid };
}

/**
 * Fills in a template for one account: given values, then defaults (the
 * principal is the account; an SDK role comes from the service name). Throws
 * a TemplateError naming the parameter when a value is missing or invalid.
 */
export function instantiate(
  template: Template,
  given: Partial<Record<ParamName, string>>,
  account: string,
  version: string,
): TemplateInstance {
  const { applies, rows: versionRows } = forVersion(template, version);
  if (!applies) {
    throw new TemplateError(
      `${template.name} applies to DC/OS ${template.dcos.from} to ${template.dcos.to}, not ${version}: check --dcos-version`,
    );
  }
  const params: Partial<Record<ParamName, string>> = {};
  for (const param of filledInOrder(template)) {
    const name = param.name;
    let value = given[name];
    if (value === undefined) {
      const d = param.default;
      // Only to derive others that are all given (sdk's service, for its role).
      if (d === undefined && !needed(template, name, given, versionRows)) continue;
      if (d === undefined) {
        const instead = derivedFrom(template, name).map(
          (p) => ` (or ${template.name}:${p}=<${p}>, which is derived from it)`,
        );
        throw new TemplateError(
          `${template.name}: parameter ${name} has no default: give --template ${template.name}:${name}=<${name}>${instead.join('')}`,
        );
      }
      if (typeof d === 'string') value = d;
      else if (d.derive === 'account') value = account;
      else value = sdkRole(params.service ?? '', params.enforceRole === 'true');
    }
    params[name] = checkValue(template, name, value, version);
  }
  const rows: ResolvedRow[] = [];
  for (const { row, index, rid: ridParts, description } of versionRows) {
    const rid = fill(ridParts, params);
    // A row without parameters passed the grammar when the catalog was loaded.
    if (ridParts.length > 1 && !validIds.has(rid)) {
      const problem = permissionIdProblem(rid);
      if (problem)
        throw new TemplateError(`${template.name}: row ${rid.slice(0, 100)}: ${problem}`);
      validIds.add(rid);
    }
    rows.push({
      row: index + 1,
      rid,
      action: row.action,
      description: fill(description, params),
      glob: row.glob,
      source: row.source,
    });
  }
  return { template, params, rows };
}

/** What each derived default is derived from. */
const DERIVED_FROM: Record<'account' | 'sdk-role', readonly ParamName[]> = {
  account: [],
  'sdk-role': ['service', 'enforceRole'],
};

/**
 * Whether parameter `name` must have a value: a row's id or description
 * names it, or a parameter not given derives its default from it.
 */
function needed(
  template: Template,
  name: ParamName,
  given: Partial<Record<ParamName, string>>,
  rows: readonly { rid: Parts; description: Parts }[],
): boolean {
  const named = (parts: Parts) => parts.some((part, i) => i % 2 === 1 && part === name);
  if (rows.some((r) => named(r.rid) || named(r.description))) return true;
  return derivedFrom(template, name).some((p) => given[p] === undefined);
}

/** The parameters whose default is derived from `name`. */
function derivedFrom(template: Template, name: ParamName): ParamName[] {
  return template.params.flatMap((p) =>
    typeof p.default === 'object' && DERIVED_FROM[p.default.derive].includes(name) ? [p.name] : [],
  );
}

/** Order matters: role may derive from service and enforceRole. */
const FILL_ORDER: readonly ParamName[] = ['service', 'enforceRole', 'principal', 'user', 'role'];

const fillOrders = new WeakMap<Template, readonly Param[]>();

/** The template's parameters in the order they are filled in. */
function filledInOrder(template: Template): readonly Param[] {
  let order = fillOrders.get(template);
  if (!order) {
    order = FILL_ORDER.flatMap((name) => template.params.filter((p) => p.name === name));
    fillOrders.set(template, order);
  }
  return order;
}

/**
 * A row's text split at its placeholders: literal text at even positions,
 * parameter names at odd ones.
 */
type Parts = readonly string[];

interface VersionRow {
  row: TemplateRow;
  /** Position in the template, from 0. */
  index: number;
  rid: Parts;
  description: Parts;
}

/** A template as one DC/OS version sees it. */
interface ForVersion {
  applies: boolean;
  /** The rows the version has, split at their placeholders. */
  rows: readonly VersionRow[];
  /** Per row, what every id it can be filled in as starts with (rowStems). */
  stems: readonly string[];
}

/**
 * Suggestions instantiate every template for every account: versions are
 * compared and texts split once per (template, version), not per account.
 */
const forVersions = new WeakMap<Template, Map<string, ForVersion>>();

function forVersion(template: Template, version: string): ForVersion {
  let byVersion = forVersions.get(template);
  if (!byVersion) {
    byVersion = new Map();
    forVersions.set(template, byVersion);
  }
  let entry = byVersion.get(version);
  if (!entry) {
    const rows = template.rows.flatMap((row, index) =>
      row.since && compareVersions(version, row.since) < 0
        ? []
        : [
            {
              row,
              index,
              rid: row.rid.split(PLACEHOLDER),
              description: row.description.split(PLACEHOLDER),
            },
          ],
    );
    entry = {
      applies: inRange(template, version),
      rows,
      // The text before the first parameter, or before a glob's `*`.
      stems: rows.map(({ row, rid }) =>
        rid.length > 1 ? rid[0]! : row.glob ? row.rid.slice(0, -1) : row.rid,
      ),
    };
    byVersion.set(version, entry);
  }
  return entry;
}

/**
 * Per row the version has, what every id the row can be filled in as
 * starts with, whatever the parameters' values: its id up to its first
 * parameter or a glob's `*`.
 */
export function rowStems(template: Template, version: string): readonly string[] {
  return forVersion(template, version).stems;
}

function fill(parts: Parts, params: Partial<Record<ParamName, string>>): string {
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    out += (params[name as ParamName] ?? `{${name}}`) + parts[i + 1]!;
  }
  return out;
}

/**
 * Filled-in ids that passed the grammar: the same role or principal recurs
 * across templates and accounts, and each distinct id is parsed by zod once.
 * Bounded by the rows the report could show (accounts times rows).
 */
const validIds = new Set<string>();
/** Principals that passed the grammar: the account itself, for every template it is tried with. */
const validPrincipals = new Set<string>();

function checkValue(template: Template, name: ParamName, raw: string, version: string): string {
  const fail = (why: string) => {
    throw new TemplateError(`${template.name}: ${name}=${raw.slice(0, 60)}: ${why}`);
  };
  if (name === 'enforceRole') {
    if (raw !== 'true' && raw !== 'false') fail('use true or false');
    if (raw === 'true' && compareVersions(version, '2.0') < 0)
      fail('enforceRole exists from DC/OS 2.0 on: check --dcos-version');
    return raw;
  }
  if (name === 'principal') {
    if (validPrincipals.has(raw)) return raw;
    const problem = uidProblem(raw);
    if (problem) fail(problem);
    validPrincipals.add(raw);
    return raw;
  }
  if (name === 'service') {
    const path = raw.replace(/^\/+|\/+$/g, '');
    if (!VALUE.test(path) || path.includes('//') || path.includes('*'))
      fail('a service name is a Marathon app id such as /team01/cassandra');
    return path;
  }
  if (!VALUE.test(raw)) fail('use letters, digits and . _ / * + - only (no : , = @)');
  return raw;
}
