import { describe, expect, it } from 'vitest';
import { LineScan, SCAN_WINDOW } from '../../src/parser/line-scan.js';

const targets = (markers: string[]) => ({
  markers: markers.map((m) => Buffer.from(m)),
  firstBytes: [0x7b],
  lastBytes: [0x5d],
});

/** Writes `text` into a fresh scan's window. */
function scanOf(text: string, markers = ['type=audit', 'Suppressed ']) {
  const scan = new LineScan(targets(markers));
  const n = scan.window.write(text, 'latin1');
  return { scan, n };
}

describe('the line scan (kernel/line-scan.ts)', () => {
  it('finds the first marker that ends before the end, from any start', () => {
    const text = 'aaSuppressed 1 type=audit xx type=audi';
    const { scan, n } = scanOf(text);
    for (let from = 0; from <= n; from++) {
      const expected = [text.indexOf('Suppressed ', from), text.indexOf('type=audit', from)]
        .filter((i) => i !== -1)
        .sort((a, b) => a - b)[0];
      expect(scan.find(from, n), `from ${from}`).toBe(expected ?? -1);
    }
    // A marker cut by the end is not found, whatever lies past the end.
    expect(scan.find(0, text.indexOf('type=audit') + 9)).toBe(2);
    expect(scan.find(3, text.indexOf('type=audit') + 9)).toBe(-1);
  });

  it('finds one marker given alone, in every place of a 16-byte block', () => {
    for (let at = 0; at < 40; at++) {
      const { scan, n } = scanOf(`${'x'.repeat(at)}ab\n`, ['ab']);
      expect(scan.find(0, n)).toBe(at);
    }
  });

  it('steps over noise lines only: not past the limit, a long line, or an edge byte', () => {
    const text = 'one\ntwo\r\n{json\nthree\nfour]\r\nfive\nsix';
    const { scan, n } = scanOf(text);
    expect([scan.skip(0, n, n, 100), scan.skipped]).toEqual([text.indexOf('{'), 2]);
    expect([scan.skip(text.indexOf('three'), n, n, 100), scan.skipped]).toEqual([
      text.indexOf('four'),
      1,
    ]);
    // The last line has no line feed: it is left to the splitter.
    expect([scan.skip(text.indexOf('five'), n, n, 100), scan.skipped]).toEqual([
      text.indexOf('six'),
      1,
    ]);
    // A limit inside the second line stops before it.
    expect([scan.skip(0, 5, n, 100), scan.skipped]).toEqual([4, 1]);
    // Longer than the limit without its CR.
    expect([scan.skip(0, n, n, 2), scan.skipped]).toEqual([0, 0]);
    expect([scan.skip(4, n, n, 3), scan.skipped]).toEqual([text.indexOf('{'), 1]);
  });

  it('never reads a line feed past the end', () => {
    const { scan } = scanOf('noise\nnoise\n');
    expect([scan.skip(0, 8, 8, 100), scan.skipped]).toEqual([6, 1]);
  });

  it('has a window of SCAN_WINDOW bytes, one per scan', () => {
    const a = new LineScan(targets(['x']));
    const b = new LineScan(targets(['x']));
    expect(a.window.length).toBe(SCAN_WINDOW);
    a.window[0] = 1;
    b.window[0] = 2;
    expect(a.window[0]).toBe(1);
  });

  it('refuses what it cannot look for', () => {
    expect(() => new LineScan(targets([]))).toThrow(/one or two markers/);
    expect(() => new LineScan(targets(['a', 'b', 'c']))).toThrow(/one or two markers/);
    expect(() => new LineScan(targets(['x'.repeat(32)]))).toThrow(/1 to 31 bytes/);
  });
});
