import { InvalidArgumentError } from 'commander';
import { checkUser, parseTarget, TargetError } from './target.js';

/** Command-line parsers of the SSH options (commander argParsers). */

export const DEFAULT_PARALLEL = 16;
export const DEFAULT_CONNECT_TIMEOUT = 10;
/** Seconds a host's command may send nothing before it is given up on (not while following). */
export const DEFAULT_READ_TIMEOUT = 600;

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof TargetError) throw new InvalidArgumentError(err.message);
    throw err;
  }
}

/** `--ssh`: repeatable, each a comma list of targets, each checked now. */
export function collectTargets(value: string, previous: string[] = []): string[] {
  return wrap(() => {
    for (const part of value.split(',')) {
      const t = part.trim();
      if (t === '') throw new TargetError(`empty host in "${value}"`);
      parseTarget(t);
    }
    return [...previous, value];
  });
}

/** `-i/--identity`: repeatable. */
export function collectIdentity(value: string, previous: string[] = []): string[] {
  if (value.trim() === '') throw new InvalidArgumentError('empty identity file name');
  return [...previous, value];
}

export function parseSshUser(value: string): string {
  return wrap(() => checkUser(value));
}

/** `--jump`: `[user@]host[:port]`, or a comma chain like ssh -J. */
export function parseJump(value: string): string {
  return wrap(() => {
    for (const part of value.split(',')) parseTarget(part.trim());
    return value;
  });
}

export function parseParallel(value: string): number {
  const n = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= 1024)) throw new InvalidArgumentError(`"${value}": use 1 to 1024`);
  return n;
}

/** Seconds, decimals allowed (0.5). */
export function parseTimeout(value: string): number {
  const n = /^\d{1,5}(\.\d{1,3})?$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 0.1 && n <= 3600))
    throw new InvalidArgumentError(`"${value}": use 0.1 to 3600 seconds`);
  return n;
}
