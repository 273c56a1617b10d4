import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../../src/report/aggregate.js';
import { buildReport } from '../../../src/report/build-report.js';
import { consume } from '../../../src/sources/consume.js';
import { TOKEN_CHARS, TOKEN_PLACES, tokenEntries } from '../../helpers/token-entries.js';

// Whatever the JSON of a logging API entry does with its MESSAGE (a string,
// any of its characters written as \uXXXX escapes, or byte values), a line
// of an input read with a token is read as the same text, and that text,
// with <token> for the token, is all that is kept of it: the token is in
// neither the report nor the snapshot a state file keeps.

/** How a MESSAGE is written: a string, with the characters the mask picks (cyclically) escaped; or bytes. */
type Encoding = { escaped: boolean[] } | 'bytes';

const ESCAPE_ONE = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

function messageJson(message: string, encoding: Encoding): string {
  if (encoding === 'bytes') return `[${[...Buffer.from(message)].join(',')}]`;
  const mask = encoding.escaped;
  let i = 0;
  // `type=audit` stays as it is: the reader picks lines to decode by those words in their bytes.
  const pieces = message.split('type=audit').map((piece) =>
    [...piece]
      .map((c) => {
        const plain = JSON.stringify(c).slice(1, -1);
        if (mask.length === 0 || !mask[i++ % mask.length]) return plain;
        // JSON's one short escape of a token character.
        return c === '/' && i % 2 === 0 ? '\\/' : ESCAPE_ONE(c);
      })
      .join(''),
  );
  return `"${pieces.join('type=audit')}"`;
}

/** The entries as the logging API's NDJSON answer, each MESSAGE written as its encoding says. */
function answer(
  token: string,
  entries: { place: (typeof TOKEN_PLACES)[number]; esc: boolean; encoding: Encoding }[],
): Buffer {
  const lines = tokenEntries(token, entries).map((e, n) => {
    const fields = [
      `"MESSAGE":${messageJson(e.message as string, entries[n]!.encoding)}`,
      `"SYSLOG_IDENTIFIER":${JSON.stringify(e.ident)}`,
      `"_HOSTNAME":${JSON.stringify(e.host)}`,
      `"_SYSTEMD_UNIT":${JSON.stringify(e.unit)}`,
    ];
    const cursor = `s=739a;i=${n.toString(16)};b=6c7c;m=${n.toString(16)};t=5d3c;x=9b4c`;
    return `{"fields":{${fields.join(',')}},"cursor":"${cursor}","monotonic_timestamp":${n},"realtime_timestamp":${e.usec}}\n`;
  });
  return Buffer.from(lines.join(''));
}

/** What reading the answer keeps: the report (its inputs aside) and the snapshot. */
async function kept(bytes: Buffer, token: string) {
  const agg = new Aggregator();
  const status = await consume(
    { source: '10.0.6.10', host: '10.0.6.10', open: () => Readable.from([bytes]) },
    agg,
    { maxLine: 1 << 20, token },
  );
  const snapshot = agg.snapshot();
  const { inputs: _, ...report } = buildReport(snapshot, {
    version: '0.0.0-test',
    now: new Date(0),
    inputs: [status],
    maxLine: 1 << 20,
    accounts: new Set(),
  });
  return { report, snapshot };
}

const token = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 16, maxLength: 300 });
const encoding: fc.Arbitrary<Encoding> = fc.oneof(
  fc.constant('bytes' as const),
  fc.record({ escaped: fc.array(fc.boolean(), { maxLength: 12 }) }),
);
const entry = fc.record({
  place: fc.constantFrom(...TOKEN_PLACES),
  esc: fc.boolean(),
  encoding,
});

describe('a line read with a token', () => {
  it('keeps the token out of the report and the state, however its message is encoded', async () => {
    await fc.assert(
      fc.asyncProperty(token, fc.array(entry, { minLength: 1, maxLength: 10 }), async (t, es) => {
        const got = await kept(answer(t, es), t);
        expect(JSON.stringify(got)).not.toContain(t);
        // Read as the same text as when every message is a plain string.
        const plain = es.map((e) => ({ ...e, encoding: { escaped: [] } }));
        expect(got).toEqual(await kept(answer(t, plain), t));
      }),
      { numRuns: 100 },
    );
  });
});
