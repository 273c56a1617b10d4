/**
 * A copy of `s` that does not hold on to the string it was cut from, for
 * what outlives its line: V8 keeps a whole line alive behind any slice of it
 * longer than a few characters. Short strings are copies already.
 *
 * Concatenating makes V8 build a new flat string when it is sliced; the
 * slice then points into that copy, not into the line (checked in
 * test/parser/detach.test.ts). One copy, no Buffer round trip.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/** Values kept so far, each once; bounded so that hostile input cannot grow it. */
const kept = new Map<string, string>();
const KEPT_CAP = 65_536;

/**
 * `detach(s)`, shared: a value many groups keep (a host, a reason, an
 * account, an id) is stored once, not once per group. Past the cap, values
 * are detached without being shared.
 */
export function keep(s: string): string {
  if (s.length < 13) return s;
  const have = kept.get(s);
  if (have !== undefined) return have;
  const own = detach(s);
  if (kept.size < KEPT_CAP) kept.set(own, own);
  return own;
}
