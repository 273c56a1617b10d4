/**
 * The common line, read on its bytes: a `short`, `short-precise`,
 * `short-iso` or `short-iso-precise` line of printable ASCII holding one
 * complete authorization record with an account. Such a line is read without decoding it and without making a
 * string: what it says is kept as offsets, so that a denial seen before
 * costs a lookup by its bytes (report/aggregate.ts), and an allow record a
 * count.
 *
 * `read` answers only for lines it is sure of, and for those gives what
 * classifyLine gives (`outcome`); every other line (another format, other
 * bytes, a line the parser flags, a login, a record without an account) is
 * left to classifyLine. test/property/record-view.property.test.ts checks
 * the two agree on any line.
 */
import {
  AUTHORIZERS,
  type AuditRecord,
  type Component,
  CUT_AT,
  KEY_ID as K,
  PREFIX_WINDOW,
} from './audit-record.js';
import { CANDIDATES } from './classify-line.js';
import { type JournalEntry, shortTime } from './journal-entry.js';
import { LineScan } from './line-scan.js';
import { RECORD_SCAN_MAX, RecordScan, type Word } from './record-scan.js';
import { parseTimestampBytes } from './timestamp.js';

const SPACE = 0x20;
const QUOTE = 0x22;
const COLON = 0x3a;
const OPEN = 0x5b; /* [ */
const CLOSE = 0x5d; /* ] */

/** Lines at least this long may have been cut: left to the parser. */
const MAY_BE_CUT = Math.min(CUT_AT, RECORD_SCAN_MAX);
/** `2026-11-22T10:00:07Z h type=audit`: no shorter line holds a record. */
const SHORTEST = 32;

const COMPONENTS = [...AUTHORIZERS].map(([name, component]) => ({
  name: Buffer.from(name),
  component,
}));

const DENY = Buffer.from('deny');
const ALLOW = Buffer.from('allow');
const AUDITLOG = Buffer.from('auditlog(): ');
const CLIENT = Buffer.from(', client: ');
const WHILE = Buffer.from(' while ');
const UID = Buffer.from(' uid=');
const REQUEST = Buffer.from('request: "');
const TYPE_EQ = Buffer.from('type=');
const LEVELS = ['info', 'warn', 'error', 'debug', 'trace'].map((l) => Buffer.from(l));

export class RecordView {
  /** The memory lines are read in (RecordScan): offsets below are into it. */
  readonly buf: Buffer;
  lineEnd = 0;
  format: 'short-iso' | 'short-iso-precise' | 'short' | 'short-precise' = 'short-iso';
  // Times are read when asked for: counting an allow record needs neither.
  private entryStampStart = 0;
  private entryStampEnd = 0;
  hostStart = 0;
  hostEnd = 0;
  /** -1 when the line has no `ident[pid]: `. */
  identStart = -1;
  identEnd = -1;
  messageStart = 0;
  component: Component = 'adminrouter';
  result: 'allow' | 'deny' = 'deny';
  uidStart = 0;
  uidEnd = 0;
  objectStart = 0;
  objectEnd = 0;
  actionStart = 0;
  actionEnd = 0;
  /** -1 when the record has no reason. */
  reasonStart = -1;
  reasonEnd = -1;
  /** -1 when the record has no `timestamp=`. */
  private stampStart = -1;
  private stampEnd = -1;

  private readonly run: RecordScan;
  /** The key `said` writes, as words (report/aggregate.ts compares keys four bytes at a time). */
  readonly saidWords: DataView;
  /** What `adminRouterUid` and the second-record check look for, kept in the module's memory. */
  private readonly words: Record<'typeEq' | 'client' | 'while' | 'uid' | 'request', Word>;

  /** Reads lines in `scan`'s memory: the scan of the splitter that hands them over. */
  constructor(scan = LineScan.for(CANDIDATES)) {
    const run = new RecordScan(scan);
    this.run = run;
    this.buf = run.memory;
    this.saidWords = new DataView(run.memory.buffer, run.saidAt);
    this.words = {
      typeEq: run.word(TYPE_EQ),
      client: run.word(CLIENT),
      while: run.word(WHILE),
      uid: run.word(UID),
      request: run.word(REQUEST),
    };
  }

