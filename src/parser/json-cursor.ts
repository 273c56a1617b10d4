/**
 * Where a line of `journalctl -o json` (or `json-seq`) stands in its
 * journal: its `__CURSOR`, and the `_HOSTNAME` whose journal the cursor
 * belongs to. Read on the line's bytes, without decoding the line: it is
 * asked of every JSON line of an input whose place is kept (`--state`),
 * noise included.
 *
 * A key is found where the object has it, not inside a value: in JSON text a
 * `"` inside a string is always escaped, so a `"` that follows `{` or `,`
 * (spaces aside) and is followed by the key, its closing `"` and a `:`
 * (spaces aside) can only open a member name. Both the compact layout of
 * current journalctl and the spaced one of systemd 219 (`"__CURSOR" : "..."`)
 * are read.
 */

export interface JournalPlace {
  /** The entry's `__CURSOR`. */
  cursor: string;
  /** Its `_HOSTNAME`; undefined when the line has none (or not as a string). */
  host: string | undefined;
}

const CURSOR_KEY = Buffer.from('"__CURSOR"');
const HOST_KEY = Buffer.from('"_HOSTNAME"');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const RS = 0x1e;

/**
 * The line's cursor and host, or undefined when it is no JSON object holding
 * a `__CURSOR` string, or not a whole one: journalctl writes `__CURSOR`
 * first, so a line cut short (a stream that ended mid-entry) still shows
 * it, and taking it would skip the entry in the next run.
 */
export function readJournalPlace(
  buf: Uint8Array,
  start: number,
  end: number,
): JournalPlace | undefined {
  let at = start;
  if (buf[at] === RS) at++;
  at = skipSpaces(buf, at, end);
  if (buf[at] !== 0x7b /* { */) return undefined;
  let last = end - 1;
  while (last > at && isSpace(buf[last]!)) last--;
  if (buf[last] !== 0x7d /* } */) return undefined;
  const cursor = memberString(buf, at, end, CURSOR_KEY);
  if (cursor === undefined || cursor.length === 0) return undefined;
  return { cursor, host: memberString(buf, at, end, HOST_KEY) };
}

/** The string value of the member `key` of the object starting at `from`; undefined if none. */
function memberString(buf: Uint8Array, from: number, end: number, key: Buffer): string | undefined {
  // Bounded at the line's end: a search must not run on through the lines after it.
  const bytes = Buffer.from(buf.buffer, buf.byteOffset, end);
  for (let k = bytes.indexOf(key, from); k !== -1; k = bytes.indexOf(key, k + 1)) {
    if (!opensMember(buf, from, k)) continue;
    let v = skipSpaces(buf, k + key.length, end);
    if (buf[v] !== 0x3a /* : */) continue;
    v = skipSpaces(buf, v + 1, end);
    if (buf[v] !== QUOTE) return undefined; // null, an array (a repeated field), a number
    return stringAt(bytes, v, end);
  }
  return undefined;
}

/** Whether the `"` at `k` follows `{` or `,` (spaces aside): it opens a member name. */
function opensMember(buf: Uint8Array, from: number, k: number): boolean {
  let p = k - 1;
  while (p >= from && isSpace(buf[p]!)) p--;
  return p >= from && (buf[p] === 0x7b /* { */ || buf[p] === 0x2c) /* , */;
}

/** The JSON string whose opening `"` is at `q`; undefined if it does not end before `end`. */
function stringAt(bytes: Buffer, q: number, end: number): string | undefined {
  let escaped = false;
  for (let p = q + 1; p < end; p++) {
    const b = bytes[p]!;
    if (b === BACKSLASH) {
      escaped = true;
      p++; // the escaped byte, whatever it is
    } else if (b === QUOTE) {
      if (!escaped) return bytes.toString('utf8', q + 1, p);
      try {
        return JSON.parse(bytes.toString('utf8', q, p + 1)) as string;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function skipSpaces(buf: Uint8Array, at: number, end: number): number {
  while (at < end && isSpace(buf[at]!)) at++;
  return at;
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

/**
 * The sequence a journal cursor names: its seqnum id (`s=`) and its number
 * in that sequence (`i=`, hex). Entries of one sequence are numbered in the
 * order journald wrote them, so that of two cursors of one sequence the one
 * with the lower number came first. Undefined for another shape.
 */
export function cursorSequence(cursor: string): { id: string; number: bigint } | undefined {
  const m = /(?:^|;)s=([0-9a-f]+);i=([0-9a-f]{1,16})(?:;|$)/.exec(cursor);
  return m ? { id: m[1]!, number: BigInt(`0x${m[2]}`) } : undefined;
}
