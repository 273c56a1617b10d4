import type { Report } from '../report/schema.js';

/**
 * The json report, as `JSON.stringify(report, null, 2)` writes it, made in
 * pieces: one per top-level member and one per element of a top-level array
 * (an account, an unattributed group, ...). A report of many groups is tens
 * of megabytes; written piece by piece it is never held as one string.
 */
export function* renderJsonPieces(report: Report): Generator<string> {
  let first = true;
  for (const [key, value] of Object.entries(report)) {
    if (unwritable(value)) continue; // as JSON.stringify: such members are left out
    yield `${first ? '{' : ','}\n  ${JSON.stringify(key)}: `;
    first = false;
    if (Array.isArray(value) && value.length > 0) {
      yield* elements(value);
      yield '\n  ]';
    } else yield stringify(value, 1);
  }
  yield first ? '{}\n' : '\n}\n';
}

export function renderJson(report: Report): string {
  return [...renderJsonPieces(report)].join('');
}

function* elements(values: readonly unknown[]): Generator<string> {
  let i = 0;
  for (const value of values) {
    // As JSON.stringify: an element it cannot write is null.
    const text = unwritable(value) ? 'null' : stringify(value, 2);
    yield `${i++ === 0 ? '[' : ','}\n    ${text}`;
  }
}

/** What JSON.stringify leaves out of objects and writes as null in arrays. */
function unwritable(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * `value` as JSON.stringify writes it at depth 1 (a top-level member) or 2
 * (an element of one). It is written inside a wrapper that puts it at that
 * depth, so JSON.stringify indents it, and the wrapper is cut off: cheaper
 * than indenting every line of the text again.
 */
function stringify(value: unknown, depth: 1 | 2): string {
  if (depth === 1) return JSON.stringify({ v: value }, null, 2).slice(OPEN_1, -CLOSE_1);
  return JSON.stringify({ v: [value] }, null, 2).slice(OPEN_2, -CLOSE_2);
}

/** `{\n  "v": ` and `\n}`; `{\n  "v": [\n    ` and `\n  ]\n}`. */
const OPEN_1 = 9;
const CLOSE_1 = 2;
const OPEN_2 = 15;
const CLOSE_2 = 6;
