import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/parser/line-splitter.js';

function split(chunks: (string | Buffer)[], maxLine = 1024, markers?: string[]) {
  const lines: string[] = [];
  let tooLong = 0;
  const splitter = new LineSplitter(
    {
      line: (buf, start, end) => lines.push(buf.toString('latin1', start, end)),
      noise: (n) => {
        for (let i = 0; i < n; i++) lines.push('<noise>');
      },
      tooLong: () => tooLong++,
    },
    maxLine,
    markers && {
      markers: markers.map((m) => Buffer.from(m)),
      firstBytes: [],
      lastBytes: [],
      mayMatter: () => false,
    },
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

  it("tells the next file's first line the line a file ended with (a rotation read on)", () => {
    const before: (number | undefined)[] = [];
    const splitter: LineSplitter = new LineSplitter(
      {
        line: (buf, start) => before.push(splitter.longLineBefore(buf, start)?.length),
        noise: () => {},
        tooLong: () => {},
      },
      1 << 20,
    );
    // The old file ends with a line as long as a cut one, without its newline.
    splitter.push(Buffer.from(`a\n${'x'.repeat(2048)}`));
    splitter.end();
    splitter.push(Buffer.from('type=audit b\n'));
    splitter.end();
    expect(before).toEqual([undefined, undefined, 2048]);
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
    const splitter = new LineSplitter({ line: () => {}, noise: () => {}, tooLong: () => {} }, 4096);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let i = 0; i < 200; i++) {
      splitter.push(chunk);
      peak = Math.max(peak, (splitter as unknown as { carryLength: number }).carryLength);
    }
    splitter.end();
    expect(peak).toBeLessThanOrEqual(4097);
  });

  it('hands the last line over once, even when the sink throws on it', () => {
    let calls = 0;
    const s = new LineSplitter(
      {
        line: () => {
          calls++;
          throw new Error('sink failed');
        },
        noise: () => {},
        tooLong: () => {},
      },
      100,
    );
    s.push(Buffer.from('last line without a line end'));
    expect(() => s.end()).toThrow('sink failed');
    s.end();
    expect(calls).toBe(1);
  });

  it('passes bytes through undecoded: invalid UTF-8 and NUL survive', () => {
    const bytes = Buffer.from([0x61, 0xff, 0x00, 0xc3, 0x0a, 0x62]);
    const out: Buffer[] = [];
    const s = new LineSplitter(
      {
        line: (b, st, e) => out.push(Buffer.from(b.subarray(st, e))),
        noise: () => {},
        tooLong: () => {},
      },
      100,
    );
    s.push(bytes);
    s.end();
    expect(out).toEqual([Buffer.from([0x61, 0xff, 0x00, 0xc3]), Buffer.from('b')]);
  });

  it('hands over only lines holding a marker; the rest is counted as noise', () => {
    const text = 'noise\nhas type=audit here\nmore noise\nA blob data] line\n\nlast type=audit';
    expect(split([text], 1024, ['type=audit', 'blob data]']).lines).toEqual([
      '<noise>',
      'has type=audit here',
      '<noise>',
      'A blob data] line',
      '<noise>',
      'last type=audit',
    ]);
  });

  it('finds markers that cross chunk boundaries, whatever the chunking', () => {
    const text = 'x type=audit 1\nnoise\nnoise type=audi\nt=audit? no\ny type=audit 2\n';
    const whole = split([text], 1024, ['type=audit']).lines;
    expect(whole).toEqual(['x type=audit 1', '<noise>', '<noise>', '<noise>', 'y type=audit 2']);
    for (let size = 1; size < text.length; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(split(chunks, 1024, ['type=audit']).lines, `chunks of ${size}`).toEqual(whole);
    }
  });

  it('counts an over-long noise line as too long, not as noise', () => {
    expect(split([`ok\n${'n'.repeat(50)}\n`], 20, ['type=audit'])).toEqual({
      lines: ['<noise>'],
      tooLong: 1,
    });
  });
});
