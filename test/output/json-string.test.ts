import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonObject, jsonString } from '../../src/output/json-string.js';

describe('jsonString', () => {
  it('parses back to exactly the value, lone surrogates included', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
        (value) => {
          const literal = jsonString(value);
          expect(JSON.parse(literal)).toBe(value);
          // Printable ASCII only: the same bytes in every locale, no control character.
          expect(literal).toMatch(/^"[\x20-\x7e]*"$/);
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each([
    ['plain text', '"plain text"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['line\nbreak\r\t', '"line\\u000abreak\\u000d\\u0009"'],
    ['</script>\u2028', '"</script>\\u2028"'],
    ['é', '"\\u00e9"'],
  ])('%j -> %s', (value, literal) => {
    expect(jsonString(value)).toBe(literal);
  });
});

describe('jsonObject', () => {
  it('builds an object of string fields that parses back', () => {
    const body = jsonObject({ description: 'a "b" \\ c\n' });
    expect(body).toBe('{"description":"a \\"b\\" \\\\ c\\u000a"}');
    expect(JSON.parse(body)).toEqual({ description: 'a "b" \\ c\n' });
  });
});
