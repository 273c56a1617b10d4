import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyLine } from '../../src/parser/classify-line.js';
import { COMPONENTS } from '../../src/parser/dialects.js';
import { RecordView } from '../../src/parser/record-view.js';
import { Aggregator } from '../../src/report/aggregate.js';

// The byte reader answers for some lines only; for those it must say what the
// parser says. Seeds are the short-iso lines it is meant for, in every dialect.
const STAMP = '2026-11-22T10:00:07+0000 master-1.example';
const SEEDS = [
  `${STAMP} adminrouter.sh[2201]: 2026/11/22 10:00:07 [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): type=audit timestamp=2026-11-22T10:00:07Z authorizer=adminrouter object=dcos:adminrouter:service:app-1 action=full result=deny reason="IAM PQ response" srcip=10.0.1.5 srcport=40212 request_uri=/service/app-1/v1/status uid=svc-1-principal, client: 10.0.1.5, server: master.mesos, request: "GET /service/app-1/v1/status HTTP/1.1", host: "master.mesos"`,
  `${STAMP} adminrouter.sh[2201]: 2026/11/22 10:00:07 [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): type=audit timestamp=2026-11-22T10:00:07Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=allow reason="IAM PQ response" srcip=10.0.1.5 srcport=40212 request_uri=/mesos/master/state uid=metrics-sa while reading response header from upstream`,
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

const line = fc
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

/** The line inside a larger buffer, as the splitter hands lines over. */
function placed(text: string): { buf: Buffer; start: number; end: number } {
  const body = Buffer.from(text);
  return {
    buf: Buffer.concat([Buffer.from('x\n'), body, Buffer.from('\n2026')]),
    start: 2,
    end: 2 + body.length,
  };
}

describe('the byte reader', () => {
  it('reads every seed, as the parser does, and the seeds hold every dialect', () => {
    const view = new RecordView();
    const components = new Set<string>();
    for (const seed of SEEDS) {
      const { buf, start, end } = placed(seed);
      expect(view.read(buf, start, end), seed).toBe(true);
      expect(view.outcome()).toEqual(classifyLine(buf, start, end));
      components.add(view.component);
    }
    expect([...components].sort()).toEqual([...COMPONENTS].sort());
  });

  it('reads what real lines mean as the parser does: a refused token, unnamed resources, job ids', () => {
    const view = new RecordView();
    const fast = new Aggregator();
    const slow = new Aggregator();
    SEEDS.slice(-5).forEach((seed, i) => {
      const { buf, start, end } = placed(seed);
      const place = { source: '-', line: i + 1 };
      expect(view.read(buf, start, end), seed).toBe(true);
      fast.addRead(view, place);
      slow.add(classifyLine(buf, start, end), place);
    });
    for (const agg of [fast, slow]) {
      expect([...agg.logins.groups.values()].map((g) => [g.uid, g.action, g.object])).toEqual([
        ['kafka-principal', 'GET', '/slave(1)/state'],
      ]);
      expect([...agg.unmapped.groups.values()].map((g) => [g.action, g.object])).toEqual([
        ['ViewResource', '/'],
      ]);
      const denied = [...agg.denied].flatMap(([uid, groups]) =>
        [...groups.values()].map((g) => `${uid} ${g.rid} ${g.action}`),
      );
      expect(denied.sort()).toEqual([
        'batch-sa dcos:service:metronome:metronome:jobs:dev.batch.job1 delete',
        'kafka-principal dcos:mesos:master:reservation:role:kafka-role create',
        'ops-dashboard-sa dcos:service:marathon:marathon:admin:leader read',
      ]);
    }
    expect(fast.part()).toEqual(slow.part());
  });

  it('answers only as the parser does, on any edit of a record line', () => {
    const view = new RecordView();
    let read = 0;
    fc.assert(
      fc.property(line, (text) => {
        const { buf, start, end } = placed(text);
        if (!view.read(buf, start, end)) return;
        read++;
        expect(view.outcome()).toEqual(classifyLine(buf, start, end));
      }),
      { numRuns: 4000 },
    );
    // The property means nothing if the reader turned every line down.
    expect(read).toBeGreaterThan(400);
  });

  it('reads a journal prefix as the parser does, at the edges of its syntax', () => {
    const view = new RecordView();
    const bouncer = SEEDS[2]!;
    const variants = [
      bouncer.replace(' master-1.example', '  master-1.example'),
      bouncer.replace('bouncer.sh[1877]:', 'bouncer.sh[]:'),
      bouncer.replace('bouncer.sh[1877]:', 'bouncer.sh[18x7]:'),
      bouncer.replace('bouncer.sh[1877]: ', 'bouncer.sh[1877]:'),
      bouncer.replace('bouncer.sh[1877]:', 'bouncer.sh:'),
      bouncer.replace('+0000', '+00:0'),
      bouncer.replace('+0000', '+00:00'),
      bouncer.replace('+0000', 'Z'),
      bouncer.replace('10:00:07+0000', '10:00:07.12345+0000'),
      bouncer.replace('10:00:07+0000', '10:00:07.123456+0000'),
      bouncer.replace('2026-11-22T10:00:07+0000', 'Nov  2 10:00:07'),
      bouncer.replace('2026-11-22T10:00:07+0000', 'Nov 22 10:00:07.123456'),
      bouncer.replace('2026-11-22T10:00:07+0000', 'nov 22 10:00:07'),
    ];
    let read = 0;
    for (const text of variants) {
      const { buf, start, end } = placed(text);
      if (!view.read(buf, start, end)) continue;
      read++;
      expect(view.outcome(), text).toEqual(classifyLine(buf, start, end));
    }
    expect(read).toBeGreaterThan(5);
  });

  it("reads each logger's prefix in every form the parser takes, and no other", () => {
    const view = new RecordView();
    const [, , bouncer, master, agent, marathon, , , , metronome] = SEEDS as [string, ...string[]];
    // Marathon's clock starts 120 bytes (PREFIX_WINDOW) before the record, then one byte further.
    const far = (n: number) => marathon!.replace('INFO  ', `INFO  ${'x'.repeat(n)} `);
    const variants = [
      ...['warn', 'error', 'debug', 'trace', 'fatal'].map((l) =>
        metronome!.replace('[info]', `[${l}]`),
      ),
      ...['E', 'F', 'X'].map((s) => master!.replace('I1122', `${s}1122`)),
      agent!.replace('W1122', 'F1122'),
      ...['WARN', 'ERROR', 'Info'].map((l) => bouncer!.replace('INFO:', `${l}:`)),
      far(99),
      far(100),
    ];
    const read = variants.map((text) => {
      const { buf, start, end } = placed(text);
      const parsed = classifyLine(buf, start, end);
      expect(view.read(buf, start, end), text).toBe(parsed.kind === 'record');
      if (parsed.kind === 'record') expect(view.outcome(), text).toEqual(parsed);
      return parsed.kind === 'record';
    });
    // Each side of each edge is there: levels and severities read, unknown ones and the far prefix not.
    expect(read).toEqual([
      true,
      true,
      true,
      true,
      false,
      true,
      true,
      false,
      true,
      true,
      true,
      false,
      true,
      false,
    ]);
  });

  it('turns down lines that are not printable ASCII, or may have been cut', () => {
    const view = new RecordView();
    for (const text of [
      SEEDS[0]!.replace('svc-1', 'svc-é'),
      SEEDS[2]!.replace(' ', '\t'),
      SEEDS[5]!.replace('INFO', '\x1b[32mINFO\x1b[0m'),
      `${SEEDS[6]} ${'x'.repeat(2000)}`,
      // Not a short timestamp: journalctl's `cat` output, which the parser reads.
      SEEDS[6]!.replace('Nov 22', 'Nov x2'),
      // dcos-log's text form (`dcos node log`, 1.9 docs on): the parser reads its host and time.
      SEEDS[6]!.replace(
        'Nov 22 10:00:07 master-2 bouncer.sh[1877]:',
        'Sun Nov 22 10:00:07 2026 master-2 bouncer.sh [1877]',
      ),
    ]) {
      const { buf, start, end } = placed(text);
      expect(view.read(buf, start, end), text).toBe(false);
    }
  });
});

describe('the aggregator, fed by the byte reader', () => {
  it('holds what it holds when every line is parsed', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.boolean(), (lines, allowed) => {
        const view = new RecordView();
        const fast = new Aggregator({ allowed });
        const slow = new Aggregator({ allowed });
        lines.forEach((text, i) => {
          const { buf, start, end } = placed(text);
          const place = { source: '-', line: i + 1 };
          if (view.read(buf, start, end)) fast.addRead(view, place);
          else fast.add(classifyLine(buf, start, end), place);
          slow.add(classifyLine(buf, start, end), place);
        });
        expect(fast.denied).toEqual(slow.denied);
        expect(fast.allowed).toEqual(slow.allowed);
        expect(fast.part()).toEqual(slow.part());
      }),
      { numRuns: 300 },
    );
  });
});

describe('the aggregator, fed by the byte reader, past the names it marks', () => {
  it('holds every host and the first reasons up to the cap, as the parser does', () => {
    // One wording from 40 hosts with 40 reasons: names numbered past 32 are
    // not marked, and the reasons' set fills up (its cap is 32).
    const seed = SEEDS[2]!;
    const view = new RecordView();
    const fast = new Aggregator();
    const slow = new Aggregator();
    for (let i = 0; i < 400; i++) {
      const text = seed
        .replace('master-1.example', `host-${(i * 7) % 40}`)
        .replace('"no matching ACL"', `"reason ${(i * 11) % 40}"`);
      const { buf, start, end } = placed(text);
      const place = { source: '-', line: i + 1 };
      expect(view.read(buf, start, end)).toBe(true);
      fast.addRead(view, place);
      slow.add(classifyLine(buf, start, end), place);
    }
    const group = [...fast.denied.get('kafka-principal')!.values()][0]!;
    expect(group.evidence.count).toBe(400);
    expect(group.evidence.hosts.size).toBe(40);
    expect(group.evidence.reasons.size).toBe(32);
    expect(fast.denied).toEqual(slow.denied);
    expect(fast.part()).toEqual(slow.part());
  });
});
