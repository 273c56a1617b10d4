// Byte tests and searches the rest of the kernel is written with. Loads of
// 16 bytes may read up to 16 bytes past an end: the memory holds them
// (SLACK and the room after a copied line, dialects.ts).
import { COLON, LOWER_A, SPACE, TILDE, UPPER_A, ZERO } from './chars';

export function isDigit(c: i32): bool {
  return <u32>(c - ZERO) < 10;
}

export function isLower(c: i32): bool {
  return <u32>(c - LOWER_A) < 26;
}

export function isUpper(c: i32): bool {
  return <u32>(c - UPPER_A) < 26;
}

/** Whether `n` digits stand at `p`. */
export function digitsAt(p: i32, n: i32): bool {
  for (let i = 0; i < n; i++) if (!isDigit(load<u8>(p + i))) return false;
  return true;
}

/** Whether `n` digits stand at `p`, before `end`. */
export function digitsBefore(p: i32, n: i32, end: i32): bool {
  return p + n <= end && digitsAt(p, n);
}

/** `HH:MM:SS` at `p`. */
export function clockAt(p: i32): bool {
  return (
    isDigit(load<u8>(p)) &&
    isDigit(load<u8>(p, 1)) &&
    load<u8>(p, 2) === COLON &&
    isDigit(load<u8>(p, 3)) &&
    isDigit(load<u8>(p, 4)) &&
    load<u8>(p, 5) === COLON &&
    isDigit(load<u8>(p, 6)) &&
    isDigit(load<u8>(p, 7))
  );
}

/** Two digits at `p` as a number, or -1. */
export function two(p: i32): i32 {
  const a = <i32>load<u8>(p) - ZERO;
  const b = <i32>load<u8>(p, 1) - ZERO;
  return <u32>a < 10 && <u32>b < 10 ? a * 10 + b : -1;
}

/** The first place in [p, end) holding the byte `b`, or `end`: 16 bytes a step. */
export function seek(p: i32, end: i32, b: i32): i32 {
  const splat = i8x16.splat(<i8>b);
  while (p < end) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(p), splat));
    if (m !== 0) {
      p += ctz(m);
      break;
    }
    p += 16;
  }
  return p > end ? end : p;
}

/**
 * The first place in [from, end) where the `n` bytes at `word` (1 or more)
 * stand wholly, or -1. Places where the word's first and last bytes both
 * stand are found 16 at a time; only those are compared in full.
 */
export function find(from: i32, end: i32, word: i32, n: i32): i32 {
  if (from + n > end) return -1;
  const span = n - 1;
  const limit = end - n;
  const first = i8x16.splat(load<i8>(word));
  const last = i8x16.splat(load<i8>(word + span));
  for (let i = from; i <= limit; i += 16) {
    let m = i8x16.bitmask(
      v128.and(i8x16.eq(v128.load(i), first), i8x16.eq(v128.load(i + span), last)),
    );
    while (m !== 0) {
      const p = i + ctz(m);
      if (p > limit) return -1;
      let k = 1;
      while (k < span && load<u8>(p + k) === load<u8>(word + k)) k++;
      if (k >= span) return p;
      m &= m - 1;
    }
  }
  return -1;
}

/** Whether the `n` bytes at `a` and at `b` are the same. */
export function same(a: i32, b: i32, n: i32): bool {
  for (let k = 0; k < n; k++) if (load<u8>(a + k) !== load<u8>(b + k)) return false;
  return true;
}

/** Whether every byte of [from, end) is printable ASCII, 0x20 to 0x7e: 32 bytes a step. */
export function printable(from: i32, end: i32): bool {
  // A byte is printable when it less 0x20 is at most 0x5e, unsigned.
  const lo = i8x16.splat(<i8>SPACE);
  const hi = i8x16.splat(<i8>(TILDE - SPACE));
  let p = from;
  while (p + 32 <= end) {
    const a = i8x16.gt_u(i8x16.sub(v128.load(p), lo), hi);
    const b = i8x16.gt_u(i8x16.sub(v128.load(p, 16), lo), hi);
    if (v128.any_true(v128.or(a, b))) return false;
    p += 32;
  }
  // Up to 31 bytes are left: 16 more, then the last 16 (overlapping those
  // checked) where the text holds 16.
  if (<u32>(end - p) > 16 && v128.any_true(i8x16.gt_u(i8x16.sub(v128.load(p), lo), hi)))
    return false;
  if (<u32>(end - from) >= 16)
    return !v128.any_true(i8x16.gt_u(i8x16.sub(v128.load(end - 16), lo), hi));
  for (; p < end; p++) {
    const c = <i32>load<u8>(p);
    if (c < SPACE || c > TILDE) return false;
  }
  return true;
}
