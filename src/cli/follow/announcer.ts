import { type LiveModel, sightLine, sourceLine } from '../../output/live-view.js';
import { ndjsonLine } from '../../output/ndjson.js';
import { type FirstSight, knownSights, sightEvent, sightKey } from '../../report/first-sight.js';
import type { Snapshot } from '../../report/snapshot.js';
import type { SourceState } from '../../sources/position.js';
import { stderr } from '../stderr.js';
import { LiveView } from './live.js';

/**
 * Where a run tells of what it finds as it reads: each finding new to the
 * state file (every finding without one) as an ndjson event on stdout, and
 * while following on stderr: a live view on a terminal, else one line per
 * new finding, and per input that retries and is followed again (a log
 * shows when a journal went unread). With --account, only those accounts'
 * findings.
 */

export interface AnnouncerOptions {
  /** What the runs before found: neither announced again nor counted as new. */
  before: Snapshot;
  /** --account: only these accounts; every account when empty. */
  accounts: readonly string[];
  /** --format ndjson: takes each event's line. */
  events?: ((line: string) => void) | undefined;
  /** While following: stderr, and whether it shows the live view (a terminal). */
  stderr?: { stream: NodeJS.WriteStream; live: boolean } | undefined;
  /** A new denial of an account asked for (--quiet-for watches them). */
  onNewDenial?: (() => void) | undefined;
  /** An input changed state (--quiet-for waits while one is not followed). */
  onSource?: ((state: SourceState) => void) | undefined;
}

/** New findings the live view lists, the last ones. */
const RECENT = 6;
/** A burst of findings redraws the view once in this time. */
const REDRAW_MS = 100;

export class Announcer {
  private readonly known: Set<string>;
  private readonly wanted: (uid: string | null) => boolean;
  private readonly sources = new Map<string, SourceState>();
  /** Inputs that retried and are not followed again yet. */
  private readonly retrying = new Set<string>();
  private readonly accounts = new Map<string, { denied: number; fresh: number }>();
  private readonly recent: string[] = [];
  /** The live view, until the reading is over. */
  private live: LiveView | undefined;
  private readonly started = Date.now();
  private lastNewDenial: number | undefined;
  private recordsPerSecond = 0;
  private redraw: NodeJS.Timeout | undefined;

  constructor(private readonly opts: AnnouncerOptions) {
    this.known = knownSights(opts.before);
    const accounts = new Set(opts.accounts);
    this.wanted = (uid) => accounts.size === 0 || (uid !== null && accounts.has(uid));
    for (const g of opts.before.denied) if (this.wanted(g.uid)) this.account(g.uid).denied++;
    this.live = opts.stderr?.live ? new LiveView(opts.stderr.stream) : undefined;
  }

  /** A finding first seen in this run's reading (Aggregator's onFirst). */
  sight(sight: FirstSight): void {
    if ('uid' in sight && !this.wanted(sight.uid)) return;
    if (this.known.has(sightKey(sight))) return;
    this.opts.events?.(ndjsonLine(sightEvent(sight)));
    if (sight.event === 'denied') {
      const counts = this.account(sight.uid);
      counts.denied++;
      counts.fresh++;
      this.lastNewDenial = Date.now();
      this.opts.onNewDenial?.();
    }
    const line = sightLine(sight);
    if (this.live) {
      this.recent.push(line);
      if (this.recent.length > RECENT) this.recent.shift();
      this.scheduleDraw();
    } else if (this.opts.stderr) this.opts.stderr.stream.write(`audit2grant: ${line}\n`);
  }

  /** An input changed state: an event, and the live view's sources. */
  source(state: SourceState): void {
    const was = this.sources.get(state.source);
    if (was && was.state === state.state && was.detail === state.detail) return;
    this.sources.set(state.source, state);
    this.opts.events?.(ndjsonLine({ event: 'source', ...state }));
    this.opts.onSource?.(state);
    if (this.live) this.scheduleDraw();
    else if (this.opts.stderr && this.lostOrBack(state))
      this.opts.stderr.stream.write(`audit2grant: ${sourceLine(state)}\n`);
  }

  /** An input that retries, or is followed again after it did: said on stderr without the live view. */
  private lostOrBack(state: SourceState): boolean {
    if (state.state === 'retrying') {
      this.retrying.add(state.source);
      return true;
    }
    return state.state === 'following' && this.retrying.delete(state.source);
  }

  /** A line for stderr (`audit2grant: ` is added): above the live view when there is one. */
  note(line: string): void {
    if (this.live) this.live.note(`audit2grant: ${line}`, this.model());
    else stderr().write(`audit2grant: ${line}\n`);
  }

  /** Once a second or so while following: the reading's pace, and the view redrawn. */
  tick(recordsPerSecond: number): void {
    this.recordsPerSecond = recordsPerSecond;
    this.live?.draw(this.model());
  }

  /** The reading is over: the live view goes, before the report is written. */
  end(): void {
    clearTimeout(this.redraw);
    this.redraw = undefined;
    this.live?.clear();
    this.live = undefined;
  }

  private scheduleDraw(): void {
    this.redraw ??= setTimeout(() => {
      this.redraw = undefined;
      this.live?.draw(this.model());
    }, REDRAW_MS);
  }

  private model(): LiveModel {
    const now = Date.now();
    return {
      sources: [...this.sources.values()],
      accounts: this.accounts,
      recent: this.recent,
      recordsPerSecond: this.recordsPerSecond,
      quiet: now - (this.lastNewDenial ?? this.started),
      anyNewDenial: this.lastNewDenial !== undefined,
    };
  }

  private account(uid: string): { denied: number; fresh: number } {
    let counts = this.accounts.get(uid);
    if (!counts) {
      counts = { denied: 0, fresh: 0 };
      this.accounts.set(uid, counts);
    }
    return counts;
  }
}
