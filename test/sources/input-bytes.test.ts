import { execFileSync } from 'node:child_process';
import { constants, deflateRawSync, gunzipSync, gzipSync, crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inputBytes } from '../../src/sources/input-bytes.js';
import { InputProblem } from '../../src/sources/input-problem.js';
import { SNIFF_BYTES } from '../../src/sources/sniff.js';
import { SEEDS } from '../helpers/record-lines.js';

/**
 * An input's chunks as text: gzip made by the gzip command (one member, and
 * several as logrotate's copies concatenate) comes out as the text it holds,
 * whatever sizes its chunks arrive in; a cut or damaged gzip gives all the
 * text inflated before the damage, then an InputProblem saying what it is.
 */

const gzip = (data: Buffer | string) => execFileSync('gzip', ['-c', '-n'], { input: data });
const TEXT = Buffer.from(
  `${Array.from({ length: 400 }, (_, i) => SEEDS[i % SEEDS.length]).join('\n')}\n`,
);
const HALF = TEXT.length >> 1;
const ONE = gzip(TEXT);
const FIRST = gzip(TEXT.subarray(0, HALF));
const TWO = Buffer.concat([FIRST, gzip(TEXT.subarray(HALF))]);

/** All the text zlib inflates from `gz`, cut or not, in one call (none dropped). */
const inflatable = (gz: Buffer) => gunzipSync(gz, { finishFlush: constants.Z_SYNC_FLUSH });

