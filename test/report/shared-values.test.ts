import { describe, expect, it } from 'vitest';
import { SharedValues } from '../../src/report/shared-values.js';

describe('lists shared between the pairs of a report', () => {
  it('gives an equal list given before, frozen', () => {
    const shared = new SharedValues();
    const first = shared.list(['m1', 'm2']);
    expect(shared.list(['m1', 'm2'])).toBe(first);
    expect(shared.list(['m2'])).toEqual(['m2']);
    expect(shared.list(['m2'])).toBe(shared.list(['m2']));
    expect(shared.list([])).toBe(shared.list([]));
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => first.push('m3')).toThrow(TypeError);
  });

  it('never gives another list for values holding the separator', () => {
    const shared = new SharedValues();
    const joined = shared.list(['a\u0000b']);
    expect(shared.list(['a', 'b'])).toEqual(['a', 'b']);
    expect(shared.list(['a\u0000b'])).toBe(joined);
    expect(shared.list(['a', 'b\u0000c'])).toEqual(['a', 'b\u0000c']);
    expect(shared.list(['a\u0000b', 'c'])).toEqual(['a\u0000b', 'c']);
  });

  it('leaves the list it was given as it was', () => {
    const given = ['x'];
    new SharedValues().list(given);
    given.push('y');
    expect(given).toEqual(['x', 'y']);
  });
});
