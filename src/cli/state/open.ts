import { printable } from '../../output/printable.js';
import type { Snapshot } from '../../report/snapshot.js';
import type { Input } from '../../sources/input.js';
import type { RunConfig } from '../config.js';
import { UsageError } from '../usage-error.js';
import { LockError } from './lock.js';
import type { StateOptions } from './schema.js';
import { StateSession } from './session.js';
import { StateError } from './store.js';

export type { StateSession } from './session.js';

/** The options of this run that the state records and checks. */
export function stateOptions(config: RunConfig): StateOptions {
  return {
    accounts: [...new Set(config.account)].sort(),
    evidence: config.analysis.evidence,
    securityMode: config.analysis.securityMode,
    ...config.windowGiven,
  };
}

/** The run's --state, locked and read; a state that cannot be used is a usage error (exit 2). */
export function openState(config: RunConfig, version: string): StateSession {
  const path = config.state!;
  const kept = {
    allowed: config.analysis.evidence !== 'denied',
    allowAccounts: config.account.length > 0,
  };
  try {
    return StateSession.open(path, stateOptions(config), version, kept);
  } catch (err) {
    if (err instanceof StateError || err instanceof LockError)
      throw new UsageError(`--state ${printable(path)}: ${err.message}`);
    throw err;
  }
}

/**
 * Writes the state now: while following, every few seconds, and at the end.
 * A write that fails is said, and the run goes on: the report is still
 * written, and the state file keeps what it held.
 */
export function saveState(
  session: StateSession | undefined,
  run: Snapshot,
  inputs: readonly Input[],
  date: Date | undefined,
  note: (line: string) => void,
): void {
  if (!session) return;
  try {
    session.save(run, inputs, date ?? new Date());
  } catch (err) {
    note(`--state ${printable(session.path)}: not written: ${(err as Error).message}`);
  }
}
