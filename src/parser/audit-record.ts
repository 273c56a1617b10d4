import {
  AUDITLOG_CALL,
  type Component,
  CUT_AT,
  DIALECTS,
  HTTP_VERSION,
  KEY_ID,
  KEYS,
  type KnownDialect,
  LOGIN,
  type LoggerPrefix,
  NGINX_SUFFIXES,
  PREFIX_PATTERNS,
  REQUEST_LINE,
  RESULTS,
  SECOND_RECORD,
  SYSLOG_NGINX,
  TYPE_AUDIT,
  URI_UID,
} from './dialects.js';
import { findAuditRun, isSpace, PairRun } from './pairs.js';
import { parseTimestamp } from './timestamp.js';

export type { Component };

/** What one audit record says, as written: nothing here is validated yet. */
export interface AuditRecord {
  component: Component;
  /**
   * An authorization decision; a login attempt (IAM `component=bouncer`);
   * or the authentication of an HTTP request (Mesos: an HTTP verb on an
   * endpoint path, see `kindOf`). Only an authorization names a permission.
   */
  kind: 'authorization' | 'login' | 'authentication';
  result: (typeof RESULTS)[number];
  /** Absent when the request carried no valid token, or when the record was cut. */
  uid: string | undefined;
  /** Permission id, Mesos endpoint path or Marathon/Metronome path. */
  object: string;
  /** `full|create|...`, an HTTP verb (Mesos endpoints) or a plugin verb (Marathon). */
  action: string;
  reason: string | undefined;
  /** The record's own `timestamp=`, epoch milliseconds. */
  time: number | undefined;
  /** The line was cut (2048-byte limits) before the record ended. */
  truncated: boolean;
}

export type RecordResult =
  | { kind: 'record'; record: AuditRecord }
  | { kind: 'malformed'; problem: string }
  | { kind: 'suspicious'; problem: string };

/**
 * What a record is, from what it says: the one place this is decided, for
 * the text parser here and the byte reader (record-view.ts) alike.
 *
 * Mesos writes an HTTP verb (`action="GET"`) on an endpoint path
 * (`object="/slave(1)/state"`) when it authenticates an HTTP request: the
 * one real Mesos line DC/OS published is such an allow, `reason="Valid
 * authorization token"`. A deny of that shape is a missing, invalid or
 * expired token, not a missing permission: Mesos' permission checks reach
 * the journal through Bouncer's policy queries, with the full `dcos:mesos:`
 * id (audit log formats: Mesos authorizer).
 */
export function kindOf(
  component: Component,
  login: boolean,
  object: string,
  action: string,
): AuditRecord['kind'] {
  if (login) return 'login';
  if (
    (component === 'mesos-master' || component === 'mesos-agent') &&
    object.startsWith('/') &&
    HTTP_VERB.test(action)
  )
    return 'authentication';
  return 'authorization';
}

/** An HTTP method as Mesos writes it in `action`. */
const HTTP_VERB = /^[A-Z]+$/;

/** Longer than this, a message was not cut by those limits (a newer journald keeps long lines). */
const CUT_LIMIT = 2048;

/**
 * Whether `text` may be as long as a message cut at 2048 bytes, counted in
 * UTF-8. Each byte of invalid UTF-8 was read as U+FFFD, which UTF-8 writes
 * in 3 bytes: such a character counts as 1 to 3 bytes, as the line may have
 * held either.
 */
export function mayHaveBeenCut(text: string): boolean {
  // UTF-8 takes 1 to 3 bytes per UTF-16 unit: count bytes only when it matters.
  if (text.length > CUT_LIMIT || text.length * 3 < CUT_AT) return false;
  const most = Buffer.byteLength(text);
  if (most < CUT_AT) return false;
  let replaced = 0;
  for (let i = text.indexOf(REPLACEMENT); i !== -1; i = text.indexOf(REPLACEMENT, i + 1))
    replaced++;
  return most - 2 * replaced <= CUT_LIMIT;
}

