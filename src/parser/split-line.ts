import { mayHaveBeenCut } from './audit-record.js';
import type { JournalEntry } from './entry.js';
import { parseJournalLine } from './journal-entry.js';

/**
 * Old journald (before systemd 235, CentOS 7's 219 among them) cut a line
 * of a unit's output at 2048 bytes and made the rest an entry of its own,
 * of the same process, whose message starts with whatever text came at
 * that byte: text a client may have chosen (a User-Agent that Mesos logs, a
 * request line). A record there stands at the start of the message, where
 * the component writes records, and cannot be told from one it wrote.
 * `previous` is the line before the record's (LineSplitter.longLineBefore):
 * true when it is an entry of the same process (host and identifier) whose
 * message is as long as one journald cut.
 */
export function mayContinueCutLine(previous: Buffer, entry: JournalEntry): boolean {
  const before = parseJournalLine(previous.toString('utf8'));
  if (before.message === undefined || before.hidden !== undefined) return false;
  if (before.ident !== entry.ident || before.host !== entry.host) return false;
  // nginx cuts its error-log lines (Admin Router's records) at 2048 bytes
  // itself, and drops the rest: journald never had more to cut.
  if (NGINX_ERROR_LINE.test(before.message)) return false;
  return mayHaveBeenCut(before.message);
}

/** The start of an nginx error-log line, through syslog (`<host> nginx: `, 1.13+) or not. */
const NGINX_ERROR_LINE = /^(?:[^ ]+ nginx: )?\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[[a-z]+\] \d+#\d+: /;

/** Why such a record is suspicious. */
export const REST_OF_CUT_LINE =
  'may be the rest of a line journald cut at 2048 bytes: the line before, of the same process, is as long as a cut one';
