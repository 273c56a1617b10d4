/**
 * The `key=value` runs that audit records are made of. No component escapes
 * anything, so the rules are the formats' own: a key is `[a-z_]+`; a value is
 * either `"..."` up to the next `"`, or a bare word up to the next space. The
 * one exception is Mesos' `timestamp=`, unquoted yet holding a space.
 *
 * This runs once per audit record the byte reader leaves to the text parser
 * (record-view.ts; the byte kernel, kernel/pairs.ts, reads the common line
 * by these same rules), so a run is kept as offsets into the text in reused arrays:
 * reading one allocates nothing. Strings are cut only for the values a
 * record keeps (audit-record.ts).
 */
import { RECORD_TYPE, SPACED_TIMESTAMP_KEY } from './dialects.js';

/** One run of pairs, as offsets into `text`. Reused from record to record. */
export class PairRun {
  text = '';
  /** Offset of the first key. */
  start = 0;
  /** Offset just past the last pair. */
  end = 0;
  /** A quoted value had no closing quote: the text was cut. */
  unterminated = false;
  count = 0;
  /** Per pair: key start, key end (its `=`), value start, value end (before a closing quote). */
  private slots = new Int32Array(4 * 32);

  keyStart(i: number): number {
    return this.slots[4 * i]!;
  }
  keyEnd(i: number): number {
    return this.slots[4 * i + 1]!;
  }
  valueStart(i: number): number {
    return this.slots[4 * i + 2]!;
  }
  valueEnd(i: number): number {
    return this.slots[4 * i + 3]!;
  }
  value(i: number): string {
    return this.text.slice(this.valueStart(i), this.valueEnd(i));
  }
  /** Whether pair `i`'s key is `key`. */
  keyIs(i: number, key: string): boolean {
    const s = this.keyStart(i);
    return this.keyEnd(i) - s === key.length && this.text.startsWith(key, s);
  }
  /** Whether pair `i`'s value is `value`. */
  valueIs(i: number, value: string): boolean {
    const s = this.valueStart(i);
    return this.valueEnd(i) - s === value.length && this.text.startsWith(value, s);
  }

  push(keyStart: number, keyEnd: number, valueStart: number, valueEnd: number): void {
    const at = 4 * this.count++;
    if (at + 4 > this.slots.length) {
      const grown = new Int32Array(this.slots.length * 2);
      grown.set(this.slots);
      this.slots = grown;
    }
    const s = this.slots;
    s[at] = keyStart;
    s[at + 1] = keyEnd;
    s[at + 2] = valueStart;
    s[at + 3] = valueEnd;
  }
}

function isKeyChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** What `\s` matches in a JavaScript regex. */
export function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Whether `n` digits stand at `at`. */
function digitsAt(text: string, at: number, n: number): boolean {
  for (let i = at; i < at + n; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Mesos writes `timestamp=YYYY-MM-DD HH:MM:SS[.frac][zone]`: given the end of
 * the date, the end of the time that follows it, or -1.
 */
function timeTail(text: string, at: number): number {
  // ` HH:MM:SS`
  if (
    text.charCodeAt(at) !== 0x20 ||
    !digitsAt(text, at + 1, 2) ||
    text.charCodeAt(at + 3) !== 0x3a ||
    !digitsAt(text, at + 4, 2) ||
    text.charCodeAt(at + 6) !== 0x3a ||
    !digitsAt(text, at + 7, 2)
  ) {
    return -1;
  }
  let i = at + 9;
  if (text.charCodeAt(i) === 0x2e /* . */) {
    let k = i + 1;
    while (k - i - 1 < 9 && isDigit(text.charCodeAt(k))) k++;
    if (k > i + 1) i = k;
  }
  const z = text.charCodeAt(i);
  if (z === 0x5a /* Z */) i++;
  else if ((z === 0x2b || z === 0x2d) /* + - */ && digitsAt(text, i + 1, 2)) {
    const colon = text.charCodeAt(i + 3) === 0x3a ? 1 : 0;
    if (digitsAt(text, i + 3 + colon, 2)) i += 5 + colon;
  }
  return i === text.length || isSpace(text.charCodeAt(i)) ? i : -1;
}

/** `YYYY-MM-DD` exactly, in `[start, end)`. */
function isDate(text: string, start: number, end: number): boolean {
  return (
    end - start === 10 &&
    digitsAt(text, start, 4) &&
    text.charCodeAt(start + 4) === 0x2d &&
    digitsAt(text, start + 5, 2) &&
    text.charCodeAt(start + 7) === 0x2d &&
    digitsAt(text, start + 8, 2)
  );
}

/**
 * Reads into `run` the run of pairs starting at `start`. Long stretches are
 * crossed with native searches (`indexOf`), not character by character.
 */
export function readRun(text: string, start: number, run: PairRun): PairRun {
  run.text = text;
  run.start = start;
  run.end = start;
  run.count = 0;
  run.unterminated = false;
  const n = text.length;
  // A bare value ends at a space or a tab; most texts hold no tab at all.
  const tabs = text.indexOf('\t', start) !== -1;
  let pos = start;
  while (pos < n) {
    let k = pos;
    while (isKeyChar(text.charCodeAt(k))) k++;
    if (k === pos || k >= n || text.charCodeAt(k) !== 0x3d /* = */) break;
    const valueStart = k + 1;
    let v: number;
    if (text.charCodeAt(valueStart) === 0x22 /* " */) {
      const close = text.indexOf('"', valueStart + 1);
      if (close === -1) {
        run.push(pos, k, valueStart + 1, n);
        run.unterminated = true;
        run.end = n;
        break;
      }
      run.push(pos, k, valueStart + 1, close);
      v = close + 1;
    } else {
      let e = text.indexOf(' ', valueStart);
      if (e === -1) e = n;
      if (tabs) {
        const tab = text.indexOf('\t', valueStart);
        if (tab !== -1 && tab < e) e = tab;
      }
      let valueEnd = e;
      if (
        k - pos === SPACED_TIMESTAMP_KEY.length &&
        text.startsWith(SPACED_TIMESTAMP_KEY, pos) &&
        isDate(text, valueStart, e)
      ) {
        const tail = timeTail(text, e);
        if (tail !== -1) valueEnd = tail;
      }
      v = valueEnd;
      run.push(pos, k, valueStart, valueEnd);
    }
    run.end = v;
    // Pairs are separated by spaces; anything else ends the run.
    if (text.charCodeAt(v) !== 0x20) break;
    let s = v + 1;
    while (text.charCodeAt(s) === 0x20) s++;
    pos = s;
  }
  return run;
}

/** Whether `run` holds the pair `type=audit`. */
function holdsTypeAudit(run: PairRun): boolean {
  for (let i = 0; i < run.count; i++)
    if (run.keyIs(i, RECORD_TYPE.key) && run.valueIs(i, RECORD_TYPE.value)) return true;
  return false;
}

/**
 * Finds the first run of pairs that holds the pair `type=audit`, starting at
 * `from` (when `from` is 0) or after whitespace at or past `from`. Runs that
 * do not hold it are skipped whole, so a `type=audit` inside a quoted value
 * never starts a record.
 *
 * A key ends at an `=`, so the candidates are found by jumping from `=` to
 * `=` and walking back over the key: the text in between is not looked at.
 */
export function findAuditRun(text: string, from: number, run: PairRun): PairRun | undefined {
  let at = from;
  for (let eq = text.indexOf('=', from); eq !== -1; eq = text.indexOf('=', eq + 1)) {
    let start = eq;
    while (start > 0 && isKeyChar(text.charCodeAt(start - 1))) start--;
    if (start === eq) continue;
    // As the regex /(?:^|\s)[a-z_]+=/ would match from `at`: at the very start, or after whitespace.
    if (!(start === 0 && from === 0) && !(start - 1 >= at && isSpace(text.charCodeAt(start - 1))))
      continue;
    readRun(text, start, run);
    if (holdsTypeAudit(run)) return run;
    at = Math.max(run.end, start + 1);
    if (eq < at) eq = at - 1;
  }
  return undefined;
}
