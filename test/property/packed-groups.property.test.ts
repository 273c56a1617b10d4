import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyLine } from '../../src/parser/classify-line.js';
import { RecordView } from '../../src/parser/record-view.js';
import { Aggregator, type DeniedGroup } from '../../src/report/aggregate.js';
import { Evidence } from '../../src/report/evidence.js';
import { absorbPacked, takePacked } from '../../src/report/packed-groups.js';

// A worker thread hands its groups over packed (report/packed-groups.ts), in
// batches, then the rest of what it read: the main thread must end up with
// what reading every line itself gives, samples and line numbers included.

/** A denial or allow record, varied where groups and their evidence differ. */
const line = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 }),
    account: fc.integer({ min: 0, max: 3 }),
    id: fc.integer({ min: 0, max: 4 }),
    host: fc.integer({ min: 0, max: 40 }),
    reason: fc.constantFrom('no matching ACL', 'IAM PQ response', 'é ünïcode', ''),
    second: fc.integer({ min: 0, max: 59 }),
    result: fc.constantFrom('deny', 'deny', 'allow'),
    tail: fc.constantFrom('', ' ✓', ' extra=1'),
  })
  .map(({ seed, account, id, host, reason, second, result, tail }) => {
    const s = String(second).padStart(2, '0');
    const prefix = `2026-11-22T10:00:${s}+0000 host-${host}`;
    const why = reason === '' ? '' : ` reason="${reason}"`;
    return [
      `${prefix} bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:${s}.431207Z srcip=127.0.0.1 authorizer=bouncer uid=svc-${account} action=create object=dcos:mesos:master:reservation:role:r${id} result=${result}${why}${tail}`,
      `${prefix} marathon.sh[4412]: [2026-11-22 10:00:09,120] INFO  type=audit uid=svc-${account} srcip=10.0.0.9 authorizer=marathon action=UpdateRunSpec path=/dev/app-${id} result=${result}${tail} (dcos.marathon.auditlog:pool-3-thread-1)`,
      `${prefix} mesos-master[3702]: I1122 10:00:07.752534  3708 logfmt.cpp:178] type=audit timestamp=2026-11-22 10:00:${s}.752534+00:00${why} uid="svc-${account}" object="dcos:mesos:master:framework:role:r${id}" authorizer="mesos-master" action="create" result=${result}${tail}`,
    ][seed]!;
  });

/** Lines read into an aggregator, numbered from 1, on bytes where the reader can. */
function read(lines: string[], allowed: boolean): Aggregator {
  const agg = new Aggregator({ allowed });
  const view = new RecordView();
  lines.forEach((text, i) => {
    const buf = Buffer.from(text);
    const place = { source: 'journal.log', line: i + 1 };
    if (view.read(buf, 0, buf.length)) agg.addRead(view, place);
    else agg.add(classifyLine(buf, 0, buf.length), place);
  });
  return agg;
}

describe('groups handed over packed', () => {
  it('give the aggregator that reading every line gives', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 60 }),
        fc.nat(),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        (lines, cutAt, perBatch, allowed) => {
          const cut = cutAt % (lines.length + 1);
          const whole = read(lines, allowed);
          const here = read(lines.slice(0, cut), allowed);
          const there = read(lines.slice(cut), allowed);
          const accounts = there.denied.size + there.allowed.size;
          let batches = 0;
          for (let b = there.takeGroups(perBatch); b; b = there.takeGroups(perBatch)) {
            here.absorbGroups(structuredClone(b), cut);
            batches++;
          }
          here.absorb(structuredClone(there.part()), cut);
          expect(here.denied).toEqual(whole.denied);
          expect(here.allowed).toEqual(whole.allowed);
          expect(here.part()).toEqual(whole.part());
          // Whole accounts per batch.
          expect(batches).toBeLessThanOrEqual(accounts);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('lists every name of a group, its sample once', () => {
    const lines = Array.from(
      { length: 50 },
      (_, i) =>
        `2026-11-22T10:00:07+0000 host-${i} bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=svc-1 action=create object=dcos:mesos:master:reservation:role:r1 result=deny reason="reason ${i % 40}"`,
    );
    const there = read(lines, false);
    const here = new Aggregator();
    here.absorbGroups(structuredClone(there.takeGroups(100)!), 7);
    expect(there.takeGroups(100)).toBeUndefined();
    const [group] = [...here.denied.get('svc-1')!.values()];
    expect(group!.evidence.count).toBe(50);
    expect(group!.evidence.hosts.size).toBe(50);
    expect(group!.evidence.reasons.size).toBe(32);
    expect(group!.sample).toEqual({ source: 'journal.log', line: 8, text: expect.any(String) });
    expect(group!.sample.text).toBe(lines[0]!.slice(lines[0]!.indexOf('[261122')));
    expect(group!.rid).toBe('dcos:mesos:master:reservation:role:r1');
    expect(group!.action).toBe('create');
  });

  it('carries every sample text whole, however many and however long', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constant(''),
            fc.string({ maxLength: 40 }),
            fc.string({ minLength: 20_000, maxLength: 40_000 }),
          ),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        (texts) => {
          const groups = new Map<string, DeniedGroup>();
          texts.forEach((text, i) => {
            const evidence = new Evidence();
            evidence.add(i, 'h', 'iam');
            groups.set(`dcos:x:${i}\u0000full`, {
              uid: 'svc',
              rid: `dcos:x:${i}`,
              action: 'full',
              evidence,
              sample: { source: 's', line: i + 1, text },
            });
          });
          const want = structuredClone([...groups.values()].map((g) => g.sample));
          const batch = takePacked([new Map([['svc', groups]]), new Map()], 100)!;
          const into: [
            Map<string, Map<string, DeniedGroup>>,
            Map<string, Map<string, DeniedGroup>>,
          ] = [new Map(), new Map()];
          absorbPacked(into, structuredClone(batch), 0);
          expect([...into[0].get('svc')!.values()].map((g) => g.sample)).toEqual(want);
        },
      ),
      // Shrinking strings of tens of thousands of characters takes minutes: a failure is shown as found.
      { numRuns: 60, endOnFailure: true },
    );
  });
});
