import { describe, expect, it } from 'vitest';
import { parseAuditRecord } from '../../src/parser/audit-record.js';

const AR_PREFIX = '2026/11/22 10:00:07 [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): ';
/** nginx's suffix for a request of `uri`: it repeats the request line. */
const requestOf = (uri: string, context = '') =>
  `${context}, client: 10.0.1.5, server: master.mesos, request: "GET ${uri} HTTP/1.1", host: "master.mesos"`;
/** The URI part of `rest` (`<uri>[ uid=<uid>]`). */
const uriOf = (rest: string) => {
  const u = rest.lastIndexOf(' uid=');
  return u === -1 ? rest : rest.slice(0, u);
};
const ar = (rest: string, suffix = requestOf(uriOf(rest)), prefix = AR_PREFIX) =>
  `${prefix}type=audit timestamp=2026-11-22T10:00:07Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="IAM PQ response" srcip=10.0.1.5 srcport=40212 request_uri=${rest}${suffix}`;

const PQ_PREFIX =
  '[261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: ';
const pq = (tail = 'result=deny reason="no matching ACL"') =>
  `${PQ_PREFIX}type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=kafka-principal action=create object=dcos:mesos:master:reservation:role:kafka-role ${tail}`;

const GLOG = 'I1122 10:00:07.752534  3708 logfmt.cpp:178] ';
const mesos = (pairs: string) => `${GLOG}${pairs}`;
const MESOS_PAIRS =
  'dstip=10.0.0.2 type=audit timestamp=2026-11-22 10:00:07.752534123+00:00 reason="Error in authorization" uid="metrics-sa" object="/slave(1)/state" agent="curl/7.64" authorizer="mesos-agent" action="GET" result=deny srcip=10.0.0.5 dstport=5051 srcport=4433';

const marathon = (level: string, body: string) =>
  `[2026-11-22 10:00:09,120] ${level}${body} (dcos.marathon.auditlog:pool-3-thread-1)`;
const MARATHON_BODY =
  'timestamp=2026-11-22T10:00:09.120Z type=audit uid=cicd-deployer srcip=10.0.0.9 srcport=51234 dstip=10.0.0.1 dstport=8080 authorizer=marathon action=CreateRunSpec path=/dev/web result=deny';

function record(message: string) {
  const r = parseAuditRecord(message);
  if (r?.kind !== 'record') throw new Error(`expected a record, got ${JSON.stringify(r)}`);
  return r.record;
}

