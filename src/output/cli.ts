import type { Report } from '../report/schema.js';
import type { GrantPlan, PlannedGrant } from '../rules/grant-plan.js';
import { provenance } from './header.js';
import { commentText, shellWord } from './shell-quote.js';
import { sumCounts } from './text.js';

/** `dcos security org users grant` arguments for one planned grant, quoted. */
export function grantArgs(g: PlannedGrant): string {
  return [g.uid, g.rid, g.action, '--description', g.description].map(shellWord).join(' ');
}

/**
 * Writes each account's grants as lines produced by `line`, under a comment
 * header; grants that are not active become comments that say why.
 */
export function grantLines(
  report: Report,
  plan: GrantPlan,
  line: (g: PlannedGrant) => string,
): string[] {
  const out: string[] = [];
  const observed = report.analysis.evidence === 'denied' ? 'denied' : 'observed';
  for (const account of plan.accounts) {
    const predicted = account.grants.filter((g) => g.predicted).length;
    const n = account.grants.length - predicted;
    const more = predicted > 0 ? `, ${predicted} predicted by templates` : '';
    out.push('', `# ${account.uid}: ${n} ${observed} permission${n === 1 ? '' : 's'}${more}`);
    if (account.note) out.push(`# ${account.note}`);
    if (account.superuser)
      out.push('# holds dcos:superuser: revoke it once these grants are in place');
    for (const g of account.grants) {
      if (g.explain) out.push('', ...g.explain.map((text) => `#   ${text}`));
      if (g.alreadyGranted) {
        out.push(`# already granted by ${g.alreadyGranted}: not granted again`, `# ${line(g)}`);
        continue;
      }
      if (g.predicted)
        out.push(
          `# predicted by template ${g.predicted.template} row ${g.predicted.row}, not yet seen in the logs`,
        );
      if (g.active) {
        if (g.note) out.push(`# risky, emitted by --allow-risky: ${g.note}`);
        out.push(line(g));
      } else {
        out.push(`# not granted: ${g.note ?? 'skipped'}`, `# ${line(g)}`);
      }
    }
  }
  const notes = skippedNotes(report);
  if (notes.length > 0) out.push('', ...notes);
  return out.map(commentTextIfComment);
}

/** One comment per kind of denial the report never turns into a grant, with its count. */
export function skippedNotes(report: Report): string[] {
  const skipped = [
    [
      sumCounts(report.unattributed),
      'denials without an account (not authenticated): never granted',
    ],
    [sumCounts(report.truncated), 'records cut before their end: never attributed'],
    [sumCounts(report.invalid), 'denials with an invalid account, id or action: never granted'],
    [
      sumCounts(report.authenticationFailures),
      'failed logins and refused tokens: an authentication problem, not a missing grant',
    ],
    [
      sumCounts(report.unmapped),
      'records no permission can be named for without doubt: never granted',
    ],
    [report.stats.suspicious, 'suspicious (forged or ambiguous) records: never granted'],
  ] as const;
  return skipped
    .filter(([n]) => n > 0)
    .map(([n, what]) => `# ${what} (${n}); see the table or json report`);
}

function commentTextIfComment(line: string): string {
  return line.startsWith('#') ? commentText(line) : line;
}

export function renderCli(report: Report, plan: GrantPlan): string {
  const lines = [
    ...provenance(report),
    '# Review before running. Risky grants are commented out unless --allow-risky.',
    ...grantLines(report, plan, (g) => `dcos security org users grant ${grantArgs(g)}`),
  ];
  return `${lines.join('\n')}\n`;
}
