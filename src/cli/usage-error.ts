import { EXIT } from './exit-codes.js';
import { stderr } from './stderr.js';

/**
 * A run that cannot go on: the one-line message (what, and how to fix it)
 * and the exit code. Thrown where the problem is found; main() writes it.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.usage,
  ) {
    super(message);
  }
}

/** Writes the message as `audit2grant: MESSAGE` on stderr and ends the run with `code`. */
export function fail(message: string, code: number = EXIT.usage): never {
  stderr().write(`audit2grant: ${message}\n`);
  process.exit(code);
}
