// A line read in one call: record-scan.ts' `line`, and `sweep` (count.ts).
import { record } from './audit-record';
import { printable } from './bytes';
import { PREFIX_MESSAGE } from './dialects.generated';
import { journalPrefix } from './journal-entry';
import { keyRecord } from './said';

/**
 * Whether [from, end) is printable ASCII, a journal prefix and a record;
 * if so it is laid out at PREFIX and RECORD (dialects.ts), with what the
 * aggregator needs of it at KEYED.
 */
export function readLine(from: i32, end: i32): bool {
  if (!printable(from, end) || !journalPrefix(from, end)) return false;
  if (!record(load<i32>(PREFIX_MESSAGE), end)) return false;
  keyRecord(from);
  return true;
}
