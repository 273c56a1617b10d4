// The splitter's step with the common record counted where it lies: a
// denial of a wording the aggregator's table holds, whose host and reason
// are names JavaScript has numbered, is counted in the table's tallies (a
// name new to its group is marked, and told to JavaScript at the end), and
// an allow record is counted, without a call into JavaScript. Those are
// most of the lines that matter, and each cost a call, a dozen reads of the
// layout and a lookup in JavaScript. The table is report/byte-keys.ts',
// laid out in dialects.ts (TABLE); JavaScript moves it here and keeps it
// right.
import { CR } from './chars';
import {
  ADDED,
  ADDED_MAX,
  COUNT_ALLOWS,
  COUNT_DENIALS,
  COUNTED_ALLOWS,
  COUNTED_DENIALS,
  CUT_AT,
  FORMAT_SHORT_ISO,
  FORMAT_SHORT_ISO_PRECISE,
  HIDDEN_END,
  KEYED_HOST_HASH,
  KEYED_REASON_HASH,
  KEYED_SAID_LENGTH,
  KEYED_TIME,
  MARKED_NAMES,
  NAME_BYTES,
  NAME_MAX,
  NAMES,
  NAMES_TOLD,
  PART_REASON,
  PENDING,
  PENDING_BYTES,
  PENDING_KEY,
  PENDING_MAX,
  PREFIX_FORMAT,
  PREFIX_HOST,
  READ_MAX,
  RECORD_PARTS_AT,
  RECORD_RESULT,
  RESULT_DENY,
  SAID_AT,
  SAID_HASH,
  SCAN_HOLDS,
  SCAN_LINE_END,
  SCAN_MARKER,
  SCAN_SKIPPED,
  SHORTEST_RECORD_LINE,
  TABLE_ARENA,
  TABLE_PAYLOAD,
  TABLE_SLOTS,
  TABLE_SLOTS_AT,
  TALLY_COUNT,
  TALLY_FIRST,
  TALLY_HOSTS,
  TALLY_LAST,
  TALLY_REASONS,
} from './dialects.generated';
import { readLine } from './line';
import { lineBefore, next, setLineBefore } from './line-scan';

/** What `readCountable` did with a line. */
const LEFT = 0;
const DENIAL = 1;
const ALLOW = 2;

/**
 * Within a pending denial (PENDING): the line's start and line feed, the
 * marker still to come after it, the noise lines and allow records the
 * sweep counted before it, its key's length and hash, its host's and
 * reason's numbers, and its time.
 */
const P_START = 0;
const P_LINE_END = 4;
const P_MARKER = 8;
const P_SKIPPED = 12;
const P_ALLOWS = 16;
const P_LENGTH = 20;
const P_HASH = 24;
const P_HOST = 28;
const P_REASON = 32;
const P_TOUCHED = 36;
const P_TIME = 40;

function pending(i: i32): i32 {
  return PENDING + i * PENDING_BYTES;
}

/**
 * Denials looked up together: one after a denial the table had not, so that
 * a run of new keys (each handed to JavaScript) is not read again and again;
 * doubled, up to PENDING_MAX, after each batch counted whole.
 */
let batch: i32 = 1;

/**
 * `next`, on until a line that JavaScript must look at: a line holding a
 * marker that the kernel counts (as `mode`, COUNT_* bits, allows) is stepped
 * over. Leaves at SCAN_* what `next` leaves for the line returned, with
 * SCAN_SKIPPED the noise lines of the whole sweep and SCAN_HOLDS whether the
 * line returned holds a marker; at COUNTED_* the lines it counted.
 *
 * Denials are read ahead of their lookups, up to PENDING_MAX at a time: with
 * tens of thousands of keys a lookup's slot and record are cache misses,
 * and touched together they are waited for about once, not once each. A
 * denial the table cannot count is where the sweep stops: those read after
 * it are read again by the next sweep.
 */
