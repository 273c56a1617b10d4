import { describe, expect, it } from 'vitest';
import { JournalCursors } from '../../src/sources/journal-cursors.js';

const cursor = (seq: string, n: number) => `s=${seq};i=${n.toString(16)};b=b1;m=1;t=2;x=3`;

describe('JournalCursors', () => {
  it('keeps the cursor of each host once its entry is processed, and the saved ones', () => {
    const c = new JournalCursors('-', { old: cursor('a', 1) });
    expect(c.position()).toEqual({ kind: 'journal-per-host', cursors: { old: cursor('a', 1) } });
    c.took({ cursor: cursor('a', 5), host: 'm1' });
    c.took({ cursor: cursor('b', 2), host: undefined });
    c.took({ cursor: cursor('a', 6), host: 'm1' });
    expect(c.position()).toEqual({
      kind: 'journal-per-host',
      cursors: { old: cursor('a', 1), m1: cursor('a', 6), '-': cursor('b', 2) },
    });
    expect(c.latest).toBe(cursor('a', 6));
  });

  it('has no position before any cursor', () => {
    expect(new JournalCursors().position()).toBeUndefined();
  });

  it('leaves out what a run before counted: same sequence, at or before the saved number', () => {
    const c = new JournalCursors('-', { m1: cursor('a', 10) });
    expect(c.admit({ cursor: cursor('a', 9), host: 'm1' })).toBe(false);
    expect(c.admit({ cursor: cursor('a', 10), host: 'm1' })).toBe(false);
    expect(c.admit({ cursor: cursor('a', 11), host: 'm1' })).toBe(true);
    // Another sequence (journald started afresh), another host, a cursor of another shape.
    expect(c.admit({ cursor: cursor('b', 1), host: 'm1' })).toBe(true);
    expect(c.admit({ cursor: cursor('a', 1), host: 'm2' })).toBe(true);
    expect(c.admit({ cursor: 'opaque', host: 'm1' })).toBe(true);
    expect(c.skipped).toBe(2);
  });
});
