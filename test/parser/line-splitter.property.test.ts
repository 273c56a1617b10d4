import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CANDIDATES, mayMatter } from '../../src/parser/classify-line.js';
import { CUT_AT } from '../../src/parser/dialects.js';
import { SCAN_WINDOW } from '../../src/parser/line-scan.js';
import { LineSplitter } from '../../src/parser/line-splitter.js';
import { Aggregator } from '../../src/report/aggregate.js';
import { consume } from '../../src/sources/consume.js';
import { fileInput, filePartInput } from '../../src/sources/input.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Pieces lines are made of: markers, their halves, the bytes line ends are judged by. */
const PIECES = [
  'type=audit',
  'type=aud',
  'it ',
  'Suppressed ',
  'Suppressed 12 messages',
  'Suppresse',
  '[311B blob data]',
  'blob data]',
  '{"MESSAGE":[116,121]}',
  '{"MESSAGE":null}',
  '{"MESSAGE":"x"}',
  '\x1e',
  '{',
  ']',
  '\r',
  ' ',
  'x',
  'é',
  '\0',
  '=',
];

const line = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }) },
  { weight: 1, arbitrary: fc.array(fc.string({ maxLength: 30 }), { maxLength: 4 }) },
  // Long lines: past the scan window, past the line limit.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('n', 'type=audit '), fc.integer({ min: 1, max: 3 * 20_000 }))
      .map(([s, n]) => [s.repeat(Math.ceil(n / s.length))]),
  },
);
const text = fc.tuple(fc.array(line, { maxLength: 30 }), fc.boolean()).map(([lines, lastEnds]) => {
  const joined = lines.map((l) => l.join('').replace(/\n/g, '')).join('\n');
  return Buffer.from(lastEnds && lines.length > 0 ? `${joined}\n` : joined, 'utf8');
});

/** What the splitter should report, worked out line by line the slow way. */
function reference(bytes: Buffer, maxLine: number): string[] {
  const out: string[] = [];
  const parts = bytes.toString('latin1').split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  for (const part of parts) {
    const raw = Buffer.from(part, 'latin1');
    const end = raw.length > 0 && raw[raw.length - 1] === 0x0d ? raw.length - 1 : raw.length;
    if (end > maxLine) out.push('<too long>');
    else if (CANDIDATES.markers.some((m) => raw.indexOf(m) !== -1) || mayMatter(raw, 0, end)) {
      out.push(raw.toString('latin1', 0, end));
    } else out.push('<noise>');
  }
  return out;
}

function splitter(out: string[], maxLine: number): LineSplitter {
  return new LineSplitter(
    {
      line: (buf, start, end) => out.push(buf.toString('latin1', start, end)),
      noise: (n) => {
        for (let i = 0; i < n; i++) out.push('<noise>');
      },
      tooLong: () => out.push('<too long>'),
    },
    maxLine,
    CANDIDATES,
  );
}

function split(chunks: Buffer[], maxLine: number): string[] {
  const out: string[] = [];
  const s = splitter(out, maxLine);
  for (const c of chunks) s.push(c);
  s.end();
  return out;
}

function cut(bytes: Buffer, sizes: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = sizes.length > 0 ? sizes[i % sizes.length]! : bytes.length;
    chunks.push(bytes.subarray(at, at + n));
    at += n;
  }
  return chunks;
}

const maxLine = fc.constantFrom(8, 40, 1024, 50_000, 1024 * 1024);
const sizes = fc.array(fc.integer({ min: 1, max: 2 * SCAN_WINDOW + 7 }), { maxLength: 5 });

