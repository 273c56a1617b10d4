import { describe, expect, it } from 'vitest';
import { hosts } from '../../src/output/table-sections.js';
import { HOST_CAP } from '../../src/report/snapshot-limits.js';

describe('hosts in a table cell', () => {
  const named = (n: number) => Array.from({ length: n }, (_, i) => `h${i}`);

  it('names two, then how many more', () => {
    expect(hosts(named(2))).toBe('h0, h1');
    expect(hosts(named(5))).toBe('h0, h1 +3');
  });

  it('says "or more" of a list as long as a group keeps: it may have lost some', () => {
    expect(hosts(named(HOST_CAP - 1))).toBe(`h0, h1 +${HOST_CAP - 3}`);
    expect(hosts(named(HOST_CAP))).toBe(`h0, h1 +${HOST_CAP - 2} or more`);
  });
});
