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
    } else yield stringify(value, '  ');
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
    const text = unwritable(value) ? 'null' : stringify(value, '    ');
    yield `${i++ === 0 ? '[' : ','}\n    ${text}`;
  }
}

/** What JSON.stringify leaves out of objects and writes as null in arrays. */
function unwritable(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * `value` as JSON.stringify writes it at a depth whose lines start with
 * `indent`. Strings hold no raw newline (it is escaped), so every newline is
 * the start of a line to indent.
 */
function stringify(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);
}
