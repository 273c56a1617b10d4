import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderJsonPieces } from '../../src/output/json.js';
import { terminalSafeJson } from '../../src/output/json-string.js';
import { ndjsonLine } from '../../src/output/ndjson.js';
import type { NdjsonEvent } from '../../src/report/events.js';
import type { Report } from '../../src/report/schema.js';
import { BEYOND_C0 } from '../../src/text/characters.js';

describe('json report in pieces (property)', () => {
  it('the pieces make the bytes of JSON.stringify(report, null, 2)', () => {
    // Any object: arrays empty and not, nested, strings with newlines and
    // controls, undefined members and elements (left out, and null).
    // Dates and objects with toJSON too: JSON.stringify writes what toJSON gives.
    const written = fc.oneof(
      fc.date({ noInvalidDate: true }),
      fc.jsonValue().map((v) => ({ toJSON: () => v })),
    );
    const value = fc.oneof(
      fc.jsonValue(),
      fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined), written)),
      fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), written)),
      fc.constant(undefined),
      written,
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), value), (report) => {
        const pieces = [...renderJsonPieces(report as unknown as Report)].join('');
        expect(pieces).toBe(`${terminalSafeJson(JSON.stringify(report, null, 2))}\n`);
      }),
      { numRuns: 1000 },
    );
  });

  it('writes no character a terminal acts on or reorders, and means the same', () => {
    const shown = new RegExp(`[${BEYOND_C0}]`);
    // Log text of any code point, the C1 controls and bidi characters among them.
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom(...'\u009b\u202e\u2028\u0085\u007f\u2066'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      ),
    });
    const report = fc.dictionary(text, fc.oneof(text, fc.array(text), fc.dictionary(text, text)));
    fc.assert(
      fc.property(report, (r) => {
        const json = [...renderJsonPieces(r as unknown as Report)].join('');
        expect(json).not.toMatch(shown);
        expect(JSON.parse(json)).toEqual(r);
        const line = ndjsonLine({ event: 'warning', ...r } as unknown as NdjsonEvent);
        expect(line).not.toMatch(shown);
        expect(JSON.parse(line)).toEqual({ event: 'warning', ...r });
      }),
    );
  });
});
