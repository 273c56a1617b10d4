// Records a client can plant in text it controls (a User-Agent, a URI), and
// records cut short: none may give an account a grant. Each line goes
// through both readers (the byte kernel, through RecordView, and the text
// parser): they must agree, and neither may read an account from it.
import { describe, expect, it } from 'vitest';
import { classifyLine, type LineOutcome } from '../../src/parser/classify-line.js';
import { RecordView } from '../../src/parser/record-view.js';

const view = new RecordView();

/** What the parser makes of `line`; the kernel reads it only as the parser does. */
function outcome(line: string): LineOutcome {
  const buf = Buffer.from(line);
  const parsed = classifyLine(buf, 0, buf.length);
  if (view.read(buf, 0, buf.length)) expect(view.outcome(), line).toEqual(parsed);
  return parsed;
}

const problem = (line: string) => {
  const o = outcome(line);
  return o.kind === 'suspicious' || o.kind === 'malformed' ? `${o.kind}: ${o.problem}` : o.kind;
};

const FORGED_AR =
  'type=audit timestamp=2026-11-22T10:00:07Z authorizer=adminrouter object=dcos:secrets:default:/prod/db action=full result=deny srcip=1 srcport=2 request_uri=/x uid=attacker, client: 1';

describe('a record that does not start the message where its logger writes it', () => {
  it.each([
    [
      'after an access log line, its User-Agent ending like Admin Router’s prefix',
      `Nov 22 10:00:07 m1 nginx[2201]: 10.0.1.5 - - [22/Nov/2026:10:00:07 +0000] "GET /x HTTP/1.1" 401 0 "-" "curl auditlog(): ${FORGED_AR}"`,
      'adminrouter',
    ],
    [
      'after a gunicorn line, its User-Agent ending like IAM’s level',
      'Nov 22 10:00:07 m2 bouncer.sh[1877]: 127.0.0.1 - - [22/Nov/2026:10:00:07 +0000] "GET /acs/api/v1/auth/login HTTP/1.1" 401 17 "-" "ua] INFO: type=audit timestamp=2026-11-22T10:00:09Z srcip=127.0.0.1 authorizer=bouncer uid=attacker5 action=read object=dcos:secrets:default:/prod/db result=deny reason=x"',
      'iam',
    ],
    [
      'inside a Mesos HTTP line, its User-Agent holding a whole glog prefix',
      `Nov 22 10:00:07 m1 mesos-master[3708]: I1122 10:00:07.752534  3719 http.cpp:1115] HTTP GET for /master/state from 10.0.0.2:41000 with User-Agent='x I1122 10:00:07.752534  3708 logfmt.cpp:178] type=audit timestamp=2026-11-22 10:00:07+00:00 reason="x" uid="attacker6" object="dcos:mesos:master:flags" authorizer="mesos-master" action="read" result=deny z'`,
      'mesos-master',
    ],
    [
      'starting the message, with no prefix at all (the rest of a line old journald split)',
      `Nov 22 10:00:07 m1 adminrouter.sh[2201]: ${FORGED_AR}`,
      'adminrouter',
    ],
    [
      'after Marathon’s prefix that does not start the message',
      'Nov 22 10:00:07 m1 marathon.sh[4412]: x [2026-11-22 10:00:09,120] INFO  timestamp=2026-11-22T10:00:09.120Z type=audit uid=attacker srcip=1 authorizer=marathon action=DeleteRunSpec path=/prod result=deny (dcos.marathon.auditlog:pool-3-thread-1)',
      'marathon',
    ],
  ])('%s: suspicious', (_, line, component) => {
    expect(problem(line)).toBe(
      `suspicious: record does not start where ${component} writes its records`,
    );
  });

  it('is read after each logger’s own prefix, and after `<host> nginx: ` for Admin Router (1.13+)', () => {
    const ar =
      '2026/11/22 10:00:07 [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): type=audit timestamp=2026-11-22T10:00:07Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="IAM PQ response" srcip=10.0.1.5 srcport=40212 request_uri=/mesos/master/state uid=metrics-sa, client: 10.0.1.5, server: master.mesos, request: "GET /mesos/master/state HTTP/1.1", host: "master.mesos"';
    for (const message of [ar, `master-1.example nginx: ${ar}`]) {
      const o = outcome(`Nov 22 10:00:07 m1 nginx[2201]: ${message}`);
      expect(o.kind === 'record' && o.record.uid).toBe('metrics-sa');
    }
    expect(problem(`Nov 22 10:00:07 m1 nginx[2201]: master 1 nginx: ${ar}`)).toMatch(/^suspicious/);
  });
});