  /** Whether `buf[start, end)` is a line this view reads; if so it now holds it. */
  read(buf: Buffer, start: number, end: number): boolean {
    // A line ending `blob data]` may be a hidden message: left to the parser.
    if (end - start >= MAY_BE_CUT || end - start < SHORTEST || buf[end - 1] === CLOSE) return false;
    const run = this.run;
    const b = this.buf;
    const from = run.place(buf, start, end);
    const to = from + end - start;
    if (!run.printable(from, to)) return false;
    this.lineEnd = to;
    return this.readPrefix(b, from, to) && this.readRecord(b, to);
  }

  /**
   * Writes what the record read says into `saidWords` (report/aggregate.ts'
   * SaidKey: `code` for its component, then uid, object and action), hashed
   * as byte-keys.ts' hashWords hashes with `seed` (`saidHash`); returns the
   * key's length.
   */
  said(code: number, seed: number): number {
    return this.run.said(
      code,
      this.uidStart,
      this.uidEnd,
      this.objectStart,
      this.objectEnd,
      this.actionStart,
      this.actionEnd,
      seed,
    );
  }

  get saidHash(): number {
    return this.run.saidHash;
  }

  /** The journal entry's time, epoch milliseconds. */
  get entryTime(): number | undefined {
    const b = this.buf;
    const at = this.entryStampStart;
    if (this.format === 'short-iso' || this.format === 'short-iso-precise')
      return parseTimestampBytes(b, at, this.entryStampEnd);
    const number = (from: number, n: number) => Number(this.text(from, from + n));
    return shortTime(
      this.text(at, at + 3),
      Number(this.text(at + 4, at + 6).trim()),
      number(at + 7, 2),
      number(at + 10, 2),
      number(at + 13, 2),
      this.format === 'short-precise' ? this.text(at + 15, at + 22) : undefined,
    );
  }

  /** The record's own `timestamp=`, epoch milliseconds. */
  get recordTime(): number | undefined {
    return this.stampStart === -1
      ? undefined
      : parseTimestampBytes(this.buf, this.stampStart, this.stampEnd);
  }

  /** The time the aggregator keeps: the record's own, else the journal's. */
  get time(): number | undefined {
    return this.recordTime ?? this.entryTime;
  }

  /** What classifyLine gives for the line read. */
  outcome(): { kind: 'record'; entry: JournalEntry; record: AuditRecord } {
    const entry: JournalEntry = {
      format: this.format,
      message: this.text(this.messageStart, this.lineEnd),
      host: this.text(this.hostStart, this.hostEnd),
    };
    if (this.identStart !== -1) entry.ident = this.text(this.identStart, this.identEnd);
    const time = this.entryTime;
    if (time !== undefined) entry.time = time;
    return {
      kind: 'record',
      entry,
      record: {
        component: this.component,
        kind: 'authorization',
        result: this.result,
        uid: this.text(this.uidStart, this.uidEnd),
        object: this.text(this.objectStart, this.objectEnd),
        action: this.text(this.actionStart, this.actionEnd),
        reason: this.reasonStart === -1 ? undefined : this.text(this.reasonStart, this.reasonEnd),
        time: this.recordTime,
        truncated: false,
      },
    };
  }

  /** ASCII bytes as text: latin1 is the cheapest decoding, and the same for ASCII. */
  text(start: number, end: number): string {
    return this.buf.toString('latin1', start, end);
  }

