import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyLine } from '../../src/parser/classify-line.js';
import { COMPONENTS } from '../../src/parser/dialects.js';
import { RecordView } from '../../src/parser/record-view.js';
import { Aggregator } from '../../src/report/aggregate.js';
import { hashBytes } from '../../src/report/byte-keys.js';
import { SaidKey } from '../../src/report/said-key.js';
import { editedLine as line, SEEDS } from '../helpers/record-lines.js';

// The byte reader answers for some lines only; for those it must say what the
// parser says, on the seeds (every dialect) and on any edit of them.

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
    for (const snapshot of [fast.snapshot(), slow.snapshot()]) {
      expect(snapshot.logins.groups.map((g) => [g.uid, g.action, g.object])).toEqual([
        ['kafka-principal', 'GET', '/slave(1)/state'],
      ]);
      expect(snapshot.unmapped.groups.map((g) => [g.action, g.object])).toEqual([
        ['ViewResource', '/'],
      ]);
      const denied = snapshot.denied.map((g) => `${g.uid} ${g.rid} ${g.action}`);
      expect(denied.sort()).toEqual([
        'batch-sa dcos:service:metronome:metronome:jobs:dev.batch.job1 delete',
        'kafka-principal dcos:mesos:master:reservation:role:kafka-role create',
        'ops-dashboard-sa dcos:service:marathon:marathon:admin:leader read',
      ]);
    }
    expect(fast.snapshot()).toEqual(slow.snapshot());
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

  it("works out a record's time, key and hashes as the aggregator would from the parsed record", () => {
    const view = new RecordView();
    const key = new SaidKey();
    const hash = (text: string) => hashBytes(Buffer.from(text), 0, text.length);
    let denials = 0;
    fc.assert(
      fc.property(line, (text) => {
        const { buf, start, end } = placed(text);
        if (!view.read(buf, start, end)) return;
        const { record, entry } = view.outcome();
        expect(view.time).toBe(record.time ?? entry.time);
        if (record.result !== 'deny') {
          expect(view.saidLength).toBe(0);
          return;
        }
        expect(view.hostHash).toBe(hash(entry.host!));
        expect(view.reasonHash).toBe(record.reason === undefined ? 0 : hash(record.reason));
        denials++;
        expect(key.fromText(record.component, record.uid!, record.object, record.action)).toBe(
          true,
        );
        expect([view.saidLength, view.saidHash]).toEqual([key.length, key.hash]);
        const said = Buffer.from(view.saidWords.buffer, view.saidAt, view.saidLength);
        expect(said).toEqual(key.bytes.subarray(0, key.length));
      }),
      { numRuns: 3000 },
    );
    expect(denials).toBeGreaterThan(200);
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
    const variants = [
      ...['warn', 'error', 'debug', 'trace', 'fatal'].map((l) =>
        metronome!.replace('[info]', `[${l}]`),
      ),
      ...['E', 'F', 'X'].map((s) => master!.replace('I1122', `${s}1122`)),
      agent!.replace('W1122', 'F1122'),
      ...['WARN', 'ERROR', 'Info'].map((l) => bouncer!.replace('INFO:', `${l}:`)),
      // Marathon's prefix with more words after its level, and not starting the message.
      marathon!.replace('INFO  ', `INFO  ${'x'.repeat(200)} `),
      marathon!.replace(': [2026-', ': x [2026-'),
    ];
    const read = variants.map((text) => {
      const { buf, start, end } = placed(text);
      const parsed = classifyLine(buf, start, end);
      expect(view.read(buf, start, end), text).toBe(parsed.kind === 'record');
      if (parsed.kind === 'record') expect(view.outcome(), text).toEqual(parsed);
      return parsed.kind === 'record';
    });
    // Each side of each edge is there: levels and severities read, unknown ones and a prefix after other text not.
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
        expect(fast.snapshot()).toEqual(slow.snapshot());
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
    const snapshot = fast.snapshot();
    const group = snapshot.denied.find((g) => g.uid === 'kafka-principal')!;
    expect(group.seen.count).toBe(400);
    expect(group.seen.hosts).toHaveLength(40);
    expect(group.seen.reasons).toHaveLength(32);
    expect(snapshot).toEqual(slow.snapshot());
  });
});
