import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/sources/gzip/crc32.js';

/** The CRC-32 gzip's trailers hold, as zlib computes it, whole or in pieces. */

describe('crc32', () => {
  it('is the CRC-32 zlib computes, of any bytes, in any pieces', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 100 }), (a, b) => {
        expect(crc32(a)).toBe(zlibCrc32(a));
        expect(crc32(b, crc32(a))).toBe(zlibCrc32(Buffer.concat([a, b])));
      }),
    );
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
