// The `key=value` runs of pairs.ts, read on bytes: a key is `[a-z_]+`; a
// value is `"..."` up to the next `"`, or a bare word up to the next space,
// Mesos' timestamp excepted. On printable ASCII the only whitespace is the
// space, so the rules and the offsets are pairs.ts' own. A run is laid out
// at RUN, PAIRS and KEY_TABLE (dialects.ts).
import { digitsBefore, isDigit, isLower, seek } from './bytes';
import {
  COLON,
  DOT,
  EQUALS,
  LOWER_A,
  LOWER_Z,
  MINUS,
  PLUS,
  QUOTE,
  SPACE,
  UNDERSCORE,
  UPPER_Z,
} from './chars';
import {
  isRecordTypeKey,
  isRecordTypeValue,
  isSpacedTimestampKey,
  KEY_COUNT,
  KEY_TABLE,
  keyId,
  PAIR_BYTES,
  PAIRS,
  PAIRS_MAX,
  RUN_END,
  RUN_START,
} from './dialects.generated';

/** Where pair `i`'s slot is: key start, key end, value start, value end. */
export function pair(i: i32): i32 {
  return PAIRS + i * PAIR_BYTES;
}

/** The index of the pair of the key numbered `key` (KEY_*), or -1. */
export function pairOf(key: i32): i32 {
  return load<i32>(KEY_TABLE + key * 4);
}

function isKeyByte(c: i32): bool {
  return isLower(c) || c === UNDERSCORE;
}

/** `YYYY-MM-DD` exactly, in [s, e). */
function isDate(s: i32, e: i32): bool {
  return (
    e - s === 10 &&
    digitsBefore(s, 4, e) &&
    load<u8>(s, 4) === MINUS &&
    digitsBefore(s + 5, 2, e) &&
    load<u8>(s, 7) === MINUS &&
    digitsBefore(s + 8, 2, e)
  );
}

/**
 * Mesos' ` HH:MM:SS[.frac][zone]` after the date ending at `at`: where the
 * value ends, or -1 (pairs.ts timeTail).
 */
function timeTail(at: i32, end: i32): i32 {
  if (at >= end || load<u8>(at) !== SPACE) return -1;
  if (!digitsBefore(at + 1, 2, end) || load<u8>(at, 3) !== COLON) return -1;
  if (!digitsBefore(at + 4, 2, end) || load<u8>(at, 6) !== COLON) return -1;
  if (!digitsBefore(at + 7, 2, end)) return -1;
  let i = at + 9;
  // A fraction of 1 to 9 digits.
  if (i < end && load<u8>(i) === DOT) {
    let k = i + 1;
    while (k - i - 1 < 9 && k < end && isDigit(load<u8>(k))) k++;
    if (k > i + 1) i = k;
  }
  // A zone: `Z`, or `+HH[:]MM` / `-HH[:]MM`.
  const z = i < end ? <i32>load<u8>(i) : -1;
  if (z === UPPER_Z) i++;
  else if ((z === PLUS || z === MINUS) && digitsBefore(i + 1, 2, end)) {
    const colon = i + 3 < end && load<u8>(i, 3) === COLON ? 1 : 0;
    if (digitsBefore(i + 3 + colon, 2, end)) i += 5 + colon;
  }
  return i === end || load<u8>(i) === SPACE ? i : -1;
}

/** Stores pair `count`. */
function keep(count: i32, keyStart: i32, keyEnd: i32, valueStart: i32, valueEnd: i32): void {
  const slot = pair(count);
  store<i32>(slot, keyStart);
  store<i32>(slot, keyEnd, 4);
  store<i32>(slot, valueStart, 8);
  store<i32>(slot, valueEnd, 12);
}

/**
 * Reads the run starting at `start` (pairs.ts readRun): its number of pairs,
 * or -1 past PAIRS_MAX or at a quoted value without its closing quote.
 */
