import {
  closeSync,
  createReadStream,
  fstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { type FilePosition, headHash, resumeAt } from './file-identity.js';
import { FileWatch } from './file-watch.js';
import type { Generation } from './generations.js';
import type { Input, ReadSignals, WindowReader } from './input.js';
import type { InputPosition, SourceState } from './position.js';

/**
 * A file read by name whose place is kept: where the last run stopped
 * (`--state`), and with `--follow` what is appended to it, like `tail -F`:
 * across a rotation (the name now names a new file: the old one is read to
 * its end, then the new one from its start) and a truncation (read again
 * from its start). Only whole lines count: a last line still being written
 * waits for its end, and the place kept is the start of that line.
 */

export interface TrackedFileOptions {
  /** Where the last run stopped in it. */
  resume?: FilePosition | undefined;
  follow: boolean;
  /** Told when the file is read from its start again, and why: the run says so. */
  note(message: string): void;
}

/** An open file and the offset read to. */
interface Open {
  fd: number;
  dev: number;
  ino: number;
  at: number;
}

/** Windows read between two turns of the event loop (about 8 MiB), as consume reads files. */
const WINDOWS_PER_TURN = 64;

export class TrackedFile implements Input {
  readonly source: string;
  readonly path: string;
  readonly key: string;
  readonly readBefore: boolean;
  onState?: (state: SourceState) => void;
  /** What this run could not read, for its status: the input is then read in part. */
  private readonly gaps: string[] = [];
  /** Whether the file was there to open: a followed one may never appear. */
  private existed = false;
  private current: Open | undefined;
  private reader: WindowReader | undefined;
  /** The place reached once reading is over (the file is closed then). */
  private final: FilePosition | undefined;
  private lastState: string | undefined;

  constructor(
    path: string,
    private readonly opts: TrackedFileOptions,
  ) {
    this.source = path;
    this.path = path;
    this.key = fileKey(path);
    this.readBefore = opts.resume !== undefined;
  }

  get emptyHint(): string {
    return this.existed ? 'the file is empty' : 'no such file: it never appeared while followed';
  }

  /** What of it this run did not read, in one line; undefined when it read all there was. */
  shortfall(): string | undefined {
    return this.gaps.length === 0 ? undefined : this.gaps.join('; ');
  }

  open(): Readable {
    return createReadStream(this.path);
  }

  position(): InputPosition | undefined {
    if (this.final) return this.final;
    const { current, reader } = this;
    return current && reader ? placeOf(current, reader) : this.opts.resume;
  }

  async readInto(reader: WindowReader, signals: ReadSignals): Promise<void> {
    this.reader = reader;
    const stopped = () => signals.signal?.aborted === true || signals.stop?.aborted === true;
    const watch = this.opts.follow ? new FileWatch(this.path) : undefined;
    try {
      this.current = await this.openFirst(reader, signals);
      for (;;) {
        if (this.current && !(await drain(this.current, reader, signals))) return;
        if (!watch || stopped()) return;
        this.state('following', this.current ? undefined : 'waiting for the file to appear');
        await watch.changed([signals.signal, signals.stop]);
        this.current = await this.check(this.current, reader, signals);
      }
    } finally {
      watch?.close();
      if (this.current) {
        this.final = placeOf(this.current, reader);
        const held = reader.pending();
        // Not counted: it may be still being written. Its place is kept, it is read once ended.
        if (held > 0)
          this.gaps.push(
            `its last ${held} bytes are a line without a newline at its end: not read, as it may still be being written (a run with --state reads it once it ends; if the file is complete, end it with a newline)`,
          );
        closeSync(this.current.fd);
        this.current = undefined;
      }
      this.state('done');
    }
  }

  /** The file opened where the last run stopped; undefined while a followed file does not exist. */
  private async openFirst(reader: WindowReader, signals: ReadSignals): Promise<Open | undefined> {
    const fd = this.openFile();
    if (fd === undefined) return undefined;
    this.existed = true;
    const saved = this.opts.resume;
    const start = resumeAt(fd, saved);
    const st = fstatSync(fd);
    this.state('reading');
    if (start.restart && saved) await this.readRotated(saved, start.restart, reader, signals);
    reader.newFile(start.lines);
    return { fd, dev: st.dev, ino: st.ino, at: start.offset };
  }

  /**
   * The name names another file than the last run read (or the same one cut
   * short): what was written to the old one after the last run is read
   * first, from where the rotation put it, with the files rotated after it;
   * what cannot be found is said, and leaves the input read in part.
   */
  private async readRotated(
    saved: FilePosition,
    why: string,
    reader: WindowReader,
    signals: ReadSignals,
  ): Promise<void> {
    const { findGenerations } = await import('./generations.js');
    const found = findGenerations(this.path, saved);
    if (!found) {
      this.opts.note(`${this.path}: ${why}: read from its start`);
      const name = basename(this.path);
      this.gaps.push(
        `the rest of the file the last run read (after byte ${saved.offset}) is not beside it (${name}.1, ${name}.1.gz): lines written to it since may be missing; if it is elsewhere, pipe that rest in: tail -c +${saved.offset + 1} FILE | audit2grant -`,
      );
      return;
    }
    const { old, after, unsure } = found;
    const then = after.map((g) => `, then ${g.path}`).join('');
    this.opts.note(
      `${this.path}: rotated since the last run: the rest of it read from ${old.path}${then}, then the new file from its start`,
    );
    let lines = saved.lines ?? 0;
    let from = saved.offset;
    for (const generation of [old, ...after]) {
      reader.newFile(lines);
      const whole = await drainGeneration(generation, from, reader, signals);
      reader.endOfFile();
      if (!whole) this.gaps.push(`${generation.path} is shorter than what the last run read of it`);
      lines = 0;
      from = 0;
    }
    if (unsure.length > 0)
      this.gaps.push(
        `files rotated after ${old.path} may hold lines never read: ${unsure.join(', ')}: give those on the command line`,
      );
  }

  /** After a notice: the file appeared, was rotated or truncated, or grew. */
  private async check(
    current: Open | undefined,
    reader: WindowReader,
    signals: ReadSignals,
  ): Promise<Open | undefined> {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(this.path);
    } catch {
      // Renamed away and not made again yet: the old one is read on.
      return current;
    }
    if (!current) {
      const fd = this.openFile();
      if (fd === undefined) return undefined;
      this.existed = true;
      reader.newFile(0);
      return { fd, ...identity(fd), at: 0 };
    }
    if (st.dev !== current.dev || st.ino !== current.ino) {
      // What was written to the old file before the new one took its name.
      await drain(current, reader, signals);
      reader.endOfFile();
      closeSync(current.fd);
      this.current = undefined;
      const fd = this.openFile();
      if (fd === undefined) return undefined;
      this.opts.note(`${this.path}: rotated: reading the new file from its start`);
      this.state('reading', 'rotated: reading the new file from its start');
      reader.newFile(0);
      return { fd, ...identity(fd), at: 0 };
    }
    if (st.size < current.at) {
      this.opts.note(`${this.path}: truncated: reading it again from its start`);
      this.state('reading', 'truncated: reading it again from its start');
      reader.endOfFile();
      reader.newFile(0);
      current.at = 0;
    }
    return current;
  }

  /** The file opened; undefined when it does not exist and is followed (it may appear). */
  private openFile(): number | undefined {
    try {
      return openSync(this.path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && this.opts.follow) return undefined;
      throw err;
    }
  }

  private state(state: SourceState['state'], detail?: string): void {
    const said = `${state}\u0000${detail ?? ''}`;
    if (said === this.lastState) return;
    this.lastState = said;
    this.onState?.(
      detail === undefined
        ? { source: this.source, state }
        : { source: this.source, state, detail },
    );
  }
}

