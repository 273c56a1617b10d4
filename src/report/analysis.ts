import { assess, isNative, nativeNote } from '../rules/assess.js';
import { PairIndex, rowCovers } from '../rules/coverage.js';
import { evidenceRules, familyOf } from '../rules/data/families.js';
import { type ExistingFile, type ExistingGrant, ExistingGrants } from '../rules/existing.js';
import { suggestTemplates } from '../rules/suggest.js';
import {
  findTemplate,
  instantiate,
  LATEST_DCOS,
  type ResolvedRow,
  type TemplateInstance,
  type TemplateSpec,
} from '../rules/templates.js';
import type {
  Account,
  Analysis,
  Denied,
  ExistingCover,
  Predicted,
  TemplateRowRef,
  Warning,
} from './schema.js';
import { SharedValues } from './shared-values.js';

/**
 * The per-account analysis on top of the evidence: templates (applied or
 * suggested), existing grants, security mode, and for every proposed grant
 * why it is proposed and where its rules come from.
 */

export type EvidenceMode = 'denied' | 'allowed' | 'all';
export type SecurityMode = 'strict' | 'permissive';

export interface AnalysisOptions {
  evidence: EvidenceMode;
  securityMode: SecurityMode;
  dcosVersion: string;
  /** Parsed `--template` values, with the text as given. */
  templates: (TemplateSpec & { text: string })[];
  existing: ExistingFile[];
  /** Suggest templates for each account (the formats that show them): the dearest part of a report. */
  suggest: boolean;
}

export const DEFAULT_ANALYSIS: AnalysisOptions = {
  evidence: 'denied',
  securityMode: 'strict',
  dcosVersion: LATEST_DCOS,
  templates: [],
  existing: [],
  suggest: true,
};

export function accountFields() {
  return {
    superuser: null,
    existingGrants: null,
    templates: [],
    suggestions: [],
    predicted: [],
  } satisfies Partial<Account>;
}

function enforcedIn(mode: SecurityMode, rid: string): boolean {
  return mode === 'strict' || familyOf(rid)?.enforced !== 'strict';
}

const STILL_DENIED =
  'the denial came from somewhere else: another account, a stale token or cache, or a security mode change';

function cover(g: ExistingGrant | undefined, denied: boolean): ExistingCover | null {
  if (!g) return null;
  const note = denied ? STILL_DENIED : 'nothing to add';
  return { rid: g.rid, action: g.action, via: g.via, source: g.source, note };
}

function rowRef(instance: TemplateInstance, row: ResolvedRow): TemplateRowRef {
  return {
    template: instance.template.name,
    row: row.row,
    rid: row.rid,
    action: row.action,
    description: row.description,
    source: row.source,
  };
}

const BASIS: Record<Denied['basis'], string> = {
  denied: 'denied',
  allowed: 'used (allowed)',
  both: 'denied and used (allowed)',
};

function alreadyText(c: ExistingCover): string {
  return `already granted (${c.via})`;
}

/**
 * A pair's `sources`: its family's, the mapping's, its template row's, then
 * the rule's own, each once, as one shared list. Pairs give the same few
 * combinations, each worked out once (`rule` is a list assess shares, or
 * one of its own).
 */
class PairSources {
  private readonly made = new Map<string, string[]>();
  constructor(private readonly shared: SharedValues) {}

  of(
    family: string | undefined,
    mapping: string | undefined,
    row: string | undefined,
    rule: readonly string[],
  ): string[] {
    if (rule.length > 0) return this.shared.list(unique([family, mapping, row, ...rule]));
    const key = `${family}\u0000${mapping}\u0000${row}`;
    let list = this.made.get(key);
    if (list === undefined) {
      list = this.shared.list(unique([family, mapping, row]));
      this.made.set(key, list);
    }
    return list;
  }
}

/** The values, each once, in order. A few per grant: a scan is cheaper than a set. */
function unique(xs: (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const x of xs) if (x !== undefined && !out.includes(x)) out.push(x);
  return out;
}

/**
 * Fills in the analysis fields of every account, adds the accounts that a
 * `--template <name>@<uid>` names but the logs do not, and returns the
 * report's `analysis` section and the warnings it gives.
 */
