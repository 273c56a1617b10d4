import { describe, expect, it } from 'vitest';
import { displayWidth, foldCell, foldLine, foldProse } from '../../src/output/fold.js';

describe('foldLine', () => {
  it('breaks at spaces, dropping them', () => {
    expect(foldLine('risky: runs tasks as root on the agents', 20)).toEqual([
      'risky: runs tasks as',
      'root on the agents',
    ]);
  });

  it('breaks an id after a colon or slash, not inside a name, and loses nothing', () => {
    const id = 'dcos:mesos:master:reservation:principal:kafka-principal';
    expect(foldLine(id, 50)).toEqual([
      'dcos:mesos:master:reservation:principal:',
      'kafka-principal',
    ]);
    expect(foldLine(id, 20).join('')).toBe(id);
    expect(foldLine('dcos:service:marathon:marathon:services:/prod/web', 45)).toEqual([
      'dcos:service:marathon:marathon:services:/',
      'prod/web',
    ]);
  });

  it('breaks inside a name only when nothing else is left', () => {
    expect(foldLine('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(foldLine('a:bcdefghij', 8)).toEqual(['a:bcdefg', 'hij']);
  });

  it('keeps a run of separators together', () => {
    expect(foldLine('https://example.test/path', 10)).toEqual([
      'https://',
      'example.',
      'test/path',
    ]);
  });

  it('counts wide characters as two columns', () => {
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(foldLine('日本語日本語', 5)).toEqual(['日本', '語日', '本語']);
  });

  it('counts emoji shown as emoji as two columns, wherever Unicode put them', () => {
    // Transport (U+1F680), dingbats (U+2705), symbols (U+2B50), and U+1FAE0.
    for (const emoji of ['\u{1F680}', '\u2705', '\u2B50', '\u{1FAE0}', '\u231A'])
      expect(displayWidth(emoji), emoji).toBe(2);
    // Text presentation unless asked: one column; a flag, two indicators of one each.
    expect(displayWidth('\u2600')).toBe(1);
    expect(displayWidth('\u{1F1E9}\u{1F1EA}')).toBe(2);
    expect(foldLine('/dev/\u{1F680}\u{1F680}\u{1F680}', 7)).toEqual([
      '/dev/',
      '\u{1F680}\u{1F680}\u{1F680}',
    ]);
  });

  it('leaves a line that fits as it is, spaces and all', () => {
    expect(foldLine('  a  b ', 10)).toEqual(['  a  b ']);
    expect(foldLine('', 10)).toEqual(['']);
  });
});

describe('foldCell', () => {
  it('folds each line of a cell', () => {
    expect(foldCell('dcos:a:b\n(from x y)', 6)).toEqual(['dcos:', 'a:b', '(from', 'x y)']);
  });
});

describe('foldProse', () => {
  it('indents continuation lines two more than the line', () => {
    expect(foldProse('  suggested template: --template kafka@kafka-principal', 30)).toEqual([
      '  suggested template:',
      '    --template',
      '    kafka@kafka-principal',
    ]);
  });
});
