import { detach } from '../parser/detach.js';
import type { Sample } from './snapshot.js';
import { SAMPLE_CHARS } from './snapshot-limits.js';

/** Where a line came from, as the reader numbers it. */
export interface LinePlace {
  source: string;
  /** From 1, counting every line of the source read before. */
  line: number;
  /** Host of the input, for lines whose journal format names none. */
  host?: string;
}

/**
 * A line's sample, taken while the line is read: its place and the start of
 * its message (SAMPLE_CHARS), copied off the line so that the line itself
 * is not kept alive. Nothing is read again later: a sample is its text.
 */
export function sampleAt(place: LinePlace, message: string | undefined): Sample {
  return {
    source: place.source,
    line: place.line,
    text: detach((message ?? '').slice(0, SAMPLE_CHARS)),
  };
}
