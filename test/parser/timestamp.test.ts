import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../src/parser/timestamp.js';

describe('parseTimestamp', () => {
  const at = Date.UTC(2026, 10, 22, 10, 0, 7);
  it.each([
    ['2026-11-22T10:00:07Z', at],
    ['2026-11-22T10:00:07.431207Z', at + 431],
    ['2026-11-22 10:00:07.752534123+00:00', at + 752],
    ['2026-11-22T10:00:07.1Z', at + 100],
    ['2026-11-22T11:00:07+0100', at],
    ['2026-11-22T09:30:07-00:30', at],
    ['2026-11-22 10:00:07,120', at + 120],
    ['2026-11-22T10:00:07', at],
  ])('reads %s', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });

  it.each([
    '',
    '2026-11-22',
    '2026-13-22T10:00:07Z',
    '2026-11-22X10:00:07Z',
    '2026-11-22T25:00:07Z',
    '2026-11-22T10:00:07Zjunk',
    '2026-11-22T10:00:07.Z',
    '2026-11-22T10:00:07+1',
  ])('rejects %j', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });

  it('agrees with Date.parse on any ISO time', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(0), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }),
        (d) => {
          expect(parseTimestamp(d.toISOString())).toBe(d.getTime());
        },
      ),
    );
  });
});
