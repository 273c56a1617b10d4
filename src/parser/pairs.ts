/**
 * The `key=value` runs that audit records are made of. No component escapes
 * anything, so the rules are the formats' own: a key is `[a-z_]+`; a value is
 * either `"..."` up to the next `"`, or a bare word up to the next space. The
 * one exception is Mesos' `timestamp=`, unquoted yet holding a space.
 */

export interface Pair {
  key: string;
  value: string;
  /** Offset of the key in the text. */
  at: number;
  /** Offset just past the value (and its closing quote). */
  end: number;
  quoted: boolean;
}

export interface PairRun {
  pairs: Pair[];
  start: number;
  /** Offset just past the last pair. */
  end: number;
  /** A quoted value had no closing quote: the text was cut. */
  unterminated: boolean;
}

const KEY_START = /(?:^|\s)[a-z_]+=/g;
const TIME_TAIL = /^ \d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?(?=\s|$)/;

function isKeyChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/** Reads the run of pairs starting at `start`. */
export function readRun(text: string, start: number): PairRun {
  const pairs: Pair[] = [];
  let pos = start;
  let unterminated = false;
  let end = start;
  const n = text.length;
  while (pos < n) {
    let k = pos;
    while (k < n && isKeyChar(text.charCodeAt(k))) k++;
    if (k === pos || k >= n || text.charCodeAt(k) !== 0x3d /* = */) break;
    const key = text.slice(pos, k);
    let v = k + 1;
    let value: string;
    let quoted = false;
    if (text.charCodeAt(v) === 0x22 /* " */) {
      quoted = true;
      const close = text.indexOf('"', v + 1);
      if (close === -1) {
        value = text.slice(v + 1);
        unterminated = true;
        v = n;
      } else {
        value = text.slice(v + 1, close);
        v = close + 1;
      }
    } else {
      let e = v;
      while (e < n && text.charCodeAt(e) !== 0x20 && text.charCodeAt(e) !== 0x09) e++;
      value = text.slice(v, e);
      v = e;
      if (key === 'timestamp') {
        const tail = TIME_TAIL.exec(text.slice(v, v + 40));
        if (tail && /^\d{4}-\d\d-\d\d$/.test(value)) {
          value += tail[0];
          v += tail[0].length;
        }
      }
    }
    pairs.push({ key, value, at: pos, end: v, quoted });
    end = v;
    if (unterminated) break;
    // Pairs are separated by spaces; anything else ends the run.
    let s = v;
    while (s < n && text.charCodeAt(s) === 0x20) s++;
    if (s === v) break;
    pos = s;
  }
  return { pairs, start, end, unterminated };
}

/**
 * Finds the first run of pairs, starting at or after `from`, that holds the
 * pair `type=audit`. Runs that do not hold it are skipped whole, so a
 * `type=audit` inside a quoted value never starts a record.
 */
export function findAuditRun(text: string, from: number): PairRun | undefined {
  KEY_START.lastIndex = from;
  for (;;) {
    const m = KEY_START.exec(text);
    if (!m) return undefined;
    const start = m.index + (m[0].length - m[0].trimStart().length);
    const run = readRun(text, start);
    if (run.pairs.some((p) => p.key === 'type' && p.value === 'audit')) return run;
    KEY_START.lastIndex = Math.max(run.end, start + 1);
  }
}
