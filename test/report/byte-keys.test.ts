import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteKeys, hashBytes, hashWords } from '../../src/report/byte-keys.js';

describe('ByteKeys', () => {
  it('finds every key stored, and no other, as a Map does, through growth', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.uint8Array({ maxLength: 40 }), {
          minLength: 1,
          maxLength: 1500,
          size: 'max',
          selector: (k) => Buffer.from(k).toString('hex'),
        }),
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 50 }),
        (keys, others) => {
          // Small at first, so that both the table and the arena grow.
          const table = new ByteKeys<number>(16, 64);
          const model = new Map<string, number>();
          keys.forEach((k, i) => {
            // Inside a larger buffer, as keys are read from lines.
            const b = Buffer.concat([Buffer.from([7, 7]), k, Buffer.from([9])]);
            table.set(b, 2, 2 + k.length, hashBytes(b, 2, 2 + k.length), i);
            model.set(Buffer.from(k).toString('hex'), i);
          });
          expect(table.size).toBe(keys.length);
          for (const k of [...keys, ...others]) {
            const want = model.get(Buffer.from(k).toString('hex'));
            expect(table.indexOf(k, 0, k.length, hashBytes(k, 0, k.length))).toBe(want ?? -1);
          }
        },
      ),
      { numRuns: 30, endOnFailure: true },
    );
  });

  it('tells keys apart by their bytes when their hashes are equal', () => {
    const table = new ByteKeys<string>(16, 64);
    const keys = Array.from({ length: 2000 }, (_, i) => Buffer.from(`key-${i}`));
    for (const k of keys) table.set(k, 0, k.length, 42, k.toString());
    for (const k of keys) expect(table.value(table.indexOf(k, 0, k.length, 42))).toBe(k.toString());
    const other = Buffer.from('key-x');
    expect(table.indexOf(other, 0, other.length, 42)).toBe(-1);
  });

  it('finds keys of whole words by their words, and no key that differs in a byte', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.uint8Array({ minLength: 1, maxLength: 40 }), {
          minLength: 1,
          maxLength: 300,
          selector: (k) => Buffer.from(k).toString('hex'),
        }),
        (raw) => {
          // Padded with zeros to whole words, after a byte no key ends in zeros with.
          const keys = raw.map((k) => {
            const b = Buffer.alloc(Math.ceil((k.length + 1) / 4) * 4);
            b.set(k);
            b[k.length] = 0xff;
            return b;
          });
          const table = new ByteKeys<number>();
          const hash = (b: Buffer) =>
            hashWords(new DataView(b.buffer, b.byteOffset, b.length), b.length);
          for (const [i, k] of keys.entries()) table.set(k, 0, k.length, hash(k), i);
          keys.forEach((k, i) => {
            const view = new DataView(k.buffer, k.byteOffset, k.length);
            expect(table.indexOfWords(view, k.length, hash(k))).toBe(i);
            const other = Buffer.from(k);
            other[other.length - 1]! ^= 1;
            const differs = new DataView(other.buffer, other.byteOffset, other.length);
            if (!keys.some((x) => x.equals(other)))
              expect(table.indexOfWords(differs, other.length, hash(other))).toBe(-1);
          });
        },
      ),
      { numRuns: 50, endOnFailure: true },
    );
  });
});