function readRun(start: i32, end: i32): i32 {
  const lowA = i8x16.splat(<i8>LOWER_A);
  const lowZ = i8x16.splat(<i8>LOWER_Z);
  const under = i8x16.splat(<i8>UNDERSCORE);
  const space = i8x16.splat(<i8>SPACE);
  store<i32>(RUN_START, start);
  store<i32>(RUN_END, start);
  let count = 0;
  let pos = start;
  while (pos < end) {
    // The key's end: the first byte outside [a-z_], 16 bytes a step.
    let k = pos;
    while (k < end) {
      const v = v128.load(k);
      const keyBytes = v128.or(
        v128.and(i8x16.ge_u(v, lowA), i8x16.le_u(v, lowZ)),
        i8x16.eq(v, under),
      );
      const other = i8x16.bitmask(keyBytes) ^ 0xffff;
      if (other !== 0) {
        k += ctz(other);
        break;
      }
      k += 16;
    }
    if (k === pos || k >= end || load<u8>(k) !== EQUALS) break;
    if (count === PAIRS_MAX) return -1;
    const vs = k + 1;
    let next: i32;
    if (vs < end && load<u8>(vs) === QUOTE) {
      // A quoted value: up to the next quote.
      const e = seek(vs + 1, end, QUOTE);
      // No closing quote: the line was cut, which the parser judges.
      if (e >= end) return -1;
      keep(count++, pos, k, vs + 1, e);
      next = e + 1;
    } else {
      // A bare value: up to the next space (seek, written out: a call per
      // value cost more than its loop); Mesos' timestamp holds one.
      let e = vs;
      while (e < end) {
        const m = i8x16.bitmask(i8x16.eq(v128.load(e), space));
        if (m !== 0) {
          e += ctz(m);
          break;
        }
        e += 16;
      }
      if (e > end) e = end;
      let ve = e;
      if (isSpacedTimestampKey(pos, k - pos) && isDate(vs, e)) {
        const tail = timeTail(e, end);
        if (tail !== -1) ve = tail;
      }
      keep(count++, pos, k, vs, ve);
      next = ve;
    }
    store<i32>(RUN_END, next);
    // Pairs are separated by spaces; anything else ends the run.
    if (next >= end || load<u8>(next) !== SPACE) break;
    pos = next + 1;
    while (pos < end && load<u8>(pos) === SPACE) pos++;
  }
  return count;
}

/** Whether one of the first `count` pairs is `type=audit`. */
function holdsRecordType(count: i32): bool {
  for (let i = 0; i < count; i++) {
    const slot = pair(i);
    const ks = load<i32>(slot);
    const vs = load<i32>(slot, 8);
    if (
      isRecordTypeKey(ks, load<i32>(slot, 4) - ks) &&
      isRecordTypeValue(vs, load<i32>(slot, 12) - vs)
    )
      return true;
  }
  return false;
}

/** Whether pairs `i` and `j` (their slots) have the same key. */
function sameKey(i: i32, j: i32): bool {
  const a = load<i32>(i);
  const b = load<i32>(j);
  const n = load<i32>(i, 4) - a;
  if (n !== load<i32>(j, 4) - b) return false;
  for (let k = 0; k < n; k++) if (load<u8>(a + k) !== load<u8>(b + k)) return false;
  return true;
}

/**
 * Fills KEY_TABLE for the first `count` pairs: false when a key appears
 * twice. Other keys are told apart by a bit per (length, first byte, last
 * byte); only keys sharing a bit are compared.
 */
function index(count: i32): bool {
  memory.fill(KEY_TABLE, 0xff, KEY_COUNT * 4);
  let seen = 0;
  for (let i = 0; i < count; i++) {
    const at = pair(i);
    const ks = load<i32>(at);
    const n = load<i32>(at, 4) - ks;
    const id = keyId(ks, n);
    if (id >= 0) {
      if (pairOf(id) !== -1) return false;
      store<i32>(KEY_TABLE + id * 4, i);
      continue;
    }
    const bit = 1 << (n * 7 + <i32>load<u8>(ks) * 3 + <i32>load<u8>(ks + n - 1));
    if ((seen & bit) !== 0) {
      for (let j = PAIRS; j < at; j += PAIR_BYTES) if (sameKey(at, j)) return false;
    }
    seen |= bit;
  }
  return true;
}

/**
 * The first run in [from, end) holding `type=audit`, as pairs.ts
 * findAuditRun finds it from the start of a text, indexed by key: its
 * number of pairs, 0 if there is none, -1 if a run has more than PAIRS_MAX
 * pairs or stops inside a quoted value, -2 if a key appears twice in it.
 */
export function audit(from: i32, end: i32): i32 {
  if (from >= end) return 0;
  let at = from;
  let eq = from;
  do {
    eq = seek(eq, end, EQUALS);
    if (eq >= end) return 0;
    // Walk back over the key.
    let start = eq;
    while (start > from && isKeyByte(load<u8>(start - 1))) start--;
    // A key at the start, or after a space at or past `at`.
    const placed = start === from || (start - 1 >= at && load<u8>(start - 1) === SPACE);
    if (start !== eq && placed) {
      const count = readRun(start, end);
      if (count < 0) return -1;
      if (holdsRecordType(count)) return index(count) ? count : -2;
      at = load<i32>(RUN_END);
      if (at < start + 1) at = start + 1;
      if (eq < at) eq = at - 1;
    }
    eq++;
  } while (eq < end);
  return 0;
}
