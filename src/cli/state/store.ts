import { readFileSync } from 'node:fs';
import { fileProblem } from '../../sources/read-status.js';
import { writeAtomic } from '../output-file.js';
import { STATE_FORMAT, STATE_VERSION, StateFile } from './schema.js';

/**
 * Reading and writing the state file. A file that cannot be taken as it is
 * (not JSON, another shape, a newer version) is refused and left as it is:
 * the findings of the runs before are never overwritten by a run that could
 * not read them.
 */

export class StateError extends Error {}

/** The state at `path`; undefined when there is no such file (the first run). */
export function readState(path: string): StateFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new StateError(fileProblem(err, 'a file for the state (made on the first run)'));
  }
  // An empty file is where a state will be (`--state "$(mktemp)"`): the first run.
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StateError(corrupt('it is not JSON'));
  }
  const head = value as { format?: unknown; version?: unknown } | null;
  if (typeof head !== 'object' || head === null || head.format !== STATE_FORMAT)
    throw new StateError(corrupt('it is not an audit2grant state file'));
  if (typeof head.version === 'number' && head.version > STATE_VERSION)
    throw new StateError(
      `it was written by a newer audit2grant (state version ${head.version}; this one reads ${STATE_VERSION}): run the newer version, or name another state file`,
    );
  const parsed = StateFile.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StateError(
      corrupt(`${issue.path.join('.') || 'the document'}: ${issue.message.toLowerCase()}`),
    );
  }
  return parsed.data;
}

function corrupt(why: string): string {
  return `it is damaged (${why}); it was left as it is: name another state file, or move it away to start again`;
}

/** Writes the state atomically (temporary file in its directory, fsync, rename), readable by its owner only. */
export function writeState(path: string, state: StateFile): void {
  writeAtomic(path, `${JSON.stringify(state)}\n`, 0o600);
}
