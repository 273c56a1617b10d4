/**
 * The audit-record dialects as data, in one place: the keys a record is read
 * by, each authorizer and its component, where each logger writes a record,
 * and the words the readers look for. Both readers take them from here: the
 * text parser (audit-record.ts, pairs.ts) and the byte kernel (kernel/*.ts,
 * AssemblyScript), to which scripts/kernel.mjs hands every exported number
 * below as a constant and every word as a compiled matcher
 * (kernel/dialects.generated.ts). The kernel's memory layout is here too.
 *
 * A new key, authorizer or logger level is a line here and `npm run build`;
 * docs/architecture.md says where else a change may go. This module imports
 * nothing and holds no logic but arithmetic and the patterns made of its
 * words: scripts/kernel.mjs loads it on its own.
 */

// ---------------------------------------------------------------------------
// The record

/** The pair every audit record holds; `type=audit` is what the line scan looks for. */
export const RECORD_TYPE = { key: 'type', value: 'audit' } as const;
export const TYPE_AUDIT = `${RECORD_TYPE.key}=${RECORD_TYPE.value}`;

/**
 * The keys a record is read by, numbered by their place (KEY_ID, and
 * KEY_<NAME> in the kernel). Any other key only has to appear once.
 */
export const KEYS = [
  'type',
  'authorizer',
  'component',
  'uid',
  'object',
  'path',
  'action',
  'result',
  'reason',
  'timestamp',
  'request_uri',
] as const;
export type Key = (typeof KEYS)[number];
export const KEY_ID = Object.fromEntries(KEYS.map((k, i) => [k, i])) as Record<Key, number>;

/** The values of `result=`, numbered by their place (RESULT_<NAME> in the kernel). */
export const RESULTS = ['deny', 'allow'] as const;

/**
 * Mesos writes `timestamp=YYYY-MM-DD HH:MM:SS...` bare, with a space in it:
 * the only bare value that goes on past a space (pairs.ts timeTail).
 */
export const SPACED_TIMESTAMP_KEY: Key = 'timestamp';

/** Where a second record after the first would start: the line is then suspicious. */
export const SECOND_RECORD = `${RECORD_TYPE.key}=`;

// ---------------------------------------------------------------------------
// Where each logger writes a record: the text just before it

/**
 * The kinds of text a logger writes before a record, numbered by their place
 * (PREFIX_<NAME> in the kernel, whose readers of each are in
 * kernel/audit-record.ts):
 * - auditlog: Admin Router's Lua, `... [lua] ee.lua:57: auditlog(): `
 * - level: IAM's `[...] [bouncer.app...] INFO: `
 * - glog: Mesos' `I1122 10:00:07.752534  3708 logfmt.cpp:178] `
 * - logback: Marathon's `[2026-11-22 10:00:09,120] INFO  ` or Play's
 *   (Metronome) `[info] d.m.auditlog - `, then anything but `"` and `=`
 */
export const LOGGER_PREFIXES = ['auditlog', 'level', 'glog', 'logback'] as const;
export type LoggerPrefix = (typeof LOGGER_PREFIXES)[number];

/** Admin Router's Lua call, right before the record. */
export const AUDITLOG_CALL = 'auditlog(): ';
/** nginx's tag of a line its Lua wrote, before the file and line. */
export const LUA_TAG = ' [lua] ';
/** What syslog puts between the host and nginx's line (Admin Router 1.13+). */
export const SYSLOG_NGINX = ' nginx: ';
/** glog's severity letters, starting its prefix. */
export const GLOG_SEVERITIES = 'IWEF';
/** Play's levels (Metronome), as `[info] `. */
export const PLAY_LEVELS = ['info', 'warn', 'error', 'debug', 'trace'] as const;

// text/regexp.ts' `literal`, again: this file imports nothing, as the kernel's
// build (scripts/kernel.mjs) loads it alone.
const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Each prefix as the text parser reads it: a pattern over the whole text
 * before the record. Every logger writes its prefix at the start of the
 * message, so a record anywhere else stands in text that someone else
 * wrote: a User-Agent or URI in an access log line can end the way a
 * prefix ends, but cannot start the message (audit log formats: security
 * note). Admin Router's nginx line comes after `<host> nginx: ` through
 * syslog (1.13+).
 */
