/**
 * Wordings of denials whose groups a worker thread never made, for the trip
 * to the main thread (Aggregator.takeWordings, absorbWordings): what each
 * record said as key bytes, what was counted of it, and where its first
 * record lies in the file, which the main thread reads again only for a
 * wording it has not seen itself. Typed arrays only, so the trip moves them
 * rather than copying.
 */
export interface PackedWordings {
  /** The file the first records were read from, as its source is named. */
  source: string;
  /** Every wording's key bytes (report/aggregate.ts SaidKey), one after the other. */
  keys: Uint8Array;
  /** Per wording: where its key ends in `keys`. */
  ends: Int32Array;
  /** Per wording, WORDING_NUMBERS numbers: see there. */
  numbers: Float64Array;
  /** Per wording: the hosts it marked, then the reasons, a bit per name in `names`. */
  marks: Int32Array;
  /** The names marked, by bit number. */
  names: string[];
}

/**
 * Count, first and last time (the tallies), then the first record's line
 * number in its range, its byte offset in the file and its length.
 */
export const WORDING_NUMBERS = 6;

/** The buffers of `w`, which a postMessage transfer list moves. */
export function wordingBuffers(w: PackedWordings): ArrayBuffer[] {
  return [w.keys.buffer, w.ends.buffer, w.numbers.buffer, w.marks.buffer] as ArrayBuffer[];
}
