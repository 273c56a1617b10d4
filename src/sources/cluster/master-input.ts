import type { Readable } from 'node:stream';
import { cursorSequence } from '../../parser/json-cursor.js';
import { Backoff, type BackoffOptions, pause, seconds } from '../backoff.js';
import type { Input } from '../input.js';
import { type Lost, notFollowed } from '../not-followed.js';
import type { InputPosition, SourceState } from '../position.js';
import { readBody, statusFailure } from './answers.js';
import { clusterPath } from './cluster-url.js';
import { EntryStream } from './entry-stream.js';
import { ClusterFailure, type Connection, get, hostPort } from './http-get.js';
import { readAnswer } from './read-answer.js';
import type { TimeWindow } from './time-window.js';

/**
 * One master's journal through its logging API, as an Input: one streamed
 * request for the units that carry audit records, its entries handed on as
 * whole lines in the window asked for. Reading resumes after a saved cursor;
 * with `follow`, the answer is an event stream kept open, and reconnected
 * after the last entry processed whenever it breaks. A master that fails ends
 * its own stream with a one-line reason (`failure`); the others go on.
 */

/** The units that write audit records (Admin Router, IAM, Mesos, Marathon, Metronome). */
export const AUDIT_UNITS = [
  'dcos-adminrouter.service',
  'dcos-adminrouter-agent.service',
  'dcos-bouncer.service',
  'dcos-bouncer-legacy.service',
  'dcos-mesos-master.service',
  'dcos-marathon.service',
  'dcos-metronome.service',
];

export interface MasterSettings {
  conn: Connection;
  window: TimeWindow;
  follow: boolean;
  /** Longest entry handed on whole; a longer one is handed on cut (and skipped as too long). */
  cap: number;
  /** Following: no ping or data for this long is a dead stream (ms). */
  heartbeatMs: number;
  /** Reading: no data for this long is a stalled answer (ms). */
  stallMs: number;
  /** Following: the waits before connecting again. */
  backoff: BackoffOptions;
  /** Ends a follow well: each master's stream ends after the lines read so far, complete. */
  stop?: AbortSignal | undefined;
  /** One line for stderr: a gap in what was read. */
  notice?: ((line: string) => void) | undefined;
}

type Outcome = 'ended' | 'until' | 'v1' | 'fresh';

export class MasterInput implements Input {
  readonly kind = 'cluster' as const;
  readonly source: string;
  readonly host: string;
  readonly key: string;
  /** The URL read, for the report. */
  readonly label: string;
  readonly emptyHint =
    'the master sent no entry of the dcos units (in the --since/--until window): is it a master?';
  /** Resumed after a saved cursor: a master with nothing new gave nothing, and that is no failure. */
  readonly readBefore: boolean;
  /** Why the master was not read completely, for the report. */
  failure: string | undefined;
  onState?: (state: SourceState) => void;
  private stream: EntryStream | undefined;
  /** The last entry read off the network: where a reconnection resumes. */
  private lastSeen: string | undefined;
  /** Destroyed (interrupted) or stopped: every request and wait ends. */
  private readonly abort = new AbortController();
  /** Resumes the answer being read, paused while the reader had enough. */
  private resume: (() => void) | undefined;
  /** The stream was destroyed by its reader. */
  private interrupted = false;
  /** Done or failed: the last state was told. */
  private ended = false;
  /** The answer being read is a follow's stream (told `following`). */
  private followed = false;
  /**
   * The saved cursor the master no longer found (HTTP 500): the journal is
   * read from its start again, and what is at or before it was counted.
   */
  private lostCursor: { id: string; number: bigint } | undefined;
  /** An entry at or before `lostCursor` was read again: nothing between was lost. */
  private lostCursorSeen = false;
  /** An earlier lost cursor was not seen again, or could not be read. */
  private gap = false;

