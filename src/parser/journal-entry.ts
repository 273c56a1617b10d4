import type { JournalEntry, JournalFormat } from './entry.js';
import { parseJsonEntry } from './json-entry.js';
import { parseTimestamp } from './timestamp.js';

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

const IDENT = /^([^\s[:]+)(?:\[\d+\])?: /;
const BLOB = /^\[[\d.]+[KMGTPE]?B? blob data\]$/;

/**
 * The text formats, tried in turn. Each pattern ends after the host (where the
 * format has one); what follows is `ident[pid]: MESSAGE`.
 */
const TEXT_FORMATS: { pattern: RegExp; read(m: RegExpExecArray, line: string): JournalEntry }[] = [
  {
    // short-iso, short-iso-precise: 2026-11-22T10:00:07[.123456]+0000 host ident[pid]: ...
    pattern: /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?(?:Z|[+-]\d\d:?\d\d)) (\S+) /,
    read: (m, line) =>
      withIdent(
        m[2] ? 'short-iso-precise' : 'short-iso',
        line,
        m[0].length,
        m[3],
        parseTimestamp(m[1]!),
      ),
  },
  {
    // short-unix: 1763805607.123456 host ident[pid]: ...
    pattern: /^(\d{9,11})\.(\d{6}) (\S+) /,
    read: (m, line) =>
      withIdent('short-unix', line, m[0].length, m[3], Number(m[1]) * 1000 + Number(m[2]) / 1000),
  },
  {
    // dcos node log: `YYYY-MM-DD HH:MM:SS: MESSAGE` (1.11+ CLIs) or
    // `YYYY-MM-DD HH:MM:SS UTCident [pid]: MESSAGE` (1.13 docs). The first
    // form's time is the local time of the host the CLI ran on, which has
    // no zone written: read in this process's zone, as `short` is. The
    // second says UTC.
    pattern: /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(?:(: )| ?UTC ?([^\s[]*) ?\[\d+\]: )/,
    read: (m, line) => {
      const entry: JournalEntry = { format: 'dcos-node-log', message: line.slice(m[0].length) };
      const time = m[2] ? localTime(m[1]!) : parseTimestamp(`${m[1]}Z`);
      if (time !== undefined) entry.time = time;
      if (m[3]) entry.ident = m[3];
      return markHidden(entry);
    },
  },
  {
    // short, short-precise: Nov 22 10:00:07[.123456] host ident[pid]: ...
    pattern: /^([A-Z][a-z]{2}) ([ \d]\d) (\d\d):(\d\d):(\d\d)(\.\d{6})? (\S+) /,
    read: (m, line) => {
      const time = shortTime(m[1]!, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), m[6]);
      return withIdent(m[6] ? 'short-precise' : 'short', line, m[0].length, m[7], time);
    },
  },
  {
    // short-full: Sun 2026-11-22 10:00:07 UTC host ident[pid]: ...
    pattern: /^[A-Z][a-z]{2} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(\.\d{6})? (\S+) (\S+) /,
    read: (m, line) => {
      const zone =
        m[3] === 'UTC' || m[3] === 'GMT' ? 'Z' : /^[+-]\d{4}$/.test(m[3]!) ? m[3] : undefined;
      // Another zone's abbreviation (CET, EST: journalctl writes the local one)
      // is read in this machine's zone, as `short` is.
      const local = zone === undefined ? localTime(m[1]!) : undefined;
      const time = zone
        ? parseTimestamp(`${m[1]}${m[2] ?? ''}${zone}`)
        : local === undefined
          ? undefined
          : local + (m[2] ? Math.floor(Number(m[2].slice(1)) / 1000) : 0);
      return withIdent('short-full', line, m[0].length, m[4], time);
    },
  },
  {
    // dcos node log of 1.9 and later docs: dcos-log's text form, `<time> <host>
    // <ident> [<pid>] MESSAGE`, each of host, ident and pid left out when the
    // entry has none; the time is Go's ANSIC (`Thu Dec 15 00:29:29 2016`, the
    // day space-padded) in the node's zone, which DC/OS nodes keep at UTC.
    // Without a pid, ident and message cannot be told apart: the message is
    // all after the host.
    pattern:
      /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \d]\d) (\d\d:\d\d:\d\d) (\d{4}) (\S+) (?:(?:([^\s[]\S*) )?\[\d+\] )?/,
    read: (m, line) => {
      const entry: JournalEntry = {
        format: 'dcos-node-log',
        message: line.slice(m[0].length),
        host: m[5]!,
      };
      const month = MONTHS[m[1]!];
      const day = m[2]!.trim().padStart(2, '0');
      const time =
        month === undefined
          ? undefined
          : parseTimestamp(`${m[4]}-${String(month + 1).padStart(2, '0')}-${day}T${m[3]}Z`);
      if (time !== undefined) entry.time = time;
      if (m[6]) entry.ident = m[6];
      return markHidden(entry);
    },
  },
];

