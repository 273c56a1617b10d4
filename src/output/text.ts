/** Small text helpers shared by the output formats, and the character classes every escaper agrees on. */

/** `1 grant`, `2 grants`. */
export const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** An ISO time as `YYYY-MM-DD HH:MM:SS` (UTC), `-` when unknown. */
export const shortTime = (t: string | null) => (t ? t.slice(0, 19).replace('T', ' ') : '-');

/** Records over groups. */
export const sumCounts = (xs: readonly { count: number }[]) => xs.reduce((n, x) => n + x.count, 0);

/** C0 and C1 controls, DEL and the Unicode line separators: what must never reach a terminal, a comment or a table cell as is. */
export const CONTROL_CHARS = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029';

/** A UTF-16 surrogate without its pair: not valid Unicode, not encodable as UTF-8. */
export const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
