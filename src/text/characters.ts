/** The character classes every escaper (shell, markdown, URL, terminal) agrees on. */

/** C0 and C1 controls, DEL and the Unicode line separators: what must never reach a terminal, a comment or a table cell as is. */
export const CONTROL_CHARS = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029';

/** A UTF-16 surrogate without its pair: not valid Unicode, not encodable as UTF-8. */
export const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
