import { explainDenied, explainPredicted } from '../report/explain.js';
import type { Account, Denied, Report } from '../report/schema.js';
import { shellWord } from '../text/shell-quote.js';
import type { Tone } from './colour.js';
import { Page } from './page.js';
import { printable } from './printable.js';
import { inPieces } from './rendered.js';
import { type Cell, cellText, hosts, list, reportSections, WHY_CHARS } from './table-sections.js';
import type { Column, Row, Terminal } from './terminal-layout.js';
import { plural, shortTime, sumCounts } from './text.js';

function verdict(grant: string, note: string | null): string {
  if (grant === 'grant') return 'yes';
  return `${grant === 'risky' ? 'risky' : 'no'}: ${note ?? ''}`;
}

/** The why column: short; the json report and --explain have it all. */
const why = (text: string) =>
  text.length > WHY_CHARS ? `${text.slice(0, WHY_CHARS - 3)}...` : text;

/**
 * An account's grants. On a narrow terminal the times, component and hosts
 * are left out first; the permission, its action, the verdict and why stay.
 */
const ACCOUNT_COLUMNS: Column[] = [
  { head: 'permission', wrapTo: 40 },
  { head: 'action' },
  { head: 'count', leaveOut: 5 },
  { head: 'first seen (UTC)', leaveOut: 1 },
  { head: 'last seen (UTC)', leaveOut: 4 },
  { head: 'hosts', leaveOut: 3, wrapTo: 16 },
  { head: 'component', leaveOut: 2 },
  { head: 'grant', wrapTo: 12, reads: 24 },
  { head: 'why', wrapTo: 16, reads: 30 },
];

/** Risky and never-granted rows stand out; a DC/OS-native account's are dimmed. */
function tone(
  grant: { grant: string; alreadyGranted: unknown },
  account: Account,
): Tone | undefined {
  if (!grant.alreadyGranted && grant.grant === 'risky') return 'risky';
  if (!grant.alreadyGranted && grant.grant === 'never') return 'never';
  return account.native ? 'native' : undefined;
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
      `  suggested template: --template ${shellWord(s.option)} (explains ${s.explains} of ${s.of}; ${s.unseen} row${s.unseen === 1 ? '' : 's'} not yet seen)`,
    );
  }
  return out;
}

/** An account's grants, observed then predicted, as table rows. */
function accountRows(account: Account): Row[] {
  const rows: { cells: Cell[]; tone: Tone | undefined }[] = [
    ...account.denied.map((d) => ({
      cells: [
        permissionCell(d),
        d.action,
        d.count,
        shortTime(d.firstSeen),
        shortTime(d.lastSeen),
        hosts(d.hosts),
        list(d.components),
        d.alreadyGranted ? 'no: already granted' : verdict(d.grant, d.note),
        why(d.why),
      ],
      tone: tone(d, account),
    })),
    ...account.predicted.map((p) => ({
      cells: [
        p.rid,
        p.action,
        '-',
        '-',
        '-',
        '-',
        '-',
        p.alreadyGranted ? 'no: already granted' : verdict(p.grant, p.note),
        why(p.why),
      ],
      tone: tone(p, account),
    })),
  ];
  return rows.map((r) => ({ cells: r.cells.map(cellText), tone: r.tone }));
}

/** The permission, what it was mapped from, and whether this run saw it first (--state). */
function permissionCell(d: Denied): Cell {
  const lines = [d.rid];
  if (d.mappedFrom.length > 0) lines.push(`(from ${list(d.mappedFrom)})`);
  if (d.new) lines.push(NEW_MARK);
  return lines.length === 1 ? d.rid : lines;
}

/** Under a permission first seen in this run: the state file's earlier runs had not seen it. */
export const NEW_MARK = '(new in this run)';

