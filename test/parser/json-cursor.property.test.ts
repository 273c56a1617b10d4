import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJournalPlace } from '../../src/parser/json-cursor.js';

/** Characters that could mislead a reader of JSON on bytes. */
const TRICKY = [
  '"',
  '\\',
  ',',
  '{',
  '}',
  ':',
  ' ',
  '"__CURSOR":"x"',
  ',"_HOSTNAME":"h"',
  '\u00e9',
  '\n',
];
const text = fc
  .array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 6 })), {
    maxLength: 8,
  })
  .map((parts) => parts.join(''));

const value = fc.oneof(
  text,
  fc.constant(null),
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 }),
  fc.array(text, { maxLength: 3 }),
  fc.integer(),
);

/** A journal entry: some of the two keys read, among others, in any order. */
const entry = fc
  .record(
    {
      __CURSOR: value,
      _HOSTNAME: value,
      MESSAGE: value,
      PRIORITY: value,
      x__CURSOR: value,
      '"__CURSOR"': value,
    },
    { requiredKeys: [] },
  )
  .chain((fields) =>
    fc.shuffledSubarray(Object.entries(fields), { minLength: Object.keys(fields).length }),
  );

/** Compact as current journalctl writes it, or spaced as systemd 219's. */
function layout(members: [string, unknown][], spaced: boolean): string {
  const parts = members.map(([k, v]) =>
    spaced
      ? `${JSON.stringify(k)} : ${JSON.stringify(v)}`
      : `${JSON.stringify(k)}:${JSON.stringify(v)}`,
  );
  return spaced ? `{ ${parts.join(', ')} }` : `{${parts.join(',')}}`;
}

describe('readJournalPlace', () => {
  it('reads what JSON.parse reads, on any object, compact or spaced, at any place in a buffer', () => {
    fc.assert(
      fc.property(
        entry,
        fc.boolean(),
        fc.boolean(),
        fc.string({ maxLength: 20 }),
        (members, spaced, seq, after) => {
          const line = `${seq ? '\x1e' : ''}${layout(members, spaced)}`;
          // The line sits in a buffer with other bytes around it, as in a scan window.
          const before = Buffer.from('{"__CURSOR":"before"}\n');
          const buf = Buffer.concat([
            before,
            Buffer.from(line),
            Buffer.from(`\n{"_HOSTNAME":"later"}${after}`),
          ]);
          const got = readJournalPlace(buf, before.length, before.length + Buffer.byteLength(line));
          const parsed = JSON.parse(line.replace(/^\x1e/, '')) as Record<string, unknown>;
          const cursor = parsed.__CURSOR;
          if (typeof cursor !== 'string' || cursor.length === 0) {
            expect(got).toBeUndefined();
            return;
          }
          const host = typeof parsed._HOSTNAME === 'string' ? parsed._HOSTNAME : undefined;
          expect(got).toEqual({ cursor, host });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads a real journalctl line', () => {
    const line = Buffer.from(
      '{"__CURSOR":"s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece7;b=6c7c6013a8194a69a8d7c5bf2a1d1e2c;m=2d7c1c1a;t=5d3c0b4fcd1c5;x=9b4c1e8c0a2e4d5f","__REALTIME_TIMESTAMP":"1763805607123456","_HOSTNAME":"master-1","MESSAGE":"hello"}',
    );
    expect(readJournalPlace(line, 0, line.length)).toEqual({
      cursor:
        's=739ad463348b4ceca5a9e69c95a3c93f;i=4ece7;b=6c7c6013a8194a69a8d7c5bf2a1d1e2c;m=2d7c1c1a;t=5d3c0b4fcd1c5;x=9b4c1e8c0a2e4d5f',
      host: 'master-1',
    });
  });

  it('reads no place from a line cut short, wherever it was cut', () => {
    const line =
      '{"__CURSOR":"s=1;i=2;b=3;m=4;t=5;x=6","_HOSTNAME":"master-1","MESSAGE":"type=audit result=deny"}';
    fc.assert(
      fc.property(fc.integer({ min: 1, max: line.length - 1 }), (cut) => {
        const b = Buffer.from(line.slice(0, cut));
        expect(readJournalPlace(b, 0, b.length)).toBeUndefined();
      }),
    );
    const whole = Buffer.from(`${line} \r`);
    expect(readJournalPlace(whole, 0, whole.length)?.cursor).toBe('s=1;i=2;b=3;m=4;t=5;x=6');
  });

  it('reads no place from text lines or JSON without a cursor', () => {
    for (const line of [
      'Nov 22 10:00:07 m x[1]: {"__CURSOR":"c"}',
      '{"MESSAGE":"x"}',
      '[1,2]',
      '',
    ]) {
      const b = Buffer.from(line);
      expect(readJournalPlace(b, 0, b.length)).toBeUndefined();
    }
  });
});
