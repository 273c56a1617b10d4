import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32, crc32By8 } from '../../../src/sources/gzip/crc32.js';

/** The CRC-32 gzip's trailers hold, as zlib computes it, whole or in pieces. */

describe('crc32', () => {
  it.each([
    ['ours, for a Node 20 before 20.15', crc32By8],
    ['the one used', crc32],
  ])('%s is the CRC-32 zlib computes, of any bytes, in any pieces', (_, crc) => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 100 }), (a, b) => {
        expect(crc(a)).toBe(zlibCrc32(a));
        expect(crc(b, crc(a))).toBe(zlibCrc32(Buffer.concat([a, b])));
      }),
    );
    expect(crc(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
