// The byte scan behind the line splitter (line-scan.ts): it looks at 16
// bytes a step where Buffer.indexOf looks at one pattern at a time, and it
// steps over noise lines without a call into JavaScript per line. Its part
// of the memory (EDGE_TABLE, MARKERS, DATA) is laid out in dialects.ts and
// filled by line-scan.ts.
import { CR, LF } from './chars';
import {
  EDGE_TABLE,
  MARKER_BYTES,
  MARKERS,
  SCAN_LINE_END,
  SCAN_MARKER,
  SCAN_SKIPPED,
} from './dialects.generated';

/** Within a marker's slot: its length, the offsets of the two bytes probed first, its bytes. */
const LENGTH = 0;
const PROBES = 1;
const BYTES = 4;

/** Noise lines stepped over by the last `skip`. */
let skipped: i32 = 0;
/**
 * The length of the line before the one at the position `skip` or `sweep`
 * reached (count.ts): the line an old journald may have cut, whose rest
 * would be the next line.
 */
export let lineBefore: i32 = 0;

/** The line before the next one is `n` bytes long (`sweep` is told it, and sets it). */
export function setLineBefore(n: i32): void {
  lineBefore = n;
}
/** The line feed ending the line the last `skip` returned, when it looked for it; else -2. */
let stopLineFeed: i32 = -2;

/** Whether the marker whose slot is at `marker` stands at `p`, ending at or before `end`. */
function markerAt(p: i32, end: i32, marker: i32): bool {
  const n = <i32>load<u8>(marker, LENGTH);
  if (p + n > end) return false;
  for (let k = 0; k < n; k++) if (load<u8>(p + k) !== load<u8>(marker + BYTES + k)) return false;
  return true;
}

/**
 * The first address in [i, end) where a marker starts and ends before
 * `end`, or -1. Candidates are the places where two of a marker's bytes (its
 * rarest, chosen by line-scan.ts) both stand, 16 at a time; only those are
 * compared in full.
 */
export function findMarker(i: i32, end: i32): i32 {
  const one = MARKERS;
  const other = MARKERS + MARKER_BYTES;
  const a0 = <i32>load<u8>(one, PROBES);
  const b0 = <i32>load<u8>(one, PROBES + 1);
  const a1 = <i32>load<u8>(other, PROBES);
  const b1 = <i32>load<u8>(other, PROBES + 1);
  const byteA0 = i8x16.splat(load<i8>(one + BYTES + a0));
  const byteB0 = i8x16.splat(load<i8>(one + BYTES + b0));
  const byteA1 = i8x16.splat(load<i8>(other + BYTES + a1));
  const byteB1 = i8x16.splat(load<i8>(other + BYTES + b1));
  for (; i < end; i += 16) {
    let m = i8x16.bitmask(
      v128.or(
        v128.and(i8x16.eq(v128.load(i + a0), byteA0), i8x16.eq(v128.load(i + b0), byteB0)),
        v128.and(i8x16.eq(v128.load(i + a1), byteA1), i8x16.eq(v128.load(i + b1), byteB1)),
      ),
    );
    while (m !== 0) {
      const p = i + ctz(m);
      if (markerAt(p, end, one) || markerAt(p, end, other)) return p;
      m &= m - 1;
    }
  }
  return -1;
}

/**
 * Steps over whole noise lines from the line start `pos`, counting them in
 * `skipped`, and returns the start of the first line that JavaScript must
 * look at: one that reaches `limit` (where a marker was found) or `end`
 * without a line feed, one longer than `max` bytes without its CR, or one
 * whose first or last byte may matter (EDGE_TABLE).
 */
function skip(pos: i32, limit: i32, end: i32, max: i32): i32 {
  skipped = 0;
  stopLineFeed = -2;
  while (pos < limit) {
    const nl = lineFeed(pos, end);
    // A line feed found in the slack past `end` is no line feed.
    if (nl === -1 || nl >= limit) {
      stopLineFeed = nl;
      return pos;
    }
    let stop = nl;
    if (stop > pos && load<u8>(stop - 1) === CR) stop--;
    if (<u32>(stop - pos) > <u32>max) {
      stopLineFeed = nl;
      return pos;
    }
    if (stop > pos) {
      const first = load<u8>(EDGE_TABLE + load<u8>(pos));
      const last = load<u8>(EDGE_TABLE + load<u8>(stop - 1));
      if ((first & 1) !== 0 || (last & 2) !== 0) {
        stopLineFeed = nl;
        return pos;
      }
    }
    skipped++;
    lineBefore = stop - pos;
    pos = nl + 1;
  }
  return pos;
}

/** The first line feed in [pos, end), or -1. */
function lineFeed(pos: i32, end: i32): i32 {
  const lf = i8x16.splat(<i8>LF);
  for (let i = pos; i < end; i += 16) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(i), lf));
    if (m !== 0) {
      const nl = i + ctz(m);
      return nl < end ? nl : -1;
    }
  }
  return -1;
}

/**
 * The splitter's step, in one call: steps over noise lines from `pos` as
 * `skip` does, up to the marker at `marker` (-1: none before `end`), and
 * returns the start of the line to look at. Leaves at SCAN_LINE_END the line
 * feed that ends that line (-1: none before `end`), at SCAN_SKIPPED the
 * lines stepped over, and at SCAN_MARKER the marker still to come: the next
 * one after this line when it holds `marker`, else `marker`.
 */
export function next(pos: i32, marker: i32, end: i32, max: i32): i32 {
  pos = skip(pos, marker === -1 ? end : marker, end, max);
  const nl = stopLineFeed === -2 ? lineFeed(pos, end) : stopLineFeed;
  store<i32>(SCAN_LINE_END, nl);
  store<i32>(SCAN_SKIPPED, skipped);
  store<i32>(
    SCAN_MARKER,
    nl !== -1 && marker !== -1 && marker < nl ? findMarker(nl + 1, end) : marker,
  );
  return pos;
}