  constructor(
    readonly address: string,
    private readonly base: URL,
    private readonly settings: MasterSettings,
    /** The cursor saved by an earlier run: reading starts after it. */
    private saved?: string,
  ) {
    this.source = address;
    this.host = address;
    this.key = `cluster:${address}`;
    this.label = base.origin;
    this.lastSeen = saved;
    this.readBefore = saved !== undefined;
    const stop = settings.stop;
    if (settings.follow && stop) {
      const end = () => this.abort.abort();
      if (stop.aborted) end();
      else stop.addEventListener('abort', end, { once: true });
    }
  }

  shortfall(): string | undefined {
    if (!this.gap && (!this.lostCursor || this.lostCursorSeen)) return undefined;
    return "the cursor the last run stopped at is no longer in the master's journal (HTTP 500: vacuumed?): entries written between it and the oldest one left may be missing";
  }

  /** Whether an earlier run counted the entry at `cursor`: at or before the lost cursor, in its journal. */
  private counted(cursor: string): boolean {
    const lost = this.lostCursor;
    if (!lost) return false;
    const seq = cursorSequence(cursor);
    if (!seq || seq.id !== lost.id || seq.number > lost.number) return false;
    this.lostCursorSeen = true;
    return true;
  }

  position(): InputPosition | undefined {
    const cursor = this.stream ? this.stream.position() : this.saved;
    return cursor === undefined ? undefined : { kind: 'journal', cursor };
  }

  open(): Readable {
    const stream = new EntryStream(
      () => this.resume?.(),
      () => {
        this.interrupted = true;
        this.abort.abort();
        this.fail('interrupted');
      },
      this.saved,
    );
    this.stream = stream;
    void this.run(stream);
    return stream;
  }

  private tell(state: SourceState['state'], detail?: string): void {
    if (this.ended) return;
    this.ended = state === 'done' || state === 'failed';
    this.onState?.({ source: this.source, state, ...(detail === undefined ? {} : { detail }) });
  }

  private fail(message: string): void {
    if (this.ended) return;
    this.failure = message;
    this.tell('failed', message);
  }

  /** Stopped well (a follow's stop): the stream ends with what was read, complete. */
  private get stopped(): boolean {
    return this.settings.stop?.aborted === true && this.settings.follow;
  }

  private async run(out: EntryStream): Promise<void> {
    let api: 'v2' | 'v1' = 'v2';
    const backoff = new Backoff(this.settings.backoff);
    let since: number | undefined;
    /** Since when the master is not followed (after it was), and why: what the report says if the follow ends then. */
    const lost: Lost = {};
    this.tell('connecting');
    for (;;) {
      let outcome: Outcome | ClusterFailure;
      since = undefined;
      try {
        outcome = await this.readOnce(out, api, () => {
          since ??= performance.now();
        });
      } catch (err) {
        outcome = err instanceof ClusterFailure ? err : new ClusterFailure(String(err), false);
      }
      const followed = this.followed;
      this.followed = false;
      if (this.interrupted) return;
      // Stopped while following: the follow ended well; else what came since is unread.
      if (this.stopped) return followed ? this.end(out) : this.unfollowed(out, lost);
      if (outcome === 'v1') api = 'v1';
      else if (outcome === 'fresh') continue;
      else if (outcome === 'until' || (outcome === 'ended' && !this.settings.follow))
        return this.end(out);
      else if (outcome instanceof ClusterFailure && !(this.settings.follow && outcome.retry)) {
        this.fail(outcome.message);
        out.destroy(new Error(outcome.message));
        return;
      } else {
        const why =
          outcome instanceof ClusterFailure
            ? outcome.message
            : `${hostPort(this.base)} closed the stream`;
        if (followed) lost.since = Date.now();
        lost.why = why;
        const wait = backoff.next(since === undefined ? 0 : performance.now() - since);
        this.tell('retrying', `in ${seconds(wait)}: ${why}`);
        await pause(wait, this.abort.signal);
        if (this.interrupted) return;
        if (this.stopped) return this.unfollowed(out, lost);
        this.tell('connecting');
      }
    }
  }

