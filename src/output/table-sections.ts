import type { Report } from '../report/schema.js';
import { HOST_CAP } from '../report/snapshot-limits.js';
import type { Page } from './page.js';
import { printable } from './printable.js';
import type { Column } from './terminal-layout.js';
import { shortTime } from './text.js';

/**
 * The table report's sections after the accounts: denials no grant comes
 * of, records cut or not understood, and the hosts read over SSH or the
 * logging API. On a narrow terminal each table leaves out its counts, times,
 * hosts and components first.
 */

/** A cell: text from the logs (escaped when shown), a number, or several lines of text. */
export type Cell = string | number | string[];

/** A cell as the table draws it: printable, its lines separated by newlines. */
export const cellText = (c: Cell): string =>
  typeof c === 'number'
    ? String(c)
    : typeof c === 'string'
      ? printable(c)
      : c.map(printable).join('\n');

export const list = (xs: string[]) => xs.join(', ');
/**
 * At most two hosts by name, then how many more: the json report has them
 * all, up to the HOST_CAP a group keeps (a list that long may have lost some).
 */
export const hosts = (xs: string[]) =>
  xs.length > 2
    ? `${xs.slice(0, 2).join(', ')} +${xs.length - 2}${xs.length >= HOST_CAP ? ' or more' : ''}`
    : list(xs);

/** The why column's length at most; the json report and --explain have it all. */
export const WHY_CHARS = 60;

/** What a refused Mesos token means, under the failed logins. */
const REFUSED_TOKEN =
  'A Mesos request refused (an HTTP verb on an endpoint path) had a missing, invalid or expired token: the service must log in again.';

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

/** The first clause of an error, for a table cell; the whole text is in the warnings. */
function shortReason(error: string | null): string {
  const text = (error ?? 'incomplete').split(/[:;] /)[0]!.trim();
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const ID = 40;
const TEXT = 16;
const HOSTS = 16;

/** Columns left out first on a narrow terminal: counts, times, hosts, components. */
const SEEN: Column[] = [
  { head: 'count', leaveOut: 4 },
  { head: 'last seen (UTC)', leaveOut: 3 },
  { head: 'hosts', leaveOut: 2, wrapTo: HOSTS },
  { head: 'component', leaveOut: 1 },
];

export function reportSections(report: Report, page: Page): string[] {
  const out: string[] = [];
  const section = (title: string, columns: Column[], rows: Cell[][], titleColumns = 1) => {
    out.push(
      page.line(title, 'heading'),
      page.table(
        columns,
        rows.map((cells) => ({ cells: cells.map(cellText) })),
        titleColumns,
      ),
    );
  };
  if (report.unattributed.length > 0) {
    section(
      'Denials without an account (never granted)',
      [
        { head: 'permission', wrapTo: ID },
        { head: 'action' },
        SEEN[0]!,
        { head: 'reason', wrapTo: TEXT },
        ...SEEN.slice(1),
      ],
      report.unattributed.map((u) => [
        u.rid,
        u.action,
        u.count,
        u.reason,
        shortTime(u.lastSeen),
        list(u.hosts),
        list(u.components),
      ]),
      2,
    );
    out.push('');
  }
  if (report.truncated.length > 0) {
    section(
      'Records cut before their end (never attributed)',
      [
        { head: 'object', wrapTo: ID },
        { head: 'action', wrapTo: TEXT },
        { head: 'result' },
        { head: 'count', leaveOut: 3 },
        { head: 'hosts', leaveOut: 2, wrapTo: HOSTS },
        { head: 'component', leaveOut: 1 },
      ],
      report.truncated.map((t) => [
        t.object,
        t.action,
        t.result,
        t.count,
        list(t.hosts),
        list(t.components),
      ]),
      2,
    );
    out.push('');
  }
  if (report.authenticationFailures.length > 0) {
    section(
      'Failed logins and refused tokens (an authentication problem, not a missing grant)',
      [
        { head: 'account', wrapTo: TEXT },
        { head: 'action', wrapTo: ID },
        { head: 'reason', wrapTo: TEXT },
        ...SEEN,
      ],
      report.authenticationFailures.map((f) => [
        f.uid ?? '-',
        f.object === null ? f.action : `${f.action} ${f.object}`,
        f.reason ?? '-',
        f.count,
        shortTime(f.lastSeen),
        list(f.hosts),
        list(f.components),
      ]),
      2,
    );
    if (report.authenticationFailures.some((f) => f.object !== null))
      out.push(page.line(REFUSED_TOKEN));
    out.push('');
  }
  if (report.invalid.length > 0) {
    section(
      'Invalid denials (never granted)',
      [
        { head: 'account', wrapTo: TEXT },
        { head: 'permission', wrapTo: ID },
        { head: 'action', wrapTo: TEXT },
        { head: 'count', leaveOut: 1 },
        { head: 'problem', wrapTo: TEXT },
      ],
      report.invalid.map((i) => [i.uid ?? '-', i.rid, i.action, i.count, i.problem]),
      3,
    );
    out.push('');
  }
  if (report.unmapped.length > 0) {
    section(
      'Records no permission is named for (never granted)',
      [
        { head: 'account', wrapTo: TEXT },
        { head: 'record', wrapTo: ID },
        { head: 'result' },
        { head: 'count', leaveOut: 3 },
        { head: 'last seen (UTC)', leaveOut: 2 },
        { head: 'hosts', leaveOut: 1, wrapTo: HOSTS },
        { head: 'why', wrapTo: TEXT },
      ],
      report.unmapped.map((u) => [
        u.uid ?? '-',
        `${u.component} ${u.action} ${u.object}`,
        u.result,
        u.count,
        shortTime(u.lastSeen),
        list(u.hosts),
        wrapped(u.problem, WHY_CHARS),
      ]),
      2,
    );
    out.push(
      page.line('First record of each:'),
      ...report.unmapped.map((u) =>
        page.line(printable(`  ${u.sample.source}:${u.sample.line}: ${u.sample.text}`)),
      ),
      '',
    );
  }
  for (const [title, problems] of [
    ['Suspicious records (never granted)', report.suspicious],
    ['Malformed records', report.malformed],
  ] as const) {
    if (problems.length === 0) continue;
    section(
      title,
      [
        { head: 'problem', wrapTo: TEXT },
        { head: 'count' },
        { head: 'first seen at', wrapTo: TEXT },
      ],
      problems.map((p) => [p.problem, p.count, p.samples.map((s) => `${s.source}:${s.line}`)]),
    );
    out.push('');
  }
  for (const [kind, title] of [
    ['cluster', 'Masters read through the logging API'],
    ['ssh', 'Hosts read over SSH'],
  ] as const) {
    const hosts = report.inputs.filter((i) => i.kind === kind);
    if (hosts.length === 0) continue;
    const failed = hosts.filter((h) => !h.complete).length;
    section(
      `${title}: ${hosts.length - failed} complete, ${failed} not read completely`,
      [
        { head: 'host', wrapTo: TEXT },
        { head: 'status', wrapTo: TEXT },
        { head: 'bytes', leaveOut: 2 },
        { head: 'records', leaveOut: 3 },
        { head: 'seconds', leaveOut: 1 },
      ],
      hosts.map((h) => [
        h.target && kind === 'ssh' ? [h.source, h.target] : h.source,
        h.complete ? 'ok' : `FAILED: ${shortReason(h.error)} (see warnings)`,
        h.bytes,
        h.records,
        h.seconds,
      ]),
    );
    out.push('');
  }
  for (const w of report.warnings) out.push(page.line(`warning: ${printable(w.message)}`));
  return out;
}