export function sweep(pos: i32, marker: i32, end: i32, max: i32, mode: i32, before: i32): i32 {
  setLineBefore(before);
  let skipped = 0;
  let holds = 0;
  let denials = 0;
  let allows = 0;
  let waiting = 0;
  store<i32>(ADDED, 0);
  for (;;) {
    pos = next(pos, marker, end, max);
    skipped += load<i32>(SCAN_SKIPPED);
    const nl = load<i32>(SCAN_LINE_END);
    if (nl === -1) break;
    holds = marker !== -1 && marker < nl ? 1 : 0;
    if (holds === 0 || mode === 0) break;
    let stop = nl;
    if (stop > pos && <i32>load<u8>(stop - 1) === CR) stop--;
    if (stop - pos > max) break;
    const p = pending(waiting);
    // The rest of a line an old journald cut may stand where records do: JavaScript looks.
    const read = lineBefore >= CUT_AT ? LEFT : readCountable(pos, stop, mode, p);
    if (read === LEFT) break;
    setLineBefore(stop - pos);
    marker = load<i32>(SCAN_MARKER);
    if (read === ALLOW) allows++;
    else {
      store<i32>(p, pos, P_START);
      store<i32>(p, nl, P_LINE_END);
      store<i32>(p, marker, P_MARKER);
      store<i32>(p, skipped, P_SKIPPED);
      store<i32>(p, allows, P_ALLOWS);
      if (++waiting === batch) {
        const counted = countPending(waiting);
        denials += counted;
        if (counted < waiting) return rewind(pending(counted), denials);
        waiting = 0;
        if (batch < PENDING_MAX) batch <<= 1;
      }
    }
    pos = nl + 1;
  }
  if (waiting > 0) {
    const counted = countPending(waiting);
    denials += counted;
    if (counted < waiting) return rewind(pending(counted), denials);
  }
  store<i32>(SCAN_SKIPPED, skipped);
  store<i32>(SCAN_HOLDS, holds);
  store<i32>(COUNTED_DENIALS, denials);
  store<i32>(COUNTED_ALLOWS, allows);
  return pos;
}

/**
 * Ends the sweep at the pending denial `p`, which the table could not
 * count: SCAN_* and COUNTED_* as if the sweep had stopped at its line.
 */
function rewind(p: i32, denials: i32): i32 {
  batch = 1;
  store<i32>(SCAN_LINE_END, load<i32>(p, P_LINE_END));
  store<i32>(SCAN_MARKER, load<i32>(p, P_MARKER));
  store<i32>(SCAN_SKIPPED, load<i32>(p, P_SKIPPED));
  store<i32>(SCAN_HOLDS, 1);
  store<i32>(COUNTED_DENIALS, denials);
  store<i32>(COUNTED_ALLOWS, load<i32>(p, P_ALLOWS));
  return load<i32>(p, P_START);
}

/**
 * Reads the line [from, end) when the aggregator would only count it
 * (report/aggregate.ts addRead): the lines record-view.ts reads, then an
 * allow record, or a denial whose host and reason are told names, with a
 * time the kernel tells (a `short` line's year is JavaScript's). A denial
 * is kept at `p` for `countPending`.
 */
function readCountable(from: i32, end: i32, mode: i32, p: i32): i32 {
  const n = end - from;
  if (n >= READ_MAX || n < SHORTEST_RECORD_LINE || <i32>load<u8>(end - 1) === HIDDEN_END)
    return LEFT;
  if (!readLine(from, end)) return LEFT;
  if (load<i32>(RECORD_RESULT) !== RESULT_DENY) return (mode & COUNT_ALLOWS) !== 0 ? ALLOW : LEFT;
  if ((mode & COUNT_DENIALS) === 0) return LEFT;
  const time = load<f64>(KEYED_TIME);
  const format = load<i32>(PREFIX_FORMAT);
  if (Number.isNaN(time) && format !== FORMAT_SHORT_ISO && format !== FORMAT_SHORT_ISO_PRECISE)
    return LEFT;
  const hostAt = load<i32>(PREFIX_HOST);
  const host = named(hostAt, load<i32>(PREFIX_HOST, 4), load<i32>(KEYED_HOST_HASH));
  if (host === -1) return LEFT;
  const reasonAt = load<i32>(RECORD_PARTS_AT + PART_REASON * 8);
  const reasonEnd = load<i32>(RECORD_PARTS_AT + PART_REASON * 8, 4);
  const reason = reasonAt === -1 ? -1 : named(reasonAt, reasonEnd, load<i32>(KEYED_REASON_HASH));
  if (reasonAt !== -1 && reason === -1) return LEFT;
  const length = load<i32>(KEYED_SAID_LENGTH);
  store<i32>(p, length, P_LENGTH);
  store<i32>(p, load<i32>(SAID_HASH), P_HASH);
  store<i32>(p, host, P_HOST);
  store<i32>(p, reason, P_REASON);
  store<f64>(p, time, P_TIME);
  const key = p + PENDING_KEY;
  let i = 0;
  for (; i + 8 <= length; i += 8) store<u64>(key + i, load<u64>(SAID_AT + i));
  if (i < length) store<u32>(key + i, load<u32>(SAID_AT + i));
  return DENIAL;
}

/**
 * Counts the first `waiting` pending denials in the order read, up to one
 * the table has not or that would tell too many names: how many it
 * counted. Every key's slot is touched first, then the record it points
 * to, so that their cache misses are waited for together.
 */
