import { describe, expect, it } from 'vitest';
import { fitRows, LiveView } from '../../../src/cli/follow/live.js';
import type { LiveModel } from '../../../src/output/live-view.js';

/** A terminal's stderr as the view sees it: its size, and what is written. */
function stream(columns: number, rows: number) {
  const writes: string[] = [];
  return { writes, columns, rows, write: (t: string) => writes.push(t) > 0 };
}

const model = (recent: string[]): LiveModel => ({
  anyNewDenial: true,
  quiet: 5000,
  recordsPerSecond: 10,
  sources: [],
  accounts: new Map(),
  recent,
});

describe('the live view on a terminal', () => {
  it('is kept within the terminal height, its first lines and how to end it', () => {
    expect(fitRows(['a', 'b', 'c', 'd', 'end'], 4)).toEqual(['a', 'b', 'end']);
    expect(fitRows(['a', 'b', 'end'], 24)).toEqual(['a', 'b', 'end']);
    expect(fitRows(['a', 'b', 'c', 'end'], 1)).toEqual(['a', 'end']);
    const s = stream(80, 4);
    new LiveView(s as unknown as NodeJS.WriteStream).draw(model(['one', 'two', 'three']));
    expect(s.writes[0]!.split('\n').filter(Boolean)).toHaveLength(3);
  });
});
