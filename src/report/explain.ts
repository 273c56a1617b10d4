import { mappingDoubt } from '../rules/permission.js';
import type { Account, Denied, ExistingCover, Predicted, TemplateRowRef } from './schema.js';

/**
 * `--explain`: for each proposed grant, the evidence it rests on, the
 * template row it matches, why it is risky if it is, and where its rules come
 * from, as plain lines. Log text (reasons, the sample) is included as is:
 * each output escapes it for its medium (terminal, shell comment).
 */

const SAMPLE_SHOWN = 200;

function list(xs: readonly string[], quote = false): string {
  if (xs.length === 0) return '-';
  return xs.map((x) => (quote ? `"${x}"` : x)).join(', ');
}

function rowText(t: TemplateRowRef): string {
  return `${t.template} row ${t.row}: ${t.rid} ${t.action} ("${t.description}")`;
}

function coverText(c: ExistingCover): string {
  return `already granted: ${c.rid} ${c.action} (${c.via}, ${c.source}); ${c.note}`;
}

function records(d: Denied): string {
  const parts: string[] = [];
  if (d.records.deny > 0) parts.push(`${d.records.deny} deny`);
  if (d.records.allow > 0) parts.push(`${d.records.allow} allow`);
  return `${parts.join(' and ')} record${d.count === 1 ? '' : 's'}`;
}

export function explainDenied(account: Account, d: Denied): string[] {
  const when =
    d.firstSeen === d.lastSeen ? (d.firstSeen ?? 'no time') : `${d.firstSeen} .. ${d.lastSeen}`;
  const lines = [
    `why: ${d.why}`,
    `evidence: ${records(d)}, ${when}; hosts ${list(d.hosts)}; components ${list(d.components)}; reasons ${list(d.reasons, true)}`,
  ];
  if (d.basis !== 'denied' && account.superuser)
    lines.push('evidence note: allowed while the account held dcos:superuser');
  if (d.mappedFrom.length > 0) lines.push(`mapped from: ${list(d.mappedFrom)}`);
  const doubt = mappingDoubt(d.rid, d.mappedFrom);
  if (doubt) lines.push(`mapping not certain: ${doubt}`);
  if (d.sample) {
    const { source, line, text } = d.sample;
    const cut = text.length > SAMPLE_SHOWN ? '...' : '';
    lines.push(`sample: ${source}:${line}: ${text.slice(0, SAMPLE_SHOWN)}${cut}`);
  }
  lines.push(
    d.template
      ? `template row: ${rowText(d.template)}`
      : d.templateState === 'not-in-template'
        ? 'template row: none: the applied template may be incomplete for this service'
        : 'template row: no template applied',
  );
  lines.push(`risk: ${d.grant === 'grant' ? 'none' : `${d.grant}: ${d.note ?? ''}`}`);
  if (d.alreadyGranted) lines.push(coverText(d.alreadyGranted));
  if (!d.enforced)
    lines.push('mode: not enforced in permissive mode (Mesos checks it only in strict)');
  lines.push(`sources: ${d.sources.join('; ') || '-'}`);
  return lines;
}

export function explainPredicted(p: Predicted): string[] {
  const lines = [
    `why: ${p.why}`,
    'evidence: none yet: the template says the service needs it, the logs have not shown it',
    `template row: ${rowText(p.template)}`,
    `risk: ${p.grant === 'grant' ? 'none' : `${p.grant}: ${p.note ?? ''}`}`,
  ];
  if (p.alreadyGranted) lines.push(coverText(p.alreadyGranted));
  if (!p.enforced)
    lines.push(
      'mode: not enforced in permissive mode: logs cannot show it missing; needed once the cluster is strict',
    );
  lines.push(`sources: ${p.sources.join('; ') || '-'}`);
  return lines;
}
