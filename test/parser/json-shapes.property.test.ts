import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyLine } from '../../src/parser/classify-line.js';
import { parseJournalLine } from '../../src/parser/journal-entry.js';
import { RecordView } from '../../src/parser/record-view.js';
import { Aggregator } from '../../src/report/aggregate.js';
import { editedLine } from '../helpers/record-lines.js';

// A journal entry reads the same as journalctl's JSON, as the logging API's
// entry and as a log store's Fluent Bit document (a `_source` line or a whole
// hit). The byte kernel reads none of them (it takes journalctl's text
// prefixes only): it must decline each, so that the text parser reads them.

interface Entry {
  message: string;
  host: string | undefined;
  ident: string | undefined;
  usec: number;
}

/** The same entry in each JSON shape. */
function shapes(e: Entry): Record<string, string> {
  const iso = new Date(Math.floor(e.usec / 1000)).toISOString();
  const source: Record<string, unknown> = { MESSAGE: e.message, SYSTEMD_UNIT: 'dcos-x.service' };
  if (e.host !== undefined) source.HOSTNAME = e.host;
  if (e.ident !== undefined) source.SYSLOG_IDENTIFIER = e.ident;
  source['@timestamp'] = iso;
  const fields: Record<string, unknown> = { MESSAGE: e.message, _SYSTEMD_UNIT: 'dcos-x.service' };
  if (e.host !== undefined) fields._HOSTNAME = e.host;
  if (e.ident !== undefined) fields.SYSLOG_IDENTIFIER = e.ident;
  return {
    journalctl: JSON.stringify({ __REALTIME_TIMESTAMP: String(e.usec), ...fields }),
    api: JSON.stringify({
      fields,
      cursor: 's=a;i=1;b=b;m=1;t=1;x=1',
      monotonic_timestamp: 5,
      realtime_timestamp: e.usec,
    }),
    source: JSON.stringify(source),
    hit: JSON.stringify({ _index: 'logs', _id: '1', _score: 1, _source: source }),
  };
}

/** A record line's entry, as its text prefix tells it, with a time in microseconds. */
const entry = fc
  .tuple(editedLine, fc.integer({ min: 0, max: 4_000_000_000_000_000 }))
  .map(([line, usec]): Entry => {
    const text = parseJournalLine(line);
    return { message: text.message ?? line, host: text.host, ident: text.ident, usec };
  });

function placed(text: string): { buf: Buffer; start: number; end: number } {
  const body = Buffer.from(text);
  return {
    buf: Buffer.concat([Buffer.from('x\n'), body, Buffer.from('\n')]),
    start: 2,
    end: 2 + body.length,
  };
}

describe('JSON shapes of one journal entry', () => {
  it('each is read as journalctl JSON is, and the byte kernel declines every one', () => {
    const view = new RecordView();
    let records = 0;
    fc.assert(
      fc.property(entry, (e) => {
        const lines = shapes(e);
        const want = classifyLine(
          ...(Object.values(placed(lines.journalctl!)) as [Buffer, number, number]),
        );
        if (want.kind === 'record') records++;
        for (const [shape, line] of Object.entries(lines)) {
          const { buf, start, end } = placed(line);
          expect(view.read(buf, start, end), shape).toBe(false);
          expect(classifyLine(buf, start, end), shape).toEqual(want);
        }
      }),
      { numRuns: 2000 },
    );
    // The property means nothing if the lines were not records (about a sixth of them are).
    expect(records).toBeGreaterThan(250);
  });

  it('counts the same into the aggregate, whichever shape the lines came in', () => {
    const sample = fc.sample(entry, { numRuns: 300, seed: 42 });
    const snapshots = Object.keys(shapes(sample[0]!)).map((shape) => {
      const agg = new Aggregator({ allowed: true });
      sample.forEach((e, i) => {
        const { buf, start, end } = placed(shapes(e)[shape]!);
        agg.add(classifyLine(buf, start, end), { source: '-', line: i + 1 });
      });
      return agg.snapshot();
    });
    expect(snapshots[0]!.denied.length).toBeGreaterThan(3);
    for (const s of snapshots.slice(1)) expect(s).toEqual(snapshots[0]);
  });
});
