/**
 * The snapshot's version and bounds (snapshot.ts), in a module of their own:
 * what aggregation needs of the snapshot while it reads, without building
 * the snapshot's zod schemas, and the report's they refer to, at start-up.
 */
export const SNAPSHOT_VERSION = 1;

/** A sample's text: the start of its record's message. */
export const SAMPLE_CHARS = 300;
/** Samples a kind of problem (suspicious, malformed) keeps: its first lines. */
export const PROBLEM_SAMPLES = 5;
/** Hosts a group lists: a denial can span hundreds of agents. */
export const HOST_CAP = 4096;
/** Components, reasons and mapped-from values a group lists. */
export const VALUE_CAP = 32;
/** Characters kept of a reason, and of a mapped-from value. */
export const REASON_CHARS = 200;
export const MAPPED_FROM_CHARS = 300;
/** Groups a section fed by records without a valid account lists (against hostile input). */
export const SECTION_CAP = 10_000;
/** Accounts allow records name, listed at most. */
export const ALLOW_ACCOUNTS_CAP = 10_000;
