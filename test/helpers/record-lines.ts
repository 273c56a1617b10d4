import fc from 'fast-check';

// Record lines for property tests: the short-iso lines the byte reader is
// meant for, in every dialect (SEEDS), and edits of them that reach the
// reader's and the parser's decisions (`editedLine`).
const STAMP = '2026-11-22T10:00:07+0000 master-1.example';
export const SEEDS = [
  `${STAMP} adminrouter.sh[2201]: 2026/11/22 10:00:07 [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): type=audit timestamp=2026-11-22T10:00:07Z authorizer=adminrouter object=dcos:adminrouter:service:app-1 action=full result=deny reason="IAM PQ response" srcip=10.0.1.5 srcport=40212 request_uri=/service/app-1/v1/status uid=svc-1-principal, client: 10.0.1.5, server: master.mesos, request: "GET /service/app-1/v1/status HTTP/1.1", host: "master.mesos"`,
  `${STAMP} adminrouter.sh[2201]: 2026/11/22 10:00:07 [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): type=audit timestamp=2026-11-22T10:00:07Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=allow reason="IAM PQ response" srcip=10.0.1.5 srcport=40212 request_uri=/mesos/master/state uid=metrics-sa while reading response header from upstream, client: 10.0.1.5, server: master.mesos, request: "GET /mesos/master/state HTTP/1.1", upstream: "http://127.0.0.1:5050/master/state", host: "master.mesos"`,
  `${STAMP} bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=kafka-principal action=create object=dcos:mesos:master:reservation:role:kafka-role result=deny reason="no matching ACL"`,
  `2026-11-22T10:00:07.123456+00:00 m2 mesos-master[3702]: I1122 10:00:07.752534  3708 logfmt.cpp:178] dstip=10.0.0.2 type=audit timestamp=2026-11-22 10:00:07.752534+00:00 reason="Error in authorization" uid="svc-2-principal" object="dcos:mesos:master:framework:role:r" agent="python-requests/2.25.1" authorizer="mesos-master" action="create" result=deny srcip=10.0.0.5 dstport=5050 srcport=4433`,
  `2026-11-22T10:00:07Z agent-3 mesos-agent: W1122 10:00:07.752534 3708 logfmt.cpp:178] type=audit timestamp=2026-11-22 10:00:07Z uid="metrics-sa" object="/slave(1)/state" authorizer="mesos-agent" action="GET" result=allow`,
  `${STAMP} marathon.sh[4412]: [2026-11-22 10:00:09,120] INFO  timestamp=2026-11-22T10:00:09.120Z type=audit uid=cicd srcip=10.0.0.9 srcport=51234 dstip=10.0.0.1 dstport=8080 authorizer=marathon action=UpdateRunSpec path=/dev/app-119 result=deny (dcos.marathon.auditlog:pool-3-thread-1)`,
  `Nov 22 10:00:07 master-2 bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=kafka-principal action=create object=dcos:mesos:master:reservation:role:kafka-role result=allow reason="matching ACL"`,
  `Feb  3 23:59:59.123456 m1 marathon.sh[4412]: [2026-02-03 23:59:59,120] INFO  timestamp=2026-02-03T23:59:59.120Z type=audit uid=cicd srcip=10.0.0.9 authorizer=marathon action=CreateRunSpec path=/dev/web result=deny (dcos.marathon.auditlog:pool-3-thread-1)`,
  `Xyz 31 10:00:07 m1 metronome[5411]: [info] d.m.auditlog - timestamp=2026-11-22T10:00:09.120Z type=audit uid=svc-4 authorizer=metronome action=ViewRunSpec path=backup.job-1 result=deny`,
  `${STAMP} metronome[5411]: [info] d.m.auditlog - timestamp=2026-11-22T10:00:09.120Z type=audit uid=svc-3-principal srcip=10.0.5.3 srcport=47035 dstip=10.0.0.13 dstport=9000 authorizer=metronome action=ViewRunSpec path=backup.job-1 result=deny`,
  // What real lines mean: a refused Mesos token (an authentication, on both readers alike),
  // Marathon's *Resource verbs named and not, a Metronome path with slashes, a Bouncer
  // time without a fraction.
  `2026-11-24T09:00:05+0000 agent-1.example mesos-agent[4447]: I1124 09:00:05.220981  4456 logfmt.cpp:178] dstip=10.0.2.21 type=audit timestamp=2026-11-24 09:00:05+00:00 reason="Invalid authorization token" uid="kafka-principal" object="/slave(1)/state" agent="python-requests/2.25.1" authorizer="mesos-agent" action="GET" result=deny srcip=10.0.2.21 dstport=5051 srcport=44020`,
  `${STAMP} marathon.sh[5131]: [2026-11-24 09:01:00,120] INFO  timestamp=2026-11-24T09:01:00.120Z type=audit uid=ops-dashboard-sa srcip=10.0.6.8 srcport=52010 dstip=10.0.0.12 dstport=8080 authorizer=marathon action=ViewResource path=Leader result=deny (dcos.marathon.auditlog:qtp1178290888-42)`,
  `${STAMP} marathon.sh[5131]: [2026-11-24 09:01:05,675] INFO  timestamp=2026-11-24T09:01:05.675Z type=audit uid=marathon-lb-sa srcip=10.0.6.8 authorizer=marathon action=ViewResource path=/ result=deny (dcos.marathon.auditlog:qtp1178290888-42)`,
  `${STAMP} metronome[5411]: [info] d.m.auditlog - timestamp=2026-11-24T09:02:00.401Z type=audit uid=batch-sa authorizer=metronome action=DeleteRunSpec path=/dev/batch/job1 result=deny`,
  `${STAMP} bouncer.sh[1877]: [261124-09:03:00.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-24T09:03:00Z srcip=127.0.0.1 authorizer=bouncer uid=kafka-principal action=create object=dcos:mesos:master:reservation:role:kafka-role result=deny reason="no matching ACL"`,
];

