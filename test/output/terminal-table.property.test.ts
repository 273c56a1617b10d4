import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/output/table.js';
import { type Column, fitTable } from '../../src/output/terminal-layout.js';
import { analyze } from '../helpers/analyze.js';
import { compact, records, together, tooWide } from '../helpers/screen.js';

/** Text of cells: words, long ids, wide characters and combining marks. */
const word = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._@/:+-]{1,12}$/),
  fc.stringMatching(/^[a-z:/]{20,90}$/),
  fc.constantFrom('日本語', 'e\u0301', '-', ''),
);
const text = fc.array(word, { maxLength: 8 }).map((w) => w.join(' '));

const column: fc.Arbitrary<Column> = fc.record(
  {
    head: fc.stringMatching(/^[a-z ()]{1,16}$/),
    leaveOut: fc.integer({ min: 1, max: 5 }),
    wrapTo: fc.integer({ min: 2, max: 40 }),
    reads: fc.integer({ min: 2, max: 60 }),
  },
  { requiredKeys: ['head'] },
);

describe('fitTable (property)', () => {
  it('no line is wider than the terminal; every line of a column always shown is there in full', () => {
    fc.assert(
      fc.property(
        fc.array(column, { minLength: 1, maxLength: 7 }).chain((columns) =>
          fc.tuple(
            fc.constant(columns),
            fc.array(
              fc.array(
                fc.oneof(
                  text,
                  text.map((t) => `${t}\n${t}`),
                ),
                {
                  minLength: columns.length,
                  maxLength: columns.length,
                },
              ),
              { maxLength: 6 },
            ),
            fc.integer({ min: 10, max: 250 }),
            fc.integer({ min: 1, max: 3 }),
          ),
        ),
        ([columns, cells, width, title]) => {
          // The first column is always shown, as in every table of the report.
          const cols = columns.map((c, x) => (x === 0 ? { ...c, leaveOut: undefined } : c));
          const rows = cells.map((c) => ({ cells: c }));
          const { lines } = fitTable(cols, rows, { width, colour: false }, title);
          const shown = lines.join('\n');
          expect(tooWide(shown, width)).toEqual([]);
          const recs = records(shown);
          const always = cols.flatMap((c, x) => (c.leaveOut === undefined ? [x] : []));
          for (const row of cells) {
            // Each line of each cell: a stacked row shows a cell's later lines under its title.
            const texts = always
              .flatMap((x) => row[x]!.split('\n'))
              .filter((t) => compact(t) !== '');
            if (texts.length > 0) expect(together(recs, ...texts)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** A denial as bouncer writes it to the journal (JSON export). */
function denial(
  uid: string,
  segment: string,
  action: string,
  host: string,
  reason: string,
): string {
  const message = `[261122-10:00:08.431] [1:T] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=${uid} action=${action} object=dcos:adminrouter:service:${segment} result=deny reason="${reason}"`;
  return JSON.stringify({ MESSAGE: message, _HOSTNAME: host });
}

const uid = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9@._-]{1,40}$/),
  fc.stringMatching(/^dcos_[a-z]{1,12}$/),
);
const segment = fc.stringMatching(/^[A-Za-z0-9._@/+-]{1,70}$/);
const host = fc.stringMatching(/^[a-z0-9.-]{1,40}$/);
/** Log text: words, wide characters, an escape sequence (shown escaped). */
const reason = fc
  .array(
    fc.oneof(fc.stringMatching(/^[a-z ]{0,30}$/), fc.constantFrom('日本語', 'e\u0301', '\x1b[2J')),
    {
      maxLength: 5,
    },
  )
  .map((p) => p.join(''));

describe('the table report on a terminal (property)', () => {
  it('fits any width from 20 columns, every account and grant named in full', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(uid, segment, fc.constantFrom('read', 'full', 'create'), host, reason), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 20, max: 250 }),
        fc.boolean(),
        async (denials, width, explain) => {
          const report = await analyze(denials.map((d) => denial(...d)).join('\n'));
          const text = renderTable(report, { explain, terminal: { width, colour: true } });
          expect(tooWide(text, width)).toEqual([]);
          const recs = records(text);
          for (const a of report.accounts) {
            expect(together(recs, `Account ${a.uid}:`)).toBe(true);
            for (const d of a.denied) expect(together(recs, d.rid, d.action)).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
