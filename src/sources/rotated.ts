import { closeSync, createReadStream, fstatSync, openSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { type FilePosition, HEAD_BYTES, hashOf } from './file-identity.js';
import { drain, identity, type Open, placeOf, seedLineBefore } from './file-place.js';
import { findGenerations, type Generation, type Generations } from './generations.js';
import type { ReadSignals, WindowReader } from './input.js';
import { describe } from './read-status.js';

/**
 * What a rotation left of the file the last run read: the rest of the old
 * file from where that run stopped, then the files rotated after it, whole.
 * The place reached names the file of the rotation being read and the
 * offset in it (inflated, for a `.gz`), as any file's position does: a run
 * stopped here saves it, and the next run finds that file by its first
 * bytes (generations.ts) and reads on from there, skipping nothing and
 * counting nothing twice. A file of it that cannot be read, or is damaged,
 * is said, and the ones after it are read.
 */

/** How reading one file of the rotation ended. */
type End = 'read' | 'short' | 'stopped';

export class RotatedRead {
  /** The end of the last line handed over: the saved place until a line of the rotation is. */
  private reached: FilePosition;
  /** The place in the file being read, once a line of it is handed over. */
  private reading: (() => FilePosition | undefined) | undefined;

  /**
   * `path` is the file's name as given, for what is said; `where` its real
   * path now, beside which the rotated files are.
   */
  constructor(
    private readonly path: string,
    private readonly where: string,
    private readonly saved: FilePosition,
    private readonly note: (message: string) => void,
    private readonly gaps: string[],
  ) {
    this.reached = saved;
  }

  /** Where the reading has got to, for the state: always in step with the lines handed over. */
  place(): FilePosition {
    return this.reading?.() ?? this.reached;
  }

  /** Reads what the rotation left; false when stopped before its end (interrupted, or the reader refused). */
  async read(why: string, reader: WindowReader, signals: ReadSignals): Promise<boolean> {
    const { saved } = this;
    const found = findGenerations(this.where, saved);
    if (!found) {
      this.note(`${this.path}: ${why}: read from its start`);
      const name = basename(this.where);
      this.gaps.push(
        saved.offset === 0
          ? `the last run read nothing of the file it read before (no bytes tell it from another): lines written to it before it was rotated may be missing; if they matter, pipe that file in: audit2grant - < FILE`
          : `the rest of the file the last run read (after byte ${saved.offset}) is not beside it (${name}.1, ${name}.1.gz): lines written to it since may be missing; if it is elsewhere, pipe that rest in: tail -c +${saved.offset + 1} FILE | audit2grant -`,
      );
      return true;
    }
    const then = found.after.map((g) => `, then ${g.path}`).join('');
    this.note(
      `${this.path}: rotated since the last run: the rest of it read from ${found.old.path}${then}, then the new file from its start`,
    );
    return this.readGenerations(found, reader, signals);
  }

  /**
   * While followed, once the file was renamed away and read to its end, or
   * copied and truncated (`what`): the rest of the old file (a copy's, past
   * what was read) and the files rotated after it, which were never opened
   * when the file was rotated more than once between two looks. Undefined
   * when the old file is not found; else as read().
   */
  async readFollowed(
    what: string,
    reader: WindowReader,
    signals: ReadSignals,
    opts: { quietUnlessAfter?: boolean } = {},
  ): Promise<boolean | undefined> {
    const found = findGenerations(this.where, this.saved);
    if (!found) return undefined;
    const then = found.after.map((g) => `, then ${g.path}`).join('');
    // A rotation's old file was read to its end already: said only when others came after it.
    if (found.after.length > 0 || !opts.quietUnlessAfter)
      this.note(`${this.path}: ${what}: the rest of it read from ${found.old.path}${then}`);
    return this.readGenerations(found, reader, signals);
  }

  private async readGenerations(
    { old, after, unsure }: Generations,
    reader: WindowReader,
    signals: ReadSignals,
  ): Promise<boolean> {
    const { saved } = this;
    let lines = saved.lines ?? 0;
    let from = saved.offset;
    for (const generation of [old, ...after]) {
      reader.newFile(lines, generation.path);
      let end: End;
      try {
        end = generation.gzip
          ? await this.readGzip(generation, from, reader, signals)
          : await this.readPlain(generation, from, reader, signals);
      } catch (err) {
        // What was read of it is counted and its place kept: a next run counts it once.
        this.gaps.push(`${generation.path}: ${describe(err)} (the rest of it not read)`);
        end = 'read';
      }
      if (end === 'stopped') return false;
      if (end === 'short')
        this.gaps.push(`${generation.path} is shorter than what the last run read of it`);
      lines = 0;
      from = 0;
    }
    if (unsure.length > 0)
      this.gaps.push(
        `files rotated after ${old.path} may hold lines never read: ${unsure.join(', ')}: give those on the command line`,
      );
    return true;
  }

  private async readPlain(
    generation: Generation,
    from: number,
    reader: WindowReader,
    signals: ReadSignals,
  ): Promise<End> {
    const fd = openSync(generation.path, 'r');
    let stopped = false;
    try {
      if (fstatSync(fd).size < from) return 'short';
      if (from > 0) seedLineBefore(fd, from, reader);
      const file: Open = { fd, ...identity(fd), at: from };
      this.reading = () => (file.at - reader.pending() > from ? placeOf(file, reader) : undefined);
      stopped = !(await drain(file, reader, signals)) || signals.signal?.aborted === true;
      return stopped ? 'stopped' : 'read';
    } finally {
      this.settle(stopped, reader);
      closeSync(fd);
    }
  }

  private async readGzip(
    generation: Generation,
    from: number,
    reader: WindowReader,
    signals: ReadSignals,
  ): Promise<End> {
    // Loaded only here: a run that meets no compressed rotation never needs zlib.
    const { gunzip } = await import('./gzip/members.js');
    const { dev, ino } = statSync(generation.path);
    const head = Buffer.alloc(HEAD_BYTES);
    let headLength = 0;
    /** Bytes inflated, and of them handed to the reader (those from `from`). */
    let inflatedBytes = 0;
    let handed = 0;
    this.reading = () => {
      const offset = from + handed - reader.pending();
      if (offset <= from) return undefined;
      return {
        kind: 'file',
        dev,
        ino,
        size: inflatedBytes,
        offset,
        head: hashOf(head.subarray(0, Math.min(headLength, offset))),
        lines: reader.lineNumber(),
      };
    };
    let stopped = false;
    const compressed = createReadStream(generation.path);
    try {
      // Every line inflated before damage, then an InputProblem saying what it is.
      const inflated = gunzip(compressed, { path: generation.path });
      for await (const chunk of inflated) {
        if (headLength < HEAD_BYTES) headLength += chunk.copy(head, headLength);
        inflatedBytes += chunk.length;
        let at = Math.min(Math.max(0, from - (inflatedBytes - chunk.length)), chunk.length);
        while (at < chunk.length) {
          // A window at a time: Ctrl-C stops it within a window of what was inflated.
          stopped = signals.signal?.aborted === true;
          if (stopped) return 'stopped';
          const n = chunk.copy(reader.window, 0, at);
          stopped = !reader.push(n);
          if (stopped) return 'stopped';
          at += n;
          handed += n;
        }
      }
      stopped = signals.signal?.aborted === true;
      if (stopped) return 'stopped';
      return inflatedBytes < from ? 'short' : 'read';
    } finally {
      compressed.destroy();
      this.settle(stopped, reader);
    }
  }

  /**
   * One file of the rotation is done with: read to its end or to damage (a
   * last line without a newline counts, as in a file named on the command
   * line), or stopped (the line not yet ended is the next run's).
   */
  private settle(stopped: boolean, reader: WindowReader): void {
    if (!stopped) reader.endOfFile();
    this.reached = this.place();
    this.reading = undefined;
  }
}
