import { describe, expect, it } from 'vitest';
import { cursorProblem, entryCursor } from '../../src/sources/journal-cursor.js';

// A cursor as journalctl 252 prints it.
const CURSOR =
  's=a5319541c25941e68f89eb4a50970dd1;i=3;b=5f0c2d6e8a9b4c1d9e7f3a2b1c0d4e5f;m=2dc6c0;t=6442bfe5c2c80;x=637b88c9f83af9cd';

describe('journal cursors', () => {
  it('takes the cursors journalctl prints, and their parts in any order', () => {
    expect(cursorProblem(CURSOR)).toBeUndefined();
    expect(cursorProblem(CURSOR.split(';').reverse().join(';'))).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    [`${CURSOR}'; reboot; '`, /not a journal cursor/],
    [CURSOR.replace(';x=637b88c9f83af9cd', ''), /no x part/],
    [CURSOR.replace('i=3', 'i=3;i=4'), /not a journal cursor/],
    [CURSOR.replace('m=2dc6c0', 'm=2DC6C0'), /hexadecimal/],
    [CURSOR.replace('t=', 't=$(id)'), /not a journal cursor/],
    ['s=1;i=1;b=1;m=1;t=1;x=1\n', /not a journal cursor/],
    [`${CURSOR};y=${'0'.repeat(600)}`, /longer than 512/],
  ])('refuses %j', (text, problem) => {
    expect(cursorProblem(text)).toMatch(problem);
  });

  it('reads __CURSOR from a whole JSON entry, in both spacings of journalctl', () => {
    expect(entryCursor(`{"__CURSOR":"${CURSOR}","MESSAGE":"type=audit"}`)).toBe(CURSOR);
    expect(entryCursor(`{ "__CURSOR" : "${CURSOR}", "MESSAGE" : "x" }`)).toBe(CURSOR);
  });

  it('finds none in a line cut short, without a cursor, or with a forged one', () => {
    const whole = `{"__CURSOR":"${CURSOR}","MESSAGE":"type=audit"}`;
    for (let cut = 1; cut < whole.length; cut++)
      expect(entryCursor(whole.slice(0, cut))).toBe(undefined);
    expect(entryCursor('{"MESSAGE":"type=audit"}')).toBeUndefined();
    expect(entryCursor('-- No entries --')).toBeUndefined();
    expect(entryCursor('{"__CURSOR":"s=1;rm -rf /"}')).toBeUndefined();
    expect(entryCursor(`["${CURSOR}"]`)).toBeUndefined();
  });
});
