import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunks, inPieces } from '../../src/output/rendered.js';

// Large reports are written in pieces and chunks of bounded size; the bytes
// must be those of the text made whole.
const line = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 10_000, maxLength: 40_000 }),
  fc.constant('┌──┬──┐'),
);

describe('rendered text in pieces (property)', () => {
  it('inPieces gives the lines joined, each ending in a newline', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const pieces = [...inPieces(lines)];
        expect(pieces.join('')).toBe(`${lines.join('\n')}\n`);
        // Each piece ends a line: a piece never holds a line cut in two.
        for (const p of pieces) expect(p.endsWith('\n')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('chunks of the pieces are the same text, none of them made of more than one large piece', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const pieces = [...inPieces(lines)];
        const out = [...chunks(pieces)];
        expect(out.join('')).toBe(pieces.join(''));
        const longest = Math.max(0, ...pieces.map((p) => p.length));
        for (const c of out) expect(c.length).toBeLessThan(32 * 1024 + Math.max(longest, 1));
      }),
      { numRuns: 300 },
    );
  });
});
