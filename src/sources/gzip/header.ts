import type { ByteReader } from './byte-reader.js';
import { crc32 } from './crc32.js';

const DEFLATE = 8;
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED = 0xe0;

/** What is wrong with a member's header: cut short, not gzip at all, or gzip's but damaged. */
export type HeaderFault = { kind: 'cut' } | { kind: 'not gzip' } | { kind: 'bad'; what: string };

const CUT: HeaderFault = { kind: 'cut' };

/**
 * Reads a member's header (RFC 1952, 2.3) up to its deflate data: the extra
 * field, name and comment are passed over, a header CRC is checked, as zlib
 * does. Undefined when it is sound.
 */
export async function readHeader(bytes: ByteReader): Promise<HeaderFault | undefined> {
  let crc = 0;
  const seen = (b: Buffer) => {
    crc = crc32(b, crc);
  };
  const fixed = await bytes.take(10);
  // A stray byte after the last member is not gzip; a lone 1f is gzip cut short.
  if (fixed[0] !== 0x1f || (fixed.length > 1 && fixed[1] !== 0x8b)) return { kind: 'not gzip' };
  if (fixed.length < 10) return CUT;
  seen(fixed);
  if (fixed[2] !== DEFLATE)
    return { kind: 'bad', what: `compression method ${fixed[2]}, not deflate's 8` };
  const flags = fixed[3]!;
  if (flags & RESERVED) return { kind: 'bad', what: `reserved flags set (${flags & RESERVED})` };
  if (flags & FEXTRA) {
    const size = await bytes.take(2);
    if (size.length < 2) return CUT;
    seen(size);
    const extra = await bytes.take(size.readUInt16LE(0));
    if (extra.length < size.readUInt16LE(0)) return CUT;
    seen(extra);
  }
  for (const field of [FNAME, FCOMMENT])
    if (flags & field && !(await bytes.skipPast(0, seen))) return CUT;
  if (flags & FHCRC) {
    const stored = await bytes.take(2);
    if (stored.length < 2) return CUT;
    if (stored.readUInt16LE(0) !== (crc & 0xffff))
      return { kind: 'bad', what: 'its header CRC does not match' };
  }
  return undefined;
}
