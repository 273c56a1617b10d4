import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CANDIDATES } from '../../src/parser/classify-line.js';
import { LineScan } from '../../src/parser/line-scan.js';
import { RecordScan } from '../../src/parser/record-scan.js';
import { parseTimestampBytes } from '../../src/parser/timestamp.js';

// The byte kernel (kernel/timestamp.ts) reads the times of lines the byte
// reader takes; it must give what timestamp.ts gives, on any text: every
// field at and past its edges, days past a month's end, years before 1970,
// every zone form.
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const field = (max: number, width: number) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 1, max }).map((n) => pad(n, width)) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(...[0, 1, max - 1, max, max + 1].map((n) => pad(n, width))),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 0, max: 10 ** width - 1 }).map((n) => pad(n, width)),
    },
    { weight: 1, arbitrary: fc.string({ minLength: width, maxLength: width }) },
  );
const year = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.constantFrom('0000', '0099', '0100', '1899', '1969', '1970', '2000', '9999'),
  },
  { weight: 3, arbitrary: fc.integer({ min: 1970, max: 2100 }).map((n) => pad(n, 4)) },
  { weight: 1, arbitrary: field(2100, 4) },
);
const fraction = fc.oneof(
  fc.constant(''),
  fc
    .tuple(fc.constantFrom('.', ','), fc.integer({ min: 0, max: 11 }), fc.nat())
    .map(([sep, n, seed]) => sep + String(seed).padStart(12, '7').slice(0, n)),
);
const zone = fc.oneof(
  fc.constantFrom('', 'Z', 'z', 'ZZ', '+00:00', '-0000', '+0530', '-08:00', '+1', '+99:99', 'Z '),
  fc
    .tuple(fc.constantFrom('+', '-'), field(23, 2), fc.constantFrom('', ':', '.'), field(59, 2))
    .map((parts) => parts.join('')),
);
const timestamp = fc
  .tuple(
    year,
    fc.constantFrom('-', '-', '-', '/'),
    field(12, 2),
    field(31, 2),
    fc.constantFrom('T', ' ', 'T', ' ', 't'),
    field(23, 2),
    field(59, 2),
    field(60, 2),
    fraction,
    zone,
  )
  .map(
    ([y, dash, mo, d, sep, h, mi, s, frac, z]) =>
      `${y}${dash}${mo}-${d}${sep}${h}:${mi}:${s}${frac}${z}`,
  );
// Any edit of one: a character cut, doubled or changed.
const edited = fc
  .tuple(timestamp, fc.nat(), fc.string({ maxLength: 2 }), fc.nat(2))
  .map(([t, at, ins, del]) => {
    const i = at % (t.length + 1);
    return t.slice(0, i) + ins + t.slice(i + del);
  });

describe('the byte reader’s time', () => {
  const run = new RecordScan(LineScan.for(CANDIDATES));
  const timeOf = (text: string) => {
    const bytes = Buffer.from(`x${text}9`);
    const from = run.place(bytes, 1, bytes.length - 1);
    return run.time(from, from + bytes.length - 2);
  };
  const expected = (text: string) => {
    const bytes = Buffer.from(text);
    return parseTimestampBytes(bytes, 0, bytes.length) ?? Number.NaN;
  };

  it('is what timestamp.ts reads, on any timestamp and any edit of one', () => {
    let valid = 0;
    fc.assert(
      fc.property(fc.oneof(timestamp, edited), (text) => {
        const want = expected(text);
        if (!Number.isNaN(want)) valid++;
        expect(timeOf(text), text).toBe(want);
      }),
      { numRuns: 20_000 },
    );
    // The property means little unless many texts were times.
    expect(valid).toBeGreaterThan(800);
  });

  it('is the instant, at the edges of the calendar', () => {
    for (const [text, ms] of [
      ['2024-02-29T23:59:59.999Z', Date.UTC(2024, 1, 29, 23, 59, 59, 999)],
      ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
      // No day past its month's end, no year before 1970: the journal's time stands.
      ['2026-02-31 00:00:00+00:00', Number.NaN],
      ['2023-02-29T00:00:00Z', Number.NaN],
      ['2100-02-29T00:00:00Z', Number.NaN],
      ['2026-04-31T00:00:00Z', Number.NaN],
      ['0099-12-31T00:00:00Z', Number.NaN],
      ['1969-12-31T23:59:59Z', Number.NaN],
      ['1970-01-01T00:00:00.5-0130', 5400500],
      ['9999-12-31T23:59:60,123456789Z', Date.UTC(9999, 11, 31, 23, 59, 60, 123)],
    ] as const) {
      expect(timeOf(text), text).toBe(ms);
    }
  });
});
