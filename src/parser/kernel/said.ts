// What a denial said, as a key for report/aggregate.ts: built where the
// line lies, it costs one call where JavaScript copied and hashed it four
// bytes at a time.
import { SAID_AT, SAID_HASH } from './dialects.generated';

/** No byte of UTF-8: the parts of a key cannot run into each other. */
const PART_END: u8 = 0xff;

/** Copies [s, e) to SAID_AT + n, then PART_END; returns where the key goes on. */
function part(n: i32, s: i32, e: i32): i32 {
  const at = SAID_AT + n;
  memory.copy(at, s, e - s);
  store<u8>(at + e - s, PART_END);
  return n + e - s + 1;
}

/**
 * Writes at SAID_AT what a denial said, laid out as report/aggregate.ts'
 * SaidKey lays it out: its component's code, then the uid, object and
 * action bytes, each followed by PART_END, then zeros up to a multiple of
 * 4. Leaves its hash at SAID_HASH, byte-keys.ts' hashWords seeded with
 * `seed`. Returns the key's length.
 */
export function said(
  code: i32,
  uidStart: i32,
  uidEnd: i32,
  objectStart: i32,
  objectEnd: i32,
  actionStart: i32,
  actionEnd: i32,
  seed: i32,
): i32 {
  store<u8>(SAID_AT, code);
  let n = part(1, uidStart, uidEnd);
  n = part(n, objectStart, objectEnd);
  n = part(n, actionStart, actionEnd);
  while ((n & 3) !== 0) store<u8>(SAID_AT + n++, 0);
  // FNV-1a over little-endian words, then mixed as byte-keys.ts' finish.
  let h = seed ^ 0x811c9dc5;
  for (let i = 0; i < n; i += 4) h = (h ^ load<i32>(SAID_AT + i)) * 0x01000193;
  h ^= h >>> 16;
  h *= 0x85ebca6b;
  h ^= h >>> 13;
  store<i32>(SAID_HASH, h);
  return n;
}
