import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LOOPBACK_HOST, plainHttpMessage, plainHttpRefused } from '../../src/text/plain-http.js';

/** Whether bash's =~ finds the pattern at the start of `origin`, as the scripts match it. */
function bashLoopback(origin: string): boolean {
  const script = `local_http='^http://${LOOPBACK_HOST}:'; [[ $1 =~ $local_http ]]`;
  try {
    execFileSync('bash', ['-c', script, 'bash', origin]);
    return true;
  } catch {
    return false;
  }
}

describe('plain http carries the token to this machine only, unless --allow-http', () => {
  it.each([
    ['http://localhost:8080', false],
    ['http://LOCALHOST', false],
    ['http://127.0.0.1', false],
    ['http://127.1', false],
    ['http://127.200.3.4:81/dcos', false],
    ['http://[::1]:8080', false],
    ['http://[0:0::1]', false],
    ['https://10.0.0.1', false],
    ['http://10.0.0.1', true],
    ['http://128.0.0.1', true],
    ['http://localhost.example.com', true],
    ['http://127.0.0.1.example.com', true],
    ['http://[::2]', true],
  ])('%s: refused %s', (url, refused) => {
    expect(plainHttpRefused(new URL(url), false)).toBe(refused);
    expect(plainHttpRefused(new URL(url), true)).toBe(false);
  });

  it("agrees with the scripts' bash on every host as they write it (scheme://host:port)", () => {
    for (const host of ['localhost', '127.0.0.1', '127.9.8.7', '[::1]', '10.0.0.1', 'a.example'])
      expect(bashLoopback(`http://${host}:80`), host).toBe(
        !plainHttpRefused(new URL(`http://${host}`), false),
      );
    expect(bashLoopback('http://127.0.0.1.example.com:80')).toBe(false);
  });

  it('says why in one wording, with the fix', () => {
    expect(plainHttpMessage('http://10.0.0.1')).toBe(
      'http://10.0.0.1 is plain http: the token would travel unencrypted; use https, or --allow-http',
    );
  });
});