  /**
   * `YYYY-MM-DDTHH:MM:SS[.ffffff](Z|±HH[:]MM)` (short-iso) or
   * `Mon DD HH:MM:SS[.ffffff]` (short, journalctl's default), then
   * `host [ident[\[pid\]]: ]` (journal-entry.ts).
   */
  private readPrefix(b: Buffer, start: number, end: number): boolean {
    const p = isUpper(b[start]) ? this.shortStamp(b, start, end) : this.isoStamp(b, start, end);
    if (p === -1 || p >= end || b[p] !== SPACE) return false;
    this.entryStampStart = start;
    this.entryStampEnd = p;
    // The host: one or more bytes up to a space.
    let h = p + 1;
    while (h < end && b[h] !== SPACE) h++;
    if (h === p + 1 || h >= end) return false;
    this.hostStart = p + 1;
    this.hostEnd = h;
    // `ident[pid]: `, `ident: `, or the message straight away.
    const rest = h + 1;
    let i = rest;
    while (i < end && b[i] !== SPACE && b[i] !== OPEN && b[i] !== COLON) i++;
    let after = -1;
    if (i > rest) {
      let j = i;
      if (b[j] === OPEN) {
        let d = j + 1;
        while (d < end && isDigitByte(b[d])) d++;
        j = d > j + 1 && b[d] === CLOSE ? d + 1 : -1;
      }
      if (j !== -1 && j + 1 < end && b[j] === COLON && b[j + 1] === SPACE) after = j + 2;
    }
    this.identStart = after === -1 ? -1 : rest;
    this.identEnd = after === -1 ? -1 : i;
    this.messageStart = after === -1 ? rest : after;
    return true;
  }

  /** The record in the message: what audit-record.ts would read, or false. */
  private readRecord(b: Buffer, end: number): boolean {
    const run = this.run;
    const from = this.messageStart;
    if (!run.findAudit(from, end)) return false;
    const authorizer = run.pairOf(K.authorizer);
    // No authorizer: a login (component=bouncer) or a malformed record.
    if (authorizer === -1) return false;
    const component = componentOf(b, run.valueStart(authorizer), run.valueEnd(authorizer));
    if (component === undefined) return false;
    if (run.start > from && !startsWhereWritten(b, from, run.start, component)) return false;
    this.component = component;
    let recordEnd = run.end;
    if (component === 'adminrouter') {
      recordEnd = this.adminRouterUid(b, end);
      if (recordEnd === -1) return false;
    } else {
      const uid = run.pairOf(K.uid);
      if (uid === -1) return false;
      this.uidStart = run.valueStart(uid);
      this.uidEnd = run.valueEnd(uid);
    }
    if (this.uidEnd === this.uidStart) return false;
    const object = run.pairOf(
      component === 'marathon' || component === 'metronome' ? K.path : K.object,
    );
    const action = run.pairOf(K.action);
    const result = run.pairOf(K.result);
    if (object === -1 || action === -1 || result === -1) return false;
    if (valueIs(b, run, result, DENY)) this.result = 'deny';
    else if (valueIs(b, run, result, ALLOW)) this.result = 'allow';
    else return false;
    this.objectStart = run.valueStart(object);
    this.objectEnd = run.valueEnd(object);
    this.actionStart = run.valueStart(action);
    this.actionEnd = run.valueEnd(action);
    const reason = run.pairOf(K.reason);
    this.reasonStart = reason === -1 ? -1 : run.valueStart(reason);
    this.reasonEnd = reason === -1 ? -1 : run.valueEnd(reason);
    const stamp = run.pairOf(K.timestamp);
    this.stampStart = stamp === -1 ? -1 : run.valueStart(stamp);
    this.stampEnd = stamp === -1 ? -1 : run.valueEnd(stamp);
    // A second record after this one makes the line suspicious: left to the parser.
    return run.find(this.words.typeEq, Math.max(recordEnd, run.start + 1), end) === -1;
  }

  /** Where short-iso's timestamp ends, or -1. */
  private isoStamp(b: Buffer, start: number, end: number): number {
    if (
      !digits(b, start, 4) ||
      b[start + 4] !== 0x2d ||
      !digits(b, start + 5, 2) ||
      b[start + 7] !== 0x2d ||
      !digits(b, start + 8, 2) ||
      b[start + 10] !== 0x54 /* T */ ||
      !clock(b, start + 11)
    ) {
      return -1;
    }
    let p = start + 19;
    this.format =
      b[p] === 0x2e && p + 7 <= end && digits(b, p + 1, 6) ? 'short-iso-precise' : 'short-iso';
    if (this.format === 'short-iso-precise') p += 7;
    if (b[p] === 0x5a /* Z */) return p + 1;
    if ((b[p] === 0x2b || b[p] === 0x2d) && p + 6 <= end && digits(b, p + 1, 2)) {
      p += b[p + 3] === COLON ? 4 : 3;
      return p + 2 <= end && digits(b, p, 2) ? p + 2 : -1;
    }
    return -1;
  }

