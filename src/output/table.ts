import Table from 'cli-table3';
import { explainDenied, explainPredicted } from '../report/explain.js';
import type { Account, Report } from '../report/schema.js';
import { boxTable } from './box-table.js';
import { printable } from './printable.js';
import { shortTime } from './text.js';

/** A cell: text from the logs (escaped when shown), a number, or several lines of text. */
type Cell = string | number | string[];

function table(head: string[], rows: Cell[][]): string {
  const shown = rows.map((row) =>
    row.map((c) =>
      typeof c === 'number'
        ? c
        : typeof c === 'string'
          ? printable(c)
          : c.map(printable).join('\n'),
    ),
  );
  const fast = boxTable(head, shown);
  if (fast !== undefined) return fast;
  // No colours: the same bytes on a terminal, in a pipe and in golden files.
  const t = new Table({ head, style: { head: [], border: [] } });
  for (const row of shown) t.push(row);
  return t.toString();
}

const list = (xs: string[]) => xs.join(', ');
/** At most two hosts by name, then how many more: the json report has them all. */
const hosts = (xs: string[]) =>
  xs.length > 2 ? `${xs.slice(0, 2).join(', ')} +${xs.length - 2}` : list(xs);

function verdict(grant: string, note: string | null): string {
  if (grant === 'grant') return 'yes';
  return `${grant === 'risky' ? 'risky' : 'no'}: ${note ?? ''}`;
}

/** What a refused Mesos token means, under the failed logins. */
const REFUSED_TOKEN =
  'A Mesos request refused (an HTTP verb on an endpoint path) had a missing, invalid or expired token: the service must log in again.';

/** The why column: short; the json report and --explain have it all. */
const WHY_CHARS = 60;
const why = (text: string) =>
  text.length > WHY_CHARS ? `${text.slice(0, WHY_CHARS - 3)}...` : text;

