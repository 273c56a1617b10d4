import { CONTROL_CHARS } from '../text/characters.js';

const CONTROL = new RegExp(`[${CONTROL_CHARS}]`, 'g');

/**
 * Log text shown on a terminal: control characters (ANSI escapes included)
 * are written as `\xNN` so log content can neither move the cursor nor hide
 * itself.
 */
export function printable(value: string): string {
  return value.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
