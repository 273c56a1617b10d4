import { findAuditRun, type Pair, type PairRun } from './pairs.js';
import { parseTimestamp } from './timestamp.js';

export type Component =
  | 'adminrouter'
  | 'iam'
  | 'mesos-master'
  | 'mesos-agent'
  | 'marathon'
  | 'metronome';

/** What one audit record says, as written: nothing here is validated yet. */
export interface AuditRecord {
  component: Component;
  /** An authorization decision, or a login attempt (IAM `component=bouncer`). */
  kind: 'authorization' | 'login';
  result: 'allow' | 'deny';
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

/** Old journald and nginx cut lines at 2048 bytes; a record this long may have been cut. */
const CUT_AT = 2000;

/** Where each component's logger puts a record, as the text just before it. */
const PREFIX: Record<Component | 'login', RegExp> = {
  adminrouter: /auditlog\(\): $/,
  iam: /\] [A-Z]+: $/,
  login: /\] [A-Z]+: $/,
  'mesos-master': /[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ [^\s\]]+:\d+\] $/,
  'mesos-agent': /[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ [^\s\]]+:\d+\] $/,
  // Logback `[date] LEVEL ` (Marathon), or Play's `[level] logger - ` (Metronome).
  marathon: /(?:\d\d:\d\d:\d\d,\d{3}\]|\[(?:info|warn|error|debug|trace)\]) [^"=]*$/,
  metronome: /(?:\d\d:\d\d:\d\d,\d{3}\]|\[(?:info|warn|error|debug|trace)\]) [^"=]*$/,
};

/** Whether the text before `start` ends the way the component's logger ends its prefix. */
function startsWhereWritten(text: string, start: number, who: Component | 'login'): boolean {
  // The common case without a regex over the prefix.
  if (who === 'adminrouter') return text.endsWith('auditlog(): ', start);
  return PREFIX[who].test(text.slice(Math.max(0, start - 120), start));
}

const AUTHORIZERS: Record<string, Component> = {
  adminrouter: 'adminrouter',
  bouncer: 'iam',
  'mesos-master': 'mesos-master',
  'mesos-agent': 'mesos-agent',
  marathon: 'marathon',
  metronome: 'metronome',
};

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/**
 * Marathon 1.10-1.11 and Metronome colour their log level. Colour codes are
 * removed only before the record: inside it an escape byte is not something
 * a component writes, so it stays, and the value holding it fails the grammar
 * (removing it would let escape codes splice a value together).
 */
function withoutLevelColours(message: string): string {
  const a = message.indexOf('timestamp=');
  const b = message.indexOf('type=audit');
  const cut = a === -1 ? b : Math.min(a, b);
  return message.slice(0, cut).replace(ANSI, '') + message.slice(cut);
}
const NGINX_SUFFIX = /, client: | while /;

/**
 * The audit record in one journal MESSAGE, or undefined when it holds none.
 *
 * A line holds one record. What follows the record's end is not part of it
 * (a glued line, nginx's client-controlled suffix); if that text holds another
 * audit record, the two cannot be told from a forgery and the line is
 * reported as suspicious.
 */
export function parseAuditRecord(message: string): RecordResult | undefined {
  if (!message.includes('type=audit')) return undefined;
  const text = message.includes('\x1b') ? withoutLevelColours(message) : message;
  const run = findAuditRun(text, 0);
  if (!run) return malformed('"type=audit" outside a key=value record');
  // UTF-8 takes 1 to 3 bytes per UTF-16 unit: count bytes only when it matters.
  const mayBeCut =
    text.length >= CUT_AT || (text.length * 3 >= CUT_AT && Buffer.byteLength(text) >= CUT_AT);
  const { result, end } = interpret(text, run, mayBeCut);
  if (findAuditRun(text, Math.max(end, run.start + 1)))
    return suspicious('two audit records on one line');
  return result;
}

interface Interpreted {
  result: RecordResult;
  /** Where the record ends: the next record may start after it. */
  end: number;
}

