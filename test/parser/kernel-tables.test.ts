import asc from 'assemblyscript/asc';
import { describe, expect, it } from 'vitest';
import { matcher, wordTest } from '../../scripts/kernel-tables.mjs';

// The matchers scripts/kernel-tables.mjs writes for the kernel compare a
// word 8, 4, 2 or 1 bytes at a time, the last load overlapping the one
// before: here for words of every length from 1 to 20, compiled and run,
// against every word a byte away.

/** Two words of each length, differing in their last byte only. */
const WORDS: [string, number][] = [];
for (let n = 1; n <= 20; n++) {
  const stem = 'abcdefghijklmnopqrstuvwxyz_-'.slice(0, n - 1);
  WORDS.push([`${stem}x`, WORDS.length], [`${stem}y`, WORDS.length + 1]);
}

async function compiled(): Promise<{
  memory: WebAssembly.Memory;
  numberOf(p: number, n: number): number;
  isLongest(p: number, n: number): number;
}> {
  const longest = WORDS[WORDS.length - 1]![0];
  const source = `${matcher('numberOf', 'The word.', WORDS)}\n${wordTest('isLongest', 'The longest.', longest)}`;
  const { binary, error, stderr } = await asc.compileString(source, {
    optimizeLevel: 3,
    runtime: 'stub',
    initialMemory: 1,
  });
  expect(error, String(stderr)).toBeNull();
  const instance = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(binary!)));
  return instance.exports as never;
}

describe('the matchers the kernel is given', () => {
  it('find each word of any length, and no word a byte away or of another length', async () => {
    const kernel = await compiled();
    const memory = Buffer.from(kernel.memory.buffer);
    const at = 64;
    const numberOf = (text: string, n = text.length) => {
      memory.fill(0x2e, at, at + 64);
      memory.write(text, at, 'latin1');
      return kernel.numberOf(at, n);
    };
    const known = new Map(WORDS);
    for (const [word, number] of WORDS) {
      expect(numberOf(word), word).toBe(number);
      expect(numberOf(word, word.length - 1), `${word} less a byte`).toBe(
        known.get(word.slice(0, -1)) ?? -1,
      );
      expect(numberOf(`${word}x`), `${word}x`).toBe(known.get(`${word}x`) ?? -1);
      for (let i = 0; i < word.length; i++) {
        for (const c of ['x', 'y', 'A', '\x00', '\xff']) {
          const other = word.slice(0, i) + c + word.slice(i + 1);
          expect(numberOf(other), other).toBe(known.get(other) ?? -1);
        }
      }
    }
    const longest = WORDS[WORDS.length - 1]![0];
    memory.write(longest, at, 'latin1');
    expect(kernel.isLongest(at, longest.length)).toBe(1);
    expect(kernel.isLongest(at, longest.length - 1)).toBe(0);
    memory.write('z', at + longest.length - 1, 'latin1');
    expect(kernel.isLongest(at, longest.length)).toBe(0);
  });
});
