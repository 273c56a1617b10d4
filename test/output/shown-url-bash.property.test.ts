import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLEAN } from '../../src/output/bash-fragments.js';
import { SHOWN_URL } from '../../src/output/iam-api-script.js';
import { shownUrl } from '../../src/text/shown-url.js';

/**
 * The scripts' `shown_url` (real bash) shows each URL as the program's own
 * messages do (shownUrl): what one hides, the other hides too.
 */

/** Each value through the scripts' shown_url, one bash for all of them, in a UTF-8 locale. */
function inBash(values: (string | Buffer)[]): string[] {
  const r = spawnSync(
    'bash',
    ['-c', `${CLEAN}\n${SHOWN_URL}\nwhile IFS= read -r v; do shown_url "$v"; echo; done`],
    {
      input: Buffer.concat(values.flatMap((v) => [Buffer.from(v), Buffer.from('\n')])),
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C.UTF-8' },
    },
  );
  expect(r.status).toBe(0);
  return r.stdout.split('\n').slice(0, -1);
}

describe("the scripts' shown_url", () => {
  it('agrees with shownUrl on any printable value', () => {
    const scheme = fc.constantFrom(
      'https://',
      'http://',
      'HTTPS://',
      'git+ssh://',
      '',
      'x:/',
      'https:',
      'https:\\\\',
    );
    const rest = fc.string({ unit: fc.constantFrom(...'aZ09:/@?#.=&%+- ~'), maxLength: 24 });
    const value = fc.tuple(scheme, rest).map(([s, r]) => s + r);
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 40 }), (values) => {
        expect(inBash(values)).toEqual(values.map(shownUrl));
      }),
      { numRuns: 25 },
    );
  });

  it('hides credentials and query in a URL that is not UTF-8 too', () => {
    const shown = inBash([
      Buffer.from('https://admin:S3CRET@dcos.example/\xff', 'latin1'),
      Buffer.from('https://dcos.example/?token=S3CRET\xff', 'latin1'),
    ]);
    expect(shown).toEqual(['https://<credentials>@dcos.example/?', 'https://dcos.example/?...']);
  });
});
