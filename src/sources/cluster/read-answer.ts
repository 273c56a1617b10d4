import type { ClientRequest, IncomingMessage } from 'node:http';
import type { EntryStream } from './entry-stream.js';
import { type ApiEntry, Framing, MalformedAnswer } from './framing.js';
import { ClusterFailure } from './http-get.js';
import type { TimeWindow } from './time-window.js';

/**
 * One answer of a master read to its end: its entries in the time window
 * handed on as they come, reading paused while the reader has enough, and
 * stopped at the first entry past --until. A silence longer than allowed (no
 * ping, no data), a cut, or what is no entry fail it.
 */

export interface AnswerReading {
  out: EntryStream;
  window: TimeWindow;
  follow: boolean;
  cap: number;
  /** No byte for this long (ms) is a dead stream or a stalled answer. */
  silenceMs: number;
  /** The request, for messages: `host:port/path`. */
  where: string;
  /** The master, for messages: `host:port`. */
  peer: string;
  /** The token the answer was asked with: an error never quotes it. */
  token: string;
  /** An entry was read off the answer (handed on or not): where a reconnection resumes. */
  onEntry(cursor: string): void;
  /** Whether an earlier run counted the entry at `cursor`: it is then not handed on. */
  counted(cursor: string): boolean;
  /** Something arrived: an entry or a ping. */
  onAlive(): void;
  /** How to resume the answer when the reader wants more; undefined once it is over. */
  onPause(resume: (() => void) | undefined): void;
}

export function readAnswer(
  req: ClientRequest,
  res: IncomingMessage,
  r: AnswerReading,
): Promise<'ended' | 'until'> {
  const { out, window, where, silenceMs } = r;
  let entries = 0;
  let pastUntil = false;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: 'ended' | 'until' | ClusterFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      r.onPause(undefined);
      if (outcome instanceof ClusterFailure) {
        req.destroy();
        reject(outcome);
      } else resolve(outcome);
    };
    const seconds = silenceMs / 1000;
    const dead = () =>
      settle(
        new ClusterFailure(
          r.follow
            ? `no ping or data from ${r.peer} for ${seconds} s: the stream is dead`
            : `no data from ${r.peer} for ${seconds} s: the answer stalled; try again`,
          true,
        ),
      );
    let watchdog = setTimeout(dead, silenceMs);
    const kick = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(dead, silenceMs);
    };
    const take = (entry: ApiEntry) => {
      if (pastUntil) return;
      entries++;
      if (window.until !== undefined && entry.usec > window.until) {
        pastUntil = true;
        return;
      }
      r.onEntry(entry.cursor);
      // Counted by the run that saved the cursor: not handed on, and no place
      // of this run's (the place stays the saved cursor until an entry after it).
      if (r.counted(entry.cursor)) return;
      if (window.since !== undefined && entry.usec < window.since) out.skipped(entry.cursor);
      else out.line(entry.json, entry.cursor);
    };
    const framing = new Framing(
      r.follow ? 'event-stream' : 'ndjson',
      r.cap,
      {
        entry: take,
        alive: () => {
          kick();
          r.onAlive();
        },
      },
      r.token,
    );
    // While paused for a slow reader, the silence is ours: the watchdog waits.
    r.onPause(() => {
      if (!res.isPaused()) return;
      kick();
      res.resume();
    });
    res.on('data', (chunk: Buffer) => {
      try {
        framing.push(chunk);
      } catch (err) {
        if (!(err instanceof MalformedAnswer)) throw err;
        out.flush();
        const message = `malformed answer from ${where}: ${err.message}: is the cluster URL a DC/OS cluster's?`;
        settle(new ClusterFailure(message, false));
        return;
      }
      const more = out.flush();
      if (pastUntil) {
        req.destroy();
        settle('until');
      } else if (!more) {
        clearTimeout(watchdog);
        res.pause();
      }
    });
    res.once('end', () => {
      if (framing.unfinished()) settle(dropped(where, entries, 'it ended inside an entry'));
      else settle('ended');
    });
    res.once('close', () => {
      if (!res.complete) settle(dropped(where, entries, 'the connection closed'));
    });
    res.once('error', (err) => settle(dropped(where, entries, err.message)));
  });
}

function dropped(where: string, entries: number, why: string): ClusterFailure {
  return new ClusterFailure(
    `the answer from ${where} broke off after ${entries} entries (${why}): the connection dropped; read again`,
    true,
  );
}