export const PREFIX_PATTERNS: Record<LoggerPrefix, RegExp> = {
  auditlog: new RegExp(
    `^(?:[^ ]+${escaped(SYSLOG_NGINX)})?\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\[[a-z]+\\] \\d+#\\d+: \\*\\d+${escaped(LUA_TAG)}[^ ]+:\\d+: ${escaped(AUDITLOG_CALL)}$`,
  ),
  level: /^\[[^\]]*\] \[[^\]]*\] \[[^\]]*\] [A-Z]+: $/,
  glog: new RegExp(
    `^[${GLOG_SEVERITIES}]\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} +\\d+ [^\\s\\]]+:\\d+\\] $`,
  ),
  logback: new RegExp(
    `^(?:\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}\\]|\\[(?:${PLAY_LEVELS.join('|')})\\]) [^"=]*$`,
  ),
};

// ---------------------------------------------------------------------------
// The dialects

export interface Dialect {
  /** The `authorizer=` value. */
  authorizer: string;
  /** Who wrote the record. */
  component: string;
  /** What its logger writes just before the record. */
  prefix: LoggerPrefix;
  /** The key naming what was asked for. */
  object: Key;
  /**
   * Where the account is: `uid=`, or (Admin Router) after the only ` uid=`
   * of the raw `request_uri=` value, before nginx's suffix.
   */
  uid: 'uid' | 'request_uri';
  /**
   * What a complete record ends with, for the text parser to tell a record
   * cut at CUT_AT: its `reason=` (IAM), ` (` after it (Marathon's logger),
   * or text after the run.
   */
  end: 'reason' | 'logger' | 'run';
  /**
   * In a dialect of fixed order, the first key after `uid` whose value may
   * hold text a client chose (an id, a path), unescaped: a `uid` after it
   * may be the client's text, and the record is then suspicious. A record
   * without a `uid` of its own shows no duplicate to give that away. Mesos
   * writes its keys in no fixed order: its `agent` (the User-Agent) can
   * only be caught by a duplicate.
   */
  uidBefore: Key | null;
}

/**
 * Each dialect by its `authorizer=` value, numbered by its place: the
 * component code (COMPONENT_<NAME> in the kernel, report/aggregate.ts'
 * SaidKey). Each component appears once.
 */
export const DIALECTS = [
  {
    authorizer: 'adminrouter',
    component: 'adminrouter',
    prefix: 'auditlog',
    object: 'object',
    uid: 'request_uri',
    end: 'run',
    uidBefore: null,
  },
  {
    authorizer: 'bouncer',
    component: 'iam',
    prefix: 'level',
    object: 'object',
    uid: 'uid',
    end: 'reason',
    uidBefore: 'object',
  },
  {
    authorizer: 'mesos-master',
    component: 'mesos-master',
    prefix: 'glog',
    object: 'object',
    uid: 'uid',
    end: 'run',
    uidBefore: null,
  },
  {
    authorizer: 'mesos-agent',
    component: 'mesos-agent',
    prefix: 'glog',
    object: 'object',
    uid: 'uid',
    end: 'run',
    uidBefore: null,
  },
  {
    authorizer: 'marathon',
    component: 'marathon',
    prefix: 'logback',
    object: 'path',
    uid: 'uid',
    end: 'logger',
    uidBefore: 'path',
  },
  {
    authorizer: 'metronome',
    component: 'metronome',
    prefix: 'logback',
    object: 'path',
    uid: 'uid',
    end: 'logger',
    uidBefore: 'path',
  },
] as const satisfies readonly Dialect[];

export type KnownDialect = (typeof DIALECTS)[number];
export type Component = KnownDialect['component'];
/** Components by their code. */
export const COMPONENTS: readonly Component[] = DIALECTS.map((d) => d.component);

/**
 * IAM's login records say `component=bouncer` and no authorizer; the text
 * parser reads them, the kernel leaves them to it.
 */
export const LOGIN = {
  key: 'component',
  value: 'bouncer',
  component: 'iam',
  prefix: 'level',
} as const;

/**
 * Admin Router writes `request_uri` raw, then an optional ` uid=`, then
 * nginx's client-controlled suffix (`, client: ` or ` while `), which holds
 * the request line.
 */
export const URI_UID = ' uid=';
export const NGINX_SUFFIXES = [', client: ', ' while '] as const;
export const REQUEST_LINE = 'request: "';
/** What follows the target in a request line with a protocol version (none in HTTP/0.9). */
export const HTTP_VERSION = ' HTTP/';

// ---------------------------------------------------------------------------
// Journal lines the kernel reads

/**
 * The journal formats the kernel reads, numbered by their place
 * (FORMAT_<NAME> in the kernel): each precise form right after its own.
 */
export const KERNEL_FORMATS = ['short-iso', 'short-iso-precise', 'short', 'short-precise'] as const;

