import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LockError, lockState, takeOver } from '../../../src/cli/state/lock.js';
import { tempDir } from '../../helpers/temp-dir.js';

const dir = tempDir('a2g-lock-');
let n = 0;

/** The process id of a process that has ended. */
const gonePid = () =>
  Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout,
  );

/** A state path whose lock a run that is gone holds. */
function staleLock(): { state: string; lock: string; stale: { pid: number; host: string } } {
  const state = join(dir, `state-${n++}.json`);
  const stale = { pid: gonePid(), host: hostname() };
  writeFileSync(`${state}.lock`, `${stale.pid} ${stale.host}\n`);
  return { state, lock: `${state}.lock`, stale };
}

describe('a stale lock', () => {
  it('is taken over, and the lock and the takeover token go when the run releases it', () => {
    const { state, lock, stale } = staleLock();
    const release = lockState(state);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid} ${hostname()}\n`);
    const token = `${lock}.${stale.pid}.takeover`;
    expect(existsSync(token)).toBe(true);
    release();
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(token)).toBe(false);
  });

  it('is taken over by one run alone: runs that found it stale at once do not each take it', () => {
    const { lock, stale } = staleLock();
    takeOver(lock, stale);
    // The first made its lock meanwhile: the second would have removed it.
    writeFileSync(lock, `${process.pid} ${hostname()}\n`);
    expect(() => takeOver(lock, stale)).toThrow(LockError);
    expect(() => takeOver(lock, stale)).toThrow(
      `in use: another run is taking over the lock of process ${stale.pid}, which is gone`,
    );
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid} ${hostname()}\n`);
  });

  it('a takeover token a killed run left (its process gone) does not stop the next takeover', () => {
    const { state, lock, stale } = staleLock();
    writeFileSync(`${lock}.${stale.pid}.takeover`, `${gonePid()} ${hostname()}\n`);
    const release = lockState(state);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid} ${hostname()}\n`);
    release();
    expect(existsSync(lock)).toBe(false);
  });

  it('a lock made since it was found stale is not removed by its takeover', () => {
    const { lock, stale } = staleLock();
    writeFileSync(lock, `${process.pid} ${hostname()}\n`);
    takeOver(lock, stale);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid} ${hostname()}\n`);
  });
});
