import { CONTROL_CHARS } from '../text/characters.js';
import { printable } from './printable.js';

/**
 * Quoting for values placed in Markdown (the `markdown` report): log text in a
 * table cell or a list item shows as the text it is, and can neither add
 * markup, links, HTML nor table columns, nor break out of its line.
 */

/** ASCII punctuation: CommonMark lets a backslash make each of these a literal. */
const PUNCTUATION = /[!-/:-@[-`{-~]/g;

/**
 * Inline text: control characters shown as `\xNN` (as on the terminal), then
 * every ASCII punctuation character backslash-escaped, `|` included, so a
 * value cannot end a GFM table cell.
 */
export function mdText(value: string): string {
  return printable(value).replace(PUNCTUATION, (c) => `\\${c}`);
}

/** The characters that make inline markup, links, HTML, entities or table cells. */
const MARKUP = /[\\`*_[\]<>|&~]/g;

/**
 * audit2grant's own sentences (counts, policy notes): shown as written, with
 * only the characters that would make markup escaped. Never for log text.
 */
export function mdProse(value: string): string {
  return printable(value).replace(MARKUP, (c) => `\\${c}`);
}

/** Characters a code span shows as they are: no backtick, pipe, backslash or control character. */
const CODE_SAFE = new RegExp(`^[^\`|\\\\${CONTROL_CHARS}]+$`);

/**
 * A code span for ids and commands. Values that a code span cannot show
 * literally inside a table (a backtick, a pipe, a backslash, a control
 * character) are written as escaped text instead.
 */
export function mdCode(value: string): string {
  return CODE_SAFE.test(value) && value.trim() === value ? `\`${value}\`` : mdText(value);
}