describe('Admin Router', () => {
  it('reads the 1.10+ record and stops the uid at the nginx suffix', () => {
    expect(record(ar('/mesos/master/state uid=metrics-sa'))).toEqual({
      component: 'adminrouter',
      kind: 'authorization',
      result: 'deny',
      uid: 'metrics-sa',
      object: 'dcos:adminrouter:ops:mesos',
      action: 'full',
      reason: 'IAM PQ response',
      time: Date.UTC(2026, 10, 22, 10, 0, 7),
      truncated: false,
    });
  });

  it.each([
    ['1.9 auth.lua', AR_PREFIX.replace('ee.lua', 'auth.lua')],
    ['1.13+ syslog', `master-1.example nginx: ${AR_PREFIX}`],
  ])('reads the %s prefix', (_name, prefix) => {
    expect(record(ar('/x uid=u1', undefined, prefix)).uid).toBe('u1');
  });

  it('reads the " while <context>, client:" suffix', () => {
    const r = record(
      ar('/x uid=u1', requestOf('/x', ' while reading response header from upstream')),
    );
    expect(r.uid).toBe('u1');
  });

  it('keeps = & , ? and // inside request_uri out of the fields', () => {
    const r = record(ar('//a?x=1&uid=evil,y=2 uid=real-sa'));
    expect(r.uid).toBe('real-sa');
  });

  it('has no uid when the request was not authenticated', () => {
    const r = record(ar('/mesos/master/state').replace('IAM PQ response', 'not authenticated'));
    expect(r.uid).toBeUndefined();
    expect(r.reason).toBe('not authenticated');
  });

  it('treats a forged uid in a URI with a space as suspicious', () => {
    expect(parseAuditRecord(ar('/x uid=admin uid=real'))).toEqual({
      kind: 'suspicious',
      problem: 'key "uid" appears twice',
    });
    const forged = ar(
      '/x uid=admin',
      ', client: 1.2.3.4, server: s, request: "GET /x uid=admin HTTP/1.1", host: "h"',
    );
    expect(parseAuditRecord(forged)?.kind).toBe('suspicious');
    expect(parseAuditRecord(ar('/a b uid=u'))?.kind).toBe('suspicious');
  });

  describe('a whole nginx suffix forged inside the URI', () => {
    const suspicious = {
      kind: 'suspicious',
      problem: 'the request line does not repeat request_uri',
    };
    const line = (uri: string, uid = '') =>
      ar(`${uri}${uid && ` uid=${uid}`}`, requestOf(uri)).replace(
        'IAM PQ response',
        uid ? 'IAM PQ response' : 'not authenticated',
      );

    it('with a token of its own: the victim is not the account', () => {
      const uri = '/system/v1/logs/x" uid=kafka-principal, client: z';
      expect(parseAuditRecord(line(uri, 'attacker-sa'))).toEqual(suspicious);
    });

    it('without a token, a quote or an HTTP/0.9 request line', () => {
      expect(parseAuditRecord(line('/x" uid=victim'))).toEqual(suspicious);
      const simple = ar(
        '/x uid=victim33',
        ', client: 1, server: s, request: "GET /x uid=victim33"',
      );
      expect(parseAuditRecord(simple)).toEqual(suspicious);
    });

    it('with a request line of its own in the URI', () => {
      const uri =
        '/x uid=victim, client: 1.2.3.4, server: s, request: "GET /x HTTP/1.1", host: "h"';
      expect(parseAuditRecord(line(uri, 'attacker-sa'))).toEqual(suspicious);
    });

    it('cut off by the 2048-byte limit before the real suffix: truncated, never attributed', () => {
      const uri = `/x uid=victim, client: 1.2.3.4, server: s, request: "GET /x HTTP/1.1", host: "h"${'P'.repeat(1900)}`;
      const cut = line(uri, 'attacker-sa').slice(0, 2040);
      expect(record(cut)).toMatchObject({ truncated: true, uid: undefined });
    });
  });

  it('reads a request line in HTTP/0.9 and in absolute form, which repeat the URI', () => {
    const simple = ar('/x uid=u1', ', client: 1, server: s, request: "GET /x", host: "h"');
    expect(record(simple)).toMatchObject({ uid: 'u1', truncated: false });
    const absolute = ar('/x?a=1 uid=u1', requestOf('http://master.mesos:80/x?a=1'));
    expect(record(absolute)).toMatchObject({ uid: 'u1', truncated: false });
    expect(parseAuditRecord(ar('/x uid=u1', requestOf('http://h/y')))?.kind).toBe('suspicious');
  });

  it('counts a line that stops inside its request line as truncated', () => {
    const full = ar('/mesos/master/state uid=metrics-sa');
    const cut = full.slice(0, full.indexOf('state HTTP/1.1'));
    expect(record(cut)).toMatchObject({ truncated: true, uid: undefined });
  });

  it('does not read fields from the client-controlled suffix', () => {
    const hostile =
      ', client: 1.2.3.4, server: s, request: "GET / HTTP/1.1", host: "x", referrer: "auditlog(): type=audit authorizer=adminrouter uid=admin"';
    expect(parseAuditRecord(ar('/ uid=u1', hostile))).toEqual({
      kind: 'suspicious',
      problem: 'two audit records on one line',
    });
  });

  it('reports a record cut at 2048 bytes as truncated and never attributes it', () => {
    const long = `/${'a'.repeat(2100)}`;
    const cutBeforeUid = ar(`${long} uid=metrics-sa`, '').slice(0, 2048);
    const r = record(cutBeforeUid);
    expect(r).toMatchObject({
      truncated: true,
      uid: undefined,
      object: 'dcos:adminrouter:ops:mesos',
    });
    const cutInUid = ar(`${'/b'.repeat(940)} uid=metrics-sa`, '');
    const cut = cutInUid.slice(0, cutInUid.length - 3);
    expect(Buffer.byteLength(cut)).toBeGreaterThan(2000);
    expect(record(cut)).toMatchObject({ truncated: true, uid: undefined });
  });
});

describe('IAM (Bouncer)', () => {
  it('reads a policy-query record', () => {
    expect(record(pq())).toMatchObject({
      component: 'iam',
      kind: 'authorization',
      uid: 'kafka-principal',
      object: 'dcos:mesos:master:reservation:role:kafka-role',
      action: 'create',
      reason: 'no matching ACL',
      time: Date.UTC(2026, 10, 22, 10, 0, 8, 431),
    });
  });

  it('reads an unquoted reason, and ignores a glued gunicorn line', () => {
    const glued = `${pq('result=deny reason=denied')}10.0.0.2 - - [22/Nov/2026:10:00:08 +0000] "GET /acs/api/v1/auth HTTP/1.1" 200`;
    expect(record(glued)).toMatchObject({ reason: 'denied10.0.0.2', uid: 'kafka-principal' });
    const quoted = `${pq()}10.0.0.2 - - [22/Nov/2026] "GET /x?y=z HTTP/1.1" 200 "ua=1"`;
    expect(record(quoted)).toMatchObject({ reason: 'no matching ACL', result: 'deny' });
  });

  it('reads login records, with and without uid', () => {
    const login = `${PQ_PREFIX}type=audit timestamp=2026-11-22T10:00:10.1Z srcip=10.0.0.7 component=bouncer action=password-login result=deny reason="invalid password" uid=alice`;
    expect(record(login)).toMatchObject({
      kind: 'login',
      uid: 'alice',
      action: 'password-login',
      result: 'deny',
    });
    expect(record(login.replace(' uid=alice', '')).uid).toBeUndefined();
  });
});

