import type { Named } from '../sniff.js';
import { ByteReader } from './byte-reader.js';
import { deflateData, type Inflated } from './deflate-data.js';
import { readHeader } from './header.js';
import { gzipProblems } from './problems.js';

/**
 * A gzip stream inflated as it comes, member after member (RFC 1952; `cat
 * a.gz b.gz` and logrotate make several). The members are framed here and
 * their deflate data inflated raw, so that all the text inflated before
 * damage is yielded, then an InputProblem says what the damage is: zlib's
 * gunzip drops the text of the call that fails, up to 16 KiB of lines.
 * Zero bytes after the last member, to the end, are padding (tape and some
 * copy tools add it; gzip and zlib pass it over); any other byte there,
 * or a member after them, is trailing data that is not read.
 */
export async function* gunzip(
  compressed: AsyncIterable<Buffer>,
  input: Named,
): AsyncGenerator<Buffer> {
  const bytes = new ByteReader(compressed);
  const problem = gzipProblems(input);
  for (let member = 1; ; member++) {
    const start = bytes.offset;
    const fault = await readHeader(bytes);
    if (fault?.kind === 'cut') throw problem.cut(member);
    if (fault?.kind === 'not gzip') throw problem.trailing(start);
    if (fault?.kind === 'bad') throw problem.badHeader(member, start, fault.what);
    let inflated: Inflated | undefined;
    try {
      inflated = yield* deflateData(bytes);
    } catch (err) {
      throw isZlibError(err) ? problem.corrupt(member, start, err) : err;
    }
    const trailer = await bytes.take(8);
    if (inflated === undefined || trailer.length < 8) throw problem.cut(member);
    if (trailer.readUInt32LE(0) !== inflated.crc) throw problem.mismatch(member, start, 'CRC-32');
    if (trailer.readUInt32LE(4) !== inflated.size % 2 ** 32)
      throw problem.mismatch(member, start, 'length (ISIZE)');
    const next = await bytes.next();
    if (next === undefined) return;
    bytes.unread(next);
    if (next[0] === 0) {
      const at = bytes.offset;
      if (await zerosToTheEnd(bytes)) return;
      throw problem.trailing(at);
    }
  }
}

function isZlibError(err: unknown): err is Error {
  const code = (err as NodeJS.ErrnoException)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

async function zerosToTheEnd(bytes: ByteReader): Promise<boolean> {
  for (let chunk = await bytes.next(); chunk !== undefined; chunk = await bytes.next())
    for (const b of chunk) if (b !== 0) return false;
  return true;
}
