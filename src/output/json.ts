import type { Report } from '../report/schema.js';
import { terminalSafeJson } from './json-string.js';
import { chunks } from './rendered.js';

/**
 * The json report, as `JSON.stringify(report, null, 2)` writes it, made in
 * small pieces: the report, its sections, each account and each of its
 * lists are cut down to their elements (a denial, a suggestion, ...), which
 * JSON.stringify writes. A report of many groups is tens of megabytes, and
 * an account's text can be hundreds of kilobytes: V8 puts a string that
 * large in memory of its own, fresh from the system each time, and makes it
 * again for each copy (flattening, encoding), and fresh memory is what costs
 * here (a page fault per 4 KiB: about a fifth of a many-distinct run when
 * accounts were written whole). Pieces this small are joined into the
 * writer's chunks in memory already in use.
 */
export function* renderJsonPieces(report: Report): Generator<string> {
  // Made safe a writer's chunk at a time: one look at each finds the rare text to escape.
  for (const chunk of chunks(pieces(report, 0))) yield terminalSafeJson(chunk);
  yield '\n';
}

export function renderJson(report: Report): string {
  return [...renderJsonPieces(report)].join('');
}

/** How deep objects and arrays are cut: the report (0), a section (1), an account (2), its lists (3). */
const CUT_DEPTH = 4;

function* pieces(value: unknown, depth: number): Generator<string> {
  if (depth >= CUT_DEPTH || !isPlain(value)) {
    yield stringify(value, depth);
    return;
  }
  const indent = `\n${'  '.repeat(depth + 1)}`;
  const close = `\n${'  '.repeat(depth)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? `[${indent}` : `,${indent}`;
      // As JSON.stringify: an element it cannot write (or a hole) is null.
      if (unwritable(value[i])) yield 'null';
      else yield* pieces(value[i], depth + 1);
    }
    yield `${close}]`;
    return;
  }
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    if (unwritable(member)) continue; // as JSON.stringify: such members are left out
    yield `${first ? '{' : ','}${indent}${JSON.stringify(key)}: `;
    first = false;
    yield* pieces(member, depth + 1);
  }
  yield first ? '{}' : `${close}}`;
}

/**
 * An array or a plain object without `toJSON`: what is cut here. Anything
 * else (a Date, a boxed value, an object that says how it is written)
 * JSON.stringify writes whole.
 */
function isPlain(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** What JSON.stringify leaves out of objects and writes as null in arrays. */
function unwritable(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * `value` as JSON.stringify writes it at `depth`. An object is written inside
 * `depth` arrays, so that JSON.stringify indents it, and the wrapping is cut
 * off (a slice of a small string shares its characters).
 */
function stringify(value: unknown, depth: number): string {
  if (typeof value !== 'object' || value === null || depth === 0)
    return JSON.stringify(value, null, 2);
  let wrapped: unknown = value;
  for (let d = 0; d < depth; d++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // `[\n  ` ... per level on the way in, `\n  ]` ... on the way out.
  return text.slice(depth * depth + 3 * depth, text.length - (depth * depth + depth));
}
