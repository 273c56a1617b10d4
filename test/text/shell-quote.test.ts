import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
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
});
