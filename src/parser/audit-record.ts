import {
  AUDITLOG_CALL,
  type Component,
  CUT_AT,
  DIALECTS,
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

/** Whether `text` is as long as a message cut at 2048 bytes, counted in UTF-8. */
function mayHaveBeenCut(text: string): boolean {
  // UTF-8 takes 1 to 3 bytes per UTF-16 unit: count bytes only when it matters.
  if (text.length > CUT_LIMIT || text.length * 3 < CUT_AT) return false;
  const bytes = Buffer.byteLength(text);
  return bytes >= CUT_AT && bytes <= CUT_LIMIT;
}

/** Whether the text before `start` is the prefix a logger writing `prefix` starts its messages with. */
function startsWhereWritten(text: string, start: number, prefix: LoggerPrefix): boolean {
  // The common case without a regex over the prefix.
  if (prefix === 'auditlog' && !text.endsWith(AUDITLOG_CALL, start)) return false;
  return PREFIX_PATTERNS[prefix].test(text.slice(0, start));
}

/** A `key=` (audit log formats: keys are lower-case words), after the text's start or a non-key character. */
const KEY_AFTER = /(?:^|[^a-z_])[a-z_]+=/;

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
  /** Pairs whose key is not one of KEYS, for the duplicate check. */
  private readonly others: number[] = [];

  /**
   * Indexes the run by key; the first key seen twice, if any: its name if it
   * is one of KEYS, else UNKNOWN_KEY. The name of any other key is the
   * line's to choose, and each name would be a kind of problem of its own.
   */
  index(): string | undefined {
    const run = this.run;
    this.at.fill(-1);
    this.others.length = 0;
    for (let i = 0; i < run.count; i++) {
      const k = knownKey(run, i);
      if (k !== -1) {
        if (this.at[k] !== -1) return KEYS[k];
        this.at[k] = i;
        continue;
      }
      for (const j of this.others) if (run.sameKey(i, j)) return UNKNOWN_KEY;
      this.others.push(i);
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
  if (dialect?.uid === 'request_uri') return adminRouter(text, f, dialect);

  // Where each dialect's record ends, and so whether it was cut short.
  let complete: boolean;
  if (dialect?.end === 'reason') complete = f.has(K.reason) && !run.unterminated;
  else if (dialect?.end === 'logger') complete = text.startsWith(' (', end);
  else {
    // Mesos: the record is the rest of the message, and its client's `agent`
    // is quoted but never escaped. A stray quote in it ends the pairs early;
    // a key after them was either in the agent or the record's own.
    if (dialect?.end === 'run' && KEY_AFTER.test(text.slice(end)))
      return { result: suspicious("a key stands after the record's end"), end };
    complete = !run.unterminated && end < text.length;
  }
  const truncated = !complete && mayBeCut;

  const object = K[dialect?.object ?? 'object'];
  const uid = K[dialect?.uid ?? 'uid'];
  return {
    result: record(component, login, f, f.get(object), f.get(uid), truncated),
    end,
  };
}

/**
 * Admin Router writes `request_uri` raw (it may hold `=`, `&`, `,`, spaces)
 * followed by an optional `uid` and nginx's client-controlled suffix. The uid
 * is the last ` uid=` before the suffix; a second one, or a space inside the
 * URI, can only come from a forged request and makes the record suspicious.
 */
function adminRouter(text: string, f: Fields, dialect: KnownDialect): Interpreted {
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
  if (suffix !== -1 && requestHoldsSpace(text, suffix)) {
    return { result: suspicious('request line holds a space inside its URI'), end };
  }
  // nginx ends every line with its suffix: a record without one was cut, at
  // whatever length, and its last uid may be cut too.
  const truncated = suffix === -1;
  const uid = u !== -1 && !truncated ? text.slice(u + URI_UID.length, end) : undefined;
  return { result: record(component, false, f, object, uid, truncated), end };
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

/** Whether nginx's `request: "..."` after `suffix` holds more than the three parts of a request line. */
function requestHoldsSpace(text: string, suffix: number): boolean {
  const open = text.indexOf(REQUEST_LINE, suffix);
  if (open === -1) return false;
  const start = open + REQUEST_LINE.length;
  const close = text.indexOf('"', start);
  if (close === -1) return false;
  let spaces = 0;
  for (let i = text.indexOf(' ', start); i !== -1 && i < close; i = text.indexOf(' ', i + 1)) {
    if (++spaces > 2) return true;
  }
  return false;
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
