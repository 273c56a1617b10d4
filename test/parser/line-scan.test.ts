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

  it('steps over noise lines only (counting none): not to a marker, past a long line, or an edge byte', () => {
    const text = 'one\ntwo\r\n{json\nthree\nfour]\r\nfive\nsix';
    const { scan, n } = scanOf(text);
    const step = (from: number, marker: number, max = 100) => [
      scan.sweep(from, marker, n, max, 0),
      scan.skipped,
      scan.lineEnd,
      scan.marker,
      scan.holds,
    ];
    const lf = (after: string) => text.indexOf('\n', text.indexOf(after));
    expect(step(0, -1)).toEqual([text.indexOf('{'), 2, lf('{'), -1, false]);
    expect(step(text.indexOf('three'), -1)).toEqual([
      text.indexOf('four'),
      1,
      lf('four'),
      -1,
      false,
    ]);
    // The last line has no line feed: it is left to the splitter.
    expect(step(text.indexOf('five'), -1)).toEqual([text.indexOf('six'), 1, -1, -1, false]);
    // A marker inside the second line stops before it; the next marker is looked for after it.
    expect(step(0, 5)).toEqual([4, 1, lf('two'), -1, true]);
    // Longer than the limit without its CR.
    expect(step(0, -1, 2)).toEqual([0, 0, 3, -1, false]);
    expect(step(4, -1, 3)).toEqual([text.indexOf('{'), 1, lf('{'), -1, false]);
  });

  it('finds the next marker after the line that holds the one given, and keeps one further on', () => {
    const text = 'a type=audit\nnoise\nb type=audit\nnoise\n';
    const { scan, n } = scanOf(text);
    const second = text.lastIndexOf('type=audit');
    expect(scan.sweep(0, 2, n, 100, 0)).toBe(0);
    expect([scan.lineEnd, scan.marker]).toEqual([12, second]);
    expect(scan.sweep(13, second, n, 100, 0)).toBe(text.indexOf('b '));
    expect([scan.skipped, scan.lineEnd, scan.marker]).toEqual([1, text.indexOf('\n', second), -1]);
  });

  it('never reads a line feed past the end', () => {
    const { scan } = scanOf('noise\nnoise\n');
    expect([scan.sweep(0, -1, 8, 100, 0), scan.skipped, scan.lineEnd]).toEqual([6, 1, -1]);
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