function interpret(text: string, run: PairRun, mayBeCut: boolean): Interpreted {
  const end = run.end;
  const fields = new Map<string, Pair>();
  for (const p of run.pairs) {
    if (fields.has(p.key)) return { result: suspicious(`key "${p.key}" appears twice`), end };
    fields.set(p.key, p);
  }
  const get = (k: string) => fields.get(k)?.value;
  const authorizer = get('authorizer');
  const login = authorizer === undefined && get('component') === 'bouncer';
  const component = login ? 'iam' : authorizer === undefined ? undefined : AUTHORIZERS[authorizer];
  if (!component) {
    const what = authorizer === undefined ? 'no authorizer' : 'an unknown authorizer';
    return { result: malformed(`audit record with ${what}`), end };
  }
  if (run.start > 0 && !startsWhereWritten(text, run.start, login ? 'login' : component)) {
    return {
      result: suspicious(`record does not start where ${component} writes its records`),
      end,
    };
  }
  if (component === 'adminrouter') return adminRouter(text, run, fields, mayBeCut);

  // Where each dialect's record ends, and so whether it was cut short.
  let complete: boolean;
  if (component === 'iam' && !login) complete = fields.has('reason') && !run.unterminated;
  else if (component === 'marathon' || component === 'metronome')
    complete = text.startsWith(' (', end);
  else complete = !run.unterminated && end < text.length;
  const truncated = !complete && mayBeCut;

  const object =
    component === 'marathon' || component === 'metronome' ? get('path') : get('object');
  return {
    result: record(component, login, fields, object, truncated),
    end,
  };
}

/**
 * Admin Router writes `request_uri` raw (it may hold `=`, `&`, `,`, spaces)
 * followed by an optional `uid` and nginx's client-controlled suffix. The uid
 * is the last ` uid=` before the suffix; a second one, or a space inside the
 * URI, can only come from a forged request and makes the record suspicious.
 */
function adminRouter(
  text: string,
  run: PairRun,
  fields: Map<string, Pair>,
  mayBeCut: boolean,
): Interpreted {
  const uri = fields.get('request_uri');
  if (!uri) {
    const truncated = mayBeCut && (run.unterminated || run.end >= text.length);
    if (!truncated)
      return { result: malformed('Admin Router record without request_uri'), end: run.end };
    fields.delete('uid');
    return {
      result: record('adminrouter', false, fields, fields.get('object')?.value, true),
      end: run.end,
    };
  }
  const tailStart = uri.at + 'request_uri='.length;
  const tail = text.slice(tailStart);
  const suffix = tail.search(NGINX_SUFFIX);
  const body = suffix === -1 ? tail : tail.slice(0, suffix);
  const end = suffix === -1 ? text.length : tailStart + suffix;
  const u = body.lastIndexOf(' uid=');
  if (u !== body.indexOf(' uid=')) return { result: suspicious('key "uid" appears twice'), end };
  const path = u === -1 ? body : body.slice(0, u);
  if (/\s/.test(path))
    return { result: suspicious('request_uri holds a space, which can forge fields'), end };
  if (suffix !== -1) {
    const request = /request: "([^"]*)"/.exec(tail.slice(suffix));
    if (request && request[1]!.split(' ').length > 3) {
      return { result: suspicious('request line holds a space inside its URI'), end };
    }
  }
  const truncated = suffix === -1 && mayBeCut;
  fields.delete('uid');
  if (u !== -1 && !truncated) {
    const uid = body.slice(u + 5);
    fields.set('uid', { key: 'uid', value: uid, at: tailStart + u + 1, end, quoted: false });
  }
  return {
    result: record('adminrouter', false, fields, fields.get('object')?.value, truncated),
    end,
  };
}

function record(
  component: Component,
  login: boolean,
  fields: Map<string, Pair>,
  object: string | undefined,
  truncated: boolean,
): RecordResult {
  const get = (k: string) => fields.get(k)?.value;
  const result = get('result');
  const action = get('action');
  if (result !== 'allow' && result !== 'deny') {
    return malformed(
      truncated ? 'record cut before its result' : 'record without result=allow|deny',
    );
  }
  if (action === undefined)
    return malformed(truncated ? 'record cut before its action' : 'record without action');
  if (object === undefined && !login) {
    return malformed(truncated ? 'record cut before its object' : 'record without object');
  }
  const stamp = get('timestamp');
  const uid = get('uid');
  return {
    kind: 'record',
    record: {
      component,
      kind: login ? 'login' : 'authorization',
      result,
      // A cut record's uid may itself be cut: never attribute it.
      uid: truncated || uid === '' ? undefined : uid,
      object: object ?? '',
      action,
      reason: get('reason'),
      time: stamp === undefined ? undefined : parseTimestamp(stamp),
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
