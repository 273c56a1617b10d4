import type { Readable } from 'node:stream';
import { Backoff, type BackoffOptions, DEFAULT_BACKOFF, pause, seconds } from '../backoff.js';
import type { Input } from '../input.js';
import { type Lost, notFollowed } from '../not-followed.js';
import type { InputPosition, SourceState } from '../position.js';
import { HostFailure, type SshSession } from './connect.js';
import { PullReadable } from './pull-readable.js';
import { remoteCommand } from './remote-command.js';
import { runRemote } from './remote-run.js';
import { hopLabel, journalKey, type Target } from './target.js';
import { WholeLines } from './whole-lines.js';

/**
 * One host's journal, read over SSH: once to its end, or followed. The
 * stream hands on whole lines only, and `position()` is the cursor of the
 * last entry handed on (set as each chunk is handed on: the reader takes a
 * chunk in the same turn of the event loop, so the cursor never runs ahead
 * of what was read). Resumed, reading starts after the saved cursor.
 *
 * Following, a connection that drops or a journalctl that ends is opened
 * again after a backoff (backoff.ts), after the last cursor handed on: no
 * entry is lost (a cut line is kept back and read whole again) and none is
 * read twice. A failure that would only come again (authentication, host
 * keys, a journalctl that cannot read the journal) ends the follow for good.
 * `stop` ends it well, with the host complete, when the host is being
 * followed; a host connecting or waiting to retry then fails, with its last
 * failure: its journal since then is unread, and the report is partial.
 */

export interface SshReadOptions {
  /** Keep reading what the journal gets (journalctl -f), reconnecting when the link drops. */
  follow?: boolean | undefined;
  /** Where an earlier run stopped on this host: reading starts after it. */
  resume?: InputPosition | undefined;
  /** Ends a follow: the stream ends after the whole lines read so far. */
  stop?: AbortSignal | undefined;
  backoff?: BackoffOptions | undefined;
  /** The key its position is saved under; journalKey when none is given. */
  key?: string | undefined;
}

export class SshInput implements Input {
  readonly kind = 'ssh' as const;
  readonly source: string;
  readonly key: string;
  /** Records without a _HOSTNAME are attributed to the name the target was given by. */
  readonly host: string;
  /** Resumed after a saved cursor: a host with nothing new gave nothing, and that is no failure. */
  readonly readBefore: boolean;
  /** Why the journal was not read completely, as the report says it; null when it was. */
  failure: string | null = null;
  readonly emptyHint =
    'journalctl on the host sent no audit line of the dcos-* units: check --since/--until and that it is a DC/OS master';
  onState?: (state: SourceState) => void;
  /** The cursor of the last entry handed on, or the one resumed after. */
  private cursor: string | undefined;
  /** Done or failed: the read of this open() told its last state. */
  private ended = false;

  constructor(
    private readonly session: SshSession,
    readonly target: Target,
    private readonly opts: SshReadOptions = {},
  ) {
    this.source = target.text;
    this.key = opts.key ?? journalKey(target);
    this.host = target.alias;
    this.readBefore = opts.resume !== undefined;
    if (opts.resume !== undefined) {
      if (opts.resume.kind !== 'journal')
        throw new Error(`${this.key}: the saved position is not a journal cursor`);
      this.cursor = opts.resume.cursor;
    }
  }

  /** `user@host:port`, and the jump hosts, for the report. */
  get label(): string {
    const via = this.target.jumps.map(hopLabel);
    return via.length > 0
      ? `${hopLabel(this.target)} via ${via.join(', ')}`
      : hopLabel(this.target);
  }

  position(): InputPosition | undefined {
    return this.cursor === undefined ? undefined : { kind: 'journal', cursor: this.cursor };
  }

  open(): Readable {
    const abort = new AbortController();
    this.failure = null;
    this.ended = false;
    const chunks = this.opts.follow ? this.follow(abort.signal) : this.once(abort.signal);
    // The reader destroys the stream when interrupted: the read may be waiting
    // at a chunk handed on, where no error reaches it.
    return new PullReadable(chunks, () => {
      abort.abort();
      if (!this.ended) this.failed(new HostFailure('interrupted'), abort.signal);
    });
  }

