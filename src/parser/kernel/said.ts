// What a denial said, as a key for report/said-key.ts, and what else the
// aggregator needs of a record read: built where the line lies, in the call
// that reads the line, where JavaScript made a call for each and copied and
// hashed four bytes at a time.
import {
  FORMAT_SHORT_ISO,
  FORMAT_SHORT_ISO_PRECISE,
  KEYED_HOST_HASH,
  KEYED_REASON_HASH,
  KEYED_SAID_LENGTH,
  KEYED_SEED,
  KEYED_TIME,
  PART_ACTION,
  PART_OBJECT,
  PART_REASON,
  PART_TIMESTAMP,
  PART_UID,
  PREFIX_FORMAT,
  PREFIX_HOST,
  PREFIX_STAMP_END,
  RECORD_COMPONENT,
  RECORD_PARTS_AT,
  RECORD_RESULT,
  RESULT_DENY,
  SAID_AT,
  SAID_HASH,
} from './dialects.generated';
import { time } from './timestamp';

/** No byte of UTF-8: the parts of a key cannot run into each other. */
const PART_END: u8 = 0xff;

/** Copies [s, e) to SAID_AT + n, then PART_END; returns where the key goes on. */
function copyPart(n: i32, s: i32, e: i32): i32 {
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
  let n = copyPart(1, uidStart, uidEnd);
  n = copyPart(n, objectStart, objectEnd);
  n = copyPart(n, actionStart, actionEnd);
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

/** byte-keys.ts' hashBytes of [s, e) with `seed`: FNV-1a, then mixed as `finish`. */
function hashBytes(s: i32, e: i32, seed: i32): i32 {
  let h = seed ^ 0x811c9dc5;
  for (let i = s; i < e; i++) h = (h ^ <i32>load<u8>(i)) * 0x01000193;
  h ^= h >>> 16;
  h *= 0x85ebca6b;
  h ^= h >>> 13;
  return h;
}

/** Where record part `n` (PART_*) starts; its end is 4 bytes on. */
function part(n: i32): i32 {
  return RECORD_PARTS_AT + n * 8;
}

/**
 * What the aggregator needs of the denial `line` read from `lineStart`,
 * worked out in the same call and laid out at KEYED: its key (`said`), its
 * time (the record's own, else the journal's when a short-iso form gives
 * it; NaN when only JavaScript can tell it), and its host and reason hashed
 * with the seed at KEYED_SEED. An allow record is only counted: its key's
 * length is 0, and nothing else is worked out.
 */
export function keyRecord(lineStart: i32): void {
  if (load<i32>(RECORD_RESULT) !== RESULT_DENY) {
    store<i32>(KEYED_SAID_LENGTH, 0);
    return;
  }
  const seed = load<i32>(KEYED_SEED);
  store<i32>(
    KEYED_SAID_LENGTH,
    said(
      load<i32>(RECORD_COMPONENT),
      load<i32>(part(PART_UID)),
      load<i32>(part(PART_UID), 4),
      load<i32>(part(PART_OBJECT)),
      load<i32>(part(PART_OBJECT), 4),
      load<i32>(part(PART_ACTION)),
      load<i32>(part(PART_ACTION), 4),
      seed,
    ),
  );
  const stamp = load<i32>(part(PART_TIMESTAMP));
  let t: f64 = stamp === -1 ? NaN : time(stamp, load<i32>(part(PART_TIMESTAMP), 4));
  const format = load<i32>(PREFIX_FORMAT);
  if (Number.isNaN(t) && (format === FORMAT_SHORT_ISO || format === FORMAT_SHORT_ISO_PRECISE))
    t = time(lineStart, load<i32>(PREFIX_STAMP_END));
  store<f64>(KEYED_TIME, t);
  store<i32>(KEYED_HOST_HASH, hashBytes(load<i32>(PREFIX_HOST), load<i32>(PREFIX_HOST, 4), seed));
  const reason = load<i32>(part(PART_REASON));
  store<i32>(
    KEYED_REASON_HASH,
    reason === -1 ? 0 : hashBytes(reason, load<i32>(part(PART_REASON), 4), seed),
  );
}
