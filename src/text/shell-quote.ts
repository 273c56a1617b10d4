import { CONTROL_CHARS } from './characters.js';

/**
 * Quoting for values placed in shell scripts. One job each: a word bash reads
 * back byte for byte, and comment text that can never end its comment.
 */

const CONTROL = new RegExp(`[${CONTROL_CHARS}]`, 'g');
const PLAIN = /^[A-Za-z0-9@%+=:,./_-]+$/;

/** A single shell word that bash reads back as exactly `value`. */
export function shellWord(value: string): string {
  if (value.includes('\0')) throw new Error('a shell word cannot hold a NUL byte');
  if (PLAIN.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Text for a `#` comment: one line, no control characters (a newline or a
 * carriage return would end the comment and let the rest run as code).
 */
export function commentText(value: string): string {
  return value.replace(CONTROL, '?');
}