const REPLACEMENT = '\uFFFD';

/** Whether the text before `start` is the prefix a logger writing `prefix` starts its messages with. */
function startsWhereWritten(text: string, start: number, prefix: LoggerPrefix): boolean {
  // The common case without a regex over the prefix.
  if (prefix === 'auditlog' && !text.endsWith(AUDITLOG_CALL, start)) return false;
  return PREFIX_PATTERNS[prefix].test(text.slice(0, start));
}

/** A `key=` (audit log formats: keys are lower-case words), after the text's start or a non-key character. */
const KEY_AFTER = /(?:^|[^a-z_])[a-z_]+=/;

/** Whether a `key=` stands after the record's end: what a stray quote in a client's text leaves. */
const keyAfter = (text: string, end: number) => KEY_AFTER.test(text.slice(end));

/** Each dialect by its `authorizer=` value. A Map: a line may say `authorizer=constructor`. */
const AUTHORIZERS: ReadonlyMap<string, KnownDialect> = new Map(
  DIALECTS.map((d) => [d.authorizer, d]),
);

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/**
 * Marathon 1.10-1.11 and Metronome colour their log level. Colour codes are
 * removed only before the record: inside it an escape byte is not something
 * a component writes, so it stays, and the value holding it fails the grammar
 * (removing it would let escape codes splice a value together).
 */
function withoutLevelColours(message: string): string {
  const a = message.indexOf('timestamp=');
  const b = message.indexOf(TYPE_AUDIT);
  const cut = a === -1 ? b : Math.min(a, b);
  return message.slice(0, cut).replace(ANSI, '') + message.slice(cut);
}
/** A repeated key that is not one of KEYS. */
const UNKNOWN_KEY = '';
const K = KEY_ID;

/**
 * The pairs of one run, by key: for each known key the index of its pair,
 * or -1. Reused from record to record, like the run itself.
 */
class Fields {
  readonly run = new PairRun();
  readonly at = new Int32Array(KEYS.length);
  /** Keys not in KEYS, for the duplicate check: a Set, as a line may hold thousands. */
  private readonly others = new Set<string>();

  /**
   * Indexes the run by key; the first key seen twice, if any: its name if it
   * is one of KEYS, else UNKNOWN_KEY. The name of any other key is the
   * line's to choose, and each name would be a kind of problem of its own.
   */
  index(): string | undefined {
    const run = this.run;
    this.at.fill(-1);
    this.others.clear();
    for (let i = 0; i < run.count; i++) {
      const k = knownKey(run, i);
      if (k !== -1) {
        if (this.at[k] !== -1) return KEYS[k];
        this.at[k] = i;
        continue;
      }
      const key = run.text.slice(run.keyStart(i), run.keyEnd(i));
      if (this.others.has(key)) return UNKNOWN_KEY;
      this.others.add(key);
    }
    return undefined;
  }

  has(k: number): boolean {
    return this.at[k] !== -1;
  }

  get(k: number): string | undefined {
    const i = this.at[k]!;
    return i === -1 ? undefined : this.run.value(i);
  }

  is(k: number, value: string): boolean {
    const i = this.at[k]!;
    return i !== -1 && this.run.valueIs(i, value);
  }
}

/** The index in KEYS of pair `i`'s key, or -1; without cutting the key out. */
function knownKey(run: PairRun, i: number): number {
  const start = run.keyStart(i);
  const candidates = BY_LENGTH[run.keyEnd(i) - start];
  if (candidates === undefined) return -1;
  const text = run.text;
  for (const k of candidates) if (text.startsWith(KEYS[k]!, start)) return k;
  return -1;
}

/** Known keys by their length. */
const BY_LENGTH: number[][] = [];
KEYS.forEach((key, k) => {
  BY_LENGTH[key.length] ??= [];
  BY_LENGTH[key.length]!.push(k);
});

