import { withoutTokenQuoted } from '../../text/token.js';
import { cursorProblem } from '../journal-cursor.js';

/**
 * The logging API's answer, cut into journal entries as its bytes arrive:
 * NDJSON (`Accept: application/json`, one entry a line) or an event stream
 * (`text/event-stream`: `id: <cursor>`, `data: <entry>`, a blank line; a
 * `: ping` comment while idle). Each entry is
 * `{"fields": {...}, "cursor": "...", "monotonic_timestamp": N, "realtime_timestamp": N}`:
 * its cursor and time are read off the line's end without decoding the rest
 * (the message is the parser's business), and the line is kept as it came,
 * to be handed on whole. The cursor is checked to be a journal cursor where
 * it arrives: it goes into the state file and, on a reconnection, into the
 * `Last-Event-ID` header, and a state file holding anything else is refused.
 */

export interface ApiEntry {
  /** The entry's JSON, without the line end; only its first `cap` bytes when `cut`. */
  json: Buffer;
  /** The entry was longer than the cap: `json` is its head. */
  cut: boolean;
  cursor: string;
  /** `realtime_timestamp`: epoch microseconds. */
  usec: number;
}

/** An answer that is not the logging API's: the message says what came instead. */
export class MalformedAnswer extends Error {}

export interface FramingHandlers {
  entry(entry: ApiEntry): void;
  /** Anything arrived: an entry, or a `: ping` comment. */
  alive(): void;
}

/** Bytes of a line's end kept past the cap: enough for the cursor and the times. */
const TAIL = 4096;
const CURSOR_KEY = Buffer.from('"cursor":"');
const TIME_KEY = Buffer.from('"realtime_timestamp":');

export class Framing {
  private parts: Buffer[] = [];
  private size = 0;
  /** Set once the line grew past the cap: its first `cap` bytes. */
  private head: Buffer | undefined;
  private tail = Buffer.alloc(0);
  private lineNo = 0;
  /** Event stream: the event being gathered. */
  private id: string | undefined;
  private data: { json: Buffer; tail: Buffer; cut: boolean } | undefined;

  constructor(
    private readonly kind: 'ndjson' | 'event-stream',
    /** Longest entry kept whole: longer ones are handed on cut (the reader then skips them). */
    private readonly cap: number,
    private readonly on: FramingHandlers,
    /** The token the answer was asked with: cut out of what an error quotes. */
    private readonly token?: string,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) {
        if (start < chunk.length) this.keep(chunk.subarray(start));
        return;
      }
      // The common line lies whole in the chunk: taken as it is, without a copy.
      if (this.size === 0 && this.head === undefined && nl - start <= this.cap)
        this.line(chunk.subarray(start, nl));
      else {
        this.keep(chunk.subarray(start, nl));
        this.line();
      }
      start = nl + 1;
    }
  }

  /** True when the answer ended inside a line or an event: it was cut short. */
  unfinished(): boolean {
    return this.size > 0 || this.head !== undefined || this.data !== undefined;
  }

  private keep(piece: Buffer): void {
    if (this.head !== undefined) {
      this.tail = Buffer.concat([this.tail, piece]);
      if (this.tail.length > TAIL) this.tail = Buffer.from(this.tail.subarray(-TAIL));
      return;
    }
    this.parts.push(piece);
    this.size += piece.length;
    if (this.size > this.cap) {
      const all = Buffer.concat(this.parts, this.size);
      this.head = own([all.subarray(0, this.cap)]);
      this.tail = Buffer.from(all.subarray(Math.max(0, all.length - TAIL)));
      this.parts = [];
      this.size = 0;
    }
  }

  private line(whole?: Buffer): void {
    this.lineNo++;
    const cut = this.head !== undefined;
    let text = whole ?? (cut ? this.head! : own(this.parts, this.size));
    let tail = cut ? this.tail : text;
    this.parts = [];
    this.size = 0;
    this.head = undefined;
    if (tail[tail.length - 1] === 13 /* \r */) {
      tail = tail.subarray(0, -1);
      if (!cut) text = tail;
    }
    if (this.kind === 'ndjson') {
      if (text.length > 0) this.emit(text, tail, cut);
      return;
    }
    this.eventLine(text, tail, cut);
  }

  private eventLine(text: Buffer, tail: Buffer, cut: boolean): void {
    if (text.length === 0) {
      const data = this.data;
      this.data = undefined;
      const id = this.id;
      this.id = undefined;
      if (data) this.emit(data.json, data.tail, data.cut, id);
      return;
    }
    if (text[0] === 0x3a /* : */) {
      this.on.alive();
      return;
    }
    const colon = text.indexOf(0x3a);
    const name = (colon === -1 ? text : text.subarray(0, colon)).toString('latin1');
    const skip = colon === -1 ? text.length : colon + (text[colon + 1] === 0x20 ? 2 : 1);
    if (name === 'id') this.id = text.toString('utf8', skip);
    else if (name === 'data') {
      // dcos-log writes one data line an event; more would be joined by newlines.
      const json = text.subarray(skip);
      this.data = this.data
        ? {
            json: own([this.data.json, Buffer.from('\n'), json]),
            tail: cut ? tail : json,
            cut: this.data.cut || cut,
          }
        : { json, tail: cut ? tail : json, cut };
    }
  }

  private emit(json: Buffer, tail: Buffer, cut: boolean, id?: string): void {
    // An entry is a JSON object. Anything else would reach the parser as a
    // line of text, read where it lies rather than decoded: only a decoded
    // entry has the token cut out of its message (parser/classify-line.ts).
    const found =
      json[0] === 0x7b /* { */ ? (readEnd(tail) ?? (cut ? undefined : readWhole(json))) : undefined;
    const cursor = found?.cursor ?? id;
    if (!found || !cursor)
      throw new MalformedAnswer(
        `line ${this.lineNo} is not a logging API entry: ${excerpt(cut ? tail : json, this.token)}`,
      );
    const problem = cursorProblem(cursor);
    // Not quoted: it is the server's text, and may hold anything.
    if (problem) throw new MalformedAnswer(`line ${this.lineNo}: the entry's cursor: ${problem}`);
    this.on.alive();
    this.on.entry({ json, cut, cursor, usec: found.usec });
  }
}

