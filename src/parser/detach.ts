/**
 * A copy of `s` that does not hold on to the string it was cut from, for
 * what outlives its line: V8 keeps a whole line alive behind any slice of it
 * longer than a few characters. Short strings are copies already.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}
