import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * The logging stand-in's journal side: a request of the DC/OS logging API
 * as journalctl arguments, journalctl's JSON as the API's entries (as
 * dcos-log writes them: every field a string, Go's JSON escapes), and
 * whether a cursor names an entry (dcos-log answers 500 when it does not).
 */

/** What dcos-log checks a cursor for before seeking it. */
const CURSOR_KEYS = ['s', 'i', 'b', 'm', 't', 'x'];

export interface JournalRequest {
  argv: string[];
  /** The cursor reading starts after, if any. */
  cursor: string | undefined;
  /** At most this many entries. */
  limit: number | undefined;
}

/** The journalctl arguments of a request, or why the API refuses it (400). */
export function journalArgs(
  url: URL,
  api: 'v1' | 'v2',
  stream: boolean,
  lastEventId: string | undefined,
): JournalRequest | string {
  const argv = ['--no-pager', '--all', '-o', 'json'];
  for (const filter of url.searchParams.getAll('filter')) {
    const parts = filter.split(':');
    if (parts.length !== 2)
      return `incorrect filter parameter format, must be ?filer=key:value. Got ${filter}`;
    // Matches on one field are ORed by journalctl, on different fields ANDed: as the API's.
    argv.push(`${parts[0]!.toUpperCase()}=${parts[1]}`);
  }
  let cursor = lastEventId ?? url.searchParams.get('cursor') ?? '';
  if (api === 'v2' && cursor === 'BEG') cursor = '';
  if (api === 'v2' && cursor === 'END') {
    cursor = '';
    argv.push('-n', '1');
  }
  if (cursor !== '') {
    const keys = cursor.split(';').map((kv) => kv.split('=')[0]);
    if (!CURSOR_KEYS.every((k) => keys.includes(k))) return `incorrect cursor ${cursor}`;
    argv.push(`--after-cursor=${cursor}`);
  }
  const skip = Number(url.searchParams.get(api === 'v2' ? 'skip' : 'skip_prev') ?? 0);
  if (!Number.isInteger(skip)) return 'unable to parse skip parameter';
  // skip=-N: the last N entries (`dcos node log --lines N`).
  if (skip < 0 || (api === 'v1' && skip > 0)) argv.push('-n', String(Math.abs(skip)));
  const limitText = url.searchParams.get('limit');
  const limit = limitText === null ? undefined : Number(limitText);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0))
    return 'unable to parse limit parameter';
  if (stream) argv.push('-f', '--no-tail');
  return { argv, cursor: cursor === '' ? undefined : cursor, limit };
}

/** Whether `cursor` names an entry of the journal (none: the beginning, always there). */
export function cursorExists(journal: string, cursor: string | undefined): Promise<boolean> {
  if (cursor === undefined) return Promise.resolve(true);
  return new Promise((resolve) => {
    const child = spawn(
      'journalctl',
      ['--file', journal, '--no-pager', '-o', 'json', `--cursor=${cursor}`],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    const lines = createInterface({ input: child.stdout });
    let answered = false;
    const say = (exists: boolean) => {
      if (answered) return;
      answered = true;
      child.kill('SIGKILL');
      resolve(exists);
    };
    lines.once('line', (line) =>
      say((JSON.parse(line) as { __CURSOR: string }).__CURSOR === cursor),
    );
    lines.once('close', () => say(false));
  });
}

/**
 * How an entry's MESSAGE is written in the answer. Any JSON decoder reads the
 * same text from each; what differs is only the bytes in transit:
 * - `text`: as dcos-log writes it, a string with Go's escapes;
 * - `escaped`: every character a `\uXXXX` escape (as a JSON encoder may
 *   write any character), but for the words `type=audit` that mark a record
 *   (the reader picks lines to decode by those words in their bytes);
 * - `bytes`: an array of byte values, as journald's JSON writes a message
 *   holding control characters or invalid UTF-8.
 */
export type MessageEncoding = 'text' | 'escaped' | 'bytes';

/** One line of `journalctl -o json` as the API's entry, its MESSAGE written as `encoding` says. */
export function toApiEntry(
  line: string,
  encoding: MessageEncoding = 'text',
): { cursor: string; json: string } {
  const j = JSON.parse(line) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  // journalctl's own bytes of a message it wrote as bytes.
  const raw = Array.isArray(j.MESSAGE) && typeof j.MESSAGE[0] === 'number' ? j.MESSAGE : undefined;
  // Go writes a map's keys sorted.
  for (const [key, value] of Object.entries(j).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (key.startsWith('__')) continue;
    // sd_journal hands dcos-log bytes, which Go keeps as a string; a repeated field, its last.
    const one = Array.isArray(value) && typeof value[0] !== 'number' ? value.at(-1) : value;
    fields[key] = Array.isArray(one)
      ? Buffer.from(one as number[]).toString('utf8')
      : String(one ?? '');
  }
  const cursor = j.__CURSOR as string;
  const members = Object.entries(fields).map(
    ([key, value]) =>
      `${goString(key)}:${key === 'MESSAGE' ? messageJson(value, encoding, raw) : goString(value)}`,
  );
  const json = `{"fields":{${members.join(',')}},"cursor":${goString(cursor)},"monotonic_timestamp":${Number(j.__MONOTONIC_TIMESTAMP)},"realtime_timestamp":${Number(j.__REALTIME_TIMESTAMP)}}`;
  return { cursor, json };
}

/** A JSON string as Go's encoding/json writes it: HTML characters and line separators escaped. */
function goString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => unicodeEscape(c));
}

function messageJson(message: string, encoding: MessageEncoding, raw?: unknown[]): string {
  if (encoding === 'bytes') return `[${(raw ?? [...Buffer.from(message)]).join(',')}]`;
  if (encoding === 'text') return goString(message);
  const escaped = message
    .split('type=audit')
    .map((piece) => [...piece].map((c) => unicodeEscape(c)).join(''))
    .join('type=audit');
  return `"${escaped}"`;
}

/** `\uXXXX` for a character (a pair of them beyond the Basic Multilingual Plane). */
function unicodeEscape(c: string): string {
  let out = '';
  for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}