const fields = new Fields();
const second = new PairRun();

/**
 * The audit record in one journal MESSAGE, or undefined when it holds none.
 *
 * A line holds one record. What follows the record's end is not part of it
 * (a glued line, nginx's client-controlled suffix); if that text holds another
 * audit record, the two cannot be told from a forgery and the line is
 * reported as suspicious.
 */
export function parseAuditRecord(message: string): RecordResult | undefined {
  if (!message.includes(TYPE_AUDIT)) return undefined;
  const text = message.includes('\x1b') ? withoutLevelColours(message) : message;
  const run = findAuditRun(text, 0, fields.run);
  if (!run) return malformed('"type=audit" outside a key=value record');
  const mayBeCut = mayHaveBeenCut(text);
  const start = run.start;
  const { result, end } = interpret(text, fields, mayBeCut);
  // A second record needs a `type=` of its own: most lines end without one.
  const rest = Math.max(end, start + 1);
  if (text.indexOf(SECOND_RECORD, rest) !== -1 && findAuditRun(text, rest, second))
    return suspicious('two audit records on one line');
  return result;
}

interface Interpreted {
  result: RecordResult;
  /** Where the record ends: the next record may start after it. */
  end: number;
}

function interpret(text: string, f: Fields, mayBeCut: boolean): Interpreted {
  const run = f.run;
  const end = run.end;
  const twice = f.index();
  if (twice !== undefined) {
    const which = twice === UNKNOWN_KEY ? 'a key' : `key "${twice}"`;
    return { result: suspicious(`${which} appears twice`), end };
  }
  const authorizer = f.get(K.authorizer);
  const login = authorizer === undefined && f.is(K[LOGIN.key], LOGIN.value);
  const dialect = login
    ? undefined
    : authorizer === undefined
      ? undefined
      : AUTHORIZERS.get(authorizer);
  const component = login ? LOGIN.component : dialect?.component;
  if (!component) {
    // A stray quote in a client's text (Mesos' agent) ends the pairs early:
    // the record's own authorizer may stand after them, and what the client
    // wrote may not be told from what the component did.
    if (authorizer === undefined && keyAfter(text, end))
      return { result: suspicious("a key stands after the record's end"), end };
    const what = authorizer === undefined ? 'no authorizer' : 'an unknown authorizer';
    return { result: malformed(`audit record with ${what}`), end };
  }
  const prefix = dialect?.prefix ?? LOGIN.prefix;
  if (!startsWhereWritten(text, run.start, prefix)) {
    return {
      result: suspicious(`record does not start where ${component} writes its records`),
      end,
    };
  }
  if (dialect?.uid === 'request_uri') return adminRouter(text, f, dialect, mayBeCut);

  // Where each dialect's record ends, and so whether it was cut short.
  let complete: boolean;
  if (dialect?.end === 'reason') complete = f.has(K.reason) && !run.unterminated;
  else if (dialect?.end === 'logger') complete = text.startsWith(' (', end);
  else {
    // Mesos: the record is the rest of the message, and its client's `agent`
    // is quoted but never escaped. A stray quote in it ends the pairs early;
    // a key after them was either in the agent or the record's own.
    if (dialect?.end === 'run' && keyAfter(text, end))
      return { result: suspicious("a key stands after the record's end"), end };
    complete = !run.unterminated && end < text.length;
  }
  // A quoted value without its closing quote was cut, at whatever length
  // (a line can stop short of a limit too): its last value may be part of one.
  const truncated = run.unterminated || (!complete && mayBeCut);

  const object = K[dialect?.object ?? 'object'];
  const uid = K[dialect?.uid ?? 'uid'];
  // A record with no uid of its own shows no duplicate: a uid after a value
  // that may hold a client's text, where the component never writes it, may
  // be the client's.
  const before = dialect?.uidBefore;
  if (before && f.at[K[before]]! !== -1 && f.at[uid]! > f.at[K[before]]!)
    return {
      result: suspicious(`"uid" stands after "${before}", where ${component} never writes it`),
      end,
    };
  return {
    result: record(component, login, f, f.get(object), f.get(uid), truncated),
    end,
  };
}

