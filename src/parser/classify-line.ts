import { withoutToken } from '../text/token.js';
import { type AuditRecord, parseAuditRecord } from './audit-record.js';
import { TYPE_AUDIT as TYPE_AUDIT_TEXT } from './dialects.js';
import type { JournalEntry } from './entry.js';
import { parseJournalLine } from './journal-entry.js';
import type { Candidates } from './line-splitter.js';

/** What one line of input turned out to be. Every line gets exactly one. */
export type LineOutcome =
  | { kind: 'record'; entry: JournalEntry; record: AuditRecord }
  | { kind: 'malformed' | 'suspicious'; entry: JournalEntry; problem: string }
  | { kind: 'notAudit'; hidden?: 'blob' | 'null'; suppressed?: number };

const NOT_AUDIT: LineOutcome = Object.freeze({ kind: 'notAudit' });

// What makes a line worth decoding, decided on bytes. Everything else is
// noise and is counted without being decoded.
const TYPE_AUDIT = Buffer.from(TYPE_AUDIT_TEXT);
const SUPPRESSED = Buffer.from('Suppressed ');
const BLOB_END = Buffer.from('blob data]');
const JSON_MESSAGE = Buffer.from('"MESSAGE"');
// journald's own notice starts its message; the same words elsewhere (a URI) are a client's.
// It names the unit whose messages it dropped, or that unit's cgroup (before systemd 232).
const SUPPRESSED_TEXT = /^Suppressed (\d{1,12}) messages(?: from (\S+))?/;

/**
 * Whether messages dropped from `from` may have held audit records: every
 * DC/OS component logs from a `dcos-*` unit, so a notice about another unit
 * (a whole journal read, not `-u 'dcos-*'`) loses none. A notice that names
 * no unit may have.
 */
function mayHoldRecords(from: string | undefined): boolean {
  return from === undefined || from.slice(from.lastIndexOf('/') + 1).startsWith('dcos-');
}

/**
 * Found by looking at a line's ends: a message journalctl hid as
 * `[... blob data]`, or a JSON entry whose MESSAGE is bytes or null (which
 * shows no text to scan for). True only for lines starting with `{` or RS,
 * or ending with `]`: the scan steps over every other line unasked.
 */
export function mayMatter(buf: Buffer, start: number, end: number): boolean {
  const first = buf[start];
  if (first === 0x7b /* { */ || first === 0x1e /* RS */) {
    const m = buf.indexOf(JSON_MESSAGE, start);
    if (m === -1 || m >= end) return false;
    // `"MESSAGE":[`, or `"MESSAGE" : [` as old journalctl (systemd 219) spaces it.
    let v = m + JSON_MESSAGE.length;
    while (v < end && (buf[v] === 0x20 || buf[v] === 0x3a) /* : */) v++;
    return buf[v] === 0x5b /* [ */ || buf[v] === 0x6e /* n(ull) */;
  }
  if (buf[end - 1] !== 0x5d /* ] */ || end - start < BLOB_END.length) return false;
  return buf.compare(BLOB_END, 0, BLOB_END.length, end - BLOB_END.length, end) === 0;
}

/**
 * The lines worth decoding: those holding an audit record's `type=audit` or
 * a journald rate-limit notice, and those `mayMatter` picks by their ends.
 */
export const CANDIDATES: Candidates = {
  markers: [TYPE_AUDIT, SUPPRESSED],
  firstBytes: [0x7b /* { */, 0x1e /* RS */],
  lastBytes: [0x5d /* ] */],
  mayMatter,
};

/**
 * Classifies one line. The line splitter has already told noise from lines
 * that can matter (CANDIDATES), so this does not look for the markers
 * again; given a noise line it still answers correctly, by decoding it.
 *
 * `token`, given for every line of a run that knows it (the cluster's, for
 * --cluster), is replaced by `<token>` in what the entry says once it is
 * decoded: a JSON entry may carry the token's characters as `\uXXXX`
 * escapes or its MESSAGE as byte values, so that only the decoded text
 * shows it, and everything kept of a line (its record, its sample) is made
 * from that text. Noise is never decoded and keeps nothing: it costs no
 * search.
 */
export function classifyLine(buf: Buffer, start: number, end: number, token?: string): LineOutcome {
  const entry = parseJournalLine(buf.toString('utf8', start, end));
  if (token) withoutTokenIn(entry, token);
  if (entry.hidden) return { kind: 'notAudit', hidden: entry.hidden };
  const message = entry.message;
  if (message === undefined) return NOT_AUDIT;
  const result = parseAuditRecord(message);
  if (result === undefined) {
    const suppressed = message.startsWith('Suppressed ') ? SUPPRESSED_TEXT.exec(message) : null;
    return suppressed && mayHoldRecords(suppressed[2])
      ? { kind: 'notAudit', suppressed: Number(suppressed[1]) }
      : NOT_AUDIT;
  }
  if (result.kind === 'record') return { kind: 'record', entry, record: result.record };
  return { kind: result.kind, entry, problem: result.problem };
}

/** What the entry says, the token cut out: its message, host and identifier are kept. */
function withoutTokenIn(entry: JournalEntry, token: string): void {
  if (entry.message !== undefined) entry.message = withoutToken(entry.message, token);
  if (entry.host !== undefined) entry.host = withoutToken(entry.host, token);
  if (entry.ident !== undefined) entry.ident = withoutToken(entry.ident, token);
}
