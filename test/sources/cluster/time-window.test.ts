import { describe, expect, it } from 'vitest';
import { inMicroseconds } from '../../../src/sources/cluster/time-window.js';

describe('the window as the logging API compares it', () => {
  it('is the run window in epoch microseconds, either end open, both ends kept inside', () => {
    expect(inMicroseconds(undefined)).toEqual({});
    expect(inMicroseconds({ since: 1_700_000_000_000 })).toEqual({ since: 1_700_000_000_000_000 });
    expect(inMicroseconds({ until: 1_700_000_000_000.5 })).toEqual({
      until: 1_700_000_000_000_500,
    });
    expect(inMicroseconds({ since: 1.0004, until: 2.0004 })).toEqual({ since: 1000, until: 2001 });
  });
});