/**
 * Admin Router writes `request_uri` raw (it may hold `=`, `&`, `,`, `"`)
 * followed by an optional `uid` and nginx's suffix, which repeats the request
 * line and is the client's to fill (Host, referrer). The uid is the last
 * ` uid=` before the suffix; a second one, or a space inside the URI, can only
 * come from a forged request and makes the record suspicious. A URI can also
 * hold a whole forged suffix (`, client: ...`) ahead of the real one: the
 * request line that follows the suffix must repeat the URI exactly, and be the
 * only one, or the record is suspicious.
 */
function adminRouter(
  text: string,
  f: Fields,
  dialect: KnownDialect,
  mayBeCut: boolean,
): Interpreted {
  const run = f.run;
  const uri = f.at[K.request_uri]!;
  const object = f.get(K[dialect.object]);
  const component = dialect.component;
  if (uri === -1) {
    // nginx ends every line with its suffix: without one, the line was cut.
    const truncated = suffixAt(text, run.start) === -1;
    if (!truncated)
      return { result: malformed('Admin Router record without request_uri'), end: run.end };
    return { result: record(component, false, f, object, undefined, true), end: run.end };
  }
  const tailStart = run.keyEnd(uri) + 1;
  const suffix = suffixAt(text, tailStart);
  const end = suffix === -1 ? text.length : suffix;
  // The first and the last ` uid=` inside the URI part, before the suffix.
  let first = text.indexOf(URI_UID, tailStart);
  if (first + URI_UID.length > end) first = -1;
  const u = first === -1 ? -1 : text.lastIndexOf(URI_UID, end - URI_UID.length);
  if (u !== first) return { result: suspicious('key "uid" appears twice'), end };
  const pathEnd = u === -1 ? end : u;
  for (let i = tailStart; i < pathEnd; i++) {
    if (isSpace(text.charCodeAt(i)))
      return { result: suspicious('request_uri holds a space, which can forge fields'), end };
  }
  const line = suffix === -1 ? 'cut' : requestLine(text, suffix, tailStart, pathEnd);
  if (line === 'other') {
    return { result: suspicious('the request line does not repeat request_uri'), end };
  }
  // A line as long as a cut one may have lost the real suffix: what is left
  // after the URI could all be the client's, so its uid is never taken.
  const truncated = line === 'cut' || mayBeCut || nginxLineMayBeCut(text, run.start);
  const uid = u !== -1 && !truncated ? text.slice(u + URI_UID.length, end) : undefined;
  return { result: record(component, false, f, object, uid, truncated), end };
}

/**
 * Through syslog (Admin Router 1.13+) the message is `<host> nginx: ` and
 * nginx's line, which nginx cut at 2048 bytes of its own: the message is
 * longer than any cut one, and the line in it may be cut all the same.
 */
function nginxLineMayBeCut(text: string, recordStart: number): boolean {
  // The host holds no space, and the prefix after it none of SYSLOG_NGINX.
  const at = text.indexOf(SYSLOG_NGINX);
  return at !== -1 && at < recordStart && mayHaveBeenCut(text.slice(at + SYSLOG_NGINX.length));
}

/** Where nginx's suffix (NGINX_SUFFIXES) starts at or after `from`; -1 if nowhere. */
function suffixAt(text: string, from: number): number {
  let first = -1;
  for (const suffix of NGINX_SUFFIXES) {
    const at = text.indexOf(suffix, from);
    if (at !== -1 && (first === -1 || at < first)) first = at;
  }
  return first;
}

