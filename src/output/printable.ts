/**
 * Log text shown on a terminal: control characters (ANSI escapes included)
 * are written as `\xNN` so log content can neither move the cursor nor hide
 * itself.
 */
export function printable(value: string): string {
  return value.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
