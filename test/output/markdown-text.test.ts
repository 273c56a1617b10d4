import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mdCode, mdProse, mdText } from '../../src/output/markdown-text.js';
import { printable } from '../../src/output/printable.js';

/** Undoes the backslash escapes CommonMark reads: what a reader sees. */
const shown = (md: string) => md.replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('mdText', () => {
  it('shows the value as text: every punctuation character escaped, one line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const md = mdText(value);
        expect(shown(md)).toBe(printable(value));
        expect(md).not.toMatch(/[\n\r\u2028\u2029]/);
        // No punctuation character stands unescaped: no markup, link, HTML or cell end.
        expect(md.replace(/\\[!-/:-@[-`{-~]/g, '')).not.toMatch(/[!-/:-@[-`{-~]/);
      }),
      { numRuns: 500 },
    );
  });

  it('escapes table cells, links and HTML', () => {
    expect(mdText('a | b')).toBe('a \\| b');
    expect(mdText('[x](http://e)')).toBe('\\[x\\]\\(http\\:\\/\\/e\\)');
    expect(mdText('<img src=x>')).toBe('\\<img src\\=x\\>');
    expect(mdText('\u001b[31mred')).toBe('\\\\x1b\\[31mred');
  });
});

describe('mdCode', () => {
  it('writes ids as code spans', () => {
    expect(mdCode('dcos:service:marathon:marathon:services:/dev/*')).toBe(
      '`dcos:service:marathon:marathon:services:/dev/*`',
    );
  });

  it('falls back to escaped text where a code span cannot hold the value', () => {
    for (const value of ['a`b', 'a|b', 'a\\b', 'a\nb', ' a'])
      expect(mdCode(value)).toBe(mdText(value));
  });
});

describe('mdProse', () => {
  it("leaves the tool's own sentences readable and escapes only markup", () => {
    expect(mdProse('Read 263 lines: 50 records (33 deny); 2026-11-22T10:00:00.000Z.')).toBe(
      'Read 263 lines: 50 records (33 deny); 2026-11-22T10:00:00.000Z.',
    );
    expect(mdProse('a *b* _c_ `d` [e] <f> | & ~ \\')).toBe(
      'a \\*b\\* \\_c\\_ \\`d\\` \\[e\\] \\<f\\> \\| \\& \\~ \\\\',
    );
  });
});
