import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { printable } from '../../src/output/printable.js';
import { commentText, shellWord } from '../../src/text/shell-quote.js';

/** What bash reads back from a word, byte for byte. */
function bashReads(word: string): string {
  return execFileSync('bash', ['-c', `printf %s ${word}`], { encoding: 'utf8' });
}

describe('shellWord', () => {
  it.each([
    'plain-word_1.2:3/4@x',
    'dcos:mesos:master:framework:role:*',
    "it's",
    '$(touch /tmp/pwned)',
    '`id`',
    'a b\tc',
    "'''",
    '\\',
    '!history',
    '~root',
    '{a,b}',
    'x;y|z&w>v<u',
    '',
    'line\nbreak',
  ])('bash reads %j back unchanged', (value) => {
    expect(bashReads(shellWord(value))).toBe(value);
  });

  it('leaves plain words unquoted for readability', () => {
    expect(shellWord('dcos:adminrouter:ops:mesos')).toBe('dcos:adminrouter:ops:mesos');
    expect(shellWord('a*')).toBe("'a*'");
  });

  it('refuses a NUL byte, which no shell word can hold', () => {
    expect(() => shellWord('a\0b')).toThrow(/NUL/);
  });
});

describe('commentText', () => {
  it('keeps a comment on one line', () => {
    expect(commentText('a\nrm -rf /\r\u2028b\u0000')).toBe('a?rm -rf /??b?');
  });

  it('shows no bidirectional formatting character, which would reorder what a reviewer reads', () => {
    expect(commentText('svc-\u202eatad\u202c \u2066x\u2069\u200f')).toBe('svc-?atad? ?x??');
  });
});

describe('printable', () => {
  it('writes controls and bidirectional formatting characters as escapes', () => {
    expect(printable('a\x1b[31mb\u202ec\u2028')).toBe('a\\x1b[31mb\\u202ec\\u2028');
  });

  it('shows the invisible characters that make two names look alike', () => {
    const hidden = ['\u00ad', '\u180e', '\u200b', '\u200c', '\u200d', '\u2060', '\u2064', '\ufeff'];
    for (const c of hidden) {
      expect(printable(`kafka${c}principal`)).not.toBe(`kafka${c}principal`);
      expect(commentText(`kafka${c}principal`)).toBe('kafka?principal');
    }
    expect(printable('kafka\u200bprincipal')).toBe('kafka\\u200bprincipal');
  });
});