  /** Where short's timestamp ends, or -1: `[A-Z][a-z]{2} [ \d]\d HH:MM:SS[.ffffff]`. */
  private shortStamp(b: Buffer, start: number, end: number): number {
    if (
      !isLower(b[start + 1]) ||
      !isLower(b[start + 2]) ||
      b[start + 3] !== SPACE ||
      !(b[start + 4] === SPACE || isDigitByte(b[start + 4])) ||
      !isDigitByte(b[start + 5]) ||
      b[start + 6] !== SPACE ||
      !clock(b, start + 7)
    ) {
      return -1;
    }
    const p = start + 15;
    this.format = b[p] === 0x2e && p + 7 <= end && digits(b, p + 1, 6) ? 'short-precise' : 'short';
    return this.format === 'short-precise' ? p + 7 : p;
  }

  /**
   * Admin Router's uid: the text after the last ` uid=` of the raw request
   * URI, before nginx's suffix (audit-record.ts adminRouter). Returns where
   * the record ends, or -1 if the parser would not read it as a record with
   * an account.
   */
  private adminRouterUid(b: Buffer, lineEnd: number): number {
    const run = this.run;
    const uri = run.pairOf(K.request_uri);
    if (uri === -1) return -1;
    const tailStart = run.keyStart(uri) + 'request_uri='.length;
    const words = this.words;
    const client = run.find(words.client, tailStart, lineEnd);
    const context = run.find(words.while, tailStart, lineEnd);
    const suffix = client === -1 ? context : context === -1 ? client : Math.min(client, context);
    const end = suffix === -1 ? lineEnd : suffix;
    const first = run.find(words.uid, tailStart, end);
    if (first === -1) return -1;
    if (findLast(b, UID, first, end) !== first) return -1;
    for (let i = tailStart; i < first; i++) if (b[i] === SPACE) return -1;
    if (suffix !== -1 && this.requestHoldsSpace(b, suffix, lineEnd)) return -1;
    this.uidStart = first + UID.length;
    this.uidEnd = end;
    return end;
  }

  /** Whether nginx's `request: "..."` after `suffix` holds more than three parts. */
  private requestHoldsSpace(b: Buffer, suffix: number, end: number): boolean {
    const open = this.run.find(this.words.request, suffix, end);
    if (open === -1) return false;
    const start = open + REQUEST.length;
    let close = start;
    while (close < end && b[close] !== QUOTE) close++;
    if (close === end) return false;
    let spaces = 0;
    for (let i = start; i < close; i++) if (b[i] === SPACE && ++spaces > 2) return true;
    return false;
  }
}

/** Whether `word` stands at `at` in `b`. */
function bytesAre(b: Uint8Array, at: number, word: Uint8Array): boolean {
  for (let i = 0; i < word.length; i++) if (b[at + i] !== word[i]) return false;
  return true;
}

function isUpper(c: number | undefined): boolean {
  return c !== undefined && c >= 0x41 && c <= 0x5a;
}

function isLower(c: number | undefined): boolean {
  return c !== undefined && c >= 0x61 && c <= 0x7a;
}

