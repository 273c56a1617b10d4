import { shellWord } from '../text/shell-quote.js';

/**
 * What an input is, from its first bytes: journal text, gzip (read through
 * zlib), or something else that is refused in one line saying what it is,
 * instead of being read as hundreds of "not audit" lines. Only magic bytes
 * decide: journal text may hold any byte (invalid UTF-8, NUL) and is read as
 * it is.
 */

export type InputKind = { kind: 'text' } | { kind: 'gzip' } | { kind: 'refused'; what: string };

/** How the refusal names the input and how to read it in a pipe. */
export interface Named {
  /** `FILE` in a command, or undefined for standard input. */
  path?: string | undefined;
}

interface Magic {
  /** The bytes at `at`. */
  bytes: number[];
  at?: number;
  /** A further check of the bytes after the magic. */
  andAfter?: (buf: Uint8Array, n: number) => boolean;
  /** What the input is, for one line; `file` is the shell word of the input in a command. */
  say: (file: string | undefined) => string;
}

const text = (s: string) => [...Buffer.from(s, 'latin1')];

/** In a pipe: `tool FILE | audit2grant`, or on standard input `... | tool | audit2grant`. */
const pipeThrough = (tool: string, file: string | undefined) =>
  file === undefined
    ? `decompress it in the pipe: ... | ${tool} | audit2grant`
    : `read it with \`${tool} ${file} | audit2grant\``;

const notJournal = (what: string) => () => `${what}, not journalctl output`;

const MAGICS: readonly Magic[] = [
  {
    bytes: text('LPKSHHRH'),
    say: (file) =>
      `a binary journal file: read it with \`journalctl --file ${file ?? 'FILE'} -o json | audit2grant\``,
  },
  {
    // Journal Export Format: each entry starts with its cursor.
    bytes: text('__CURSOR='),
    say: (file) =>
      `journalctl's export format (-o export), which is not read: ask journalctl for -o json or -o short-iso instead${file === undefined ? '' : `, or make ${file} a journal file (systemd-journal-remote -o x.journal ${file}) and read it with \`journalctl --file x.journal -o json | audit2grant\``}`,
  },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], say: notJournal('an ELF binary (a program or library)') },
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], say: notJournal('a PNG image') },
  { bytes: [0xff, 0xd8, 0xff], say: notJournal('a JPEG image') },
  { bytes: text('GIF87a'), say: notJournal('a GIF image') },
  { bytes: text('GIF89a'), say: notJournal('a GIF image') },
  { bytes: text('%PDF-'), say: notJournal('a PDF document') },
  ...[
    [0x50, 0x4b, 0x03, 0x04],
    [0x50, 0x4b, 0x05, 0x06],
  ].map((bytes) => ({
    bytes,
    say: (file: string | undefined) =>
      `a zip archive: extract it (unzip ${file ?? 'FILE'}) and name the journal files in it`,
  })),
  {
    bytes: text('ustar'),
    at: 257,
    say: (file) =>
      `a tar archive: extract it (tar -xf ${file ?? 'FILE'}) and name the journal files in it`,
  },
  {
    bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
    say: (file) => `xz-compressed, which is not read directly: ${pipeThrough('xz -dc', file)}`,
  },
  {
    // Then the block size, 1 to 9: no journal line starts so.
    bytes: text('BZh'),
    andAfter: (buf, n) => n > 3 && buf[3]! >= 0x31 && buf[3]! <= 0x39,
    say: (file) =>
      `bzip2-compressed, which is not read directly: ${pipeThrough('bzip2 -dc', file)}`,
  },
  ...[
    [0xff, 0xfe],
    [0xfe, 0xff],
  ].map((bytes) => ({
    // Windows PowerShell's `>` writes text so: read byte by byte, every line would be noise.
    bytes,
    say: (file: string | undefined) =>
      `UTF-16 text (as PowerShell's > writes it), which is not read directly: convert it, ${file === undefined ? '... | iconv -f UTF-16 -t UTF-8 | audit2grant' : `iconv -f UTF-16 -t UTF-8 ${file} | audit2grant`}`,
  })),
  {
    bytes: [0x28, 0xb5, 0x2f, 0xfd],
    say: (file) => `zstd-compressed, which is not read directly: ${pipeThrough('zstd -dc', file)}`,
  },
];

/**
 * journalctl's formats whose entries are not lines of the kinds read (one
 * entry over many lines, a stream's frames, no wall-clock time), by how their
 * first entry starts: read, their records would be noise or suspicious.
 */
const UNREAD_FORMATS: readonly { format: string; start: RegExp }[] = [
  {
    format: 'verbose',
    start: /^[A-Z][a-z]{2} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} \S+ \[s=[0-9a-f]{32};/,
  },
  { format: 'short-monotonic', start: /^\[ *\d+\.\d{6}\] / },
  { format: 'short-delta', start: /^\[ *\d+\.\d{6} [ <]/ },
  { format: 'json-pretty', start: /^\{\n\t"/ },
  { format: 'json-sse', start: /^data: \{/ },
];

/** The first entry's text: after journalctl's `-- Journal begins at ... --` lines, if any. */
function firstEntry(buf: Uint8Array, n: number): string {
  const head = Buffer.from(buf.buffer, buf.byteOffset, n).toString('latin1');
  return head.replace(/^(?:-- [^\n]*\n)*/, '');
}

const GZIP = [0x1f, 0x8b];

/** Bytes that show every magic at the start of an input (all but tar's). */
export const LONGEST_LEADING_MAGIC = Math.max(
  GZIP.length,
  ...MAGICS.filter((m) => m.at === undefined).map((m) => m.bytes.length + (m.andAfter ? 1 : 0)),
);

/** Bytes the first chunk must hold for every magic to be seen (tar's is at 257). */
export const SNIFF_BYTES = 262;

function matches(buf: Uint8Array, n: number, magic: readonly number[], at = 0): boolean {
  if (n < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (buf[at + i] !== magic[i]) return false;
  return true;
}

/** The kind of input whose first `n` bytes are `buf[0, n)`. */
export function sniff(buf: Uint8Array, n: number, input: Named = {}): InputKind {
  if (matches(buf, n, GZIP)) return { kind: 'gzip' };
  for (const m of MAGICS) {
    if (!matches(buf, n, m.bytes, m.at) || (m.andAfter && !m.andAfter(buf, n))) continue;
    return { kind: 'refused', what: m.say(input.path && shellWord(input.path)) };
  }
  const entry = firstEntry(buf, Math.min(n, SNIFF_BYTES));
  const unread = UNREAD_FORMATS.find((f) => f.start.test(entry));
  if (unread)
    return {
      kind: 'refused',
      what: `journalctl's ${unread.format} format (-o ${unread.format}), which is not read: ask journalctl for -o json or -o short-iso instead`,
    };
  return { kind: 'text' };
}