/** The pieces in memory of their own: never a slice of Buffer's shared pool. */
function own(parts: Buffer[], size = parts.reduce((n, p) => n + p.length, 0)): Buffer {
  const out = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const p of parts) at += p.copy(out, at);
  return out;
}

/**
 * The cursor and time off the end of an entry, without decoding it: in JSON
 * a `"` inside a string is always escaped, so `"cursor":"` can only be a key.
 */
function readEnd(b: Buffer): { cursor: string; usec: number } | undefined {
  const c = b.lastIndexOf(CURSOR_KEY);
  const t = b.lastIndexOf(TIME_KEY);
  if (c === -1 || t === -1) return undefined;
  const from = c + CURSOR_KEY.length;
  const to = b.indexOf(0x22 /* " */, from);
  if (to === -1 || b.subarray(from, to).includes(0x5c /* \ */)) return undefined;
  let usec = 0;
  let p = t + TIME_KEY.length;
  const digits = p;
  for (; p < b.length && b[p]! >= 0x30 && b[p]! <= 0x39; p++) usec = usec * 10 + b[p]! - 0x30;
  if (p === digits || p - digits > 16) return undefined;
  return { cursor: b.toString('utf8', from, to), usec };
}

/** The same, read by decoding the whole entry (any spacing and order of keys). */
function readWhole(b: Buffer): { cursor: string; usec: number } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(b.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { cursor, realtime_timestamp: usec } = value as Record<string, unknown>;
  if (typeof cursor !== 'string' || typeof usec !== 'number' || !Number.isSafeInteger(usec))
    return undefined;
  return usec < 0 ? undefined : { cursor, usec };
}

/**
 * A piece of what came, on one printable line of at most `max` characters,
 * the token (if given) replaced by `<token>`.
 */
export function excerpt(b: Buffer | string, token?: string, max = 120): string {
  // Enough bytes that a token starting in the first 400 is cut out whole,
  // even written with a JSON escape (six bytes) for each of its characters.
  const whole = typeof b === 'string' ? b : b.toString('utf8', 0, 400 + 6 * (token?.length ?? 0));
  const text = (token ? withoutTokenQuoted(whole, token) : whole).replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g,
    ' ',
  );
  return text.length > max ? `${text.slice(0, max)}...` : text || '(empty)';
}