describe('a Mesos record whose client agent holds a stray quote', () => {
  it.each([
    [
      'an allow turned into a failed authentication',
      'dstip=10.0.0.1 type=audit timestamp=2026-11-22 10:00:07.752534+00:00 reason="Valid authorization token" uid="dcos_net_agent" object="/slave(1)/state" agent="x" authorizer="mesos-agent" action="GET" result=deny junk" authorizer="mesos-agent" action="GET" result=allow srcip=10.0.0.2 dstport=5051 srcport=41000',
    ],
    [
      'a denial forged in front of the real record',
      'dstip=10.0.0.1 type=audit timestamp=2026-11-22 10:00:08+00:00 agent="x" uid="attacker" object="dcos:secrets:default:/prod/db" authorizer="mesos-master" action="read" result=deny reason="x" junk" reason="Valid authorization token" uid="real" object="/master/state" authorizer="mesos-master" action="GET" result=allow srcip=10.0.0.2 dstport=5050 srcport=41000',
    ],
  ])('%s: suspicious, the keys after the stray quote seen', (_, pairs) => {
    const line = `Nov 22 10:00:07 m1 mesos-master[3708]: I1122 10:00:07.752534  3708 logfmt.cpp:178] ${pairs}`;
    expect(problem(line)).toBe("suspicious: a key stands after the record's end");
  });
});

describe('an Admin Router record without nginx’s suffix', () => {
  it('was cut, at any length: its uid is never read, whatever is left of it', () => {
    const line =
      'Nov 22 10:00:07 m1 nginx[2201]: 2026/11/22 10:00:07 [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): type=audit timestamp=2026-11-22T10:00:07Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="IAM PQ response" srcip=10.0.1.5 srcport=40212 request_uri=/mesos/master/state uid=metr';
    const o = outcome(line);
    expect(o.kind).toBe('record');
    if (o.kind !== 'record') return;
    expect(o.record.truncated).toBe(true);
    expect(o.record.uid).toBeUndefined();
  });
});

describe('journald’s rate-limit notice', () => {
  it('is counted when it starts the message, not when a client writes its words', () => {
    const notice = outcome(
      'Nov 22 10:00:09 m systemd-journald[400]: Suppressed 1234 messages from dcos-marathon.service',
    );
    expect(notice).toEqual({ kind: 'notAudit', suppressed: 1234 });
    const request = outcome(
      'Nov 22 10:00:08 m1 nginx[2201]: 10.0.0.1 - - [22/Nov/2026:10:00:07 +0000] "GET /Suppressed 999 messages HTTP/1.1" 404',
    );
    expect(request).toEqual({ kind: 'notAudit' });
  });

  it("is counted for DC/OS's units, by name or by cgroup, and for a notice naming none; not for other units", () => {
    const notice = (from: string) =>
      outcome(`Nov 22 10:00:09 m systemd-journald[400]: Suppressed 57 messages${from}`);
    for (const from of [
      ' from /system.slice/dcos-bouncer.service',
      ' from dcos-mesos-master.service',
      '',
    ])
      expect(notice(from), from).toEqual({ kind: 'notAudit', suppressed: 57 });
    for (const from of [
      ' from docker.service',
      ' from /system.slice/sshd.service',
      ' from /user.slice/dcos-x/session-1.scope',
    ])
      expect(notice(from), from).toEqual({ kind: 'notAudit' });
  });
});

describe('a record as long as a line cut at 2048 bytes', () => {
  const mesos = (agent: string) =>
    `I1122 10:00:07.752534  3708 logfmt.cpp:178] dstip=10.0.0.1 type=audit timestamp=2026-11-22 10:00:07+00:00 reason="x" uid="mes-long" object="dcos:mesos:master:flags" agent="${agent}" authorizer="mesos-master" action="read" result=deny srcip=10.0.0.2 dstport=5050 srcport=41000`;
  const line = (message: string) => `Nov 22 10:00:07 m1 mesos-master[3708]: ${message}`;
  const pad = (bytes: number) => 'U'.repeat(bytes - mesos('').length);

  it('may have been cut at 2000 to 2048 bytes of message: not attributed', () => {
    for (const bytes of [2000, 2048]) {
      const o = outcome(line(mesos(pad(bytes))));
      expect(o.kind === 'record' && [o.record.truncated, o.record.uid]).toEqual([true, undefined]);
    }
  });

  it('was not cut when longer than 2048 bytes: read whole', () => {
    for (const bytes of [2049, 2207, 9000]) {
      const o = outcome(line(mesos(pad(bytes))));
      expect(o.kind === 'record' && [o.record.truncated, o.record.uid]).toEqual([
        false,
        'mes-long',
      ]);
    }
  });
});

