import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputProblem, inputBytes } from '../../src/sources/input-bytes.js';
import { SNIFF_BYTES } from '../../src/sources/sniff.js';
import { SEEDS } from '../helpers/record-lines.js';

/**
 * An input's chunks as text: gzip made by the gzip command (one member, and
 * several as logrotate's copies concatenate) comes out as the text it holds,
 * whatever sizes its chunks arrive in; a cut or corrupt gzip ends with an
 * InputProblem after the text before the damage.
 */

const gzip = (data: Buffer | string) => execFileSync('gzip', ['-c', '-n'], { input: data });
const TEXT = Buffer.from(
  `${Array.from({ length: 400 }, (_, i) => SEEDS[i % SEEDS.length]).join('\n')}\n`,
);
const HALF = TEXT.length >> 1;
const ONE = gzip(TEXT);
const TWO = Buffer.concat([gzip(TEXT.subarray(0, HALF)), gzip(TEXT.subarray(HALF))]);

/** `data` in chunks cut at `cuts` (fractions of its length). */
async function* chunked(data: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  const at = [...new Set(cuts.map((c) => Math.floor(c * data.length)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...at, data.length]) {
    if (to > from) yield data.subarray(from, to);
    from = Math.max(from, to);
  }
}

async function readAll(chunks: AsyncIterable<Buffer>, path?: string) {
  const out: Buffer[] = [];
  let raw = 0;
  let error: unknown;
  try {
    for await (const c of inputBytes(chunks, { path }, (n) => (raw += n))) out.push(c);
  } catch (err) {
    error = err;
  }
  return { text: Buffer.concat(out), raw, error };
}

const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });

describe('inputBytes', () => {
  it('text passes as it is, in whatever chunks; every raw byte is counted', async () => {
    await fc.assert(
      fc.asyncProperty(cuts, async (c) => {
        const r = await readAll(chunked(TEXT, c));
        expect(r.error).toBeUndefined();
        expect(r.text.equals(TEXT)).toBe(true);
        expect(r.raw).toBe(TEXT.length);
      }),
    );
  });

  it('gzip of one member or two is inflated, in whatever chunks; raw counts the compressed bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(ONE, TWO), cuts, async (file, c) => {
        const r = await readAll(chunked(file, c));
        expect(r.error).toBeUndefined();
        expect(r.text.equals(TEXT)).toBe(true);
        expect(r.raw).toBe(file.length);
      }),
    );
  });

  it('a cut gzip: the text before the cut, then an InputProblem saying it ends early', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 10, max: ONE.length - 9 }), cuts, async (end, c) => {
        const r = await readAll(chunked(ONE.subarray(0, end), c));
        expect(r.error).toBeInstanceOf(InputProblem);
        expect((r.error as Error).message).toMatch(/^the gzip data ends early/);
        expect(TEXT.subarray(0, r.text.length).equals(r.text)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('corrupt gzip: an InputProblem naming it', async () => {
    const bad = Buffer.from(ONE);
    bad.fill(0xff, 20, 60);
    const r = await readAll(chunked(bad, [0.5]));
    expect(r.error).toBeInstanceOf(InputProblem);
    expect((r.error as Error).message).toMatch(
      /^corrupt gzip data \(.+\): what was read before is kept$/,
    );
  });

  it('a magic split over tiny chunks is still seen', async () => {
    const bytes = [...ONE.subarray(0, SNIFF_BYTES + 3)].map((b) => Buffer.from([b]));
    const r = await readAll(
      (async function* () {
        yield* bytes;
        yield ONE.subarray(SNIFF_BYTES + 3);
      })(),
    );
    expect(r.text.equals(TEXT)).toBe(true);
    const elf = await readAll(
      chunked(Buffer.from('\x7fELF\x02\x01\x01', 'latin1'), [0.2, 0.4]),
      'true',
    );
    expect((elf.error as Error).message).toMatch(/^an ELF binary/);
  });

  it('inside gzip, a tar archive or gzip again is refused as such', async () => {
    const tar = execFileSync('tar', ['-cf', '-', '-C', '/bin', 'true']);
    const tgz = await readAll(chunked(gzip(tar), [0.3]), 'x.tgz');
    expect((tgz.error as Error).message).toBe(
      'a tar archive: extract it (tar -xf x.tgz) and name the journal files in it (gzip-compressed)',
    );
    const twice = await readAll(chunked(gzip(ONE), []), 'x.gz.gz');
    expect((twice.error as Error).message).toMatch(/^gzip-compressed twice/);
  });

  it('an empty input gives nothing, and no error', async () => {
    const r = await readAll(chunked(Buffer.alloc(0), []));
    expect(r).toEqual({ text: Buffer.alloc(0), raw: 0, error: undefined });
  });
});
