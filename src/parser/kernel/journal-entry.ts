// The journal's part of a line, as journal-entry.ts reads it for the
// formats the kernel takes (KERNEL_FORMATS): its timestamp, host and
// `ident[pid]: `, laid out at PREFIX (dialects.ts).
import { clockAt, digitsAt, isDigit, isLower, isUpper, seek } from './bytes';
import {
  CLOSE_BRACKET,
  COLON,
  DOT,
  MINUS,
  OPEN_BRACKET,
  PLUS,
  SPACE,
  UPPER_T,
  UPPER_Z,
} from './chars';
import {
  FORMAT_SHORT,
  FORMAT_SHORT_ISO,
  FORMAT_SHORT_ISO_PRECISE,
  FORMAT_SHORT_PRECISE,
  PREFIX_FORMAT,
  PREFIX_HOST,
  PREFIX_IDENT,
  PREFIX_MESSAGE,
  PREFIX_STAMP_END,
} from './dialects.generated';

/** Keeps the format, `.ffffff` at `p` making it `precise`; returns where the timestamp goes on. */
function precision(p: i32, end: i32, plain: i32, precise: i32): i32 {
  if (load<u8>(p) === DOT && p + 7 <= end && digitsAt(p + 1, 6)) {
    store<i32>(PREFIX_FORMAT, precise);
    return p + 7;
  }
  store<i32>(PREFIX_FORMAT, plain);
  return p;
}

/** Where short-iso's `YYYY-MM-DDTHH:MM:SS[.ffffff](Z|+-HH[:]MM)` at `s` ends, or -1. */
function isoStamp(s: i32, end: i32): i32 {
  const date =
    digitsAt(s, 4) &&
    load<u8>(s, 4) === MINUS &&
    digitsAt(s + 5, 2) &&
    load<u8>(s, 7) === MINUS &&
    digitsAt(s + 8, 2) &&
    load<u8>(s, 10) === UPPER_T &&
    clockAt(s + 11);
  if (!date) return -1;
  let p = precision(s + 19, end, FORMAT_SHORT_ISO, FORMAT_SHORT_ISO_PRECISE);
  const z = <i32>load<u8>(p);
  if (z === UPPER_Z) return p + 1;
  if ((z === PLUS || z === MINUS) && p + 6 <= end && digitsAt(p + 1, 2)) {
    p += load<u8>(p, 3) === COLON ? 4 : 3;
    if (p + 2 <= end && digitsAt(p, 2)) return p + 2;
  }
  return -1;
}

/** Where short's `Mon DD HH:MM:SS[.ffffff]` at `s` ends, or -1 (its first letter checked already). */
function shortStamp(s: i32, end: i32): i32 {
  const c = <i32>load<u8>(s, 4);
  const stamp =
    isLower(load<u8>(s, 1)) &&
    isLower(load<u8>(s, 2)) &&
    load<u8>(s, 3) === SPACE &&
    (c === SPACE || isDigit(c)) &&
    isDigit(load<u8>(s, 5)) &&
    load<u8>(s, 6) === SPACE &&
    clockAt(s + 7);
  if (!stamp) return -1;
  return precision(s + 15, end, FORMAT_SHORT, FORMAT_SHORT_PRECISE);
}

/** Reads `timestamp host [ident[\[pid\]]: ]` at the start of [s, end); false if it is not there. */
export function journalPrefix(s: i32, end: i32): bool {
  const p = isUpper(load<u8>(s)) ? shortStamp(s, end) : isoStamp(s, end);
  if (p === -1 || p >= end || load<u8>(p) !== SPACE) return false;
  store<i32>(PREFIX_STAMP_END, p);
  // The host: one or more bytes up to a space.
  const h = seek(p + 1, end, SPACE);
  if (h === p + 1 || h >= end) return false;
  store<i32>(PREFIX_HOST, p + 1);
  store<i32>(PREFIX_HOST, h, 4);
  // `ident[pid]: `, `ident: `, or the message straight away.
  const rest = h + 1;
  let i = rest;
  while (i < end) {
    const c = <i32>load<u8>(i);
    if (c === SPACE || c === OPEN_BRACKET || c === COLON) break;
    i++;
  }
  let after = -1;
  if (i > rest) {
    let j = i;
    if (load<u8>(j) === OPEN_BRACKET) {
      let d = j + 1;
      while (d < end && isDigit(load<u8>(d))) d++;
      j = d > j + 1 && load<u8>(d) === CLOSE_BRACKET ? d + 1 : -1;
    }
    if (j !== -1 && j + 1 < end && load<u8>(j) === COLON && load<u8>(j, 1) === SPACE) after = j + 2;
  }
  if (after === -1) {
    store<i32>(PREFIX_IDENT, -1);
    store<i32>(PREFIX_IDENT, -1, 4);
    store<i32>(PREFIX_MESSAGE, rest);
  } else {
    store<i32>(PREFIX_IDENT, rest);
    store<i32>(PREFIX_IDENT, i, 4);
    store<i32>(PREFIX_MESSAGE, after);
  }
  return true;
}