/** Edits that reach the reader's decisions: prefixes, separators, keys, suffixes. */
const PIECES = [
  ' ',
  '  ',
  'Nov 22 10:00:07 ',
  '.123456',
  '"',
  '=',
  ':',
  '[',
  ']',
  ',',
  '.',
  '0',
  'Z',
  '+',
  '-',
  'type=audit ',
  'type=',
  ' uid=',
  'uid=',
  'uid=x ',
  'result=allow ',
  'authorizer=constructor ',
  'reason=',
  'timestamp=2026-11-22 ',
  'request_uri=',
  ', client: ',
  ' while ',
  'request: "a b c d"',
  '] INFO: ',
  '[warn] ',
  ' 10:00:09,120] ',
  'auditlog(): ',
  'blob data]',
  'GET',
  'Resource',
  'Leader',
  '/',
  '\t',
  '\x1b',
  'é',
];

/** Pairs and prefixes to put where a pair may start: at a space. */
const AT_SPACE = [
  ' srcip=1',
  ' dstport=2',
  ' uid=x',
  ' action=x',
  ' type=audit',
  ' type=audit authorizer=marathon uid=y action=a path=/p result=deny',
  ' reason="x y"',
  ' result=allow',
  ' request_uri=/a b',
  ' uid=',
  ' timestamp=2026-11-22 10:00:07.1+0100',
  ' timestamp=2026-11-22',
  '] : ',
  '] INFO: ',
  ' [info] ',
  ' 10:00:09,120] ',
  ' x"y',
  ' =',
  ' action="GET"',
  ' object="/master/state"',
  ' action=UpdateResource',
  ' path=events',
];

const edit = fc.oneof(
  // Anywhere: [position, characters deleted, inserted].
  fc.tuple(
    fc.nat(),
    fc.nat(4),
    fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 })),
    fc.constant(false),
  ),
  // At the n-th space, replacing it.
  fc.tuple(fc.nat(), fc.constant(1), fc.constantFrom(...AT_SPACE), fc.constant(true)),
);

/** Values to empty: a value's end is where the reader and the parser may differ. */
const BLANK = ['uid', 'object', 'action', 'path', 'result', 'timestamp', 'authorizer'];

/** A seed with a value emptied and a few edits: a record, or a line that is nearly one. */
export const editedLine = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(edit, { maxLength: 5 }), fc.constantFrom(...BLANK))
  .map(([seed, edits, blank]) => {
    let s = blank ? seed.replace(new RegExp(`\\b${blank}="?[^ ,"]*"?`), `${blank}=`) : seed;
    for (const [at, del, ins, atSpace] of edits) {
      let i = at % (s.length + 1);
      if (atSpace) {
        const spaces = [...s.matchAll(/ /g)].map((m) => m.index);
        if (spaces.length === 0) continue;
        i = spaces[at % spaces.length]!;
      }
      s = s.slice(0, i) + ins + s.slice(i + del);
    }
    return s.replace(/[\r\n]/g, '');
  });
