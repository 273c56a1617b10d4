import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ended, PROCID_SH, pidOf, running } from './process-identity.js';

describe('a process named by its pid and start time', () => {
  it('runs while it runs, and not once it ended or when its pid names another start', async () => {
    // sh prints its own ProcessId, then waits until its stdin closes.
    const child = spawn('/bin/sh', ['-c', `${PROCID_SH}\nprocid $$\ncat > /dev/null`], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    const id = line.toString().trim();
    expect(pidOf(id)).toBe(child.pid);
    expect(running(id)).toBe(true);
    // The same pid with another start time: a later process given that pid.
    const [pid, start] = id.split(' ');
    expect(running(`${pid} ${Number(start) + 1}`)).toBe(false);
    child.stdin.end();
    await ended(id);
    expect(running(id)).toBe(false);
  });
});