function countPending(waiting: i32): i32 {
  let touched = 0;
  const mask = TABLE_SLOTS - 1;
  for (let i = 0; i < waiting; i++)
    touched ^= load<i32>(TABLE_SLOTS_AT + (load<i32>(pending(i), P_HASH) & mask) * 8, 4);
  for (let i = 0; i < waiting; i++) {
    const at = wording(0, load<i32>(pending(i), P_HASH), -1);
    if (at !== -1) touched ^= load<i32>(at) ^ load<i32>(at + 8 + TABLE_PAYLOAD);
  }
  // Kept, so that the loads above are not left out as unused.
  store<i32>(PENDING, touched, P_TOUCHED);
  for (let i = 0; i < waiting; i++) if (!countOne(pending(i))) return i;
  return waiting;
}

/** Counts the pending denial `p` in its group's tallies; false when the kernel cannot. */
function countOne(p: i32): bool {
  const at = wording(load<i32>(p, P_LENGTH), load<i32>(p, P_HASH), p + PENDING_KEY);
  if (at === -1) return false;
  const host = load<i32>(p, P_HOST);
  const reason = load<i32>(p, P_REASON);
  // A name new to the group is marked, and told to JavaScript (ADDED).
  const tallies = at + 8;
  const newHost = !marked(tallies + TALLY_HOSTS, host);
  const newReason = reason !== -1 && !marked(tallies + TALLY_REASONS, reason);
  const added = load<i32>(ADDED);
  if (added + i32(newHost) + i32(newReason) > ADDED_MAX) return false;
  const e = load<i32>(at, 4);
  if (newHost) add(tallies + TALLY_HOSTS, e, host, 0);
  if (newReason) add(tallies + TALLY_REASONS, e, reason, MARKED_NAMES);
  store<f64>(tallies + TALLY_COUNT, load<f64>(tallies + TALLY_COUNT) + 1);
  const time = load<f64>(p, P_TIME);
  if (!Number.isNaN(time)) {
    if (time < load<f64>(tallies + TALLY_FIRST)) store<f64>(tallies + TALLY_FIRST, time);
    if (time > load<f64>(tallies + TALLY_LAST)) store<f64>(tallies + TALLY_LAST, time);
  }
  return true;
}

/**
 * Where the record of the key of `n` bytes at `key`, hashed `h`, starts in
 * the table, or -1: byte-keys.ts' indexOfWords. With `key` -1, the first
 * record of hash `h` whatever its key: the one to touch ahead.
 */
function wording(n: i32, h: i32, key: i32): i32 {
  const mask = TABLE_SLOTS - 1;
  // Never full: the table moves out of the kernel's memory before half its slots are used.
  let s = h & mask;
  let r = load<i32>(TABLE_SLOTS_AT + s * 8, 4);
  while (r !== 0) {
    if (load<i32>(TABLE_SLOTS_AT + s * 8) === h) {
      const at = TABLE_ARENA + ((r - 1) << 3);
      if (key === -1 || (load<i32>(at) === n && same(at + 8 + TABLE_PAYLOAD, key, n))) return at;
    }
    s = (s + 1) & mask;
    r = load<i32>(TABLE_SLOTS_AT + s * 8, 4);
  }
  return -1;
}

/** Whether `n` bytes (a multiple of 4) at `a` and `b` are the same. */
function same(a: i32, b: i32, n: i32): bool {
  let i = 0;
  for (; i + 8 <= n; i += 8) if (load<u64>(a + i) !== load<u64>(b + i)) return false;
  return i === n || load<u32>(a + i) === load<u32>(b + i);
}

/**
 * The number JavaScript gave the name [s, e), hashed `h`: one of the first
 * MARKED_NAMES it numbered and told (NAMES); else -1.
 */
function named(s: i32, e: i32, h: i32): i32 {
  const n = e - s;
  const told = load<i32>(NAMES_TOLD);
  for (let i = 0; i < told; i++) {
    const entry = NAMES + i * 8;
    if (load<i32>(entry) !== h || load<i32>(entry, 4) !== n) continue;
    const bytes = NAME_BYTES + i * NAME_MAX;
    let k = 0;
    while (k < n && load<u8>(bytes + k) === load<u8>(s + k)) k++;
    if (k === n) return i;
  }
  return -1;
}

/** Whether the marks at `marks` hold the name numbered `name`. */
function marked(marks: i32, name: i32): bool {
  return (load<i32>(marks) & (1 << name)) !== 0;
}

/** Marks the name numbered `name` at `marks`, and tells it as added to wording `e` (+ `kind`). */
function add(marks: i32, e: i32, name: i32, kind: i32): void {
  store<i32>(marks, load<i32>(marks) | (1 << name));
  const n = load<i32>(ADDED);
  store<i32>(ADDED + 8 + n * 8, e);
  store<i32>(ADDED + 8 + n * 8, name + kind, 4);
  store<i32>(ADDED, n + 1);
}
