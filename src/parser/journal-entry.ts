import { parseJsonEntry } from './json-entry.js';
import { parseTimestamp } from './timestamp.js';

export type JournalFormat =
  | 'short'
  | 'short-precise'
  | 'short-iso'
  | 'short-iso-precise'
  | 'short-full'
  | 'short-unix'
  | 'dcos-node-log'
  | 'json'
  | 'json-seq'
  | 'cat';

/** One journal entry as far as a line of journalctl output tells it. */
export interface JournalEntry {
  format: JournalFormat;
  /** The MESSAGE field; undefined when the journal did not show it. */
  message: string | undefined;
  /** Why `message` is missing or incomplete: shown as blob, or null in JSON. */
  hidden?: 'blob' | 'null';
  host?: string;
  ident?: string;
  /** Epoch milliseconds of the journal entry. */
  time?: number;
}

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
    // dcos node log: `YYYY-MM-DD HH:MM:SS: MESSAGE` or `YYYY-MM-DD HH:MM:SS UTCident [pid]: MESSAGE`
    pattern: /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(?:: | ?UTC ?([^\s[]*) ?\[\d+\]: )/,
    read: (m, line) => {
      const entry: JournalEntry = { format: 'dcos-node-log', message: line.slice(m[0].length) };
      const time = parseTimestamp(`${m[1]}Z`);
      if (time !== undefined) entry.time = time;
      if (m[2]) entry.ident = m[2];
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
      const time = zone ? parseTimestamp(`${m[1]}${m[2] ?? ''}${zone}`) : undefined;
      return withIdent('short-full', line, m[0].length, m[4], time);
    },
  },
];

export function parseJournalLine(line: string): JournalEntry {
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
 * `short` has no year and shows the local time of the machine that ran
 * journalctl: read it in this process's time zone, in the latest year that
 * does not put it in the future.
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
  if (month === undefined) return undefined;
  const ms = frac ? Math.floor(Number(frac.slice(1)) / 1000) : 0;
  const now = Date.now();
  let year = new Date(now).getFullYear();
  let t = new Date(year, month, day, h, mi, s, ms).getTime();
  if (t > now + 86_400_000) {
    year -= 1;
    t = new Date(year, month, day, h, mi, s, ms).getTime();
  }
  return Number.isFinite(t) ? t : undefined;
}