/**
 * What nginx's `request: "METHOD URI[ HTTP/x.y]"` after `suffix` says of the
 * URI [uriStart, uriEnd): 'same' when it repeats it exactly and is the only
 * request line; 'cut' when the text ends first; 'other' for anything else.
 * An absolute-form target (`http://host/path`) repeats the path: nginx's
 * request_uri starts there.
 */
function requestLine(
  text: string,
  suffix: number,
  uriStart: number,
  uriEnd: number,
): 'same' | 'cut' | 'other' {
  const open = text.indexOf(REQUEST_LINE, suffix);
  if (open === -1) return 'cut';
  if (text.indexOf(REQUEST_LINE, open + 1) !== -1) return 'other';
  const n = text.length;
  let p = open + REQUEST_LINE.length;
  const method = p;
  while (p < n && isMethodChar(text.charCodeAt(p))) p++;
  if (p === n) return 'cut';
  if (p === method || text.charCodeAt(p) !== SPACE) return 'other';
  p = pastSchemeAndHost(text, p + 1);
  for (let i = uriStart; i < uriEnd; i++, p++) {
    if (p === n) return 'cut';
    if (text.charCodeAt(p) !== text.charCodeAt(i)) return 'other';
  }
  if (p === n) return 'cut';
  if (text.charCodeAt(p) === QUOTE) return 'same';
  if (!text.startsWith(HTTP_VERSION, p))
    return HTTP_VERSION.startsWith(text.slice(p)) ? 'cut' : 'other';
  p += HTTP_VERSION.length;
  const major = p;
  while (p < n && isDigit(text.charCodeAt(p))) p++;
  if (p < n && p > major && text.charCodeAt(p) === DOT) p++;
  const minor = p;
  while (p < n && isDigit(text.charCodeAt(p))) p++;
  if (p === n) return 'cut';
  return p > minor && text.charCodeAt(p) === QUOTE ? 'same' : 'other';
}

const SPACE = 0x20;
const QUOTE = 0x22;
const DOT = 0x2e;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
/** nginx's method characters: `A-Z`, `_`, `-`. */
const isMethodChar = (c: number) => (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x2d;
const ABSOLUTE_FORM = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/ "]*/y;

/** Past `scheme://host` at `p`, if the target is written in absolute form. */
function pastSchemeAndHost(text: string, p: number): number {
  ABSOLUTE_FORM.lastIndex = p;
  return ABSOLUTE_FORM.test(text) ? ABSOLUTE_FORM.lastIndex : p;
}

function record(
  component: Component,
  login: boolean,
  f: Fields,
  object: string | undefined,
  uid: string | undefined,
  truncated: boolean,
): RecordResult {
  const resultAt = f.at[K.result]!;
  const result = resultAt === -1 ? undefined : RESULTS.find((r) => f.run.valueIs(resultAt, r));
  const action = f.get(K.action);
  if (result === undefined) {
    return malformed(
      truncated ? 'record cut before its result' : 'record without result=allow|deny',
    );
  }
  if (action === undefined)
    return malformed(truncated ? 'record cut before its action' : 'record without action');
  if (object === undefined && !login) {
    return malformed(truncated ? 'record cut before its object' : 'record without object');
  }
  const stampAt = f.at[K.timestamp]!;
  return {
    kind: 'record',
    record: {
      component,
      kind: kindOf(component, login, object ?? '', action),
      result,
      // A cut record's uid may itself be cut: never attribute it.
      uid: truncated || uid === '' ? undefined : uid,
      object: object ?? '',
      action,
      reason: f.get(K.reason),
      time:
        stampAt === -1
          ? undefined
          : parseTimestamp(f.run.text, f.run.valueStart(stampAt), f.run.valueEnd(stampAt)),
      truncated,
    },
  };
}

function malformed(problem: string): RecordResult {
  return { kind: 'malformed', problem };
}

function suspicious(problem: string): RecordResult {
  return { kind: 'suspicious', problem };
}
