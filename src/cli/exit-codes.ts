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
