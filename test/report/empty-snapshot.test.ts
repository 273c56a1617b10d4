import { describe, expect, it } from 'vitest';
import { emptySnapshot, STAT_NAMES } from '../../src/report/empty-snapshot.js';
import { Stats } from '../../src/report/schema.js';
import { Snapshot } from '../../src/report/snapshot.js';

describe('the snapshot of reading nothing', () => {
  it("counts every stat the report's schema requires, and no other", () => {
    const required = Object.entries(Stats.shape)
      .filter(([, field]) => !field.safeParse(undefined).success)
      .map(([name]) => name);
    expect([...STAT_NAMES].sort()).toEqual(required.sort());
  });

  it('is a snapshot, with nothing in it', () => {
    const kept = { allowed: true, allowAccounts: false };
    const empty = emptySnapshot(kept);
    expect(Snapshot.parse(empty)).toEqual(empty);
    expect(Object.values(empty.stats).every((n) => n === 0)).toBe(true);
    expect(empty.kept).toEqual(kept);
  });
});
