import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SNIFF_BYTES, sniff } from '../../src/sources/sniff.js';
import { SEEDS } from '../helpers/record-lines.js';

/**
 * An input's first bytes decide what it is: journal text, gzip, or a kind
 * refused in one line naming it (and, for compressed formats, how to read them).
 */

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );
const kindOf = (buf: Buffer, path?: string) => sniff(buf, buf.length, { path });

describe('sniff', () => {
  it.each([
    ['ELF', bytes([0x7f], 'ELF', [2, 1, 1]), /^an ELF binary .*, not journalctl output$/],
    ['PNG', bytes([0x89], 'PNG\r\n\x1a\n'), /^a PNG image, not journalctl output$/],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0]), /^a JPEG image/],
    ['GIF', bytes('GIF89a'), /^a GIF image/],
    ['PDF', bytes('%PDF-1.7\n'), /^a PDF document/],
    ['zip', bytes('PK\x03\x04'), /^a zip archive: extract it \(unzip x\.log\)/],
    ['xz', bytes([0xfd], '7zXZ\0'), /^xz-compressed, .*`xz -dc x\.log \| audit2grant`$/],
    ['bzip2', bytes('BZh9'), /^bzip2-compressed, .*`bzip2 -dc x\.log \| audit2grant`$/],
    [
      'zstd',
      bytes([0x28, 0xb5, 0x2f, 0xfd]),
      /^zstd-compressed, .*`zstd -dc x\.log \| audit2grant`$/,
    ],
    ['journal', bytes('LPKSHHRH\0\0'), /`journalctl --file x\.log -o json \| audit2grant`$/],
    [
      'journal export format',
      bytes('__CURSOR=s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece7\n__REALTIME_TIMESTAMP=1\n'),
      /^journalctl's export format \(-o export\), .*-o json or -o short-iso instead, or make x\.log a journal file \(systemd-journal-remote -o x\.journal x\.log\)/,
    ],
    [
      'UTF-16 (little-endian)',
      Buffer.from('\ufeffNov 22 10:00:07 m1 nginx[1]: x\n', 'utf16le'),
      /^UTF-16 text .*: convert it, iconv -f UTF-16 -t UTF-8 x\.log \| audit2grant$/,
    ],
    ['UTF-16 (big-endian)', bytes([0xfe, 0xff, 0, 0x4e]), /^UTF-16 text /],
    [
      'tar',
      bytes('a.log'.padEnd(257, '\0'), 'ustar\0'),
      /^a tar archive: extract it \(tar -xf x\.log\)/,
    ],
  ])('refuses %s, saying what it is', (_name, head, says) => {
    const kind = kindOf(head, 'x.log');
    expect(kind.kind).toBe('refused');
    expect(kind.kind === 'refused' && kind.what).toMatch(says);
  });

  it('on standard input the hint is a pipe; a path that needs quoting is quoted', () => {
    const xz = bytes([0xfd], '7zXZ\0');
    expect(kindOf(xz)).toEqual({
      kind: 'refused',
      what: 'xz-compressed, which is not read directly: decompress it in the pipe: ... | xz -dc | audit2grant',
    });
    const quoted = kindOf(xz, "it's here.xz");
    expect(quoted.kind === 'refused' && quoted.what).toContain(`xz -dc 'it'\\''s here.xz' |`);
  });

  it('gzip by its two magic bytes', () => {
    expect(kindOf(bytes([0x1f, 0x8b, 8]))).toEqual({ kind: 'gzip' });
  });

  it('text that only looks like a magic is text: BZh without a block size, a short start', () => {
    expect(kindOf(bytes('BZh '))).toEqual({ kind: 'text' });
    expect(kindOf(bytes('PK'))).toEqual({ kind: 'text' });
    expect(kindOf(bytes(''))).toEqual({ kind: 'text' });
  });

  it('journal lines of every format, whatever follows, are text', () => {
    const lines = [...SEEDS, '{"MESSAGE":"x"}', '\x1e{"MESSAGE":"x"}', 'Nov 22 10:00:07 m x: y'];
    fc.assert(
      fc.property(
        fc.constantFrom(...lines),
        fc.uint8Array({ maxLength: SNIFF_BYTES }),
        (line, tail) => {
          const buf = Buffer.concat([Buffer.from(`${line}\n`), tail]);
          expect(kindOf(buf)).toEqual({ kind: 'text' });
        },
      ),
    );
  });

  it("journalctl's formats of another shape, after its `-- ... --` lines too, are refused", () => {
    const verbose =
      'Sun 2026-11-22 06:00:05.051755 UTC [s=908ec3a8d9354eb38dc676c4a30a807e;i=1;b=5f0c2d6e8a9b4c1d9e7f3a2b1c0d4e5f;m=1;t=2;x=3]\n    MESSAGE=x\n';
    for (const head of ['', '-- Journal begins at Sun 2026-11-22 06:00:05 UTC. --\n'])
      expect(kindOf(bytes(`${head}${verbose}`))).toMatchObject({
        kind: 'refused',
        what: expect.stringMatching(/^journalctl's verbose format \(-o verbose\)/),
      });
    expect(kindOf(bytes('[  172805.051755] m x[1]: y\n'))).toMatchObject({ kind: 'refused' });
    // A message that starts like one, after a line of a format read, is text.
    expect(kindOf(bytes(`Nov 22 10:00:07 m x: y\n${verbose}`))).toEqual({ kind: 'text' });
  });
});
