import { closeSync, createReadStream, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { type FilePosition, findRotated, headHash, resumeAt } from './file-identity.js';
import { FileWatch } from './file-watch.js';
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
  readonly emptyHint = 'the file is empty';
  onState?: (state: SourceState) => void;
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
    const saved = this.opts.resume;
    const start = resumeAt(fd, saved);
    const st = fstatSync(fd);
    this.state('reading');
    if (start.restart && saved) {
      const moved =
        st.dev !== saved.dev || st.ino !== saved.ino
          ? findRotated(dirname(this.path), saved)
          : undefined;
      if (moved) {
        // Rotated since the last run: the rest of the old file first, nothing of it lost.
        this.opts.note(
          `${this.path}: rotated since the last run: the rest of it read from ${moved}, then the new file from its start`,
        );
        const old = openSync(moved, 'r');
        try {
          reader.newFile(saved.lines ?? 0);
          await drain(
            { fd: old, dev: saved.dev, ino: saved.ino, at: saved.offset },
            reader,
            signals,
          );
          reader.endOfFile();
        } finally {
          closeSync(old);
        }
      } else this.opts.note(`${this.path}: ${start.restart}: read from its start`);
    }
    reader.newFile(start.lines);
    return { fd, dev: st.dev, ino: st.ino, at: start.offset };
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
      if (fd !== undefined) reader.newFile(0);
      return fd === undefined ? undefined : { fd, ...identity(fd), at: 0 };
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

/** What names a file across runs (Input.key): its absolute path. */
export function fileKey(path: string): string {
  return `file:${resolve(path)}`;
}

function identity(fd: number): { dev: number; ino: number } {
  const st = fstatSync(fd);
  return { dev: st.dev, ino: st.ino };
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