/**
 * What names a file across runs (Input.key): its real path, the same
 * through any symbolic link to it (a file not there yet: its directory's).
 */
export function fileKey(path: string): string {
  return `file:${realPath(path)}`;
}

/** The key a file had before keys were real paths: its absolute path as named. */
export function namedFileKey(path: string): string {
  return `file:${resolve(path)}`;
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

function identity(fd: number): { dev: number; ino: number } {
  const st = fstatSync(fd);
  return { dev: st.dev, ino: st.ino };
}

/**
 * Reads a rotated file from decompressed byte `from` to its end; false when
 * it ends before `from`.
 */
async function drainGeneration(
  generation: Generation,
  from: number,
  reader: WindowReader,
  signals: ReadSignals,
): Promise<boolean> {
  if (!generation.gzip) {
    const fd = openSync(generation.path, 'r');
    try {
      if (fstatSync(fd).size < from) return false;
      await drain({ fd, dev: 0, ino: 0, at: from }, reader, signals);
      return true;
    } finally {
      closeSync(fd);
    }
  }
  // Loaded only here: a run that meets no compressed rotation never needs zlib.
  const { gunzip } = await import('./gzip/members.js');
  let skip = from;
  const window = reader.window;
  // Every line inflated before damage, then an InputProblem saying what it is.
  const inflated = gunzip(createReadStream(generation.path), { path: generation.path });
  for await (const chunk of inflated) {
    if (signals.signal?.aborted) return true;
    let at = Math.min(skip, chunk.length);
    skip -= at;
    while (at < chunk.length) {
      const n = chunk.copy(window, 0, at);
      if (!reader.push(n)) return true;
      at += n;
    }
  }
  return skip === 0;
}

/** Reads `file` from its offset to its current end; false when the reader refuses the bytes. */
async function drain(file: Open, reader: WindowReader, signals: ReadSignals): Promise<boolean> {
  for (let turn = 1; !signals.signal?.aborted; turn++) {
    const n = readSync(file.fd, reader.window, 0, reader.window.length, file.at);
    if (n === 0) return true;
    if (!reader.push(n)) return false;
    file.at += n;
    // Every few megabytes the event loop gets a turn: Ctrl-C is heard, other inputs move on.
    if (turn % WINDOWS_PER_TURN === 0) await new Promise(setImmediate);
  }
  return true;
}

/** The place reached in `file`: the start of the line not yet ended. */
function placeOf(file: Open, reader: WindowReader): FilePosition {
  const offset = file.at - reader.pending();
  return {
    kind: 'file',
    dev: file.dev,
    ino: file.ino,
    size: fstatSync(file.fd).size,
    offset,
    head: headHash(file.fd, offset),
    lines: reader.lineNumber(),
  };
}
