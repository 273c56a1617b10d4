import { CONTROL_CHARS } from '../text/characters.js';

const CONTROL = new RegExp(`[${CONTROL_CHARS}]`, 'g');

/**
 * Log text shown on a terminal: control characters (ANSI escapes included)
 * are written as `\xNN` (`\uNNNN` past U+00FF) so log content can neither
 * move the cursor, nor hide itself, nor reorder what is shown.
 */
export function printable(value: string): string {
  return value.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff
      ? `\\u${code.toString(16).padStart(4, '0')}`
      : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}