const u16 = (n: number) => Buffer.from([n & 0xff, n >>> 8]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

/** A gzip member made here (RFC 1952) with the header fields given; its CRCs are zlib's. */
function member(
  text: Buffer,
  h: {
    extra?: Buffer;
    name?: string;
    comment?: string;
    hcrc?: true | number;
    method?: number;
    flags?: number;
  },
): Buffer {
  const fields: [number, Buffer | undefined][] = [
    [0x04, h.extra && Buffer.concat([u16(h.extra.length), h.extra])],
    [0x08, h.name === undefined ? undefined : Buffer.from(`${h.name}\0`, 'latin1')],
    [0x10, h.comment === undefined ? undefined : Buffer.from(`${h.comment}\0`, 'latin1')],
  ];
  let flags = (h.flags ?? 0) | (h.hcrc === undefined ? 0 : 0x02);
  for (const [flag, bytes] of fields) if (bytes) flags |= flag;
  const head = Buffer.concat([
    Buffer.from([0x1f, 0x8b, h.method ?? 8, flags, 0, 0, 0, 0, 0, 3]),
    ...fields.flatMap(([, bytes]) => (bytes ? [bytes] : [])),
  ]);
  return Buffer.concat([
    head,
    h.hcrc === undefined ? Buffer.alloc(0) : u16(h.hcrc === true ? zlibCrc32(head) : h.hcrc),
    deflateRawSync(text),
    u32(zlibCrc32(text)),
    u32(text.length),
  ]);
}

/** `data` cut at `cuts` (fractions of its length), the pieces in order. */
function pieces(data: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => Math.floor(c * data.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const to of [...at, data.length]) {
    if (to > from) out.push(data.subarray(from, to));
    from = Math.max(from, to);
  }
  return out;
}

/** `data` in chunks cut at `cuts`. */
async function* chunked(data: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  yield* pieces(data, cuts);
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

  it('a cut gzip: all the text inflated before the cut, then an InputProblem saying it ends early', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: ONE.length - 1 }), cuts, async (end, c) => {
        const r = await readAll(chunked(ONE.subarray(0, end), c));
        expect(r.error).toBeInstanceOf(InputProblem);
        expect((r.error as Error).message).toBe(
          'the gzip data ends early, in member 1 (a cut or still-growing file): what was read before is kept; read it again once it is whole',
        );
        expect(r.text.equals(inflatable(ONE.subarray(0, end)))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('trailing bytes after the last member: all the text, then an InputProblem saying where they start', async () => {
    const says = (at: number) =>
      `trailing bytes after the last gzip member, at byte offset ${at}: what was read before is kept; read the first ${at} bytes alone: \`head -c ${at} x.gz | audit2grant\``;
    for (const [file, at] of [
      [Buffer.concat([ONE, Buffer.from('garbage\n')]), ONE.length],
      [Buffer.concat([TWO, Buffer.from([0x1f, 0x00, 0x01])]), TWO.length],
      [Buffer.concat([ONE, Buffer.alloc(300), Buffer.from('x')]), ONE.length],
      // Zeros then a member: gzip stops at the zeros, and so does this.
      [Buffer.concat([ONE, Buffer.alloc(4), ONE]), ONE.length],
    ] as const) {
      const r = await readAll(chunked(file, [0.5, 0.999]), 'x.gz');
      expect(r.text.equals(TEXT)).toBe(true);
      expect((r.error as Error).message).toBe(says(at));
    }
    const piped = await readAll(chunked(Buffer.concat([ONE, Buffer.from('x')]), []));
    expect((piped.error as Error).message).toMatch(
      new RegExp(
        `read the first ${ONE.length} bytes alone: \`\\.\\.\\. \\| head -c ${ONE.length} \\| audit2grant\`$`,
      ),
    );
  });

  it('a bad CRC-32 or length in a trailer: all the text, the member named', async () => {
    for (const [at, what] of [
      [TWO.length - 8, 'CRC-32'],
      [TWO.length - 1, 'length (ISIZE)'],
    ] as const) {
      const bad = Buffer.from(TWO);
      bad[at]! ^= 0x40;
      const r = await readAll(chunked(bad, [0.3, 0.7]), 'x.gz');
      expect(r.text.equals(TEXT)).toBe(true);
      expect((r.error as Error).message).toBe(
        `${what} mismatch in gzip member 2 (from byte offset ${FIRST.length}): its text is read but may be corrupt; check it with \`gzip -t x.gz\`, and read a sound copy`,
      );
    }
  });

  it('zero bytes after the last member are padding: all the text, no error', async () => {
    const r = await readAll(chunked(Buffer.concat([TWO, Buffer.alloc(4096)]), [0.2, 0.9]));
    expect(r.error).toBeUndefined();
    expect(r.text.equals(TEXT)).toBe(true);
  });

  it('empty members are members: alone they give nothing, among others nothing is lost', async () => {
    const empty = gzip('');
    const alone = await readAll(chunked(empty, []));
    expect(alone).toMatchObject({ text: Buffer.alloc(0), error: undefined });
    const among = await readAll(chunked(Buffer.concat([empty, ONE, empty, empty, ONE, empty]), []));
    expect(among.error).toBeUndefined();
    expect(among.text.equals(Buffer.concat([TEXT, TEXT]))).toBe(true);
  });

  it('corrupt deflate data: an InputProblem naming the member and what zlib says', async () => {
    const bad = Buffer.from(TWO);
    bad.fill(0xff, FIRST.length + 20, FIRST.length + 60);
    const r = await readAll(chunked(bad, [0.5]), 'x.gz');
    expect(TEXT.subarray(0, r.text.length).equals(r.text)).toBe(true);
    expect(r.text.length).toBeGreaterThanOrEqual(HALF);
    expect((r.error as Error).message).toMatch(
      new RegExp(
        `^corrupt gzip data in member 2 \\(from byte offset ${FIRST.length}; zlib: invalid [a-z ]+\\): what was read before is kept; check it with \`gzip -t x\\.gz\`$`,
      ),
    );
  });

  it("a header's extra field, name, comment and CRC are read as zlib reads them", async () => {
    const full = { extra: Buffer.from('AB\x02\x00xy', 'latin1'), name: 'a.log', comment: 'c' };
    const file = Buffer.concat([member(TEXT, { ...full, hcrc: true }), member(TEXT, full)]);
    expect(gunzipSync(file).equals(Buffer.concat([TEXT, TEXT]))).toBe(true);
    const r = await readAll(chunked(file, [0.0001, 0.0002, 0.5, 0.50001]));
    expect(r.error).toBeUndefined();
    expect(r.text.equals(Buffer.concat([TEXT, TEXT]))).toBe(true);
    for (const [second, what] of [
      [member(TEXT, { ...full, hcrc: 0x1234 }), 'its header CRC does not match'],
      [member(TEXT, { method: 7 }), "compression method 7, not deflate's 8"],
      [member(TEXT, { flags: 0x20 }), 'reserved flags set (32)'],
    ] as const) {
      const bad = await readAll(chunked(Buffer.concat([ONE, second]), [0.25]), 'x.gz');
      expect(bad.text.equals(TEXT)).toBe(true);
      expect((bad.error as Error).message).toBe(
        `gzip member 2 (from byte offset ${ONE.length}) has a bad header (${what}): what was read before is kept; read the first ${ONE.length} bytes alone: \`head -c ${ONE.length} x.gz | audit2grant\``,
      );
    }
  });

  it('random text in random members, damaged anywhere: exactly the text before the damage, then the problem', async () => {
    const journal = fc
      .array(fc.tuple(fc.nat(SEEDS.length - 1), fc.nat()), { minLength: 1, maxLength: 300 })
      .map((rows) => Buffer.from(rows.map(([seed, n]) => `${SEEDS[seed]} n=${n}\n`).join('')));
    const damage = fc.oneof(
      fc.record({ kind: fc.constant('none' as const) }),
      fc.record({
        kind: fc.constant('cut' as const),
        at: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      fc.record({
        kind: fc.constant('trailer' as const),
        member: fc.nat(),
        byte: fc.integer({ min: 0, max: 7 }),
        xor: fc.integer({ min: 1, max: 255 }),
      }),
      fc.record({
        kind: fc.constant('after' as const),
        member: fc.nat(),
        bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
      }),
    );
    const splits = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 });
    const level = fc.integer({ min: 1, max: 9 });
    await fc.assert(
      fc.asyncProperty(journal, splits, level, damage, cuts, async (text, at, lvl, hit, c) => {
        const parts = pieces(text, at);
        const members = parts.map((part) => gzipSync(part, { level: lvl }));
        const upTo = (i: number) => Buffer.concat(parts.slice(0, i + 1));
        const whole = Buffer.concat(members);
        const ends = members.map((_, i) => Buffer.concat(members.slice(0, i + 1)).length);
        let file = whole;
        let expected = text;
        let says: RegExp | undefined;
        if (hit.kind === 'cut') {
          file = whole.subarray(0, 2 + Math.floor(hit.at * (whole.length - 3)));
          expected = inflatable(file);
          if (!ends.includes(file.length)) says = /^the gzip data ends early, in member \d+ /;
        } else if (hit.kind === 'trailer') {
          const i = hit.member % members.length;
          file = Buffer.from(whole);
          file[ends[i]! - 8 + hit.byte]! ^= hit.xor;
          expected = upTo(i);
          says = new RegExp(`^(CRC-32|length \\(ISIZE\\)) mismatch in gzip member ${i + 1} `);
        } else if (hit.kind === 'after') {
          const i = hit.member % members.length;
          file = Buffer.concat([whole.subarray(0, ends[i]), hit.bytes]);
          expected = upTo(i);
          if (hit.bytes.some((b) => b !== 0))
            says =
              /^(trailing bytes after the last gzip member|the gzip data ends early|gzip member \d+ .* has a bad header)/;
        }
        const r = await readAll(chunked(file, c), 'x.gz');
        expect(r.text.equals(expected)).toBe(true);
        if (says === undefined) expect(r.error).toBeUndefined();
        else {
          expect(r.error).toBeInstanceOf(InputProblem);
          expect((r.error as Error).message).toMatch(says);
          expect((r.error as Error).message).not.toMatch(/\n/);
        }
      }),
      { numRuns: 100 },
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
