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
  [EXIT.denials, 'denials found'],
  [EXIT.usage, 'usage error'],
  [EXIT.partial, 'input not (fully) read'],
];
