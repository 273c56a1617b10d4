import * as z from 'zod';
import type { SOURCE_STATES } from '../report/events.js';

/**
 * Where an input has got to, kept in a `--state` file so that the next run
 * reads only what is new. Each kind of input resumes its own way: a file by
 * byte offset (read from its start again when it was rotated, truncated or
 * replaced), a journal read by journalctl or the logging API after the last
 * cursor processed, a JSON journal on stdin by the last cursor of each host
 * (printed by `audit2grant state`, for `journalctl --after-cursor`).
 */
/** A whole number, not below 0: a damaged state shows by any other. */
const count = () => z.number().int().nonnegative();

export const InputPositionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('file'),
    dev: count(),
    ino: count(),
    size: count(),
    /** Bytes processed: the next run starts here (always a line start). */
    offset: count(),
    /**
     * The sha256 (hex) of the file's first min(4 KiB, offset) bytes: a file
     * replaced in place has another.
     */
    head: z.string(),
    /** Lines before `offset`: the lines read next are numbered after them. */
    lines: count().optional(),
  }),
  z.object({
    kind: z.literal('journal'),
    /** The `__CURSOR` of the last entry processed. */
    cursor: z.string(),
  }),
  z.object({
    kind: z.literal('journal-per-host'),
    /** Per `_HOSTNAME`, the `__CURSOR` of the last entry processed. */
    cursors: z.record(z.string(), z.string()),
  }),
]);

export type InputPosition = z.infer<typeof InputPositionSchema>;

/** What a source is doing, for the live view and `{"event":"source"}`. */
export interface SourceState {
  source: string;
  /** connecting, reading, following, retrying, failed, done: as `{"event":"source"}` says it. */
  state: (typeof SOURCE_STATES)[number];
  /** Why it failed, when it retries next, what was skipped. */
  detail?: string;
}
