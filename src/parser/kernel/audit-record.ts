// The record in a run, read as audit-record.ts reads an authorization
// record with an account, and laid out at RECORD (dialects.ts). What the
// dialects differ in (authorizers, where each logger writes, the object's
// and the uid's key, the words) comes from dialects.generated.ts.
import { clockAt, digitsAt, find, isDigit, isUpper, seek } from './bytes';
import { CLOSE_BRACKET, COLON, COMMA, DOT, EQUALS, OPEN_BRACKET, QUOTE, SPACE } from './chars';
import {
  AUDITLOG_CALL_LENGTH,
  componentOf,
  isAuditlogCall,
  isGlogSeverity,
  KEY_ACTION,
  KEY_AUTHORIZER,
  KEY_REASON,
  KEY_REQUEST_URI,
  KEY_RESULT,
  KEY_TIMESTAMP,
  objectKeyOf,
  PART_ACTION,
  PART_OBJECT,
  PART_REASON,
  PART_TIMESTAMP,
  PART_UID,
  PLAY_LEVEL_LONGEST,
  PLAY_LEVEL_SHORTEST,
  PREFIX_AUDITLOG,
  PREFIX_GLOG,
  PREFIX_LEVEL,
  PREFIX_WINDOW,
  playLevelOf,
  prefixOf,
  RECORD_COMPONENT,
  RECORD_PARTS_AT,
  RECORD_RESULT,
  RUN_END,
  RUN_START,
  resultOf,
  uidKeyOf,
  WORD_NGINX_CLIENT,
  WORD_NGINX_CLIENT_LENGTH,
  WORD_NGINX_WHILE,
  WORD_NGINX_WHILE_LENGTH,
  WORD_REQUEST_LINE,
  WORD_REQUEST_LINE_LENGTH,
  WORD_SECOND_RECORD,
  WORD_SECOND_RECORD_LENGTH,
  WORD_URI_UID,
  WORD_URI_UID_LENGTH,
} from './dialects.generated';
import { audit, pair, pairOf } from './pairs';

/** Where part `n` of the record (PART_*) is kept: its start, then its end. */
function part(n: i32): i32 {
  return RECORD_PARTS_AT + n * 8;
}

/** Keeps pair `i`'s value as part `n`, or -1 twice when `i` is -1. */
function keepValue(i: i32, n: i32): void {
  const to = part(n);
  if (i === -1) {
    store<i32>(to, -1);
    store<i32>(to, -1, 4);
  } else {
    store<i32>(to, load<i32>(pair(i), 8));
    store<i32>(to, load<i32>(pair(i), 12), 4);
  }
}

/** IAM's `] LEVEL: ` ending at `start`: /\] [A-Z]+: $/. */
function levelPrefix(lo: i32, start: i32): bool {
  if (start - 2 < lo || load<u8>(start - 1) !== SPACE || load<u8>(start - 2) !== COLON)
    return false;
  let i = start - 3;
  while (i >= lo && isUpper(load<u8>(i))) i--;
  if (i >= start - 3 || i - 1 < lo) return false;
  return load<u8>(i) === SPACE && load<u8>(i - 1) === CLOSE_BRACKET;
}

/** glog's `I1122 10:00:07.752534  3708 file.cpp:178] ` ending at `start`. */
function glogPrefix(lo: i32, start: i32): bool {
  let i = start - 1;
  if (i - 1 < lo || load<u8>(i) !== SPACE || load<u8>(i - 1) !== CLOSE_BRACKET) return false;
  // The line number, then `:`.
  i -= 2;
  let mark = i;
  while (i >= lo && isDigit(load<u8>(i))) i--;
  if (i === mark || i < lo || load<u8>(i) !== COLON) return false;
  // The file: anything but a space or `]`, then a space.
  mark = --i;
  while (i >= lo && load<u8>(i) !== SPACE && load<u8>(i) !== CLOSE_BRACKET) i--;
  if (i === mark || i < lo || load<u8>(i) !== SPACE) return false;
  // The thread: digits, then spaces.
  mark = --i;
  while (i >= lo && isDigit(load<u8>(i))) i--;
  if (i === mark || i < lo || load<u8>(i) !== SPACE) return false;
  while (i >= lo && load<u8>(i) === SPACE) i--;
  // `[IWEF]MMDD HH:MM:SS.ffffff`, 21 bytes, ending at i.
  const s = i - 20;
  if (s < lo || !isGlogSeverity(load<u8>(s))) return false;
  return (
    digitsAt(s + 1, 4) &&
    load<u8>(s, 5) === SPACE &&
    clockAt(s + 6) &&
    load<u8>(s, 14) === DOT &&
    digitsAt(s + 15, 6)
  );
}

/**
 * Logback's `HH:MM:SS,mmm] ` (Marathon) or Play's `[level] ` (Metronome),
 * then anything but `"` and `=` up to `start`.
 */
function logbackPrefix(lo: i32, start: i32): bool {
  let q = start - 1;
  while (q >= lo && load<u8>(q) !== QUOTE && load<u8>(q) !== EQUALS) q--;
  for (let j = q + 1 < lo ? lo : q + 1; j + 1 < start; j++) {
    if (load<u8>(j) !== CLOSE_BRACKET || load<u8>(j, 1) !== SPACE) continue;
    const t = j - 12;
    if (t >= lo && clockAt(t) && load<u8>(t, 8) === COMMA && digitsAt(t + 9, 3)) return true;
    for (let n = PLAY_LEVEL_SHORTEST; n <= PLAY_LEVEL_LONGEST; n++) {
      const open = j - n - 1;
      if (open >= lo && load<u8>(open) === OPEN_BRACKET && playLevelOf(open + 1, n) >= 0)
        return true;
    }
  }
  return false;
}

