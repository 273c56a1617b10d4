import { closeSync, openSync, read, readSync } from 'node:fs';
import type { LineSplitter } from '../parser/line-splitter.js';
import { InputProblem } from './input-problem.js';
import { sniff } from './sniff.js';

/** Takes `n` bytes of text read. */
export type Accept = (n: number) => void;

export interface ReadFileOptions {
  signal?: AbortSignal;
  /** Called after each window, for progress displays. */
  onChunk?: (bytes: number) => void;
}

/**
 * A regular file (or `range` of it) through `splitter`, with plain reads
 * straight into the kernel's memory: no stream, no buffer per chunk, no
 * copy. The next window is read on libuv's thread pool while the line scan
 * reads this one, so reading the file costs the scan no time of its own (a
 * third of a sparse journal's); the await between windows also gives the
 * event loop its turn, so Ctrl-C is heard and other inputs move on. Another
 * file read at the same time (the windows are taken) is read window by
 * window with blocking reads. False, with nothing read, when the file is
 * gzip (its first bytes say so: sniff.ts); what is not text is refused.
 */
export async function readFile(
  path: string,
  range: readonly [number, number] | undefined,
  splitter: LineSplitter,
  accept: Accept,
  opts: ReadFileOptions,
): Promise<boolean> {
  const fd = openSync(path, 'r');
  const windows = splitter.claimFileWindows();
  try {
    if (windows) return await readAhead(fd, path, range, windows, splitter, accept, opts);
    return await readInTurn(fd, path, range, splitter, accept, opts);
  } finally {
    if (windows) splitter.releaseFileWindows();
    closeSync(fd);
  }
}

/** Whether the first bytes of the file are text to read here: gzip is not; anything else not text is refused. */
function isText(path: string, window: Buffer, n: number): boolean {
  const kind = sniff(window, n, { path });
  if (kind.kind === 'refused') throw new InputProblem(kind.what);
  return kind.kind !== 'gzip';
}

async function readAhead(
  fd: number,
  path: string,
  range: readonly [number, number] | undefined,
  windows: [Buffer, Buffer],
  splitter: LineSplitter,
  accept: Accept,
  opts: ReadFileOptions,
): Promise<boolean> {
  const end = range?.[1] ?? Number.POSITIVE_INFINITY;
  let at = range?.[0] ?? 0;
  let i = 0;
  // The first window with a blocking read: a small file never waits on the thread pool.
  let reading = Promise.resolve(
    readSync(fd, windows[0], 0, Math.min(windows[0].length, end - at), at),
  );
  try {
    for (;;) {
      const n = await reading;
      const window = windows[i]!;
      if (n === 0 || opts.signal?.aborted) return true;
      if (at === 0 && !isText(path, window, n)) return false;
      accept(n);
      at += n;
      i = 1 - i;
      // The next window is read while this one is scanned.
      reading = at < end ? readAt(fd, windows[i]!, at, end) : NOTHING;
      splitter.pushFileWindow(window, n);
      opts.onChunk?.(n);
    }
  } finally {
    // A read under way writes into a window: it ends before the windows are given back.
    await reading.catch(() => 0);
  }
}

const NOTHING = Promise.resolve(0);

/** The next window's bytes from `at`, read on the thread pool. */
function readAt(fd: number, window: Buffer, at: number, end: number): Promise<number> {
  return new Promise((resolve, reject) =>
    read(fd, window, 0, Math.min(window.length, end - at), at, (err, n) =>
      err ? reject(err) : resolve(n),
    ),
  );
}

/** Windows read between two turns of the event loop (about 8 MiB). */
const WINDOWS_PER_TURN = 64;

/** Blocking reads into the splitter's own scan window; every few megabytes the event loop gets a turn. */
async function readInTurn(
  fd: number,
  path: string,
  range: readonly [number, number] | undefined,
  splitter: LineSplitter,
  accept: Accept,
  opts: ReadFileOptions,
): Promise<boolean> {
  const window = splitter.window()!;
  const end = range?.[1] ?? Number.POSITIVE_INFINITY;
  for (let at = range?.[0] ?? 0, turn = 1; at < end && !opts.signal?.aborted; turn++) {
    const n = readSync(fd, window, 0, Math.min(window.length, end - at), at);
    if (n === 0) break;
    if (at === 0 && !isText(path, window, n)) return false;
    accept(n);
    at += n;
    splitter.pushWindow(n);
    opts.onChunk?.(n);
    if (turn % WINDOWS_PER_TURN === 0) await new Promise(setImmediate);
  }
  return true;
}
