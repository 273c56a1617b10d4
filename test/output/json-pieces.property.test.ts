import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderJsonPieces } from '../../src/output/json.js';
import type { Report } from '../../src/report/schema.js';

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
        expect(pieces).toBe(`${JSON.stringify(report, null, 2)}\n`);
      }),
      { numRuns: 1000 },
    );
  });
});
