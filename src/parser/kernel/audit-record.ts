// The record in a run, read as audit-record.ts reads an authorization
// record with an account, and laid out at RECORD (dialects.ts). What the
// dialects differ in (authorizers, where each logger writes, the object's
// and the uid's key, the words) comes from dialects.generated.ts.
import { clockAt, digitsAt, find, isDigit, isLower, isUpper, same, seek } from './bytes';
import {
  CLOSE_BRACKET,
  COLON,
  COMMA,
  DOT,
  EQUALS,
  HASH,
  MINUS,
  OPEN_BRACKET,
  QUOTE,
  SLASH,
  SPACE,
  STAR,
  UNDERSCORE,
} from './chars';
import {
  AUDITLOG_CALL_LENGTH,
  componentOf,
  isAuditlogCall,
  isGlogSeverity,
  isLuaTag,
  isSyslogNginx,
  KEY_ACTION,
  KEY_AUTHORIZER,
  KEY_REASON,
  KEY_REQUEST_URI,
  KEY_RESULT,
  KEY_TIMESTAMP,
  LUA_TAG_LENGTH,
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
  playLevelOf,
  prefixOf,
  RECORD_COMPONENT,
  RECORD_PARTS_AT,
  RECORD_RESULT,
  RUN_END,
  RUN_START,
  resultOf,
  SYSLOG_NGINX_LENGTH,
  uidBeforeKeyOf,
  uidKeyOf,
  WORD_HTTP_VERSION,
  WORD_HTTP_VERSION_LENGTH,
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

/** Whether byte `c` stands at `p`, before `end`. */
function byteAt(p: i32, end: i32, c: i32): bool {
  return p < end && <i32>load<u8>(p) === c;
}

/** Past the digits at `p` before `end`: `p` itself when none stand there. */
function pastDigits(p: i32, end: i32): i32 {
  while (p < end && isDigit(load<u8>(p))) p++;
  return p;
}

/** Past `[`, anything but `]`, `] ` at `p`; -1 when that is not there. */
function pastBracketed(p: i32, end: i32): i32 {
  if (!byteAt(p, end, OPEN_BRACKET)) return -1;
  p = seek(p + 1, end, CLOSE_BRACKET);
  return byteAt(p + 1, end, SPACE) ? p + 2 : -1;
}

/**
 * nginx's error line up to Admin Router's call, from `p` to exactly `call`:
 * `YYYY/MM/DD HH:MM:SS [level] PID#TID: *CONN [lua] FILE:LINE: `.
 */
function nginxLine(p: i32, call: i32): bool {
  if (
    p + 21 > call ||
    !digitsAt(p, 4) ||
    load<u8>(p, 4) !== SLASH ||
    !digitsAt(p + 5, 2) ||
    load<u8>(p, 7) !== SLASH ||
    !digitsAt(p + 8, 2) ||
    load<u8>(p, 10) !== SPACE ||
    !clockAt(p + 11) ||
    load<u8>(p, 19) !== SPACE ||
    load<u8>(p, 20) !== OPEN_BRACKET
  )
    return false;
  let i = p + 21;
  const level = i;
  while (i < call && isLower(load<u8>(i))) i++;
  if (i === level || !byteAt(i, call, CLOSE_BRACKET) || !byteAt(i + 1, call, SPACE)) return false;
  // PID#TID: *CONN
  let mark = i + 2;
  i = pastDigits(mark, call);
  if (i === mark || !byteAt(i, call, HASH)) return false;
  mark = i + 1;
  i = pastDigits(mark, call);
  if (i === mark || !byteAt(i, call, COLON) || !byteAt(i + 1, call, SPACE)) return false;
  if (!byteAt(i + 2, call, STAR)) return false;
  mark = i + 3;
  i = pastDigits(mark, call);
  if (i === mark || i + LUA_TAG_LENGTH > call || !isLuaTag(i, LUA_TAG_LENGTH)) return false;
  // FILE:LINE: then the space before the call: `[^ ]+:\d+: `.
  i += LUA_TAG_LENGTH;
  const last = call - 1;
  if (last <= i || load<u8>(last) !== SPACE || load<u8>(last - 1) !== COLON) return false;
  for (let j = i; j < last; j++) if (load<u8>(j) === SPACE) return false;
  const digits = last - 1;
  let d = digits - 1;
  while (d > i && isDigit(load<u8>(d))) d--;
  return d < digits - 1 && d > i && load<u8>(d) === COLON;
}

/** Admin Router's prefix, [from, start): an optional `<host> nginx: ` (1.13+), nginx's line, `auditlog(): `. */
function auditlogPrefix(from: i32, start: i32): bool {
  const call = start - AUDITLOG_CALL_LENGTH;
  if (call < from || !isAuditlogCall(call, AUDITLOG_CALL_LENGTH)) return false;
  const space = seek(from, call, SPACE);
  const after = space + SYSLOG_NGINX_LENGTH;
  if (space > from && after <= call && isSyslogNginx(space, SYSLOG_NGINX_LENGTH)) {
    if (nginxLine(after, call)) return true;
  }
  return nginxLine(from, call);
}

/** IAM's `[...] [...] [...] LEVEL: `, exactly [from, start). */
function levelPrefix(from: i32, start: i32): bool {
  let i = from;
  for (let k = 0; k < 3; k++) {
    i = pastBracketed(i, start);
    if (i === -1) return false;
  }
  const level = i;
  while (i < start && isUpper(load<u8>(i))) i++;
  return i > level && i + 2 === start && load<u8>(i) === COLON && load<u8>(i, 1) === SPACE;
}

/** glog's `I1122 10:00:07.752534  3708 file.cpp:178] `, exactly [from, start). */
function glogPrefix(from: i32, start: i32): bool {
  let i = start - 1;
  if (i - 1 < from || load<u8>(i) !== SPACE || load<u8>(i - 1) !== CLOSE_BRACKET) return false;
  // The line number, then `:`.
  i -= 2;
  let mark = i;
  while (i >= from && isDigit(load<u8>(i))) i--;
  if (i === mark || i < from || load<u8>(i) !== COLON) return false;
  // The file: anything but a space or `]`, then a space.
  mark = --i;
  while (i >= from && load<u8>(i) !== SPACE && load<u8>(i) !== CLOSE_BRACKET) i--;
  if (i === mark || i < from || load<u8>(i) !== SPACE) return false;
  // The thread: digits, then spaces.
  mark = --i;
  while (i >= from && isDigit(load<u8>(i))) i--;
  if (i === mark || i < from || load<u8>(i) !== SPACE) return false;
  while (i >= from && load<u8>(i) === SPACE) i--;
  // `[IWEF]MMDD HH:MM:SS.ffffff`, 21 bytes, ending at i and starting the message.
  const s = i - 20;
  if (s !== from || !isGlogSeverity(load<u8>(s))) return false;
  return (
    digitsAt(s + 1, 4) &&
    load<u8>(s, 5) === SPACE &&
    clockAt(s + 6) &&
    load<u8>(s, 14) === DOT &&
    digitsAt(s + 15, 6)
  );
}

/**
 * Logback's `[YYYY-MM-DD HH:MM:SS,mmm] ` (Marathon) or Play's `[level] `
 * (Metronome) starting the message, then anything but `"` and `=` up to
 * `start`.
 */
function logbackPrefix(from: i32, start: i32): bool {
  if (!byteAt(from, start, OPEN_BRACKET)) return false;
  let i = -1;
  if (
    from + 25 <= start &&
    digitsAt(from + 1, 4) &&
    load<u8>(from, 5) === MINUS &&
    digitsAt(from + 6, 2) &&
    load<u8>(from, 8) === MINUS &&
    digitsAt(from + 9, 2) &&
    load<u8>(from, 11) === SPACE &&
    clockAt(from + 12) &&
    load<u8>(from, 20) === COMMA &&
    digitsAt(from + 21, 3) &&
    load<u8>(from, 24) === CLOSE_BRACKET
  )
    i = from + 25;
  else {
    for (let n = PLAY_LEVEL_SHORTEST; n <= PLAY_LEVEL_LONGEST && i === -1; n++) {
      if (byteAt(from + 1 + n, start, CLOSE_BRACKET) && playLevelOf(from + 1, n) >= 0)
        i = from + 2 + n;
    }
  }
  if (i === -1 || !byteAt(i, start, SPACE)) return false;
  for (let j = i + 1; j < start; j++) {
    const c = <i32>load<u8>(j);
    if (c === QUOTE || c === EQUALS) return false;
  }
  return true;
}

/**
 * Whether the text before the run, from the message's start `from`, is the
 * prefix component `code`'s logger starts its messages with (dialects.ts
 * PREFIX_PATTERNS).
 */
function startsWhereWritten(from: i32, start: i32, code: i32): bool {
  const prefix = prefixOf(code);
  if (prefix === PREFIX_AUDITLOG) return auditlogPrefix(from, start);
  if (prefix === PREFIX_LEVEL) return levelPrefix(from, start);
  if (prefix === PREFIX_GLOG) return glogPrefix(from, start);
  return logbackPrefix(from, start);
}

/**
 * Whether nginx's `request: "METHOD URI[ HTTP/x.y]"` after `suffix` repeats
 * the URI [uri, uriEnd) exactly and is the only request line
 * (audit-record.ts requestLine; anything else, an absolute-form target
 * included, is left to it).
 */
function requestRepeats(suffix: i32, end: i32, uri: i32, uriEnd: i32): bool {
  let p = find(suffix, end, WORD_REQUEST_LINE, WORD_REQUEST_LINE_LENGTH);
  if (p === -1) return false;
  if (find(p + 1, end, WORD_REQUEST_LINE, WORD_REQUEST_LINE_LENGTH) !== -1) return false;
  p += WORD_REQUEST_LINE_LENGTH;
  const method = p;
  while (p < end && isMethodByte(<i32>load<u8>(p))) p++;
  if (p === method || p >= end || load<u8>(p) !== SPACE) return false;
  p++;
  const n = uriEnd - uri;
  if (p + n >= end || !same(p, uri, n)) return false;
  p += n;
  if (load<u8>(p) === QUOTE) return true;
  if (p + WORD_HTTP_VERSION_LENGTH > end || !same(p, WORD_HTTP_VERSION, WORD_HTTP_VERSION_LENGTH))
    return false;
  p += WORD_HTTP_VERSION_LENGTH;
  const major = p;
  while (p < end && isDigit(<i32>load<u8>(p))) p++;
  if (p === major || p >= end || load<u8>(p) !== DOT) return false;
  const minor = ++p;
  while (p < end && isDigit(<i32>load<u8>(p))) p++;
  return p > minor && p < end && load<u8>(p) === QUOTE;
}

/** nginx's method bytes: `A-Z`, `_`, `-`. */
function isMethodByte(c: i32): bool {
  return isUpper(c) || c === UNDERSCORE || c === MINUS;
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
  // nginx ends every line with its suffix: a record without one was cut.
  if (suffix === -1) return -1;
  const stop = suffix;
  const first = find(tail, stop, WORD_URI_UID, WORD_URI_UID_LENGTH);
  if (first === -1) return -1;
  // The only one, with no space before it.
  if (find(first + 1, stop, WORD_URI_UID, WORD_URI_UID_LENGTH) !== -1) return -1;
  if (seek(tail, first, SPACE) < first) return -1;
  if (!requestRepeats(suffix, end, tail, first)) return -1;
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
  if (!startsWhereWritten(from, start, code)) return false;
  store<i32>(RECORD_COMPONENT, code);
  let recordEnd = load<i32>(RUN_END);
  const uidKey = uidKeyOf(code);
  if (uidKey === KEY_REQUEST_URI) {
    recordEnd = uidInRequest(end);
    if (recordEnd === -1) return false;
  } else {
    // Mesos' record is the rest of the message: anything after its pairs
    // (a stray quote in the client's agent ends them) is the parser's to judge.
    if (prefixOf(code) === PREFIX_GLOG && recordEnd < end) return false;
    const uid = pairOf(uidKey);
    if (uid === -1) return false;
    // A uid after a value a client writes may be the client's: the parser's to judge.
    const before = uidBeforeKeyOf(code);
    if (before !== -1 && pairOf(before) !== -1 && pairOf(before) < uid) return false;
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
