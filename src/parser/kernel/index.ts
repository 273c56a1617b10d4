// The byte kernel: what JavaScript calls (line-scan.ts, record-scan.ts).
// Compiled by scripts/kernel.mjs; docs/architecture.md tells how it fits.

import { printable as printableBytes } from './bytes';
import { readLine } from './line';
import { audit as auditRun } from './pairs';

export { find } from './bytes';
export { sweep } from './count';
export { findMarker } from './line-scan';
export { said } from './said';
export { time } from './timestamp';

/** 1 when every byte of [from, end) is printable ASCII. */
export function printable(from: i32, end: i32): i32 {
  return printableBytes(from, end) ? 1 : 0;
}

/** The first run in [from, end) holding `type=audit`, indexed (pairs.ts `audit`). */
export function audit(from: i32, end: i32): i32 {
  return auditRun(from, end);
}

/**
 * A line of [from, end): printable ASCII, the journal's part and the record,
 * read in one call. 1 when the kernel reads it, laid out at PREFIX and
 * RECORD (dialects.ts), with what the aggregator needs of it at KEYED.
 */
export function line(from: i32, end: i32): i32 {
  return readLine(from, end) ? 1 : 0;
}