/** Text as lines of about `width` characters, broken at spaces: a cell with nothing else to show it. */
function wrapped(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

/** Lines under an account's heading: the superuser flag, applied and suggested templates. */
function accountLines(account: Account): string[] {
  const out: string[] = [];
  if (account.superuser)
    out.push(
      '  holds dcos:superuser (per --existing): the grants below are what it needs without it',
    );
  for (const t of account.templates) {
    const params = Object.entries(t.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    out.push(
      `  template ${t.name} (${params}): ${t.seen} of ${t.rows} rows seen, ${t.predicted} predicted; ${t.notInTemplate} observed not in it`,
    );
  }
  for (const s of account.suggestions) {
    out.push(
      `  suggested template: --template ${s.option} (explains ${s.explains} of ${s.of}; ${s.unseen} row${s.unseen === 1 ? '' : 's'} not yet seen)`,
    );
  }
  return out;
}

function explanations(account: Account): string[] {
  const out = ['Why (--explain):'];
  for (const d of account.denied) {
    out.push(`  ${d.rid} ${d.action}`, ...explainDenied(account, d).map((l) => `    ${l}`));
  }
  for (const p of account.predicted) {
    out.push(`  ${p.rid} ${p.action} (predicted)`, ...explainPredicted(p).map((l) => `    ${l}`));
  }
  return [...out.map(printable), ''];
}

export interface TableOptions {
  /** Each grant's evidence, template row, risk and sources under its account's table. */
  explain?: boolean;
}

export function renderTable(report: Report, opts: TableOptions = {}): string {
  return [...renderTablePieces(report, opts)].join('');
}

/**
 * The table report in pieces, one per account and one for the sections
 * after them, to be written as they are made: the tables of many accounts
 * are tens of megabytes.
 */
export function* renderTablePieces(report: Report, opts: TableOptions = {}): Generator<string> {
  // Every line ends in a newline, so the lines pushed so far can be written at any point.
  const out: string[] = [];
  const lines = () => {
    const text = `${out.join('\n')}\n`;
    out.length = 0;
    return text;
  };
  const observed = report.analysis.evidence === 'denied' ? 'denied' : 'observed';
  for (const account of report.accounts) {
    const n = account.denied.length;
    const p = account.predicted.length;
    out.push(
      `Account ${account.uid}: ${n} ${observed} permission${n === 1 ? '' : 's'}${p > 0 ? `, ${p} predicted by templates` : ''}${account.native ? ' (DC/OS-native)' : ''}`,
    );
    if (account.note) out.push(`  ${account.note}`);
    out.push(...accountLines(account).map(printable));
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
          'why',
        ],
        [
          ...account.denied.map((d) => [
            d.mappedFrom.length > 0 ? [d.rid, `(from ${list(d.mappedFrom)})`] : d.rid,
            d.action,
            d.count,
            shortTime(d.firstSeen),
            shortTime(d.lastSeen),
            hosts(d.hosts),
            list(d.components),
            d.alreadyGranted ? 'no: already granted' : verdict(d.grant, d.note),
            why(d.why),
          ]),
          ...account.predicted.map((p) => [
            p.rid,
            p.action,
            '-',
            '-',
            '-',
            '-',
            '-',
            p.alreadyGranted ? 'no: already granted' : verdict(p.grant, p.note),
            why(p.why),
          ]),
        ],
      ),
      '',
    );
    if (opts.explain) out.push(...explanations(account));
    yield lines();
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
          shortTime(u.lastSeen),
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
    out.push('Failed logins and refused tokens (an authentication problem, not a missing grant)');
    out.push(
      table(
        ['account', 'action', 'reason', 'count', 'last seen (UTC)', 'hosts', 'component'],
        report.authenticationFailures.map((f) => [
          f.uid ?? '-',
          f.object === null ? f.action : `${f.action} ${f.object}`,
          f.reason ?? '-',
          f.count,
          shortTime(f.lastSeen),
          list(f.hosts),
          list(f.components),
        ]),
      ),
    );
    if (report.authenticationFailures.some((f) => f.object !== null)) out.push(REFUSED_TOKEN);
    out.push('');
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
  if (report.unmapped.length > 0) {
    out.push('Records no permission is named for (never granted)');
    out.push(
      table(
        ['account', 'record', 'result', 'count', 'last seen (UTC)', 'hosts', 'why'],
        report.unmapped.map((u) => [
          u.uid ?? '-',
          `${u.component} ${u.action} ${u.object}`,
          u.result,
          u.count,
          shortTime(u.lastSeen),
          list(u.hosts),
          wrapped(u.problem, WHY_CHARS),
        ]),
      ),
      'First record of each:',
      ...report.unmapped.map((u) =>
        printable(`  ${u.sample.source}:${u.sample.line}: ${u.sample.text}`),
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
  // Partial: what was not read may hold denials (an input that gave nothing at all, too).
  if (report.accounts.length === 0 && report.stats.denyRecords === 0)
    out.push(report.partial ? 'No denials in what was read.' : 'No denials found.');
  out.push(summary(report));
  yield lines();
}

/** The first clause of an error, for a table cell; the whole text is in the warnings. */
function shortReason(error: string | null): string {
  const text = (error ?? 'incomplete').split(/[:;] /)[0]!.trim();
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function summary(report: Report): string {
  const s = report.stats;
  const n = report.inputs.length;
  // Accounts named only by --template <name>@<uid> have nothing observed.
  const a = report.accounts.filter((x) => x.denied.length > 0).length;
  const observed = report.analysis.evidence === 'denied' ? 'denials' : 'observed permissions';
  return (
    `${report.partial ? 'PARTIAL: ' : ''}Read ${s.lines} lines from ${n} input${n === 1 ? '' : 's'}: ` +
    `${s.records} audit records (${s.denyRecords} deny, ${s.allowRecords} allow), ${s.notAudit} not audit, ` +
    `${s.malformed} malformed, ${s.suspicious} suspicious, ${s.tooLong} too long; ` +
    `${a} account${a === 1 ? '' : 's'} with ${observed}.`
  );
}