export function analyzeAccounts(
  accounts: Account[],
  opts: AnalysisOptions,
  allowedNotChecks: number,
  wanted: (uid: string) => boolean,
  shared = new SharedValues(),
): { accounts: Account[]; analysis: Analysis; warnings: Warning[] } {
  const existing = new ExistingGrants(opts.existing);
  const named = new Set(accounts.map((a) => a.uid));
  for (const spec of opts.templates) {
    if (spec.uid === null || named.has(spec.uid) || !wanted(spec.uid)) continue;
    named.add(spec.uid);
    accounts.push({
      uid: spec.uid,
      native: isNative(spec.uid),
      note: nativeNote(spec.uid) ?? null,
      denied: [],
      ...accountFields(),
    });
  }
  accounts.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));

  let permissiveMesosDenials = 0;
  const sources = new PairSources(shared);
  for (const account of accounts) {
    const uid = account.uid;
    if (existing.known(uid)) {
      account.superuser = existing.holdsSuperuser(uid);
      account.existingGrants = existing.of(uid).length;
    }
    const instances = opts.templates
      .filter((s) => s.uid === null || s.uid === uid)
      .map((s) => instantiate(findTemplate(s.name)!, s.params, uid, opts.dcosVersion));

    for (const d of account.denied) {
      const enforced = enforcedIn(opts.securityMode, d.rid);
      if (!enforced && d.records.deny > 0) permissiveMesosDenials += d.records.deny;
      d.enforced = enforced;
      d.alreadyGranted = cover(existing.covering(uid, d), d.records.deny > 0);
      let ref: TemplateRowRef | null = null;
      for (const instance of instances) {
        const row = instance.rows.find((r) => rowCovers(r, d));
        if (row) {
          ref = rowRef(instance, row);
          break;
        }
      }
      d.template = ref;
      d.templateState = instances.length === 0 ? null : ref ? 'in-template' : 'not-in-template';
      const basis =
        account.superuser && d.basis === 'allowed' ? 'used under dcos:superuser' : BASIS[d.basis];
      // Most pairs say their basis alone: no list of parts made for them.
      if (!ref && instances.length === 0 && !d.alreadyGranted && enforced) d.why = basis;
      else {
        const parts = [basis];
        if (ref) parts.push(`in ${ref.template} row ${ref.row}`);
        else if (instances.length > 0)
          parts.push(`not in ${instances.map((i) => i.template.name).join(', ')}`);
        if (d.alreadyGranted) parts.push(alreadyText(d.alreadyGranted));
        if (!enforced) parts.push('not enforced in permissive mode');
        d.why = parts.join('; ');
      }
      d.sources = sources.of(
        familyOf(d.rid)?.source,
        d.mappedFrom.length === 0 ? undefined : evidenceRules().mappedSources.plugin,
        ref?.source,
        d.sources,
      );
    }

    const predicted: Predicted[] = [];
    const index = instances.length > 0 ? new PairIndex(account.denied) : undefined;
    account.templates = instances.map((instance) => {
      let seen = 0;
      for (const row of instance.rows) {
        if (index!.seen(row)) {
          seen++;
          continue;
        }
        if (predicted.some((p) => p.rid === row.rid && p.action === row.action)) continue;
        const verdict = assess(uid, row.rid, row.action);
        const alreadyGranted = cover(existing.covering(uid, row), false);
        const enforced = enforcedIn(opts.securityMode, row.rid);
        const ref = rowRef(instance, row);
        const parts = [`predicted by ${ref.template} row ${ref.row}: not yet seen`];
        if (alreadyGranted) parts.push(alreadyText(alreadyGranted));
        if (!enforced) parts.push('not enforced in permissive mode: logs cannot show it missing');
        predicted.push({
          rid: row.rid,
          action: row.action,
          template: ref,
          grant: verdict.status,
          note: verdict.note ?? null,
          alreadyGranted,
          enforced,
          why: parts.join('; '),
          sources: unique([familyOf(row.rid)?.source, row.source, ...(verdict.sources ?? [])]),
        });
      }
      return {
        name: instance.template.name,
        params: instance.params as Record<string, string>,
        rows: instance.rows.length,
        seen,
        predicted: instance.rows.length - seen,
        notInTemplate: account.denied.length - index!.explainedBy(instance.rows),
      };
    });
    account.predicted = predicted;

    if (opts.suggest && instances.length === 0 && !account.native) {
      account.suggestions = suggestTemplates(uid, account.denied, opts.dcosVersion).map(
        ({ template, params, option, explains, of, rows, unseen }) => ({
          template,
          params: params as Record<string, string>,
          option,
          explains,
          of,
          rows,
          unseen,
        }),
      );
    }
  }

  const warnings: Warning[] = [];
  if (permissiveMesosDenials > 0) {
    warnings.push({
      code: 'mode-mismatch',
      message: `${permissiveMesosDenials} denials of dcos:mesos ids with --security-mode permissive: Mesos enforces them only in strict mode; is the cluster strict?`,
      count: permissiveMesosDenials,
    });
  }
  const skipped = opts.existing.reduce((n, f) => n + f.skipped.length, 0);
  if (skipped > 0) {
    warnings.push({
      code: 'existing-skipped',
      message: `${skipped} entries of --existing files were not read (an id or action outside the grammar): see analysis.existing`,
      count: skipped,
    });
  }
  const analysis: Analysis = {
    evidence: opts.evidence,
    securityMode: opts.securityMode,
    dcosVersion: opts.dcosVersion,
    templates: opts.templates.map((t) => t.text),
    existing: opts.existing.map((f) => ({
      source: f.source,
      shape: f.shape,
      uid: f.uid,
      grants: f.grants.length,
      skipped: f.skipped,
    })),
    allowedNotChecks,
  };
  return { accounts, analysis, warnings };
}
