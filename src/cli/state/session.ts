import { emptySnapshot } from '../../report/empty-snapshot.js';
import { merge } from '../../report/merge.js';
import type { Snapshot } from '../../report/snapshot.js';
import type { Input } from '../../sources/input.js';
import type { InputPosition } from '../../sources/position.js';
import { outputProblem, removeLeftovers } from '../output-file.js';
import { lockState } from './lock.js';
import {
  optionsDifference,
  type SavedInput,
  STATE_FORMAT,
  STATE_VERSION,
  type StateFile,
  type StateOptions,
} from './schema.js';
import { readState, StateError, writeState } from './store.js';

/**
 * A run's hold on its `--state` file: locked for the run, read once, then
 * written (whole, atomically) every few seconds while following and at the
 * end. What is written is the findings of the runs before merged with this
 * run's, and each input's position: this run's inputs where they got to,
 * the others where they were.
 */
export class StateSession {
  /** What the runs before found (nothing for the first run). */
  readonly before: Snapshot;
  /** What the runs before saved, when there were any. */
  readonly saved: StateFile | undefined;
  private readonly positions: Map<string, SavedInput>;

  private constructor(
    readonly path: string,
    private readonly options: StateOptions,
    private readonly version: string,
    private readonly release: () => void,
    saved: StateFile | undefined,
    kept: Snapshot['kept'],
  ) {
    this.saved = saved;
    this.before = saved?.findings ?? emptySnapshot(kept);
    this.positions = new Map((saved?.inputs ?? []).map((i) => [i.key, i]));
  }

  /**
   * Locks and reads the state at `path`. Throws StateError (with StateLocked
   * among them) when it cannot be used: in use, damaged, newer, or written
   * under other options. The file is left as it is then.
   */
  static open(
    path: string,
    options: StateOptions,
    version: string,
    kept: Snapshot['kept'],
  ): StateSession {
    // Before the lock and the read: a FIFO would hang the read, a symbolic
    // link or a file the user cannot write would be read and never saved.
    const problem = outputProblem(path);
    if (problem) throw new StateError(problem);
    const release = lockState(path);
    try {
      // The lock's holder alone writes the state: what a killed run left is removed.
      removeLeftovers(path);
      const saved = readState(path);
      const difference = saved && optionsDifference(saved.options, options);
      if (difference)
        throw new StateError(
          `${difference}: run with the same options, or name another state file`,
        );
      return new StateSession(path, options, version, release, saved, kept);
    } catch (err) {
      release();
      throw err;
    }
  }

  /** Where the input of `key` stopped in the runs before. */
  positionOf(key: string): InputPosition | undefined {
    return this.positions.get(key)?.position;
  }

  /** Where the file last named by the link of `namedKey` stopped in the runs before. */
  positionNamed(namedKey: string): InputPosition | undefined {
    for (const saved of this.positions.values())
      if (saved.namedKey === namedKey) return saved.position;
    return undefined;
  }

  /** The position saved under `key` is kept under another key now: not written again under this one. */
  forget(key: string): void {
    this.positions.delete(key);
  }

  /** Where each input stopped in the runs before, by key. */
  savedPositions(): ReadonlyMap<string, InputPosition> {
    return new Map([...this.positions].map(([key, saved]) => [key, saved.position]));
  }

  /** This run's findings so far merged with the runs' before. */
  findings(run: Snapshot): Snapshot {
    return merge(this.before, run);
  }

  /** Writes the state: the findings so far, and where each input has got to. */
  save(run: Snapshot, inputs: readonly Input[], now = new Date()): void {
    for (const input of inputs) {
      const { key, namedKey } = input;
      const position = key === undefined ? undefined : input.position?.();
      if (key === undefined || position === undefined) continue;
      // A link names one file at a time: the one it names now.
      if (namedKey !== undefined)
        for (const [other, saved] of this.positions)
          if (saved.namedKey === namedKey && other !== key) {
            const { namedKey: _, ...rest } = saved;
            this.positions.set(other, rest);
          }
      const named = namedKey ?? this.positions.get(key)?.namedKey;
      this.positions.set(key, {
        key,
        source: input.source,
        position,
        ...(named !== undefined && { namedKey: named }),
      });
    }
    writeState(this.path, {
      format: STATE_FORMAT,
      version: STATE_VERSION,
      generator: { name: 'audit2grant', version: this.version },
      written: now.toISOString(),
      runs: (this.saved?.runs ?? 0) + 1,
      options: this.options,
      inputs: [...this.positions.values()],
      findings: this.findings(run),
    });
  }

  close(): void {
    this.release();
  }
}