/**
 * Whether the text before the run, from `from`, ends the way component
 * `code`'s logger ends its prefix (dialects.ts PREFIX_PATTERNS), read over
 * at most PREFIX_WINDOW bytes.
 */
function startsWhereWritten(from: i32, start: i32, code: i32): bool {
  const lo = start - PREFIX_WINDOW < from ? from : start - PREFIX_WINDOW;
  const prefix = prefixOf(code);
  if (prefix === PREFIX_AUDITLOG) {
    const p = start - AUDITLOG_CALL_LENGTH;
    return p >= from && isAuditlogCall(p, AUDITLOG_CALL_LENGTH);
  }
  if (prefix === PREFIX_LEVEL) return levelPrefix(lo, start);
  if (prefix === PREFIX_GLOG) return glogPrefix(lo, start);
  return logbackPrefix(lo, start);
}

/** Whether nginx's `request: "..."` after `suffix` holds more than the three parts of a request line. */
function requestHoldsSpace(suffix: i32, end: i32): bool {
  let open = find(suffix, end, WORD_REQUEST_LINE, WORD_REQUEST_LINE_LENGTH);
  if (open === -1) return false;
  open += WORD_REQUEST_LINE_LENGTH;
  const close = seek(open, end, QUOTE);
  if (close >= end) return false;
  let spaces = 0;
  for (let p = open; p < close; p++) if (load<u8>(p) === SPACE && ++spaces > 2) return true;
  return false;
}

/**
 * Admin Router's uid: the text after the only ` uid=` of the raw
 * `request_uri` value, before nginx's `, client: ` or ` while `
 * (audit-record.ts). Keeps it and returns where the record ends, or -1.
 */
function uidInRequest(end: i32): i32 {
  const uri = pairOf(KEY_REQUEST_URI);
  if (uri === -1) return -1;
  // Past `request_uri=`.
  const tail = load<i32>(pair(uri), 4) + 1;
  const client = find(tail, end, WORD_NGINX_CLIENT, WORD_NGINX_CLIENT_LENGTH);
  const context = find(tail, end, WORD_NGINX_WHILE, WORD_NGINX_WHILE_LENGTH);
  const suffix = client === -1 ? context : context === -1 || client < context ? client : context;
  const stop = suffix === -1 ? end : suffix;
  const first = find(tail, stop, WORD_URI_UID, WORD_URI_UID_LENGTH);
  if (first === -1) return -1;
  // The only one, with no space before it.
  if (find(first + 1, stop, WORD_URI_UID, WORD_URI_UID_LENGTH) !== -1) return -1;
  if (seek(tail, first, SPACE) < first) return -1;
  if (suffix !== -1 && requestHoldsSpace(suffix, end)) return -1;
  store<i32>(part(PART_UID), first + WORD_URI_UID_LENGTH);
  store<i32>(part(PART_UID), stop, 4);
  return stop;
}

/**
 * The record in the message [from, end), read as audit-record.ts reads an
 * authorization record with an account: true with it laid out at RECORD;
 * false for anything else (no run, an unknown authorizer, a record not
 * where its logger writes it, no uid, object, action or result, another
 * result, a second record after it), which the parser reads instead.
 */
export function record(from: i32, end: i32): bool {
  if (audit(from, end) <= 0) return false;
  const authorizer = pairOf(KEY_AUTHORIZER);
  if (authorizer === -1) return false;
  const vs = load<i32>(pair(authorizer), 8);
  const code = componentOf(vs, load<i32>(pair(authorizer), 12) - vs);
  if (code === -1) return false;
  const start = load<i32>(RUN_START);
  if (start > from && !startsWhereWritten(from, start, code)) return false;
  store<i32>(RECORD_COMPONENT, code);
  let recordEnd = load<i32>(RUN_END);
  const uidKey = uidKeyOf(code);
  if (uidKey === KEY_REQUEST_URI) {
    recordEnd = uidInRequest(end);
    if (recordEnd === -1) return false;
  } else {
    const uid = pairOf(uidKey);
    if (uid === -1) return false;
    keepValue(uid, PART_UID);
  }
  if (load<i32>(part(PART_UID)) === load<i32>(part(PART_UID), 4)) return false;
  const object = pairOf(objectKeyOf(code));
  const action = pairOf(KEY_ACTION);
  const result = pairOf(KEY_RESULT);
  if (object === -1 || action === -1 || result === -1) return false;
  const rs = load<i32>(pair(result), 8);
  const said = resultOf(rs, load<i32>(pair(result), 12) - rs);
  if (said === -1) return false;
  store<i32>(RECORD_RESULT, said);
  keepValue(object, PART_OBJECT);
  keepValue(action, PART_ACTION);
  keepValue(pairOf(KEY_REASON), PART_REASON);
  keepValue(pairOf(KEY_TIMESTAMP), PART_TIMESTAMP);
  // A second record after this one makes the line suspicious.
  if (recordEnd < start + 1) recordEnd = start + 1;
  return find(recordEnd, end, WORD_SECOND_RECORD, WORD_SECOND_RECORD_LENGTH) === -1;
}
