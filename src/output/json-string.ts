import { BEYOND_C0 } from '../text/characters.js';

/**
 * JSON text made safe: values quoted for the documents sent to IAM (request
 * bodies of its HTTP API), each a literal that parses back to exactly the
 * value; and the reports' JSON text made safe to show on a terminal.
 */

/**
 * A JSON string literal of printable ASCII only: quotes, backslashes and
 * every UTF-16 unit outside U+0020..U+007E are written as escapes, so the
 * literal means the same in any locale and holds no control character (a lone
 * surrogate, which UTF-8 cannot hold, stays an escape and parses back as it was).
 */
export function jsonString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c <= 0x7e) out += value[i];
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/** A JSON object of string fields, in the given order, each value quoted by `jsonString`. */
export function jsonObject(fields: Record<string, string>): string {
  const members = Object.entries(fields).map(([k, v]) => `${jsonString(k)}:${jsonString(v)}`);
  return `{${members.join(',')}}`;
}

const TERMINAL_ACTIVE = new RegExp(`[${BEYOND_C0}]`, 'g');

/**
 * JSON text (JSON.stringify's) with the characters it writes as they are but
 * a terminal must not be sent (C1 controls, DEL, bidi and line separators,
 * from log text) written as `\u` escapes: the same JSON value, safe to show.
 * They stand only inside strings, where an escape means the same. All of
 * them but DEL lie past ASCII: text of ASCII alone, almost all of it, is
 * found so by its UTF-8 length, some five times quicker than by the pattern.
 */
export function terminalSafeJson(json: string): string {
  if (Buffer.byteLength(json) === json.length && !json.includes('\x7f')) return json;
  return json.replace(
    TERMINAL_ACTIVE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