function isDigitByte(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function digits(b: Uint8Array, at: number, n: number): boolean {
  for (let i = at; i < at + n; i++) if (!isDigitByte(b[i])) return false;
  return true;
}

function valueIs(b: Uint8Array, run: RecordScan, i: number, word: Uint8Array): boolean {
  const s = run.valueStart(i);
  return run.valueEnd(i) - s === word.length && bytesAre(b, s, word);
}

function componentOf(b: Uint8Array, start: number, end: number): Component | undefined {
  for (const { name, component } of COMPONENTS)
    if (end - start === name.length && bytesAre(b, start, name)) return component;
  return undefined;
}

/** Where `word` last lies wholly inside `b[from, end)`, or -1. */
function findLast(b: Uint8Array, word: Uint8Array, from: number, end: number): number {
  for (let i = end - word.length; i >= from; i--) if (bytesAre(b, i, word)) return i;
  return -1;
}

/**
 * Whether the text before the record, within the message, ends the way the
 * component's logger ends its prefix: audit-record.ts' PREFIX patterns, read
 * backwards from `start` over at most PREFIX_WINDOW bytes.
 */
function startsWhereWritten(b: Uint8Array, from: number, start: number, who: Component): boolean {
  const lo = Math.max(from, start - PREFIX_WINDOW);
  switch (who) {
    case 'adminrouter':
      return start - AUDITLOG.length >= from && bytesAre(b, start - AUDITLOG.length, AUDITLOG);
    case 'iam':
      return levelPrefix(b, lo, start);
    case 'mesos-master':
    case 'mesos-agent':
      return glogPrefix(b, lo, start);
    default:
      return logbackPrefix(b, lo, start);
  }
}

/** `] LEVEL: ` ending at `start`: /\] [A-Z]+: $/. */
function levelPrefix(b: Uint8Array, lo: number, start: number): boolean {
  if (start - 2 < lo || b[start - 1] !== SPACE || b[start - 2] !== COLON) return false;
  let i = start - 3;
  while (i >= lo && b[i]! >= 0x41 && b[i]! <= 0x5a) i--;
  return i < start - 3 && i - 1 >= lo && b[i] === SPACE && b[i - 1] === CLOSE;
}

/** glog's `I1122 10:00:07.752534  3708 file.cpp:178] ` ending at `start`. */
function glogPrefix(b: Uint8Array, lo: number, start: number): boolean {
  let i = start - 1;
  if (i - 1 < lo || b[i] !== SPACE || b[i - 1] !== CLOSE) return false;
  i -= 2;
  const line = i;
  while (i >= lo && isDigitByte(b[i])) i--;
  if (i === line || i < lo || b[i] !== COLON) return false;
  i--;
  const file = i;
  while (i >= lo && b[i] !== SPACE && b[i] !== CLOSE) i--;
  if (i === file || i < lo || b[i] !== SPACE) return false;
  i--;
  const thread = i;
  while (i >= lo && isDigitByte(b[i])) i--;
  if (i === thread || i < lo || b[i] !== SPACE) return false;
  while (i >= lo && b[i] === SPACE) i--;
  // `[IWEF]MMDD HH:MM:SS.ffffff`, 21 bytes, ends at i.
  const s = i - 20;
  return (
    s >= lo &&
    (b[s] === 0x49 || b[s] === 0x57 || b[s] === 0x45 || b[s] === 0x46) /* IWEF */ &&
    digits(b, s + 1, 4) &&
    b[s + 5] === SPACE &&
    clock(b, s + 6) &&
    b[s + 14] === 0x2e &&
    digits(b, s + 15, 6)
  );
}

/** `HH:MM:SS` at `at`. */
function clock(b: Uint8Array, at: number): boolean {
  return (
    digits(b, at, 2) &&
    b[at + 2] === COLON &&
    digits(b, at + 3, 2) &&
    b[at + 5] === COLON &&
    digits(b, at + 6, 2)
  );
}

/**
 * Logback's `HH:MM:SS,mmm] ` (Marathon) or Play's `[level] ` (Metronome),
 * followed by anything but `"` and `=` up to `start`:
 * /(?:\d\d:\d\d:\d\d,\d{3}\]|\[(?:info|warn|error|debug|trace)\]) [^"=]*$/.
 */
function logbackPrefix(b: Uint8Array, lo: number, start: number): boolean {
  let q = start - 1;
  while (q >= lo && b[q] !== QUOTE && b[q] !== 0x3d /* = */) q--;
  // Past the last `"` or `=`; what matches before the `]` holds neither.
  for (let j = Math.max(q + 1, lo); j + 1 < start; j++) {
    if (b[j] !== CLOSE || b[j + 1] !== SPACE) continue;
    const t = j - 12;
    if (t >= lo && clock(b, t) && b[t + 8] === 0x2c && digits(b, t + 9, 3)) return true;
    for (const level of LEVELS) {
      const p = j - level.length - 1;
      if (p >= lo && b[p] === OPEN && bytesAre(b, p + 1, level)) return true;
    }
  }
  return false;
}
