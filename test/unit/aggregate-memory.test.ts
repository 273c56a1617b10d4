import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { classifyLine } from '../../src/parser/classify-line.js';
import { Aggregator } from '../../src/report/aggregate.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const PQ = '[261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: ';
const LOGIN = '[261122-10:00:08.431] [1902:Thread-14] [bouncer.app.Login] INFO: ';
/** A MiB of text after each record: what follows a record's end is not part of it. */
const TAIL = ` ${'x'.repeat(2 ** 20)}`;

/** One line per section an account's record can land in; `i` makes each group new. */
const LINES: ((i: number) => string)[] = [
  // denied, mapped from nothing: the record's own id
  (i) =>
    `${PQ}type=audit timestamp=2026-11-22T10:00:08.431207Z authorizer=bouncer uid=svc-${i}-principal action=create object=dcos:mesos:master:reservation:role:role-${i} result=deny reason="no matching ACL ${i}"${TAIL}`,
  // unattributed: no uid
  (i) =>
    `${PQ}type=audit timestamp=2026-11-22T10:00:08.431207Z authorizer=bouncer action=create object=dcos:mesos:master:volume:role:role-${i} result=deny reason="no uid ${i}"${TAIL}`,
  // invalid: an id outside the grammar
  (i) =>
    `${PQ}type=audit timestamp=2026-11-22T10:00:08.431207Z authorizer=bouncer uid=svc-${i}-principal action=create object=dcos:mesos:master:role;${i} result=deny reason="no matching ACL"${TAIL}`,
  // authentication failure
  (i) =>
    `${LOGIN}type=audit timestamp=2026-11-22T10:00:08.431207Z component=bouncer uid=svc-${i}-principal action=login result=deny reason="invalid credentials ${i}"${TAIL}`,
  // malformed: a record without its result
  (i) =>
    `${PQ}type=audit timestamp=2026-11-22T10:00:08.431207Z authorizer=bouncer uid=svc-${i}-principal action=create object=dcos:mesos:master:role-${i}${TAIL}`,
];

/** Heap growth, in MiB, of aggregating 40 lines of a MiB each (a new group each). */
function retained(line: (i: number) => string): { grown: number; agg: Aggregator } {
  const agg = new Aggregator();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 40; i++) {
    const buf = Buffer.from(
      `2026-11-22T10:00:08+0000 master-1.example bouncer.sh[1877]: ${line(i)}`,
    );
    agg.add(classifyLine(buf, 0, buf.length), { source: '-', line: i + 1 });
  }
  gc();
  return { grown: (process.memoryUsage().heapUsed - before) / 2 ** 20, agg };
}

describe('Aggregator memory', () => {
  it.each(LINES.map((line, n) => [n, line] as const))(
    'keeps no line alive (line kind %i)',
    (_n, line) => {
      const { grown, agg } = retained(line);
      // Each kind lands where it should, or the check below checks nothing.
      const s = agg.stats;
      expect(s.records + s.malformed).toBe(40);
      // Forty lines kept alive would be forty MiB.
      expect(grown).toBeLessThan(4);
    },
  );

  it('lands each kind in its own section', () => {
    const where = LINES.map((line) => {
      const { agg } = retained(line);
      return {
        denied: agg.denied.size,
        unattributed: agg.unattributed.groups.size,
        invalid: agg.invalid.groups.size,
        logins: agg.logins.groups.size,
        malformed: agg.stats.malformed,
      };
    });
    expect(where.map((w) => Object.entries(w).find(([, n]) => n > 0)?.[0])).toEqual([
      'denied',
      'unattributed',
      'invalid',
      'logins',
      'malformed',
    ]);
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
    expect(agg.stats.suspicious + agg.stats.malformed).toBe(4000);
    expect([...agg.suspicious.keys(), ...agg.malformed.keys()]).toEqual([
      'a key appears twice',
      'audit record with an unknown authorizer',
    ]);
  });
});
