import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CANDIDATES } from '../../src/parser/classify-line.js';
import { KEY_ID } from '../../src/parser/dialects.js';
import { LineScan } from '../../src/parser/line-scan.js';
import { findAuditRun, PairRun } from '../../src/parser/pairs.js';
import { RecordScan } from '../../src/parser/record-scan.js';
import { hashWords } from '../../src/report/byte-keys.js';

/** Where `word` first stands wholly inside `b[from, end)`, by hand. */
function firstAt(b: Buffer, word: Buffer, from: number, end: number): number {
  for (let i = from; i + word.length <= end; i++)
    if (b.subarray(i, i + word.length).equals(word)) return i;
  return -1;
}

const bytesOf = (alphabet: string, maxLength: number) =>
  fc
    .array(fc.constantFrom(...alphabet), { maxLength })
    .map((cs) => Buffer.from(cs.join(''), 'latin1'));

describe('the byte kernel (record-scan.ts)', () => {
  it('numbers the keys read by name as the text parser does (KEY_ID)', () => {
    const scan = new RecordScan(new LineScan(CANDIDATES));
    const names = Object.keys(KEY_ID).filter((k) => k !== 'type');
    // Each key once, after type=audit and an unknown key, in reverse order.
    const line = Buffer.from(
      `x=1 type=audit ${names
        .map((k) => `${k}=v`)
        .reverse()
        .join(' ')}`,
    );
    const at = scan.place(line, 0, line.length);
    expect(scan.findAudit(at, at + line.length)).toBe(true);
    for (const [name, id] of Object.entries(KEY_ID)) {
      const pair = scan.pairOf(id);
      expect(pair, name).not.toBe(-1);
      const key = scan.memory.toString('latin1', scan.keyStart(pair), scan.keyEnd(pair));
      expect(key, `key ${id}`).toBe(name);
    }
  });

  it('ends a key where the text parser does, at any printable byte in any place', () => {
    // Keys are scanned 16 bytes at a time: places on and past each step's edge.
    const scan = new RecordScan(new LineScan(CANDIDATES));
    for (let c = 0x20; c <= 0x7e; c++) {
      for (const k of [0, 1, 14, 15, 16, 17, 31, 32, 39]) {
        const key = `${'a'.repeat(k)}${String.fromCharCode(c)}${'b'.repeat(39 - k)}`;
        const text = `type=audit ${key}=v uid=x`;
        const line = Buffer.from(text, 'latin1');
        const at = scan.place(line, 0, line.length);
        const run = findAuditRun(text, 0, new PairRun())!;
        const where = `${c} at ${k}`;
        expect(scan.findAudit(at, at + line.length), where).toBe(true);
        expect(scan.count, where).toBe(run.count);
        for (let i = 0; i < run.count; i++) {
          expect(scan.keyEnd(i) - at, where).toBe(run.keyEnd(i));
          expect(scan.valueEnd(i) - at, where).toBe(run.valueEnd(i));
        }
      }
    }
  });

  it('finds a word as a byte-by-byte search does, from any start to any end', () => {
    const memory = new LineScan(CANDIDATES);
    fc.assert(
      fc.property(
        bytesOf('ab =', 200),
        bytesOf('ab =', 12).filter((w) => w.length > 0),
        fc.nat(),
        fc.nat(),
        (line, word, a, b) => {
          // Words are kept for good: a scan per run, in the same memory.
          const scan = new RecordScan(memory);
          const at = scan.place(line, 0, line.length);
          const kept = scan.word(word);
          const copy = scan.memory.subarray(at, at + line.length);
          const from = a % (line.length + 1);
          const end = from + (b % (line.length - from + 1));
          const found = scan.find(kept, at + from, at + end);
          expect(found === -1 ? -1 : found - at).toBe(firstAt(copy, word, from, end));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('tells printable ASCII from any other byte, wherever it stands', () => {
    const scan = new RecordScan(new LineScan(CANDIDATES));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const line = Buffer.from(bytes);
        const at = scan.place(line, 0, line.length);
        expect(scan.printable(at, at + line.length)).toBe(
          bytes.every((c) => c >= 0x20 && c <= 0x7e),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('finds one byte that is not printable at any place of a line of any length', () => {
    // Random bytes hold one early; here every place is tried, past each step's edge.
    const scan = new RecordScan(new LineScan(CANDIDATES));
    const bad = [0x00, 0x1f, 0x7f, 0x80, 0xff];
    for (let n = 0; n <= 100; n++) {
      const line = Buffer.alloc(n, 0x61);
      const at = scan.place(line, 0, n);
      expect(scan.printable(at, at + n), `length ${n}`).toBe(true);
      for (let i = 0; i < n; i++) {
        const c = bad[(n + i) % bad.length]!;
        scan.memory[at + i] = c;
        expect(scan.printable(at, at + n), `length ${n}, ${c} at ${i}`).toBe(false);
        scan.memory[at + i] = i % 2 === 0 ? 0x20 : 0x7e;
      }
    }
  });

  it('builds and hashes what a denial said as the aggregator does from text, for any parts', () => {
    const memory = new LineScan(CANDIDATES);
    const scan = new RecordScan(memory);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        bytesOf('ab:-/_.0', 60),
        bytesOf('ab:-/_.0', 300),
        bytesOf('ab:-/_.0', 30),
        fc.integer(),
        fc.nat(40),
        (code, uid, object, action, seed, gap) => {
          // The three parts lie in the window with bytes between them, as in a line.
          const parts = [uid, object, action];
          const at: number[] = [];
          let p = gap;
          for (const part of parts) {
            at.push(p);
            part.copy(memory.window, p);
            p += part.length + gap + 1;
          }
          const base = memory.window.byteOffset;
          const n = scan.said(
            code,
            base + at[0]!,
            base + at[0]! + uid.length,
            base + at[1]!,
            base + at[1]! + object.length,
            base + at[2]!,
            base + at[2]! + action.length,
            seed,
          );
          // SaidKey's layout: the code, each part then 0xff, zeros to a multiple of 4.
          const body = Buffer.concat([
            Buffer.from([code]),
            ...parts.flatMap((part) => [part, Buffer.from([0xff])]),
          ]);
          const expected = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
          expect(n).toBe(expected.length);
          expect(scan.memory.subarray(scan.saidAt, scan.saidAt + n)).toEqual(expected);
          const words = new DataView(expected.buffer, expected.byteOffset, expected.length);
          expect(scan.saidHash).toBe(hashWords(words, n, seed));
        },
      ),
    );
  });
});