/** `f` of each of `xs`, made only as it is read: one account's rows at a time. */
function* lazily<T, U>(xs: readonly T[], f: (x: T) => U): Generator<U> {
  for (const x of xs) yield f(x);
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
  /** Where it is shown: absent, plain and full width (a pipe or a file). */
  terminal?: Terminal;
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
  const page = new Page(opts.terminal);
  // Every line ends in a newline, so the lines pushed so far can be written at any point.
  const out: string[] = [];
  /** The lines pushed so far, in pieces (rendered.ts says why). */
  function* lines(): Generator<string> {
    yield* inPieces(out);
    out.length = 0;
  }
  const observed = report.analysis.evidence === 'denied' ? 'denied' : 'observed';
  // Every account alike: as tables, or stacked if one account's grants must be.
  const stacked = page.stacks(ACCOUNT_COLUMNS, lazily(report.accounts, accountRows));
  for (const account of report.accounts) {
    const n = account.denied.length;
    const p = account.predicted.length;
    const fresh = account.denied.filter((d) => d.new).length;
    out.push(
      page.line(
        printable(
          `Account ${account.uid}: ${n} ${observed} permission${n === 1 ? '' : 's'}${fresh > 0 ? ` (${fresh} new in this run)` : ''}${p > 0 ? `, ${p} predicted by templates` : ''}${account.native ? ' (DC/OS-native)' : ''}`,
        ),
        account.native ? 'native' : 'heading',
      ),
    );
    if (account.note) out.push(page.line(`  ${account.note}`));
    out.push(...page.lines(accountLines(account).map(printable)));
    // Line by line, not spread into push: an account's table may have more
    // lines than a call takes arguments.
    for (const line of page.tableLines(ACCOUNT_COLUMNS, accountRows(account), 2, stacked))
      out.push(line);
    out.push('');
    if (opts.explain) for (const line of page.lines(explanations(account))) out.push(line);
    yield* lines();
  }
  out.push(...reportSections(report, page));
  // Partial: what was not read may hold denials (an input that gave nothing at all, too).
  if (report.accounts.length === 0 && report.stats.denyRecords === 0) {
    // No record at all is no data about denials, not the absence of any.
    const { records, suspicious, malformed } = report.stats;
    const what = records + suspicious + malformed === 0 ? 'audit records' : 'denials';
    const none = `No ${what} ${report.partial ? 'in what was read' : 'found'}`;
    const hiding = [
      [sumCounts(report.suspicious), 'suspicious'],
      [sumCounts(report.malformed), 'malformed'],
    ] as const;
    const which = hiding.filter(([n]) => n > 0).map(([n, kind]) => `${n} ${kind}`);
    const total = hiding[0][0] + hiding[1][0];
    const buts: string[] = [];
    if (total > 0) buts.push(`${which.join(' and ')} record${total === 1 ? '' : 's'} may hide one`);
    // Messages the journal lost before they were read may have been denials (the warnings say why).
    const { suppressedMessages, blobLines, tooLong } = report.stats;
    if (suppressedMessages > 0)
      buts.push(`journald dropped ${suppressedMessages} messages, which may hide some`);
    if (blobLines > 0) buts.push(`${blobLines} messages could not be read, which may hide some`);
    if (tooLong > 0)
      buts.push(
        `${plural(tooLong, 'line')} longer than --max-line ${tooLong === 1 ? 'was' : 'were'} skipped, which may hide some`,
      );
    out.push(page.line(buts.length > 0 ? `${none}, but ${buts.join(', and ')}.` : `${none}.`));
  }
  out.push(...page.leftOutNote());
  out.push(page.line(summary(report)));
  yield* lines();
}

/** With --since/--until: the records left out, and the window. */
function outsideWindow(report: Report): string {
  const { window, stats } = report;
  if (!window) return '';
  const range = [window.since && `since ${window.since}`, window.until && `until ${window.until}`];
  return `, ${stats.outsideWindow ?? 0} outside the window (${range.filter(Boolean).join(' ')})`;
}

export function summary(report: Report): string {
  const s = report.stats;
  const n = report.inputs.length;
  // Accounts named only by --template <name>@<uid> have nothing observed.
  const a = report.accounts.filter((x) => x.denied.length > 0).length;
  const observed = report.analysis.evidence === 'denied' ? 'denials' : 'observed permissions';
  return (
    `${report.partial ? 'PARTIAL: ' : ''}Read ${plural(s.lines, 'line')} from ${plural(n, 'input')}: ` +
    `${plural(s.records, 'audit record')} (${s.denyRecords} deny, ${s.allowRecords} allow)${outsideWindow(report)}, ${s.notAudit} not audit, ` +
    `${s.malformed} malformed, ${s.suspicious} suspicious, ${s.tooLong} too long; ` +
    `${a} account${a === 1 ? '' : 's'} with ${observed}.`
  );
}
