import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteKeys, hashBytes, hashWords } from '../../src/report/byte-keys.js';

/** A home of 16 slots and 512 bytes of arena in `memory`, and an empty table of that size. */
function smallHome() {
  const memory = Buffer.alloc(4096);
  const home = {
    slots: new Int32Array(memory.buffer, 0, 2 * 16),
    arena: memory.subarray(1024, 1024 + 512),
    fresh: true,
  };
  return { memory, home, table: new ByteKeys<number>(16, 512, 8) };
}

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
        fc.constantFrom(0, 8, 32),
        (keys, others, payload) => {
          // Small at first, so that both the table and the arena grow.
          const table = new ByteKeys<number>(16, 64, payload);
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

  it("keeps each record's payload with its key, through growth, in the order stored", () => {
    const table = new ByteKeys<string>(16, 64, 16);
    const keys = Array.from({ length: 500 }, (_, i) => Buffer.from(`k${'x'.repeat(i % 13)}${i}`));
    for (const [i, k] of keys.entries()) {
      table.set(k, 0, k.length, hashBytes(k, 0, k.length), k.toString());
      const at = table.found;
      expect(table.f64[(at >> 3) + 1]).toBe(0);
      table.f64[(at >> 3) + 1] = i;
      table.i32[(at >> 2) + 4] = 1000 - i;
    }
    for (const [i, k] of keys.entries()) {
      expect(table.indexOf(k, 0, k.length, hashBytes(k, 0, k.length))).toBe(i);
      expect(table.f64[(table.found >> 3) + 1]).toBe(i);
      expect(table.i32[(table.found >> 2) + 4]).toBe(1000 - i);
    }
    const order: number[] = [];
    table.forEachRecord((at) => order.push(table.f64[(at >> 3) + 1]!));
    expect(order).toEqual(keys.map((_, i) => i));
  });

  it('moves into a home and out of it, with keys and payloads, and out for good when it outgrows it', () => {
    const { memory, home, table } = smallHome();
    const keys = Array.from({ length: 40 }, (_, i) => Buffer.from(`key-${i}`));
    const store = (i: number) => {
      const k = keys[i]!;
      table.set(k, 0, k.length, hashBytes(k, 0, k.length), i);
      table.f64[(table.found >> 3) + 1] = 100 + i;
    };
    const holds = (n: number) => {
      for (const [i, k] of keys.entries()) {
        expect(table.indexOf(k, 0, k.length, hashBytes(k, 0, k.length))).toBe(i < n ? i : -1);
        if (i < n) expect(table.f64[(table.found >> 3) + 1]).toBe(100 + i);
      }
    };
    for (let i = 0; i < 4; i++) store(i);
    expect(table.moveInto(home)).toBe(true);
    expect(table.home).toBe(home);
    for (let i = 4; i < 8; i++) store(i);
    holds(8);
    // What it stored since is in the home's memory.
    expect(memory.includes(Buffer.from('key-7'))).toBe(true);
    table.moveOut();
    expect(table.home).toBeUndefined();
    memory.fill(0);
    holds(8);
    expect(table.moveInto(home)).toBe(true);
    holds(8);
    // Nine keys need more slots than a quarter of 32: it grows, out of its home.
    store(8);
    expect(table.home).toBeUndefined();
    memory.fill(0);
    holds(9);
    for (let i = 9; i < 40; i++) store(i);
    holds(40);
    // Grown, it no longer fits.
    expect(table.moveInto(home)).toBe(false);
    expect(table.home).toBeUndefined();
    holds(40);
  });

  it('moves out of its home whole when its arena outgrows the home', () => {
    const { memory, home, table } = smallHome();
    expect(table.moveInto(home)).toBe(true);
    // Keys of 100 bytes: the fifth no longer fits the home's arena, long before the slots are full.
    const keys = Array.from({ length: 6 }, (_, i) => Buffer.from(`${i}`.padEnd(100, 'k')));
    for (const [i, k] of keys.entries()) table.set(k, 0, k.length, hashBytes(k, 0, k.length), i);
    expect(table.home).toBeUndefined();
    // What the home holds now is another table's business.
    memory.fill(0);
    for (const [i, k] of keys.entries())
      expect(table.indexOf(k, 0, k.length, hashBytes(k, 0, k.length))).toBe(i);
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
          // At a word of a larger memory, as the kernel writes a key.
          const words = (k: Buffer) => {
            const memory = new Int32Array(3 + k.length / 4);
            Buffer.from(memory.buffer).set(k, 12);
            return memory;
          };
          keys.forEach((k, i) => {
            expect(table.indexOfWords(words(k), 3, k.length, hash(k))).toBe(i);
            const other = Buffer.from(k);
            other[other.length - 1]! ^= 1;
            if (!keys.some((x) => x.equals(other)))
              expect(table.indexOfWords(words(other), 3, other.length, hash(other))).toBe(-1);
          });
        },
      ),
      { numRuns: 50, endOnFailure: true },
    );
  });
});
