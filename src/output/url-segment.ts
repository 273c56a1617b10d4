import { LONE_SURROGATE } from '../text/characters.js';

/**
 * Quoting for values placed in URL paths of the IAM HTTP API. One job each: a
 * single path segment that the server decodes back to the value, and a
 * permission id, which IAM decodes twice (every `/` in it is written `%252F`).
 */

/** Characters left as they are: RFC 3986 unreserved, and `:` (legal in a path segment). */
const KEEP = /^[A-Za-z0-9._~:-]$/;

/**
 * One path segment: every byte of the value's UTF-8 outside `[A-Za-z0-9._~:-]`
 * is percent-encoded, so the result holds no `/`, `?`, `#`, `%` of its own,
 * quote or space, and decodes back to exactly `value`.
 */
export function pathSegment(value: string): string {
  if (value === '') throw new Error('a URL path segment cannot be empty');
  if (LONE_SURROGATE.test(value))
    throw new Error('a URL path segment cannot hold a lone surrogate');
  let out = '';
  for (const char of value) {
    if (KEEP.test(char)) {
      out += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8'))
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  // `.` and `..` alone are path navigation, not data.
  if (out === '.' || out === '..') return out.replaceAll('.', '%2E');
  return out;
}

/**
 * A permission id as the `<rid>` segment of `/acs/api/v1/acls/<rid>/...`: encoded
 * twice, as IAM decodes it twice (`dcos:service:marathon:marathon:services:/dev`
 * becomes `dcos:service:marathon:marathon:services:%252Fdev`).
 */
export function ridSegment(rid: string): string {
  return pathSegment(pathSegment(rid));
}
