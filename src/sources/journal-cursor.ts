/**
 * Journal cursors: where a journal source stopped on a host, and where the
 * next read starts (`journalctl --after-cursor` over SSH, `cursor=` of the
 * logging API). A cursor comes from a host (a journal's line, a master's
 * entry), is kept in a state file, and goes into a remote shell command, a
 * URL or a `Last-Event-ID` header, so it is checked to be cursor text where
 * it is read, from a host or a state file: `s=<seqnum id>;i=<seqnum>;b=<boot id>;
 * m=<monotonic>;t=<realtime>;x=<xor hash>`, each value hexadecimal, as
 * journalctl prints them in `__CURSOR` (dcos-log checks for the same six
 * keys).
 */

const PART = /^([a-z])=([0-9a-f]{1,64})$/;
const KEYS = ['s', 'i', 'b', 'm', 't', 'x'];
/**
 * A cursor as journalctl and dcos-log write it, its keys in this order: the
 * cluster source checks the cursor of every entry a master sends, and one
 * match costs a sixth of checking part by part.
 */
const USUAL =
  /^s=[0-9a-f]{1,64};i=[0-9a-f]{1,64};b=[0-9a-f]{1,64};m=[0-9a-f]{1,64};t=[0-9a-f]{1,64};x=[0-9a-f]{1,64}$/;

/** What is wrong with `text` as a journal cursor; undefined when it is one. */
export function cursorProblem(text: string): string | undefined {
  if (text.length === 0 || text.length > 512) return 'empty or longer than 512 characters';
  if (USUAL.test(text)) return undefined;
  const keys = new Set<string>();
  for (const part of text.split(';')) {
    const m = PART.exec(part);
    if (!m || keys.has(m[1]!))
      return 'not a journal cursor (s=...;i=...;b=...;m=...;t=...;x=..., hexadecimal values)';
    keys.add(m[1]!);
  }
  const missing = KEYS.filter((k) => !keys.has(k));
  if (missing.length > 0) return `not a journal cursor: no ${missing.join(', ')} part`;
  return undefined;
}

/**
 * The `__CURSOR` of one line of `journalctl -o json`, when the line is a whole
 * JSON object holding a valid cursor; undefined otherwise (a line cut short,
 * which a `grep` stage ends with a newline of its own, is not whole JSON).
 */
export function entryCursor(line: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const cursor = (value as { __CURSOR?: unknown }).__CURSOR;
  return typeof cursor === 'string' && cursorProblem(cursor) === undefined ? cursor : undefined;
}