/** Old journald and nginx cut lines at 2048 bytes; a record this long may have been cut (audit-record.ts). */
export const CUT_AT = 2000;
/** `2026-11-22T10:00:07Z h type=audit`: no shorter line holds a record. */
export const SHORTEST_RECORD_LINE = 32;
/** A line ending with this byte (`blob data]`) may be a hidden message: left to the parser. */
export const HIDDEN_END = 0x5d;

// ---------------------------------------------------------------------------
// The kernel's memory, in bytes from 0: the line scan's part, then the
// record scan's. Offsets handed to and from the kernel are addresses in it.

/** Per byte value: bit 1 when a line starting with it may matter, bit 2 when one ending with it may. */
export const EDGE_TABLE = 0;
/** Two markers, MARKER_BYTES apart: length, the offsets of two probed bytes, a spare byte, then the marker. */
export const MARKERS = 256;
export const MARKER_BYTES = 64;
export const MARKER_MAX = 31;
/**
 * What the line scan's `next` found: the line feed ending the line it
 * returns (-1 without one), the noise lines it stepped over, and the next
 * marker (-1 when none): addresses.
 */
export const SCAN_LINE_END = MARKERS + 2 * MARKER_BYTES;
export const SCAN_SKIPPED = SCAN_LINE_END + 4;
export const SCAN_MARKER = SCAN_LINE_END + 8;
/**
 * What `sweep` leaves besides: whether the line it returns holds a marker
 * (1) or not (0), and the denials and allow records it counted itself.
 */
export const SCAN_HOLDS = SCAN_LINE_END + 12;
export const COUNTED_DENIALS = SCAN_LINE_END + 16;
export const COUNTED_ALLOWS = SCAN_LINE_END + 20;
/**
 * What `sweep` may count itself, bits of its `mode`: denials of a wording
 * in the table (TABLE), and allow records (of which only the number is kept).
 */
export const COUNT_DENIALS = 1;
export const COUNT_ALLOWS = 2;
/** The scan window: the bytes the line scan reads, written by line-splitter.ts. */
export const DATA = 512;
export const SCAN_WINDOW = 128 * 1024;
/** Room past an end that 16-byte loads may read. */
export const SLACK = 1024;

/** The run read last: where it starts (its first key), where its last pair ends, and the hash `said` made last. */
export const RUN = DATA + SCAN_WINDOW + SLACK;
export const RUN_START = RUN;
export const RUN_END = RUN + 4;
export const SAID_HASH = RUN + 8;
/** The run's pairs, PAIR_BYTES each: key start, key end (its `=`), value start, value end (before a closing quote). */
export const PAIRS = RUN + 16;
export const PAIRS_MAX = 64;
export const PAIR_BYTES = 16;
/** For each of KEYS, the index of its pair in the run, or -1. */
export const KEY_TABLE = PAIRS + PAIRS_MAX * PAIR_BYTES;
/**
 * The record read last: its component code, its result (RESULTS' number),
 * then RECORD_PARTS' starts and ends (-1 twice for a part it lacks).
 */
export const RECORD = KEY_TABLE + 16 * Math.ceil(KEYS.length / 4);
export const RECORD_COMPONENT = RECORD;
export const RECORD_RESULT = RECORD + 4;
export const RECORD_PARTS_AT = RECORD + 8;
export const RECORD_PARTS = ['uid', 'object', 'action', 'reason', 'timestamp'] as const;
/**
 * The journal's part of the line read last: its format (KERNEL_FORMATS),
 * where its timestamp ends (it starts the line), its host, its ident (-1
 * twice without one), where the message starts.
 */
export const PREFIX = RECORD + 48;
export const PREFIX_FORMAT = PREFIX;
export const PREFIX_STAMP_END = PREFIX + 4;
export const PREFIX_HOST = PREFIX + 8;
export const PREFIX_IDENT = PREFIX + 16;
export const PREFIX_MESSAGE = PREFIX + 24;
/**
 * What `line` works out for the aggregator when the record read last is a
 * denial: its time (an f64, NaN when the kernel does not tell it), the length
 * of its key (0 for an allow record; the key is at SAID_AT), the hashes of
 * its host and reason (with KEYED_SEED, 0 without a reason), and the seed.
 */
