import Table from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxTableLines } from '../../src/output/box-table.js';

/** The table as one text, as the report writes it. */
const boxTable = (head: string[], rows: (string | number)[][]) =>
  boxTableLines(head, rows)?.join('\n');

/** What the table report asked cli-table3 for before boxTable. */
function cliTable3(head: string[], rows: (string | number)[][]): string {
  const t = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) t.push(row);
  return t.toString();
}

const ascii = fc.string({ unit: fc.constantFrom(' ', 'a', 'Z', '0', ':', '-', '|', '~', '\n') });
const cell = fc.oneof(ascii, fc.integer(), fc.constantFrom('', ' ', '\n', 'a\n\nb  '));

describe('boxTable (property)', () => {
  it('draws what cli-table3 draws for ASCII text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((n) =>
          fc.tuple(
            fc.array(
              fc.string({ minLength: 1, maxLength: 8 }).filter((h) => /^[ -~]+$/.test(h)),
              {
                minLength: n,
                maxLength: n,
              },
            ),
            fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 6 }),
          ),
        ),
        ([head, rows]) => {
          expect(boxTable(head, rows)).toBe(cliTable3(head, rows));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('leaves other text to cli-table3', () => {
    expect(boxTable(['a'], [['é']])).toBeUndefined();
    expect(boxTable(['a'], [['\t']])).toBeUndefined();
    expect(boxTable(['a', 'b'], [['x']])).toBeUndefined();
  });
});
