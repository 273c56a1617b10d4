import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { stubBin } from './stub-bin.js';

// The recording stubs are what the script tests read the commands back
// from: an argument must come back as it was, whatever its bytes.
describe('recording stubs', () => {
  it('read back every call and argument, one that starts with \\x01 or is empty too', () => {
    const stubs = stubBin();
    // --norc: with a socket for stdin and no SHLVL, bash -c would run ~/.bashrc first.
    const r = spawnSync('bash', ['--norc', '-c', `dcos $'\\x01a' '' 'b c'; dcos; curl $'\\x01'`], {
      env: { PATH: `${stubs.bin}:/usr/bin:/bin` },
    });
    expect(r.status).toBe(0);
    expect(stubs.calls()).toEqual([['dcos', '\x01a', '', 'b c'], ['dcos'], ['curl', '\x01']]);
  });
});