  /**
   * The follow ended while the master was not followed (connecting, or
   * waiting to retry): what its journal got meanwhile is unread, and the
   * report says so, with the last failure.
   */
  private unfollowed(out: EntryStream, lost: Lost): void {
    const message = notFollowed(lost, 'the master');
    this.fail(message);
    out.destroy(new Error(message));
  }

  private end(out: EntryStream): void {
    out.flush();
    this.tell('done');
    out.push(null);
  }

  private url(api: 'v2' | 'v1', cursor: string | undefined): URL {
    const path =
      api === 'v2'
        ? '/system/v1/logs/v2/component'
        : `/system/v1/logs/v1/${this.settings.follow ? 'stream' : 'range'}/`;
    const url = new URL(clusterPath(this.base, path), this.base);
    for (const unit of AUDIT_UNITS) url.searchParams.append('filter', `_SYSTEMD_UNIT:${unit}`);
    // v1 starts at the beginning without a cursor; v2 names it BEG.
    if (cursor !== undefined || api === 'v2') url.searchParams.set('cursor', cursor ?? 'BEG');
    return url;
  }

  /** One request, read to its end (or to --until); what to do next. */
  private async readOnce(out: EntryStream, api: 'v2' | 'v1', alive: () => void): Promise<Outcome> {
    const { follow, conn } = this.settings;
    const from = this.lastSeen;
    const headers: Record<string, string> = {
      accept: follow ? 'text/event-stream' : 'application/json',
    };
    if (follow && from !== undefined) headers['last-event-id'] = from;
    const url = this.url(api, from);
    const where = `${hostPort(url)}${url.pathname}`;
    const { req, res } = await get(url, conn, headers, this.abort.signal);
    const status = res.statusCode ?? 0;
    if (status !== 200) {
      const body = await readBody(res);
      if (status === 204) return 'ended';
      if (status === 404 && api === 'v2') return 'v1';
      if (status === 404)
        throw new ClusterFailure(
          `no logging API at ${hostPort(url)} (404 for v2 and v1): is it a DC/OS master, and the cluster URL's port its Admin Router's?`,
          false,
        );
      if (status === 500 && from !== undefined) {
        this.settings.notice?.(
          `${this.source}: the cursor to resume from is no longer in the master's journal (HTTP 500: vacuumed?): reading from its oldest entry, without what was counted before it`,
        );
        if (this.lostCursor && !this.lostCursorSeen) this.gap = true;
        const lost = cursorSequence(from);
        if (!lost) this.gap = true;
        // A reconnection from an entry read again (at or before the cursor
        // lost first) keeps that one: what came after it was counted too.
        const earlier = this.lostCursor;
        if (!earlier || !lost || lost.id !== earlier.id || lost.number > earlier.number) {
          this.lostCursor = lost;
          this.lostCursorSeen = false;
        }
        this.lastSeen = undefined;
        this.saved = undefined;
        return 'fresh';
      }
      throw statusFailure(status, body, where, conn.token);
    }
    // A login page or a proxy's answers 200 too: its entries would read as a
    // connection that dropped, and be read again and again.
    const type = res.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type === 'text/html') {
      res.resume();
      req.destroy();
      throw new ClusterFailure(
        `the answer from ${where} is a web page (text/html), not the logging API's entries: is the cluster URL a DC/OS cluster's, and not a proxy's or a login page's?`,
        false,
      );
    }
    this.followed = follow === true;
    this.tell(follow ? 'following' : 'reading');
    const { window, cap, heartbeatMs, stallMs } = this.settings;
    return readAnswer(req, res, {
      out,
      window,
      follow,
      cap,
      silenceMs: follow ? heartbeatMs : stallMs,
      where,
      peer: hostPort(this.base),
      token: conn.token,
      onEntry: (cursor) => {
        this.lastSeen = cursor;
      },
      counted: (cursor) => this.counted(cursor),
      onAlive: alive,
      onPause: (resume) => {
        this.resume = resume;
      },
    });
  }
}
