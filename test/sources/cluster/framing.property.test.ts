import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ApiEntry, Framing, MalformedAnswer } from '../../../src/sources/cluster/framing.js';

// The logging API's answer cut into entries, however its bytes arrive: the
// cursor and time read off each line's end say what decoding it would.

/** An entry as dcos-log writes it: Go's JSON, which escapes <, > and & too. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(
    '"cursor":"s=fake"',
    '"realtime_timestamp":1',
    '\\"',
    'a\\',
    '\n',
    '\r\n',
    ': ping',
  ),
);
const entry = fc.record({
  message: fc.array(text, { maxLength: 4 }).map((p) => p.join('')),
  host: fc.option(fc.constantFrom('master-1', 'm"2', 'ip-10-0-0-1'), { nil: undefined }),
  seq: fc.nat(),
  usec: fc.nat({ max: 4_000_000_000_000_000 }),
});
type Made = { json: string; cursor: string; usec: number };
type EntryFields = { message: string; host: string | undefined; seq: number; usec: number };

const made = (e: EntryFields): Made => {
  const cursor = `s=8f2a;i=${e.seq.toString(16)};b=5f0c;m=${e.seq};t=${e.usec.toString(16)};x=9e`;
  const fields: Record<string, string> = { MESSAGE: e.message, _SYSTEMD_UNIT: 'dcos-x.service' };
  if (e.host !== undefined) fields._HOSTNAME = e.host;
  const json = goJson({ fields, cursor, monotonic_timestamp: 7, realtime_timestamp: e.usec });
  return { json, cursor, usec: e.usec };
};

/** The bytes cut at these places. */
function chunks(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.subarray(from, c));
    from = c;
  }
  return out;
}

function read(kind: 'ndjson' | 'event-stream', parts: Buffer[], cap = 1 << 20) {
  const got: ApiEntry[] = [];
  let alive = 0;
  const framing = new Framing(kind, cap, { entry: (e) => got.push(e), alive: () => alive++ });
  for (const p of parts) framing.push(p);
  return { got, alive, unfinished: framing.unfinished() };
}

describe('the answer cut into entries', () => {
  it('NDJSON: every entry whole, its cursor and time as decoding it says', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (es, cuts) => {
          const want = es.map(made);
          const bytes = Buffer.from(want.map((m) => `${m.json}\n`).join(''));
          const { got, unfinished } = read('ndjson', chunks(bytes, cuts));
          expect(unfinished).toBe(false);
          expect(
            got.map((g) => ({ json: g.json.toString(), cursor: g.cursor, usec: g.usec })),
          ).toEqual(want);
          for (const g of got) expect(JSON.parse(g.json.toString()).cursor).toBe(g.cursor);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('event stream: the same entries, pings in between, CRLF or LF', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(entry, fc.boolean()), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.constantFrom('\n', '\r\n'),
        (es, cuts, nl) => {
          const want = es.map(([e]) => made(e));
          const body = es
            .map(
              ([, ping], i) =>
                `${ping ? `: ping${nl}${nl}` : ''}id: ${want[i]!.cursor}${nl}data: ${want[i]!.json}${nl}${nl}`,
            )
            .join('');
          const { got, alive, unfinished } = read('event-stream', chunks(Buffer.from(body), cuts));
          expect(unfinished).toBe(false);
          expect(
            got.map((g) => ({ json: g.json.toString(), cursor: g.cursor, usec: g.usec })),
          ).toEqual(want);
          expect(alive).toBe(es.length + es.filter(([, ping]) => ping).length);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('hands an entry over the cap on as its head, its cursor and time still read', () => {
    const big = made({
      message: 'x'.repeat(50_000),
      host: 'm',
      seq: 3,
      usec: 1_763_805_607_123_456,
    });
    const small = made({ message: 'type=audit', host: 'm', seq: 4, usec: 1_763_805_608_000_000 });
    const bytes = Buffer.from(`${big.json}\n${small.json}\n`);
    const { got } = read('ndjson', chunks(bytes, [100, 7000, 30_000, 50_010]), 10_000);
    expect(got.map((g) => [g.cut, g.json.length, g.cursor, g.usec])).toEqual([
      [true, 10_000, big.cursor, big.usec],
      [false, small.json.length, small.cursor, small.usec],
    ]);
    expect(got[0]!.json.toString()).toBe(big.json.slice(0, 10_000));
  });

  it('tells an answer cut inside an entry, and a line that is no entry', () => {
    const one = made({ message: 'm', host: undefined, seq: 1, usec: 5 });
    expect(read('ndjson', [Buffer.from(`${one.json}\n${one.json.slice(0, 30)}`)]).unfinished).toBe(
      true,
    );
    expect(read('event-stream', [Buffer.from(`id: x\ndata: ${one.json}\n`)]).unfinished).toBe(true);
    expect(() => read('ndjson', [Buffer.from(`${one.json}\n<html>\n`)])).toThrow(
      new MalformedAnswer('line 2 is not a logging API entry: <html>'),
    );
    // Keys in another order or spacing are read by decoding the line.
    const spaced = `{ "realtime_timestamp" : 9, "cursor" : "${one.cursor}", "fields" : {} }\n`;
    expect(read('ndjson', [Buffer.from(spaced)]).got.map((g) => [g.cursor, g.usec])).toEqual([
      [one.cursor, 9],
    ]);
    // An entry is a JSON object, whatever its line ends with.
    expect(() => read('ndjson', [Buffer.from(`x ${one.json}\n`)])).toThrow(
      /^line 1 is not a logging API entry: x \{/,
    );
  });

  it('refuses a cursor that is no journal cursor, without quoting it, however it is read', () => {
    const one = made({ message: 'm', host: undefined, seq: 1, usec: 5 });
    const garbled = one.json.replace(one.cursor, 's=1;i=2;b=zz');
    const injected = one.json.replace(
      JSON.stringify(one.cursor),
      JSON.stringify(`${one.cursor}\r\nX-Injected: yes`),
    );
    const answers: ['ndjson' | 'event-stream', string][] = [
      // Read off the line's end.
      ['ndjson', `${one.json}\n${garbled}\n`],
      // Escaped: read by decoding the line.
      ['ndjson', `${one.json}\n${injected}\n`],
      // An event: its data's cursor is the entry's, whatever its id says.
      [
        'event-stream',
        `id: ${one.cursor}\ndata: ${one.json}\n\nid: ${one.cursor}\ndata: ${garbled}\n\n`,
      ],
    ];
    for (const [kind, body] of answers) {
      const entries: ApiEntry[] = [];
      const framing = new Framing(kind, 1 << 20, { entry: (e) => entries.push(e), alive() {} });
      expect(() => framing.push(Buffer.from(body))).toThrow(
        /^line \d: the entry's cursor: not a journal cursor[^\r\n]*$/,
      );
      // What came before it was handed on.
      expect(entries.map((e) => e.cursor)).toEqual([one.cursor]);
    }
  });
});
