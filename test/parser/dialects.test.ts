import { describe, expect, it } from 'vitest';
import { classifyLine } from '../../src/parser/classify-line.js';
import {
  DIALECTS,
  GLOG_SEVERITIES,
  type KnownDialect,
  type LoggerPrefix,
  PLAY_LEVELS,
  RESULTS,
} from '../../src/parser/dialects.js';
import { RecordView } from '../../src/parser/record-view.js';

// Lines made from dialects.ts' tables, so that a dialect, result or level
// added there is read by the byte kernel and the text parser alike, and
// anything a byte away from it by neither.

/** A prefix each kind of logger writes (dialects.ts LOGGER_PREFIXES). */
const PREFIX_SAMPLES: Record<LoggerPrefix, string> = {
  auditlog: '2026/11/22 10:00:07 [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): ',
  level: '[261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: ',
  glog: 'I1122 10:00:07.752534  3708 logfmt.cpp:178] ',
  logback: '[2026-11-22 10:00:09,120] INFO  ',
};

interface Parts {
  authorizer?: string;
  result?: string;
  prefix?: string;
  /** Each key of the record renamed by this, where given. */
  key?: (key: string) => string;
}

/** A short-iso line holding a denial of `d`'s dialect, with `parts` changed. */
function lineOf(d: KnownDialect, parts: Parts = {}): string {
  const key = parts.key ?? ((k: string) => k);
  const uid =
    d.uid === 'request_uri' ? `${key('request_uri')}=/service/a uid=svc-1` : `${key('uid')}=svc-1`;
  const pairs = [
    'type=audit',
    `${key('authorizer')}=${parts.authorizer ?? d.authorizer}`,
    `${key(d.object)}=dcos:x`,
    `${key('action')}=full`,
    `${key('result')}=${parts.result ?? 'deny'}`,
  ];
  // Admin Router's uid ends the raw URI, and nginx's suffix, which repeats the
  // request line, ends every line.
  const record =
    d.uid === 'request_uri'
      ? `${[...pairs, uid].join(' ')}, client: 10.0.1.5, server: master.mesos, request: "GET /service/a HTTP/1.1", host: "master.mesos"`
      : [...pairs.slice(0, 2), uid, ...pairs.slice(2)].join(' ');
  return `2026-11-22T10:00:07+0000 master-1 unit[1]: ${parts.prefix ?? PREFIX_SAMPLES[d.prefix]}${record}`;
}

/** What the kernel (through RecordView) and the parser make of `text`; they must agree. */
function readBoth(view: RecordView, text: string): { read: boolean; kind: string } {
  const buf = Buffer.from(text);
  const parsed = classifyLine(buf, 0, buf.length);
  const read = view.read(buf, 0, buf.length);
  if (read) expect(view.outcome(), text).toEqual(parsed);
  return { read, kind: parsed.kind };
}

/** `word` a byte away: its last byte dropped, a byte added, its first byte changed. */
const nearMisses = (word: string) => [word.slice(0, -1), `${word}x`, `q${word.slice(1)}`];

describe.each(DIALECTS.map((d, code) => ({ d, code, name: d.authorizer })))(
  'the dialect of authorizer=$name',
  ({ d, code }) => {
    const view = new RecordView();

    it('is read by the kernel as the parser reads it, with its component code', () => {
      expect(readBoth(view, lineOf(d))).toEqual({ read: true, kind: 'record' });
      expect(view.componentCode).toBe(code);
      expect(view.component).toBe(d.component);
      // Not without its logger's prefix: someone else's text starts the message.
      expect(readBoth(view, lineOf(d, { prefix: '' }))).toEqual({
        read: false,
        kind: 'suspicious',
      });
    });

    it('is read with each result', () => {
      for (const result of RESULTS) {
        expect(readBoth(view, lineOf(d, { result })), result).toEqual({
          read: true,
          kind: 'record',
        });
        expect(view.result).toBe(result);
      }
    });

    it('is not read when its authorizer, a key or the result is a byte away', () => {
      const misses = [
        ...nearMisses(d.authorizer).map((authorizer) => lineOf(d, { authorizer })),
        ...nearMisses(RESULTS[0]).map((result) => lineOf(d, { result })),
        ...['authorizer', d.object, 'action', 'result'].flatMap((name) =>
          nearMisses(name).map((other) => lineOf(d, { key: (k) => (k === name ? other : k) })),
        ),
      ];
      for (const text of misses)
        expect(readBoth(view, text), text).toEqual({ read: false, kind: 'malformed' });
      // Without its uid a record is the parser's: it has no account to read
      // (Admin Router's, without request_uri, is malformed).
      const kind = d.uid === 'request_uri' ? 'malformed' : 'record';
      for (const other of nearMisses(d.uid)) {
        const text = lineOf(d, { key: (k) => (k === d.uid ? other : k) });
        expect(readBoth(view, text), text).toEqual({ read: false, kind });
      }
    });

    it("is read only after its own logger's prefix", () => {
      for (const [prefix, sample] of Object.entries(PREFIX_SAMPLES)) {
        const own = prefix === d.prefix;
        expect(readBoth(view, lineOf(d, { prefix: sample })), prefix).toEqual({
          read: own,
          kind: own ? 'record' : 'suspicious',
        });
      }
    });
  },
);

describe('the loggers’ levels', () => {
  const view = new RecordView();
  const logback = DIALECTS.find((d) => d.prefix === 'logback')!;
  const glog = DIALECTS.find((d) => d.prefix === 'glog')!;

  it("reads Play's levels (Metronome), and no other", () => {
    for (const level of PLAY_LEVELS) {
      const text = lineOf(logback, { prefix: `[${level}] d.m.auditlog - ` });
      expect(readBoth(view, text), level).toEqual({ read: true, kind: 'record' });
      for (const miss of nearMisses(level)) {
        const other = lineOf(logback, { prefix: `[${miss}] d.m.auditlog - ` });
        expect(readBoth(view, other), miss).toEqual({ read: false, kind: 'suspicious' });
      }
    }
  });

  it("reads glog's severities (Mesos), and no other", () => {
    for (let c = 0x41; c <= 0x5a; c++) {
      const severity = String.fromCharCode(c);
      const known = GLOG_SEVERITIES.includes(severity);
      const text = lineOf(glog, { prefix: PREFIX_SAMPLES.glog.replace('I', severity) });
      expect(readBoth(view, text), severity).toEqual({
        read: known,
        kind: known ? 'record' : 'suspicious',
      });
    }
  });
});