  private tell(state: SourceState['state'], detail?: string): void {
    if (this.ended) return;
    this.ended = state === 'done' || state === 'failed';
    this.onState?.(
      detail === undefined
        ? { source: this.source, state }
        : { source: this.source, state, detail },
    );
  }

  private command(follow: boolean): string {
    return remoteCommand({ ...this.session.settings.remote, follow, afterCursor: this.cursor });
  }

  /** Whole lines of one run, the cursor moved as they are handed on. */
  private async *lines(run: AsyncGenerator<Buffer>, cut: WholeLines): AsyncGenerator<Buffer> {
    for await (const chunk of run) {
      const handed = cut.take(chunk);
      if (handed === undefined) continue;
      if (handed.cursor !== undefined) this.cursor = handed.cursor;
      yield handed.bytes;
    }
  }

  /** The journal read once, to its end. */
  private async *once(signal: AbortSignal): AsyncGenerator<Buffer> {
    const cut = new WholeLines();
    this.tell('connecting');
    try {
      const run = runRemote(this.session, this.target, this.command(false), signal, {
        follow: false,
        onStarted: () => this.tell('reading'),
      });
      yield* this.lines(run, cut);
      const last = cut.end();
      if (last !== undefined) {
        if (last.cursor !== undefined) this.cursor = last.cursor;
        yield last.bytes;
      }
      this.tell('done');
    } catch (err) {
      cut.drop();
      throw this.failed(err, signal);
    }
  }

  /** The journal followed until `stop`, reconnecting after the last cursor. */
  private async *follow(signal: AbortSignal): AsyncGenerator<Buffer> {
    const stop = this.opts.stop;
    const ended = eitherSignal(signal, stop);
    const backoff = new Backoff(this.opts.backoff ?? DEFAULT_BACKOFF);
    /** Since when the host is not followed (after it was), and why: what the report says if the follow ends then. */
    const lost: Lost = {};
    for (;;) {
      const cut = new WholeLines();
      let since: number | undefined;
      let reason: string;
      this.tell('connecting');
      try {
        const run = runRemote(this.session, this.target, this.command(true), ended, {
          follow: true,
          onStarted: () => {
            since = performance.now();
            this.tell('following');
          },
        });
        yield* this.lines(run, cut);
        reason = 'journalctl -f ended on the host';
      } catch (err) {
        cut.drop();
        // Stopped while following: the follow ended well. Interrupted, or a
        // failure that would come again: for good.
        if (stop?.aborted && !signal.aborted)
          return since === undefined ? this.unfollowed(lost, signal) : this.tell('done');
        if (signal.aborted || !(err instanceof HostFailure) || err.lasting)
          throw this.failed(err, signal);
        reason = (err as Error).message;
      }
      if (since !== undefined) lost.since = Date.now();
      lost.why = reason;
      if (stop?.aborted) return this.unfollowed(lost, signal);
      const wait = backoff.next(since === undefined ? 0 : performance.now() - since);
      this.tell('retrying', `in ${seconds(wait)}: ${reason}`);
      await pause(wait, ended);
      if (signal.aborted) throw this.failed(new HostFailure('interrupted'), signal);
      if (stop?.aborted) return this.unfollowed(lost, signal);
    }
  }

  /**
   * The follow ended while the host was not followed (connecting, or
   * waiting to retry): what its journal got meanwhile is unread, and the
   * report says so, with the last failure.
   */
  private unfollowed(lost: Lost, signal: AbortSignal): never {
    throw this.failed(new HostFailure(notFollowed(lost, 'the host')), signal);
  }

  /** Records a failure for the report and the state, and gives the error to throw. */
  private failed(err: unknown, signal: AbortSignal): HostFailure {
    this.failure = signal.aborted
      ? 'interrupted'
      : err instanceof HostFailure
        ? err.message
        : `SSH error: ${(err as Error).message}`;
    this.tell('failed', this.failure);
    return new HostFailure(this.failure);
  }
}

/** A signal that aborts when either does (AbortSignal.any is Node 20.3+). */
function eitherSignal(a: AbortSignal, b: AbortSignal | undefined): AbortSignal {
  if (b === undefined) return a;
  const both = new AbortController();
  const abort = () => both.abort();
  if (a.aborted || b.aborted) both.abort();
  a.addEventListener('abort', abort, { once: true });
  b.addEventListener('abort', abort, { once: true });
  return both.signal;
}