export function parseJournalLine(text: string): JournalEntry {
  // A byte-order mark (a file saved by some editors) comes before the first line only.
  const line = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const c = line.charCodeAt(0);
  if (c === 0x7b /* { */ || c === 0x1e /* RS, json-seq */) {
    const entry = parseJsonEntry(line);
    if (entry) return entry;
  }
  // Every text format starts with a digit or a capital letter; others are `cat`.
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a)) {
    for (const format of TEXT_FORMATS) {
      const m = format.pattern.exec(line);
      if (m) return format.read(m, line);
    }
  }
  return markHidden({ format: 'cat', message: line });
}

function withIdent(
  format: JournalFormat,
  line: string,
  at: number,
  host: string | undefined,
  time: number | undefined,
): JournalEntry {
  const rest = line.slice(at);
  const m = IDENT.exec(rest);
  const entry: JournalEntry = { format, message: m ? rest.slice(m[0].length) : rest };
  if (host) entry.host = host;
  if (m) entry.ident = m[1];
  if (time !== undefined && Number.isFinite(time)) entry.time = time;
  return markHidden(entry);
}

function markHidden(entry: JournalEntry): JournalEntry {
  if (entry.message?.endsWith('blob data]') && BLOB.test(entry.message)) {
    entry.hidden = 'blob';
  }
  return entry;
}

/**
 * `YYYY-MM-DD HH:MM:SS` in this process's time zone: a time written without
 * a zone by the machine it was read on. Checked as a timestamp first.
 */
function localTime(text: string): number | undefined {
  if (parseTimestamp(`${text}Z`) === undefined) return undefined;
  const n = (from: number, to: number) => Number(text.slice(from, to));
  const d = new Date(0);
  // setFullYear: the Date constructor would read years 0-99 as 1900-1999.
  d.setFullYear(n(0, 4), n(5, 7) - 1, n(8, 10));
  const t = d.setHours(n(11, 13), n(14, 16), n(17, 19), 0);
  return Number.isFinite(t) ? t : undefined;
}

/**
 * `short` has no year and shows the local time of the machine that ran
 * journalctl: read it in this process's time zone, in the latest year in
 * which the day exists (Feb 29: a leap year) and that does not put it more
 * than a day in the future (the zones of the two machines may differ). A
 * day or a time of day that no year has is no time, not the next one over.
 */
export function shortTime(
  mon: string,
  day: number,
  h: number,
  mi: number,
  s: number,
  frac?: string,
): number | undefined {
  const month = MONTHS[mon];
  if (month === undefined || day < 1 || day > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = frac ? Math.floor(Number(frac.slice(1)) / 1000) : 0;
  const now = Date.now();
  const thisYear = new Date(now).getFullYear();
  // Eight years back reach a leap year, whatever the century.
  for (let year = thisYear; year >= thisYear - 8; year--) {
    const when: Date = new Date(year, month, day, h, mi, s, ms);
    if (when.getMonth() !== month || when.getDate() !== day) continue;
    const t = when.getTime();
    if (t <= now + 86_400_000) return t;
  }
  return undefined;
}
