// timestamp.ts' parseTimestampBytes, on the kernel's memory: records of one
// line are timed without a string.
import { digitsAt, two } from './bytes';
import { COLON, COMMA, DOT, MINUS, PLUS, SPACE, UPPER_T, UPPER_Z, ZERO } from './chars';

/**
 * The timestamp in [s, e), epoch milliseconds, as timestamp.ts'
 * parseTimestampBytes reads it; NaN where that gives undefined.
 */
export function time(s: i32, e: i32): f64 {
  const n = e - s;
  if (n < 19 || n > 35) return NaN;
  if (load<u8>(s, 4) !== MINUS || load<u8>(s, 7) !== MINUS) return NaN;
  if (load<u8>(s, 13) !== COLON || load<u8>(s, 16) !== COLON) return NaN;
  const sep = <i32>load<u8>(s, 10);
  if (sep !== UPPER_T && sep !== SPACE) return NaN;
  const h = two(s + 11);
  const mi = two(s + 14);
  const sec = two(s + 17);
  // -1, for a field that is not two digits, is out of range unsigned.
  if (<u32>h > 23 || <u32>mi > 59 || <u32>sec > 60) return NaN;
  if (!digitsAt(s, 4)) return NaN;
  let y = two(s) * 100 + two(s + 2);
  const mo = two(s + 5);
  const d = two(s + 8);
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  // A fraction of 1 to 9 digits, milliseconds from its first three.
  let i = s + 19;
  let ms = 0;
  if (i < e) {
    const c = <i32>load<u8>(i);
    if (c === DOT || c === COMMA) {
      const frac = ++i;
      while (i < e && i - frac < 9) {
        const digit = <i32>load<u8>(i) - ZERO;
        if (<u32>digit > 9) break;
        if (i - frac < 3) ms = ms * 10 + digit;
        i++;
      }
      if (i === frac) return NaN;
      if (i - frac === 1) ms *= 100;
      if (i - frac === 2) ms *= 10;
    }
  }
  // `Z` or `+HH[:]MM` / `-HH[:]MM`, ending the text.
  let offset = 0;
  if (i < e) {
    const z = <i32>load<u8>(i);
    if (!(z === UPPER_Z && i + 1 === e)) {
      if (z !== PLUS && z !== MINUS) return NaN;
      const colon = i + 3 < e && load<u8>(i, 3) === COLON ? 1 : 0;
      const oh = two(i + 1);
      const om = two(i + 3 + colon);
      if (oh < 0 || om < 0 || i + 5 + colon !== e) return NaN;
      offset = (oh * 60 + om) * (z === MINUS ? -60000 : 60000);
    }
  }
  // The day, counted from 1970 (days from civil).
  if (mo <= 2) y--;
  const era = <i32>(<u32>y / 400);
  const yoe = y - era * 400;
  const doy = <i32>(<u32>(153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1;
  const days =
    era * 146097 + yoe * 365 + <i32>(<u32>yoe / 4) - <i32>(<u32>yoe / 100) + doy - 719468;
  return <f64>days * 86400000 + <f64>(((h * 60 + mi) * 60 + sec) * 1000 + ms - offset);
}

/** timestamp.ts' daysInMonth. */
function daysInMonth(y: i32, mo: i32): i32 {
  if (mo === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}
