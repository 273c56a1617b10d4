import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shownUrl } from '../../src/text/shown-url.js';

/** A secret: what must never be shown, whatever surrounds it. */
const SECRET = 'S3CRET';

describe('a URL as messages show it', () => {
  it.each([
    ['https://admin:pw@dcos.example:8443/path', 'https://<credentials>@dcos.example:8443/path'],
    ['https://dcos.example/?token=abc', 'https://dcos.example/?...'],
    ['https://dcos.example/p#frag', 'https://dcos.example/p#...'],
    // No URL to the parser (a "/" in the password), a password with "@": cut all the same.
    ['https://u:p/w@h/', 'https://<credentials>@h/'],
    ['https://u:p@ss@h', 'https://<credentials>@h'],
    // Slashes the URL parser does without, or takes backwards.
    ['https:user:pw@host.example/?token=abc', 'https:<credentials>@host.example/?...'],
    ['https:\\\\user:pw@host.example', 'https:\\\\<credentials>@host.example'],
    ['host.example:8443', 'host.example:8443'],
    ['https://dcos.example:443/x/', 'https://dcos.example:443/x/'],
    ['dcos.example', 'dcos.example'],
  ])('%s -> %s', (value, shown) => {
    expect(shownUrl(value)).toBe(shown);
  });

  it('never shows what stands in the credentials, query or fragment', () => {
    const text = fc.string({ unit: fc.constantFrom(...'ab:/@?#=&% .'), maxLength: 12 });
    const scheme = fc.constantFrom(
      'https://',
      'http://',
      'HTTPS://',
      'git+ssh://',
      'https:',
      'https:\\',
    );
    fc.assert(
      fc.property(
        scheme,
        text,
        text,
        fc.constantFrom('credentials', 'query', 'fragment'),
        text,
        (s, before, after, place, host) => {
          const secret = `${before}${SECRET}${after}`;
          const value =
            place === 'credentials'
              ? `${s}${secret}@${host.replace(/[@?#]/g, '')}`
              : `${s}${host.replace(/[?#]/g, '')}${place === 'query' ? '?' : '#'}${secret}`;
          expect(shownUrl(value)).not.toContain(SECRET);
        },
      ),
    );
  });

  it('shows a URL without credentials, query or fragment as it is', () => {
    const part = fc.string({ unit: fc.constantFrom(...'abc.-:/09%'), maxLength: 20 });
    fc.assert(
      fc.property(part, (rest) => {
        expect(shownUrl(`https://${rest}`)).toBe(`https://${rest}`);
      }),
    );
  });
});
