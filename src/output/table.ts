import Table from 'cli-table3';
import type { Report } from '../report/schema.js';
import { printable } from './printable.js';

/** A cell: text from the logs (escaped when shown), a number, or several lines of text. */
type Cell = string | number | string[];

function table(head: string[], rows: Cell[][]): string {
  // No colours: the same bytes on a terminal, in a pipe and in golden files.
  const t = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) {
    t.push(
      row.map((c) =>
        typeof c === 'number'
          ? c
          : typeof c === 'string'
            ? printable(c)
            : c.map(printable).join('\n'),
      ),
    );
  }
  return t.toString();
}

const list = (xs: string[]) => xs.join(', ');
/** At most two hosts by name, then how many more: the json report has them all. */
const hosts = (xs: string[]) =>
  xs.length > 2 ? `${xs.slice(0, 2).join(', ')} +${xs.length - 2}` : list(xs);
const time = (t: string | null) => (t ? t.slice(0, 19).replace('T', ' ') : '-');

function verdict(grant: string, note: string | null): string {
  if (grant === 'grant') return 'yes';
  return `${grant === 'risky' ? 'risky' : 'no'}: ${note ?? ''}`;
}

export function renderTable(report: Report): string {
  const out: string[] = [];
  for (const account of report.accounts) {
    const n = account.denied.length;
    out.push(
      `Account ${account.uid}: ${n} denied permission${n === 1 ? '' : 's'}${account.native ? ' (DC/OS-native)' : ''}`,
    );
    if (account.note) out.push(`  ${account.note}`);
    out.push(
      table(
        [
          'permission',
          'action',
          'count',
          'first seen (UTC)',
          'last seen (UTC)',
          'hosts',
          'component',
          'grant',
        ],
        account.denied.map((d) => [
          d.mappedFrom.length > 0 ? [d.rid, `(from ${list(d.mappedFrom)})`] : d.rid,
          d.action,
          d.count,
          time(d.firstSeen),
          time(d.lastSeen),
          hosts(d.hosts),
          list(d.components),
          verdict(d.grant, d.note),
        ]),
      ),
      '',
    );
  }
  if (report.unattributed.length > 0) {
    out.push('Denials without an account (never granted)');
    out.push(
      table(
        ['permission', 'action', 'count', 'reason', 'last seen (UTC)', 'hosts', 'component'],
        report.unattributed.map((u) => [
          u.rid,
          u.action,
          u.count,
          u.reason,
          time(u.lastSeen),
          list(u.hosts),
          list(u.components),
        ]),
      ),
      '',
    );
  }
  if (report.truncated.length > 0) {
    out.push('Records cut before their end (never attributed)');
    out.push(
      table(
        ['object', 'action', 'result', 'count', 'hosts', 'component'],
        report.truncated.map((t) => [
          t.object,
          t.action,
          t.result,
          t.count,
          list(t.hosts),
          list(t.components),
        ]),
      ),
      '',
    );
  }
  if (report.authenticationFailures.length > 0) {
    out.push('Failed logins (an authentication problem, not a missing grant)');
    out.push(
      table(
        ['account', 'action', 'reason', 'count', 'last seen (UTC)', 'hosts'],
        report.authenticationFailures.map((f) => [
          f.uid ?? '-',
          f.action,
          f.reason ?? '-',
          f.count,
          time(f.lastSeen),
          list(f.hosts),
        ]),
      ),
      '',
    );
  }
  if (report.invalid.length > 0) {
    out.push('Invalid denials (never granted)');
    out.push(
      table(
        ['account', 'permission', 'action', 'count', 'problem'],
        report.invalid.map((i) => [i.uid ?? '-', i.rid, i.action, i.count, i.problem]),
      ),
      '',
    );
  }
  for (const [title, problems] of [
    ['Suspicious records (never granted)', report.suspicious],
    ['Malformed records', report.malformed],
  ] as const) {
    if (problems.length === 0) continue;
    out.push(title);
    out.push(
      table(
        ['problem', 'count', 'first seen at'],
        problems.map((p) => [p.problem, p.count, p.samples.map((s) => `${s.source}:${s.line}`)]),
      ),
      '',
    );
  }
  const sshHosts = report.inputs.filter((i) => i.kind === 'ssh');
  if (sshHosts.length > 0) {
    const failed = sshHosts.filter((h) => !h.complete).length;
    out.push(
      `Hosts read over SSH: ${sshHosts.length - failed} complete, ${failed} not read completely`,
    );
    out.push(
      table(
        ['host', 'status', 'bytes', 'records', 'seconds'],
        sshHosts.map((h) => [
          h.target ? [h.source, h.target] : h.source,
          h.complete ? 'ok' : `FAILED: ${shortReason(h.error)} (see warnings)`,
          h.bytes,
          h.records,
          h.seconds,
        ]),
      ),
      '',
    );
  }
  for (const w of report.warnings) out.push(`warning: ${printable(w.message)}`);
  if (report.accounts.length === 0 && report.stats.denyRecords === 0) out.push('No denials found.');
  out.push(summary(report));
  return `${out.join('\n')}\n`;
}

/** The first clause of an error, for a table cell; the whole text is in the warnings. */
function shortReason(error: string | null): string {
  const text = (error ?? 'incomplete').split(/[:;]/)[0]!.trim();
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function summary(report: Report): string {
  const s = report.stats;
  const n = report.inputs.length;
  return (
    `${report.partial ? 'PARTIAL: ' : ''}Read ${s.lines} lines from ${n} input${n === 1 ? '' : 's'}: ` +
    `${s.records} audit records (${s.denyRecords} deny, ${s.allowRecords} allow), ${s.notAudit} not audit, ` +
    `${s.malformed} malformed, ${s.suspicious} suspicious, ${s.tooLong} too long; ` +
    `${report.accounts.length} account${report.accounts.length === 1 ? '' : 's'} with denials.`
  );
}
