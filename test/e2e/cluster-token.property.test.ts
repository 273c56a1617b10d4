import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/schema.js';
import type { MessageEncoding } from '../helpers/logging-journal.js';
import { startLoggingCluster } from '../helpers/logging-stand-in.js';
import { audit2grant, buildJournal, cleanup, makeHome, tempDir } from '../helpers/sshd.js';
import { TOKEN_CHARS, TOKEN_PLACES, tokenEntries, tokenOutcome } from '../helpers/token-entries.js';

// Any token, repeated by a master's entries in any place and sent in any
// mix of the encodings the logging API's JSON allows (text, \uXXXX escapes,
// byte values), never reaches what the built binary writes: the report in
// any format, stderr, or the state file. Each run is a real journal, served
// by the logging stand-in through journalctl, read by the binary. The
// address 127.0.45.11 belongs to this file.

const MASTER = '127.0.45.11';

afterAll(() => cleanup());

/** Long enough not to be, by chance, a piece of what any report says anyway. */
const token = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 16, maxLength: 400 });
const entry = fc.record({
  place: fc.constantFrom(...TOKEN_PLACES),
  esc: fc.boolean(),
  encoding: fc.constantFrom<MessageEncoding>('text', 'escaped', 'bytes'),
});

describe('a token repeated by the masters, however encoded', () => {
  it('reaches no report, no stderr and no state file', async () => {
    const dir = await tempDir('a2g-token-');
    const home = await makeHome();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        token,
        fc.array(entry, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('json', 'table', 'markdown', 'ndjson'),
        async (secret, entries, format) => {
          run++;
          const journal = await buildJournal(dir, `run-${run}`, tokenEntries(secret, entries));
          const cluster = await startLoggingCluster({
            token: secret,
            masters: [{ address: MASTER, journal, messages: entries.map((e) => e.encoding) }],
          });
          try {
            const state = join(dir, `run-${run}.state`);
            const out = await audit2grant(
              ['--cluster', cluster.url, '--state', state, '-f', format],
              { home, env: { DCOS_ACS_TOKEN: secret } },
            );
            // Nothing failed (a run of noise alone says on stderr that it found no record).
            expect(out.stderr).not.toMatch(/failed|malformed|error/i);
            // Every record is a denial, and a suspicious or malformed record counts as one.
            const denials = entries.some((e) => tokenOutcome(e.place) !== 'noise');
            expect(out.code).toBe(denials ? 1 : 0);
            for (const text of [out.stdout, out.stderr, readFileSync(state, 'utf8')])
              expect(text).not.toContain(secret);
            // Every entry was read, and each record counted: nothing was
            // kept out of the report to keep the token out.
            if (format === 'json') {
              const report = JSON.parse(out.stdout) as Report;
              expect(report.stats.lines).toBe(entries.length);
              expect(report.stats.records).toBe(
                entries.filter((e) => tokenOutcome(e.place) === 'record').length,
              );
            }
            // The token did travel, where it should: in the Authorization header.
            expect(cluster.requests.every((r) => r.authorized)).toBe(true);
          } finally {
            await cluster.stop();
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
