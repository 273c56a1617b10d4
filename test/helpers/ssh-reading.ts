import { EventEmitter } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Aggregator } from '../../src/report/aggregate.js';
import type { InputStatus } from '../../src/report/build-report.js';
import { consume } from '../../src/sources/consume.js';
import type { InputPosition, SourceState } from '../../src/sources/position.js';
import { setupSsh } from '../../src/sources/ssh/setup.js';
import type { SshInput } from '../../src/sources/ssh/ssh-input.js';
import type { ProcessId } from './process-identity.js';
import type { Sshd } from './sshd.js';

/**
 * One host read over SSH in this process, as the command line reads it
 * (setupSsh, then consume into an aggregator), with what a test waits on:
 * every chunk read and every state told wakes `until`.
 */

export interface Reading {
  input: SshInput;
  agg: Aggregator;
  states: SourceState[];
  /** The input's status once its stream ended. */
  status: Promise<InputStatus>;
  /**
   * Resolves once `condition` holds; looked at after each chunk and state.
   * Rejects, saying `what` was awaited, if the reading ends first: nothing
   * more could make it hold.
   */
  until(condition: () => boolean, what?: string): Promise<void>;
  /** Ends a follow well (the `stop` of setupSsh). */
  stop(): void;
  /** Interrupts the read (the signal consume gets, as on Ctrl-C). */
  interrupt(): void;
}

export interface ReadingOptions {
  target: string;
  /** `--jump`: the jump hosts to reach the target through. */
  jump?: string;
  key: string;
  knownHosts: string;
  follow?: boolean;
  /** `--until`, epoch milliseconds. */
  until?: number;
  resume?: InputPosition;
  /** Saved positions by key, instead of `resume` under the target's key. */
  positions?: ReadonlyMap<string, InputPosition>;
  /** Told of a saved position's key no longer used. */
  forget?: (key: string) => void;
}

/** Readings of this test file not yet ended, and what each awaits now. */
const live = new Map<Reading, { target: string; waits: Set<string> }>();

/**
 * What every reading not yet ended has seen and awaits: printed when a test
 * fails (a wait that never ends shows only as the test's timeout).
 */
export function readingsNow(): string {
  return [...live]
    .map(([r, { target, waits }]) => {
      const states = r.states.map((s) => (s.detail ? `${s.state} (${s.detail})` : s.state));
      const { records, lines } = r.agg.stats;
      return [
        `reading of ${target}: ${records} records, ${lines} lines`,
        `  states: ${states.join(' -> ')}`,
        `  awaiting: ${[...waits].join('; ') || 'nothing'}`,
      ].join('\n');
    })
    .join('\n');
}

export async function readSsh(opts: ReadingOptions): Promise<Reading> {
  const stop = new AbortController();
  const interrupt = new AbortController();
  const changed = new EventEmitter();
  changed.setMaxListeners(100);
  const { session, inputs } = await setupSsh(
    {
      ssh: [opts.target],
      jump: opts.jump,
      identity: [opts.key],
      knownHosts: opts.knownHosts,
      acceptNewHostKeys: false,
      sudo: false,
      connectTimeout: 60,
      readTimeout: 600,
      follow: opts.follow,
      window: opts.until === undefined ? undefined : { until: opts.until },
    },
    {},
    undefined,
    {
      positions: opts.positions ?? (opts.resume && new Map([[`ssh:${opts.target}`, opts.resume]])),
      forget: opts.forget,
      stop: stop.signal,
    },
  );
  const input = inputs[0]!;
  const states: SourceState[] = [];
  input.onState = (state) => {
    states.push(state);
    changed.emit('change');
  };
  const agg = new Aggregator();
  const waits = new Set<string>();
  let ended = false;
  const status = consume(input, agg, {
    maxLine: 1024 * 1024,
    signal: interrupt.signal,
    onChunk: () => changed.emit('change'),
  }).finally(() => {
    session.close();
    ended = true;
    live.delete(reading);
    changed.emit('change');
  });
  let n = 0;
  const reading: Reading = {
    input,
    agg,
    states,
    status,
    until: (condition, what = 'a condition') =>
      new Promise<void>((resolve, reject) => {
        const wait = `${what} (#${++n})`;
        waits.add(wait);
        const done = () => {
          changed.off('change', look);
          waits.delete(wait);
        };
        const look = () => {
          if (condition()) {
            done();
            resolve();
          } else if (ended) {
            done();
            const seen = states.map((s) => s.state).join(' -> ');
            reject(new Error(`awaited ${what}, but the reading ended first (${seen})`));
          }
        };
        changed.on('change', look);
        look();
      }),
    stop: () => stop.abort(),
    interrupt: () => interrupt.abort(),
  };
  live.set(reading, { target: opts.target, waits });
  return reading;
}

/** The journalctl runs of a host in mode 'watched', oldest first. */
export function journalctlRuns(sshd: Sshd): ProcessId[] {
  const file = join(sshd.dir, 'journalctl.pids');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

/** The SSH session process (sshd) that runs `pid`: killing it drops the connection. */
export function sessionOf(pid: number): number {
  for (let p = pid; p > 1; ) {
    const status = readFileSync(`/proc/${p}/status`, 'utf8');
    if (/^Name:\s+sshd/m.test(status) && p !== pid) return p;
    p = Number(/^PPid:\s+(\d+)/m.exec(status)![1]);
  }
  throw new Error(`no sshd above process ${pid}`);
}

/**
 * The processes serving the connections of an sshd, and theirs: killing
 * them drops its connections.
 */
export function connectionsOf(sshd: Sshd): number[] {
  const parents = new Map<number, number>();
  for (const p of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const ppid = /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1];
      if (ppid) parents.set(Number(p), Number(ppid));
    } catch {
      // ended while listed
    }
  }
  const under = (pid: number): boolean => {
    const parent = parents.get(pid);
    return parent === sshd.pid || (parent !== undefined && parent > 1 && under(parent));
  };
  return [...parents.keys()].filter(under).sort((a, b) => a - b);
}

/** The `__CURSOR` of each line of journalctl -o json output. */
export function cursors(json: string): string[] {
  return json
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { __CURSOR: string }).__CURSOR);
}
