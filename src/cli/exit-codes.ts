import type { Report } from '../report/schema.js';

/** Documented in the README; scripts depend on them. */
export const EXIT = {
  /** Report written, no denials. */
  clean: 0,
  /** Report written, with denials. */
  denials: 1,
  /** Bad command line. */
  usage: 2,
  /** Some input could not be read, or was read only in part: the report is partial. */
  partial: 3,
} as const;

/** What each code means, as --help and the man page say it. */
export const EXIT_MEANINGS: readonly (readonly [number, string])[] = [
  [EXIT.clean, 'no denials'],
  [EXIT.denials, 'denials found (or records that may hide one)'],
  [EXIT.usage, 'usage error'],
  // A line of --help within 80 columns.
  [EXIT.partial, 'partial: not all read, none read, an -a account unseen, or -o not written'],
];

/**
 * 3 when the report is partial (no data is not the same as no denials) or
 * no record names an account given with --account, else 1
 * when it lists a denial to act on, else 0. With --account, only denials of
 * those accounts count. A suspicious or malformed record, or a line skipped
 * as longer than --max-line, counts as a denial without an account does: it
 * may hide one (a real denial whose line a client's text made ambiguous, that
 * was cut before its result, or that was never read), and its account cannot
 * be trusted.
 */
export function exitCode(report: Report, filtered: boolean): number {
  if (report.partial) return EXIT.partial;
  // An account no record named (not in the window, a service that never ran
  // after superuser was taken away, a typo): nothing read of it, not "no denials".
  if (filtered && report.warnings.some((w) => w.code === 'account-not-seen')) return EXIT.partial;
  const own =
    report.accounts.some((a) => a.denied.length > 0) ||
    report.invalid.length > 0 ||
    report.unmapped.some((u) => u.result === 'deny') ||
    report.authenticationFailures.length > 0;
  const anonymous =
    report.unattributed.length > 0 ||
    report.truncated.some((t) => t.result === 'deny') ||
    report.suspicious.length > 0 ||
    report.malformed.length > 0 ||
    report.stats.tooLong > 0;
  return own || (!filtered && anonymous) ? EXIT.denials : EXIT.clean;
}
