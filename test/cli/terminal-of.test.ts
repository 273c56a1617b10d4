import { describe, expect, it } from 'vitest';
import { colourWanted, progressWanted, terminalOf } from '../../src/cli/terminal.js';

describe('terminalOf', () => {
  it('a terminal: its width, in colour', () => {
    expect(terminalOf({ isTTY: true, columns: 80 }, {})).toEqual({ width: 80, colour: true });
  });

  it('a pipe: no width, no colour', () => {
    expect(terminalOf({ columns: 80 }, {})).toEqual({ width: undefined, colour: false });
  });

  it('a terminal that gives no size: full width', () => {
    expect(terminalOf({ isTTY: true, columns: 0 }, {}).width).toBeUndefined();
  });
});

describe('colourWanted', () => {
  it('NO_COLOR, any non-empty value, turns colour off; empty is not set', () => {
    expect(colourWanted(true, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted(true, { NO_COLOR: '0' })).toBe(false);
    expect(colourWanted(true, { NO_COLOR: '' })).toBe(true);
  });

  it('FORCE_COLOR colours a pipe; 0 and false turn colour off, even on a terminal', () => {
    expect(colourWanted(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourWanted(false, { FORCE_COLOR: '3' })).toBe(true);
    expect(colourWanted(false, { FORCE_COLOR: 'true' })).toBe(true);
    expect(colourWanted(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(colourWanted(true, { FORCE_COLOR: 'false' })).toBe(false);
    expect(colourWanted(false, { FORCE_COLOR: '' })).toBe(false);
  });

  it('FORCE_COLOR wins over NO_COLOR, as in Node', () => {
    expect(colourWanted(false, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
  });

  it('TERM=dumb: no colour', () => {
    expect(colourWanted(true, { TERM: 'dumb' })).toBe(false);
    expect(colourWanted(true, { TERM: 'xterm-256color' })).toBe(true);
  });
});

describe('progressWanted', () => {
  const tty = { isTTY: true };
  it('on a terminal only', () => {
    expect(progressWanted(tty, {})).toBe(true);
    expect(progressWanted({}, {})).toBe(false);
    expect(progressWanted({ isTTY: false }, {})).toBe(false);
  });

  it('not under CI (unless CI is false or 0), not on a dumb terminal; colour has no say', () => {
    expect(progressWanted(tty, { CI: 'true' })).toBe(false);
    expect(progressWanted(tty, { CI: '1' })).toBe(false);
    expect(progressWanted(tty, { CI: 'false' })).toBe(true);
    expect(progressWanted(tty, { CI: '0' })).toBe(true);
    expect(progressWanted(tty, { CI: '' })).toBe(true);
    expect(progressWanted(tty, { TERM: 'dumb' })).toBe(false);
    expect(progressWanted(tty, { NO_COLOR: '1' })).toBe(true);
  });
});