describe('line splitter with the byte scan', () => {
  it('hands over, skips and counts every line as a line-by-line reading does, whatever the chunking', () => {
    fc.assert(
      fc.property(text, maxLine, sizes, (bytes, max, chunkSizes) => {
        expect(split(cut(bytes, chunkSizes), max)).toEqual(reference(bytes, max));
      }),
      { numRuns: 400 },
    );
  });

  it('says where each line it hands over starts in the stream, counted from the first byte given', () => {
    fc.assert(
      fc.property(text, maxLine, sizes, fc.nat(), (bytes, max, chunkSizes, firstByte) => {
        const misplaced: string[] = [];
        let handed = 0;
        const s: LineSplitter = new LineSplitter(
          {
            line: (buf, start, end) => {
              handed++;
              const at = s.lineAt - firstByte;
              const line = buf.toString('latin1', start, end);
              if (bytes.toString('latin1', at, at + end - start) !== line) misplaced.push(line);
              // A line starts the stream or follows a line end.
              else if (at > 0 && bytes[at - 1] !== 0x0a) misplaced.push(line);
            },
            noise: () => {},
            tooLong: () => {},
          },
          max,
          CANDIDATES,
          firstByte,
        );
        for (const c of cut(bytes, chunkSizes)) s.push(c);
        s.end();
        expect(misplaced).toEqual([]);
        const kept = reference(bytes, max).filter((l) => l !== '<noise>' && l !== '<too long>');
        expect(handed).toBe(kept.length);
      }),
      { numRuns: 400 },
    );
  });

  it('tells the line before each line it hands over when it is as long as a cut one, whatever the chunking', () => {
    // Lines around CUT_AT, noise and marker lines, some ending in CR.
    const around = fc
      .tuple(fc.integer({ min: CUT_AT - 3, max: CUT_AT + 60 }), fc.boolean(), fc.boolean())
      .map(([n, marker, cr]) => `${marker ? 'type=audit ' : ''}${'y'.repeat(n)}${cr ? '\r' : ''}`);
    const short = fc.constantFrom(
      'type=audit a',
      'noise',
      '',
      '{"MESSAGE":null}',
      'type=audit b\r',
    );
    const lines = fc.array(fc.oneof(around, short), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(lines, fc.boolean(), sizes, (ls, lastEnds, chunkSizes) => {
        const bytes = Buffer.from(ls.join('\n') + (lastEnds ? '\n' : ''), 'latin1');
        const wrong: string[] = [];
        const s: LineSplitter = new LineSplitter(
          {
            line: (buf, start) => {
              const at = s.lineAt;
              const before = at === 0 ? -1 : bytes.lastIndexOf(0x0a, at - 2);
              let prev = at === 0 ? undefined : bytes.subarray(before + 1, at - 1);
              if (prev && prev.at(-1) === 0x0d) prev = prev.subarray(0, -1);
              const want = prev && prev.length >= CUT_AT ? prev.toString('latin1') : undefined;
              const got = s.longLineBefore(buf, start)?.toString('latin1');
              if (got !== want) wrong.push(`line at ${at}: ${got?.length} for ${want?.length}`);
            },
            noise: () => {},
            tooLong: () => {},
          },
          1024 * 1024,
          CANDIDATES,
        );
        for (const c of cut(bytes, chunkSizes)) s.push(c);
        s.end();
        expect(wrong).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('gives each stream its own lines when splitters fed in turns share one scan window', () => {
    fc.assert(
      fc.property(text, text, sizes, (a, b, chunkSizes) => {
        const outA: string[] = [];
        const outB: string[] = [];
        const sa = splitter(outA, 1024);
        const sb = splitter(outB, 1024);
        const ca = cut(a, chunkSizes);
        const cb = cut(b, chunkSizes);
        for (let i = 0; i < Math.max(ca.length, cb.length); i++) {
          if (ca[i]) sa.push(ca[i]!);
          if (cb[i]) sb.push(cb[i]!);
        }
        sa.end();
        sb.end();
        expect(outA).toEqual(reference(a, 1024));
        expect(outB).toEqual(reference(b, 1024));
      }),
      { numRuns: 100 },
    );
  });

  it('asks mayMatter only about what the scan lets through: a line it picks starts or ends with a byte of interest', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }), (pieces) => {
        const b = Buffer.from(pieces.join('').replace(/[\r\n]/g, ''), 'utf8');
        if (!mayMatter(b, 0, b.length)) return;
        const edge =
          CANDIDATES.firstBytes.includes(b[0]!) || CANDIDATES.lastBytes.includes(b[b.length - 1]!);
        expect(edge).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('reading a regular file without a stream', () => {
  const dir = tempDir('a2g-read-');
  let n = 0;

  it('counts what reading the same bytes as a stream counts, whole or in ranges', async () => {
    await fc.assert(
      fc.asyncProperty(text, maxLine, fc.nat(), async (bytes, max, cutAt) => {
        const path = join(dir, `in-${n++}.log`);
        writeFileSync(path, bytes);
        const read = async (input: Parameters<typeof consume>[0]) => {
          const agg = new Aggregator();
          const status = await consume(input, agg, { maxLine: max });
          return { stats: agg.stats, lines: status.lines, bytes: status.bytes };
        };
        const stream = await read({ source: path, open: () => Readable.from([bytes]) });
        expect(await read(fileInput(path))).toEqual(stream);
        // Two ranges cut at a line start add up to the whole.
        const nl = bytes.indexOf(0x0a, cutAt % (bytes.length + 1));
        if (nl === -1 || nl + 1 >= bytes.length) return;
        const a = await read(filePartInput(path, 0, nl + 1, 0));
        const b = await read(filePartInput(path, nl + 1, bytes.length, a.lines));
        expect(a.lines + b.lines).toBe(stream.lines);
        expect(a.bytes + b.bytes).toBe(bytes.length);
      }),
      { numRuns: 100 },
    );
  });
});
