/** The character classes every escaper (shell, markdown, URL, terminal) agrees on. */

/**
 * CONTROL_CHARS less the C0 controls, which JSON.stringify escapes already
 * (and whose newline a json report's indentation is made of).
 */
export const BEYOND_C0 =
  '\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';

/**
 * C0 and C1 controls, DEL, the Unicode line separators, the bidirectional
 * formatting characters (which reorder the text a terminal or an editor
 * shows around them: a uid could seem to read backwards) and the invisible
 * ones (zero-width spaces and joiners, the soft hyphen, the byte order mark:
 * two names that differ only by one look alike): what must never reach a
 * terminal, a comment or a table cell as is.
 */
export const CONTROL_CHARS = `\\u0000-\\u001f${BEYOND_C0}`;

/** A UTF-16 surrogate without its pair: not valid Unicode, not encodable as UTF-8. */
export const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
