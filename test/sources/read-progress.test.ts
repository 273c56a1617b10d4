import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileInput } from '../../src/sources/input.js';
import {
  knownSize,
  PROGRESS_DELAY_MS,
  ReadProgress,
  readLine,
} from '../../src/sources/read-progress.js';
import { StatusLine } from '../../src/sources/status-line.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * The status line of files and stdin, on a clock of vitest's (fake timers):
 * what it says, when it is drawn, how it is cut and erased.
 */

function sink(columns?: number) {
  const writes: string[] = [];
  return { writes, columns, write: (t: string) => writes.push(t) };
}
const ERASE = '\r\u001b[2K';
const MiB = 1024 * 1024;

describe('readLine', () => {
  it('bytes, records, rate; with a size known, the share and the time left', () => {
    expect(readLine({ bytes: 30 * MiB, records: 1200, elapsedMs: 2000 })).toBe(
      'audit2grant: read 30 MiB, 1200 audit records, 15 MiB/s',
    );
    expect(readLine({ bytes: 30 * MiB, records: 1200, elapsedMs: 2000, total: 120 * MiB })).toBe(
      'audit2grant: read 30 MiB of 120 MiB (25%), 1200 audit records, 15 MiB/s, about 6 s left',
    );
    expect(readLine({ bytes: MiB, records: 0, elapsedMs: 10_000, total: 200 * MiB })).toBe(
      'audit2grant: read 1.0 MiB of 200 MiB (0%), 0 audit records, 102 KiB/s, about 33 min left',
    );
    // Nothing read yet: no rate to guess the time left from.
    expect(readLine({ bytes: 0, records: 0, elapsedMs: 1000, total: MiB })).toBe(
      'audit2grant: read 0 B of 1.0 MiB (0%), 0 audit records, 0 B/s',
    );
  });
});

describe('knownSize', () => {
  const dir = tempDir('a2g-progress-');
  it('the sum of the files; unknown when one input has no size (a FIFO, a missing file)', () => {
    writeFileSync(join(dir, 'a'), 'x'.repeat(10));
    writeFileSync(join(dir, 'b'), 'y'.repeat(32));
    expect(knownSize([fileInput(join(dir, 'a')), fileInput(join(dir, 'b'))])).toBe(42);
    expect(knownSize([fileInput(join(dir, 'a')), fileInput(join(dir, 'none'))])).toBeUndefined();
    expect(knownSize([fileInput('/dev/null')])).toBeUndefined();
    expect(knownSize([])).toBe(0);
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    expect(knownSize([fileInput(join(dir, 'a')), fileInput(join(dir, 'fifo'))])).toBeUndefined();
  });
});

describe('the status line', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('nothing in the first second; then drawn, redrawn at most every 250 ms, erased at the end', () => {
    const out = sink(200);
    let records = 0;
    const p = new ReadProgress(out, () => records, 4 * MiB);
    p.bytes(MiB);
    vi.advanceTimersByTime(PROGRESS_DELAY_MS - 1);
    expect(out.writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(out.writes).toEqual([
      `${ERASE}audit2grant: read 1.0 MiB of 4.0 MiB (25%), 0 audit records, 1.0 MiB/s, about 3 s left`,
    ]);
    records = 7;
    p.bytes(MiB);
    p.bytes(MiB);
    vi.advanceTimersByTime(249);
    expect(out.writes).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(out.writes.at(-1)).toBe(
      `${ERASE}audit2grant: read 3.0 MiB of 4.0 MiB (75%), 7 audit records, 2.4 MiB/s, about 1 s left`,
    );
    p.log('audit2grant: b.log: no such file: check the path');
    expect(out.writes.slice(-3)).toEqual([
      ERASE,
      'audit2grant: b.log: no such file: check the path\n',
      expect.stringMatching(/^\r\u001b\[2Kaudit2grant: read 3\.0 MiB/),
    ]);
    p.end();
    expect(out.writes.at(-1)).toBe(ERASE);
    const n = out.writes.length;
    p.bytes(MiB);
    vi.advanceTimersByTime(10_000);
    expect(out.writes).toHaveLength(n);
  });

  it('a read over within the second shows nothing at all, a note included', () => {
    const out = sink(80);
    const p = new ReadProgress(out, () => 50, undefined);
    p.bytes(100);
    vi.advanceTimersByTime(500);
    p.log('audit2grant: -: interrupted');
    p.end();
    vi.advanceTimersByTime(5000);
    expect(out.writes).toEqual(['audit2grant: -: interrupted\n']);
  });

  it('a stalled input still gets its line after a second', () => {
    const out = sink(80);
    new ReadProgress(out, () => 0, undefined);
    vi.advanceTimersByTime(PROGRESS_DELAY_MS);
    expect(out.writes).toEqual([`${ERASE}audit2grant: read 0 B, 0 audit records, 0 B/s`]);
  });

  it('cut to the terminal: never as wide as it, so that it cannot wrap', () => {
    const out = sink(20);
    const line = new StatusLine(out, () => 'audit2grant: a long status line', 100);
    line.draw();
    expect(out.writes).toEqual([`${ERASE}audit2grant: a lon…`]);
    const wide = sink(undefined);
    new StatusLine(wide, () => 'x'.repeat(300)).draw();
    expect(wide.writes[0]).toHaveLength(300 + ERASE.length);
  });
});
