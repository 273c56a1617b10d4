import { describe, expect, it } from 'vitest';
import { tellingLine } from '../../../src/sources/ssh/remote-text.js';

describe("the line of a host's stderr that says what went wrong", () => {
  it('names the command or an error before a login shell’s noise', () => {
    expect(tellingLine('Welcome to m1\njournalctl: invalid option\n')).toBe(
      'journalctl: invalid option',
    );
    expect(tellingLine('motd\nsudo: a password is required\nbye\n')).toBe(
      'sudo: a password is required',
    );
  });

  it("passes over sshd's notice of a home directory it could not enter", () => {
    // An account with nologin as its shell (sshd then runs no command at all).
    const nologin =
      'Could not chdir to home directory /nonexistent: No such file or directory\nThis account is currently not available.\n';
    expect(tellingLine(nologin)).toBe('This account is currently not available.');
  });
});
