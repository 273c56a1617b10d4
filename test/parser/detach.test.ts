import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { detach } from '../../src/parser/detach.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap growth, in MiB, of keeping `keep` of each of 40 one-MiB lines. */
function retained(keep: (line: string) => string): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: string[] = [];
  for (let i = 0; i < 40; i++) {
    // A line in the V8 heap, as a decoded journal line is.
    const line = JSON.parse(JSON.stringify(`${'ab'.repeat(2 ** 19)}${i}`)) as string;
    kept.push(keep(line.slice(1000, 1040)));
  }
  gc();
  const grown = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  expect(kept).toHaveLength(40);
  return grown;
}

describe('detach', () => {
  it('keeps a value without the line it was cut from', () => {
    // The check can fail: a plain slice keeps all forty lines.
    expect(retained((s) => s)).toBeGreaterThan(30);
    expect(retained(detach)).toBeLessThan(5);
  });

  it('returns the same text', () => {
    for (const s of ['', 'a', 'svc-0-principal', 'dcos:mesos:master:framework:role:\u2028x\ud800'])
      expect(detach(s)).toBe(s);
  });
});