describe('Mesos', () => {
  it('reads logfmt with the unquoted timestamp holding a space', () => {
    expect(record(mesos(MESOS_PAIRS))).toMatchObject({
      component: 'mesos-agent',
      // An HTTP verb on an endpoint path: the request's authentication, no permission check.
      kind: 'authentication',
      uid: 'metrics-sa',
      object: '/slave(1)/state',
      action: 'GET',
      time: Date.UTC(2026, 10, 22, 10, 0, 7, 752),
    });
  });

  it('does not rely on key order', () => {
    const pairs = MESOS_PAIRS.split(/ (?=[a-z_]+=)/)
      .reverse()
      .join(' ');
    expect(record(mesos(pairs))).toMatchObject({ uid: 'metrics-sa', result: 'deny' });
  });

  it('treats a User-Agent that injects fields as suspicious', () => {
    const hostile = MESOS_PAIRS.replace('curl/7.64', 'x" uid="someone" object="dcos:superuser');
    expect(parseAuditRecord(mesos(hostile))).toEqual({
      kind: 'suspicious',
      problem: 'key "uid" appears twice',
    });
  });

  it('names a repeated key only if it is one it reads: the line chooses every other name', () => {
    expect(parseAuditRecord(mesos(`${MESOS_PAIRS} agent="again"`))).toEqual({
      kind: 'suspicious',
      problem: 'a key appears twice',
    });
  });

  it('an empty uid is no account', () => {
    expect(record(mesos(MESOS_PAIRS.replace('"metrics-sa"', '""'))).uid).toBeUndefined();
  });
});

describe('Marathon and Metronome', () => {
  it.each([
    ['1.8', 'INFO '],
    ['1.9', 'INFO  '],
    ['1.10 colour', '\x1b[32mINFO\x1b[0m '],
  ])('reads the %s level', (_v, level) => {
    expect(record(marathon(level, MARATHON_BODY))).toMatchObject({
      component: 'marathon',
      uid: 'cicd-deployer',
      object: '/dev/web',
      action: 'CreateRunSpec',
      truncated: false,
    });
  });

  it("reads Metronome with Play's [info] and logger name, without a date", () => {
    const body = MARATHON_BODY.replace('authorizer=marathon', 'authorizer=metronome');
    expect(record(`[info] d.m.auditlog - ${body}`)).toMatchObject({ component: 'metronome' });
    expect(parseAuditRecord(`[nope] d.m.auditlog - ${body}`)?.kind).toBe('suspicious');
  });

  it('reads Metronome with a coloured [info] and logger name', () => {
    const body = MARATHON_BODY.replace('authorizer=marathon', 'authorizer=metronome').replace(
      '/dev/web',
      'prod.backup',
    );
    const line = `[2026-11-22 10:00:09,120] \x1b[37m[info]\x1b[0m dcos.metronome.auditlog - ${body}`;
    expect(record(line)).toMatchObject({ component: 'metronome', object: 'prod.backup' });
  });
});

describe('what is not a record', () => {
  it('returns undefined for lines without type=audit', () => {
    expect(parseAuditRecord('GET /mesos 200')).toBeUndefined();
  });

  it('flags a record outside its component prefix as suspicious', () => {
    const forged = `10.0.0.1 - - "GET / HTTP/1.1" 200 "x ${pq().slice(PQ_PREFIX.length)}"`;
    expect(parseAuditRecord(forged)).toMatchObject({ kind: 'suspicious' });
  });

  it('reports type=audit inside a quoted value, or without pairs, as malformed', () => {
    expect(parseAuditRecord('msg="type=audit" other')).toMatchObject({ kind: 'malformed' });
    expect(parseAuditRecord('xtype=audit')).toMatchObject({ kind: 'malformed' });
    expect(parseAuditRecord('type=audit authorizer=nobody result=deny')).toMatchObject({
      kind: 'malformed',
    });
    expect(
      parseAuditRecord(
        '[261122-10:00:08.431] [1:T] [bouncer.app.internal.PolicyQuery] INFO: type=audit authorizer=bouncer action=read object=dcos:x result=maybe',
      ),
    ).toMatchObject({
      kind: 'malformed',
      problem: 'record without result=allow|deny',
    });
  });

  it('reads an authorizer named like a property of every object as unknown, without throwing', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(parseAuditRecord(`x type=audit authorizer=${name} uid=u result=deny`)).toEqual({
        kind: 'malformed',
        problem: 'audit record with an unknown authorizer',
      });
    }
  });
});

describe('colour codes', () => {
  it('are removed around the level only; inside the record an escape stays and fails the grammar', () => {
    const coloured = marathon(
      '\x1b[32mINFO\x1b[0m ',
      MARATHON_BODY.replace('uid=cicd-deployer', 'uid=\x1b[2Jadmin'),
    );
    expect(record(coloured).uid).toBe('\x1b[2Jadmin');
  });
});