export const KEYED = PREFIX + 48;
export const KEYED_TIME = KEYED;
export const KEYED_SAID_LENGTH = KEYED + 8;
export const KEYED_HOST_HASH = KEYED + 12;
export const KEYED_REASON_HASH = KEYED + 16;
export const KEYED_SEED = KEYED + 20;
/** KERNEL_WORDS, WORD_BYTES apart, then the words record-scan.ts keeps (`word`). */
export const WORDS = KEYED + 32;
export const WORDS_BYTES = 256;
export const WORD_BYTES = 16;
/** A line not in the window is copied here, up to LINE_MAX bytes. */
export const LINE_COPY = WORDS + WORDS_BYTES;
export const LINE_MAX = 48 * 1024;
/** Lines at least this long are left to the text parser: they may have been cut, or not fit. */
export const READ_MAX = Math.min(CUT_AT, LINE_MAX);
/** Where `said` writes a denial's key, SAID_MAX bytes at most. */
export const SAID_AT = LINE_COPY + LINE_MAX + 64;
export const SAID_MAX = 4 * 1024 + 8;
/**
 * Denials `sweep` has read and not yet looked up in the table (kernel/count.ts),
 * PENDING_MAX of them, PENDING_BYTES each: the line's place and what its
 * tallies take, then at PENDING_KEY a copy of its key.
 */
export const PENDING = Math.ceil((SAID_AT + SAID_MAX) / 64) * 64;
export const PENDING_MAX = 8;
export const PENDING_KEY = 64;
export const PENDING_BYTES = Math.ceil((PENDING_KEY + SAID_MAX) / 64) * 64;
/**
 * Two windows a regular file is read into, FILE_WINDOW bytes and SLACK each:
 * the next read fills one while the line scan reads the other.
 */
export const FILE_WINDOW = 1024 * 1024;
export const FILE_WINDOWS = PENDING + PENDING_MAX * PENDING_BYTES;
/**
 * The aggregator's table of the denials it keeps, by what their records
 * said, while it lives here (report/byte-keys.ts lays it out, and
 * report/wordings.ts moves it in), so that `sweep` counts a denial seen
 * before without a call into JavaScript: TABLE_SLOTS slots of two i32s (the
 * key's hash, and where its record starts in the arena, in 8-byte units,
 * + 1), then the arena of records: the key's length and its index (two
 * i32s), TABLE_PAYLOAD bytes of tallies (report/tallies.ts: the count, the
 * first and last time as f64s, then the marks of the hosts and reasons the
 * group holds as two i32s), then the key.
 */
export const TABLE_SLOTS = 131_072;
export const TABLE_PAYLOAD = 32;
export const TALLY_COUNT = 0;
export const TALLY_FIRST = 8;
export const TALLY_LAST = 16;
export const TALLY_HOSTS = 24;
export const TALLY_REASONS = 28;
/** Names whose numbers the marks hold (report/wordings.ts numbers hosts and reasons). */
export const MARKED_NAMES = 32;
/**
 * The first MARKED_NAMES names, as `sweep` looks them up: one past the
 * highest number told (NAMES_TOLD), then per number its hash, its length
 * (-1: not told, or longer than NAME_MAX) and, at NAME_BYTES, its bytes.
 */
export const NAMES_TOLD = Math.ceil((FILE_WINDOWS + 2 * (FILE_WINDOW + SLACK)) / 64) * 64;
export const NAMES = NAMES_TOLD + 8;
export const NAME_MAX = 256;
export const NAME_BYTES = NAMES + MARKED_NAMES * 8;
/**
 * The names `sweep` marked in a group's tallies as it counted (a host or
 * reason of a told name, new to the group), for JavaScript to put into the
 * group's evidence once the sweep is over: how many (at most ADDED_MAX),
 * then per name two i32s, the wording's index and the name's number
 * (+ MARKED_NAMES for a reason).
 */
export const ADDED = NAME_BYTES + MARKED_NAMES * NAME_MAX;
export const ADDED_MAX = 1024;
export const TABLE_SLOTS_AT = ADDED + 8 + ADDED_MAX * 8;
export const TABLE_ARENA = TABLE_SLOTS_AT + TABLE_SLOTS * 8;
export const TABLE_ARENA_BYTES = 8 * 1024 * 1024;
export const MEMORY_END = TABLE_ARENA + TABLE_ARENA_BYTES;
export const MEMORY_PAGES = Math.ceil(MEMORY_END / 65536);

/**
 * The words the kernel looks for with `find`, kept at WORDS in this order
 * (WORD_<NAME> and WORD_<NAME>_LENGTH in the kernel).
 */
export const KERNEL_WORDS = {
  second_record: SECOND_RECORD,
  nginx_client: NGINX_SUFFIXES[0],
  nginx_while: NGINX_SUFFIXES[1],
  uri_uid: URI_UID,
  request_line: REQUEST_LINE,
  http_version: HTTP_VERSION,
} as const;
