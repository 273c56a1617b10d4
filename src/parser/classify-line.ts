import { type AuditRecord, parseAuditRecord } from './audit-record.js';
import { type JournalEntry, parseJournalLine } from './journal-entry.js';

/** What one line of input turned out to be. Every line gets exactly one. */
export type LineOutcome =
  | { kind: 'record'; entry: JournalEntry; record: AuditRecord }
  | { kind: 'malformed' | 'suspicious'; entry: JournalEntry; problem: string }
  | { kind: 'notAudit'; hidden?: 'blob' | 'null'; suppressed?: number };

const NOT_AUDIT: LineOutcome = Object.freeze({ kind: 'notAudit' });

// Byte markers of the lines that can matter. A line holding none of them is
// noise, and is counted without being decoded.
const TYPE_AUDIT = Buffer.from('type=audit');
const BLOB = Buffer.from('blob data]');
const SUPPRESSED = Buffer.from('Suppressed ');
const JSON_MESSAGE = Buffer.from('"MESSAGE":');

/**
 * What the line splitter looks for: a line holding none of these is noise.
 * JSON messages shown as bytes or null carry no readable text, so their
 * field marker counts.
 */
export const CANDIDATE_MARKERS: readonly Buffer[] = [
  TYPE_AUDIT,
  BLOB,
  SUPPRESSED,
  Buffer.from('"MESSAGE":['),
  Buffer.from('"MESSAGE":null'),
];
const SUPPRESSED_TEXT = /Suppressed (\d{1,12}) messages/;

function isCandidate(line: Buffer): boolean {
  if (line.indexOf(TYPE_AUDIT) !== -1) return true;
  const first = line[0];
  if (first === 0x7b || first === 0x1e) {
    // JSON: a MESSAGE stored as bytes or hidden as null shows no text.
    const m = line.indexOf(JSON_MESSAGE);
    if (
      m !== -1 &&
      (line[m + JSON_MESSAGE.length] === 0x5b || line[m + JSON_MESSAGE.length] === 0x6e)
    ) {
      return true;
    }
  }
  return line.indexOf(BLOB) !== -1 || line.indexOf(SUPPRESSED) !== -1;
}

export function classifyLine(buf: Buffer, start: number, end: number): LineOutcome {
  const bytes = buf.subarray(start, end);
  if (!isCandidate(bytes)) return NOT_AUDIT;
  const entry = parseJournalLine(bytes.toString('utf8'));
  if (entry.hidden) return { kind: 'notAudit', hidden: entry.hidden };
  const message = entry.message;
  if (message === undefined) return NOT_AUDIT;
  const result = parseAuditRecord(message);
  if (result === undefined) {
    const suppressed = message.includes('Suppressed ') ? SUPPRESSED_TEXT.exec(message) : null;
    return suppressed ? { kind: 'notAudit', suppressed: Number(suppressed[1]) } : NOT_AUDIT;
  }
  if (result.kind === 'record') return { kind: 'record', entry, record: result.record };
  return { kind: result.kind, entry, problem: result.problem };
}