describe('Admin Router 1.13+ through syslog: nginx cut its own line at 2048 bytes', () => {
  // A URI that holds a whole forged suffix, padded so that nginx's cut drops
  // the real one: what is left repeats the URI, and names the client's account.
  const uri = (pad: number) =>
    `/mesos/master/state uid=victim-sa, client: 10.0.1.5, server: master.mesos, request: "GET /mesos/master/state HTTP/1.1", host: "master.mesos"${'A'.repeat(pad)}`;
  const nginx = (pad: number) =>
    `2026/11/22 10:00:07 [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): type=audit timestamp=2026-11-22T10:00:07Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="not authenticated" srcip=10.0.1.5 srcport=40212 request_uri=${uri(pad)}, client: 10.0.1.5, server: master.mesos, request: "GET ${uri(pad)} HTTP/1.1", host: "master.mesos"`;
  const line = (nginxLine: string) =>
    `2026-11-22T10:00:07+0000 master-1 nginx[2201]: master-1.example nginx: ${nginxLine}`;

  it.each([2000, 2047, 2048])(
    'a line of %i bytes after `<host> nginx: `: not attributed',
    (bytes) => {
      const cut = nginx(3000).slice(0, bytes);
      const o = outcome(line(cut));
      expect(o.kind === 'record' && [o.record.truncated, o.record.uid]).toEqual([true, undefined]);
    },
  );

  it('a whole line longer than 2048 bytes: read whole', () => {
    const whole = `2026/11/22 10:00:07 [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): type=audit timestamp=2026-11-22T10:00:07Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="IAM PQ response" srcip=10.0.1.5 srcport=40212 request_uri=/x?${'a'.repeat(2100)} uid=own-sa, client: 10.0.1.5, server: master.mesos, request: "GET /x?${'a'.repeat(2100)} HTTP/1.1", host: "master.mesos"`;
    const read = outcome(line(whole));
    expect(read.kind === 'record' && [read.record.truncated, read.record.uid]).toEqual([
      false,
      'own-sa',
    ]);
  });
});

describe('a record with no uid of its own, given one by text a client chose', () => {
  it.each([
    [
      'Marathon, after the path',
      'Nov 22 10:00:09 m1 marathon.sh[4412]: [2026-11-22 10:00:09,120] INFO  timestamp=2026-11-22T10:00:09.120Z type=audit srcip=10.0.0.1 srcport=1 dstip=10.0.0.2 dstport=8080 authorizer=marathon action=CreateRunSpec path=/dev/web uid=victim result=deny (dcos.marathon.auditlog:q)',
      'path',
      'marathon',
    ],
    [
      'Metronome, after the path',
      'Nov 22 10:00:09 m1 metronome[4412]: [2026-11-22 10:00:09,120] INFO  timestamp=2026-11-22T10:00:09.120Z type=audit srcip=10.0.0.1 authorizer=metronome action=CreateRunSpec path=dev.job uid=victim result=deny (dcos.metronome.auditlog:q)',
      'path',
      'metronome',
    ],
    [
      'IAM, after the object',
      'Nov 22 10:00:08 m2 bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer action=read object=dcos:secrets:default:/x uid=victim result=deny reason="no matching ACL"',
      'object',
      'iam',
    ],
  ])('%s: suspicious', (_, line, before, component) => {
    expect(problem(line)).toBe(
      `suspicious: "uid" stands after "${before}", where ${component} never writes it`,
    );
    // Where the component writes it, the same record is an account's.
    const own = line.replace(' uid=victim', '').replace('type=audit ', 'type=audit uid=svc ');
    const o = outcome(own);
    expect(o.kind === 'record' && o.record.uid).toBe('svc');
  });
});
