import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { classifyLine } from '../../src/parser/classify-line.js';
import { Aggregator } from '../../src/report/aggregate.js';
import type { Snapshot } from '../../src/report/snapshot.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const PQ = '[261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: ';
const LOGIN = '[261122-10:00:08.431] [1902:Thread-14] [bouncer.app.Login] INFO: ';
/** A MiB of text after each record: what follows a record's end is not part of it. */
const TAIL = ` ${'x'.repeat(2 ** 20)}`;

/** How many groups (or lines) each section holds. */
const SECTIONS = {
  denied: (s: Snapshot) => s.denied.length,
  unattributed: (s: Snapshot) => s.unattributed.groups.length,
  invalid: (s: Snapshot) => s.invalid.groups.length,
  logins: (s: Snapshot) => s.logins.groups.length,
  unmapped: (s: Snapshot) => s.unmapped.groups.length,
  malformed: (s: Snapshot) => s.stats.malformed,
};

/** One line per section a record can land in; `i` makes each group new. */
const LINES: [keyof typeof SECTIONS, (i: number) => string][] = [
  // the record's own id, denied
  [
    'denied',
    (i) =>
      `${PQ}type=audit timestamp=2026-11-22T10:00:08.431207Z authorizer=bouncer uid=svc-${i}-principal action=create object=dcos:mesos:master:reservation:role:role-${i} result=deny reason="no matching ACL ${i}"${TAIL}`,
  ],
  [
    'unattributed',
    (i) =>
      `${PQ}type=audit timestamp=2026-11-22T10:00:08.431207Z authorizer=bouncer action=create object=dcos:mesos:master:volume:role:role-${i} result=deny reason="no uid ${i}"${TAIL}`,
  ],
  // an id outside the grammar
  [
    'invalid',
    (i) =>
      `${PQ}type=audit timestamp=2026-11-22T10:00:08.431207Z authorizer=bouncer uid=svc-${i}-principal action=create object=dcos:mesos:master:role;${i} result=deny reason="no matching ACL"${TAIL}`,
  ],
  // an authentication failure
  [
    'logins',
    (i) =>
      `${LOGIN}type=audit timestamp=2026-11-22T10:00:08.431207Z component=bouncer uid=svc-${i}-principal action=login result=deny reason="invalid credentials ${i}"${TAIL}`,
  ],
  // a Mesos request whose token was refused: an authentication failure too
  [
    'logins',
    (i) =>
      `I1122 10:00:08.431207  3708 logfmt.cpp:178] type=audit timestamp=2026-11-22 10:00:08+00:00 reason="Invalid authorization token ${i}" uid="svc-${i}-principal" object="/slave(1)/state/${i}" authorizer="mesos-agent" action="GET" result=deny srcip=10.0.0.1${TAIL}`,
  ],
  // a Marathon record no permission is named for
  [
    'unmapped',
    (i) =>
      `[2026-11-22 10:00:08,431] INFO  timestamp=2026-11-22T10:00:08.431Z type=audit uid=svc-${i}-principal authorizer=marathon action=ViewResource path=/p-${i} result=deny (dcos.marathon.auditlog:x)${TAIL}`,
  ],
  // a record without its result
  [
    'malformed',
    (i) =>
      `${PQ}type=audit timestamp=2026-11-22T10:00:08.431207Z authorizer=bouncer uid=svc-${i}-principal action=create object=dcos:mesos:master:role-${i}${TAIL}`,
  ],
];

/**
 * Heap growth, in MiB, of aggregating 40 lines of a MiB each (a new group
 * each), and of the snapshot taken of them, kept with the aggregator.
 */
function retained(line: (i: number) => string): { grown: number; snapshot: Snapshot } {
  const agg = new Aggregator();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 40; i++) {
    const buf = Buffer.from(
      `2026-11-22T10:00:08+0000 master-1.example bouncer.sh[1877]: ${line(i)}`,
    );
    agg.add(classifyLine(buf, 0, buf.length), { source: '-', line: i + 1 });
  }
  const snapshot = agg.snapshot();
  gc();
  const grown = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  // Both kept alive until measured.
  expect(agg.stats.lines).toBe(40);
  return { grown, snapshot };
}

describe('Aggregator memory', () => {
  it.each(LINES)('keeps no line alive (%s)', (section, line) => {
    const { grown, snapshot } = retained(line);
    // Each line lands in its section, or the check below checks nothing.
    for (const [name, size] of Object.entries(SECTIONS))
      expect(size(snapshot), name).toBe(name === section ? 40 : 0);
    // Forty lines kept alive would be forty MiB.
    expect(grown).toBeLessThan(4);
  });

  it('keeps the kinds of problem few, whatever the lines say', () => {
    const agg = new Aggregator();
    for (let i = 0; i < 2000; i++) {
      // A repeated key of a new name on each line, and a new unknown authorizer.
      const key = `k${i.toString(36).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}`;
      for (const line of [
        `${PQ}type=audit authorizer=bouncer ${key}=1 ${key}=2 uid=a action=create object=dcos:x result=deny reason="r"`,
        `${PQ}type=audit authorizer=other${i} uid=a action=create object=dcos:x result=deny`,
      ]) {
        const buf = Buffer.from(line);
        agg.add(classifyLine(buf, 0, buf.length), { source: '-', line: i + 1 });
      }
    }
    const snapshot = agg.snapshot();
    expect(snapshot.stats.suspicious + snapshot.stats.malformed).toBe(4000);
    expect([...snapshot.suspicious, ...snapshot.malformed].map((g) => g.problem)).toEqual([
      'a key appears twice',
      'audit record with an unknown authorizer',
    ]);
  });
});
