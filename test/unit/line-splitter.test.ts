import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/parser/line-splitter.js';

function split(chunks: (string | Buffer)[], maxLine = 1024) {
  const lines: string[] = [];
  let tooLong = 0;
  const splitter = new LineSplitter(
    {
      line: (buf, start, end) => lines.push(buf.toString('latin1', start, end)),
      tooLong: () => tooLong++,
    },
    maxLine,
  );
  for (const c of chunks) splitter.push(Buffer.isBuffer(c) ? c : Buffer.from(c, 'latin1'));
  splitter.end();
  return { lines, tooLong };
}

describe('LineSplitter', () => {
  it('splits on LF and strips one CR of a CRLF end', () => {
    expect(split(['a\r\nb\nc\r\r\n']).lines).toEqual(['a', 'b', 'c\r']);
  });

  it('joins lines across chunk boundaries, including a CR/LF split', () => {
    expect(split(['ab', 'c\r', '\nd', 'e\n']).lines).toEqual(['abc', 'de']);
  });

  it('keeps a last line without a newline, and empty lines', () => {
    expect(split(['\n\nx']).lines).toEqual(['', '', 'x']);
    expect(split([]).lines).toEqual([]);
  });

  it('skips and counts lines longer than the limit, in one chunk or many', () => {
    const long = 'x'.repeat(2000);
    expect(split([`a\n${long}\nb\n`], 1024)).toEqual({ lines: ['a', 'b'], tooLong: 1 });
    const parts = [`a\n${long.slice(0, 700)}`, long.slice(700, 1500), `${long.slice(1500)}\nb`];
    expect(split(parts, 1024)).toEqual({ lines: ['a', 'b'], tooLong: 1 });
    // A line that overflows in the last chunk without newline.
    expect(split(['a\n', long], 1024)).toEqual({ lines: ['a'], tooLong: 1 });
  });

  it('keeps a line of exactly the limit, with or without CR', () => {
    const exact = 'y'.repeat(1024);
    expect(split([`${exact}\n${exact}\r\n`], 1024).lines).toEqual([exact, exact]);
    expect(split([exact.slice(0, 600), `${exact.slice(600)}\r`, '\n'], 1024).lines).toEqual([
      exact,
    ]);
  });

  it('holds at most the limit in memory while skipping a huge line', () => {
    let peak = 0;
    const splitter = new LineSplitter({ line: () => {}, tooLong: () => {} }, 4096);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let i = 0; i < 200; i++) {
      splitter.push(chunk);
      peak = Math.max(peak, (splitter as unknown as { carryLength: number }).carryLength);
    }
    splitter.end();
    expect(peak).toBeLessThanOrEqual(4097);
  });

  it('passes bytes through undecoded: invalid UTF-8 and NUL survive', () => {
    const bytes = Buffer.from([0x61, 0xff, 0x00, 0xc3, 0x0a, 0x62]);
    const out: Buffer[] = [];
    const s = new LineSplitter(
      { line: (b, st, e) => out.push(Buffer.from(b.subarray(st, e))), tooLong: () => {} },
      100,
    );
    s.push(bytes);
    s.end();
    expect(out).toEqual([Buffer.from([0x61, 0xff, 0x00, 0xc3]), Buffer.from('b')]);
  });
});
