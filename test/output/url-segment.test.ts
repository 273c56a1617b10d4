import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pathSegment, ridSegment } from '../../src/output/url-segment.js';

/** What may appear in an encoded segment: unreserved characters, `:` and percent escapes. */
const SEGMENT = /^(?:[A-Za-z0-9._~:-]|%[0-9A-F]{2})+$/;
const wellFormed = fc.string({ unit: 'binary', minLength: 1 });

describe('pathSegment', () => {
  it('decodes back to the value and holds no URL syntax of its own', () => {
    fc.assert(
      fc.property(wellFormed, (value) => {
        const segment = pathSegment(value);
        expect(segment).toMatch(SEGMENT);
        expect(decodeURIComponent(segment)).toBe(value);
        expect(segment).not.toMatch(/^\.{1,2}$/);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['kafka-principal', 'kafka-principal'],
    ['svc@example.com', 'svc%40example.com'],
    ['a\\b', 'a%5Cb'],
    ['a/b?c#d e', 'a%2Fb%3Fc%23d%20e'],
    ['100%', '100%25'],
    ['..', '%2E%2E'],
    ['é', '%C3%A9'],
  ])('%j -> %s', (value, segment) => {
    expect(pathSegment(value)).toBe(segment);
  });

  it('refuses what no segment can carry', () => {
    expect(() => pathSegment('')).toThrow(/empty/);
    expect(() => pathSegment('a\uD800')).toThrow(/surrogate/);
  });
});

describe('ridSegment', () => {
  it('writes every / as %252F, as IAM expects', () => {
    expect(ridSegment('dcos:service:marathon:marathon:services:/dev/app')).toBe(
      'dcos:service:marathon:marathon:services:%252Fdev%252Fapp',
    );
    expect(ridSegment('dcos:mesos:master:framework:role:*')).toBe(
      'dcos:mesos:master:framework:role:%252A',
    );
    expect(ridSegment('dcos:mesos:agent:endpoint:path:/slave(1)/state')).toBe(
      'dcos:mesos:agent:endpoint:path:%252Fslave%25281%2529%252Fstate',
    );
  });

  it('decodes back to the id after two decodings, never after one to a /', () => {
    fc.assert(
      fc.property(wellFormed, (rid) => {
        const segment = ridSegment(rid);
        expect(segment).toMatch(SEGMENT);
        const once = decodeURIComponent(segment);
        expect(once).not.toContain('/');
        expect(decodeURIComponent(once)).toBe(rid);
      }),
      { numRuns: 500 },
    );
  });
});
