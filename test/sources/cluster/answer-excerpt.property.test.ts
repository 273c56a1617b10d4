import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { statusFailure } from '../../../src/sources/cluster/answers.js';
import { excerpt } from '../../../src/sources/cluster/framing.js';
import { TOKEN_CHARS } from '../../helpers/token-entries.js';

/**
 * An error answer that echoes the request's token is quoted in the failure
 * with the token cut out, however the answer's JSON escapes its characters
 * (`\/`, `\uXXXX`), wherever in the first 400 bytes it starts.
 */

const token = fc.string({
  unit: fc.constantFrom(...TOKEN_CHARS, '/'),
  minLength: 16,
  maxLength: 80,
});

const longToken = fc.string({
  unit: fc.constantFrom(...TOKEN_CHARS, '/'),
  minLength: 80,
  maxLength: 400,
});

/** The token as a JSON string's characters, each as it is or escaped. */
const written = (t: string, escapes: boolean[]) =>
  [...t]
    .map((c, i) =>
      !escapes[i % escapes.length]
        ? c
        : c === '/' && i % 2 === 0
          ? '\\/'
          : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
    .join('');

const decoded = (text: string) =>
  text.replace(/\\(?:\/|u([0-9a-f]{4}))/g, (_, hex?: string) =>
    hex === undefined ? '/' : String.fromCharCode(Number.parseInt(hex, 16)),
  );

describe('an error answer that repeats the token', () => {
  it('is quoted without it, escaped or not', () => {
    fc.assert(
      fc.property(
        token,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.nat({ max: 380 }),
        fc.constantFrom(500, 400, 404),
        (t, escapes, at, status) => {
          const body = `{"error":"${'x'.repeat(at)} token=${written(t, escapes)} refused"}`;
          // Read as its reader would read it, escapes undone.
          const message = decoded(statusFailure(status, body, 'master:443', t).message);
          expect(message).not.toContain(t);
          // Nor its first half, which an excerpt cut short would show.
          expect(message).not.toContain(t.slice(0, t.length >> 1));
        },
      ),
    );
  });

  it('is quoted without it from the bytes of a line, each character escaped', () => {
    fc.assert(
      // Long tokens: escaped, six bytes a character, they outgrow a window of 400 bytes.
      fc.property(longToken, fc.nat({ max: 100 }), (t, at) => {
        const line = Buffer.from(`{"error":"${'x'.repeat(at)} ${written(t, [true])}"}`);
        const shown = decoded(excerpt(line, t));
        expect(shown).not.toContain(t.slice(0, t.length >> 1));
      }),
    );
  });
});
