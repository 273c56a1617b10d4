import { closeSync, createReadStream, fstatSync, openSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { type FilePosition, HEAD_BYTES, headHash, resumeAt } from './file-identity.js';
import { drain, identity, type Open, placeOf, seedLineBefore } from './file-place.js';
import { FileWatch } from './file-watch.js';
import type { Input, ReadSignals, WindowReader } from './input.js';
import type { InputPosition, SourceState } from './position.js';

/**
 * A file read by name whose place is kept: where the last run stopped
 * (`--state`), and with `--follow` what is appended to it, like `tail -F`:
 * across a rotation (the name now names a new file: the old one is read to
 * its end, then any rotated after it, then the new one from its start) and
 * a truncation (the rest of its copy, then the file again from its start).
 * Only whole lines count: a last line still being written
 * waits for its end, and the place kept is the start of that line.
 */

export interface TrackedFileOptions {
  /** Where the last run stopped in it. */
  resume?: FilePosition | undefined;
  follow: boolean;
  /** Told when the file is read from its start again, and why: the run says so. */
  note(message: string): void;
}

export class TrackedFile implements Input {
  readonly source: string;
  readonly path: string;
  readonly key: string;
  readonly namedKey: string | undefined;
  readonly readBefore: boolean;
  onState?: (state: SourceState) => void;
  /** What this run could not read, for its status: the input is then read in part. */
  private readonly gaps: string[] = [];
  /** Whether the file was there to open: a followed one may never appear. */
  private existed = false;
  private current: Open | undefined;
  /**
   * The place in the file read before the one open (what a rotation since
   * the last run left, or the file a rotation while following took the name
   * of): the input's while nothing of the open one is read, as a file nothing
   * was read of cannot be found again once rotated, and that one can.
   */
  private before: (() => FilePosition) | undefined;
  /** Reading what the rotation left was stopped: the new file is the next run's. */
  private stoppedInRotation = false;
  /** The open file as it was at the last look: a copy and truncation's copy is found by it. */
  private looked: FilePosition | undefined;
  /** When that look was (epoch ms). */
  private lookedAt: number | undefined;
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
    const named = namedFileKey(path);
    this.namedKey = named === this.key ? undefined : named;
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
    return this.final ?? this.place();
  }

  /** The place reached: in the file open, or in the file read before it while nothing of it is read. */
  private place(): FilePosition | undefined {
    const { current, reader, before } = this;
    const here = current && reader ? placeOf(current, reader) : undefined;
    if (before && (here === undefined || here.offset === 0)) return before();
    return here ?? this.opts.resume;
  }

  async readInto(reader: WindowReader, signals: ReadSignals): Promise<void> {
    this.reader = reader;
    const stopped = () => signals.signal?.aborted === true || signals.stop?.aborted === true;
    const watch = this.opts.follow ? new FileWatch(this.path) : undefined;
    try {
      this.current = await this.openFirst(reader, signals);
      for (;;) {
        // Stopped in what a rotation left: its place is kept, the new file is the next run's.
        if (this.stoppedInRotation) return;
        if (this.current && !(await drain(this.current, reader, signals))) return;
        if (!watch || stopped()) return;
        if (this.current) this.look(this.current, reader);
        this.state('following', this.current ? undefined : 'waiting for the file to appear');
        await watch.changed([signals.signal, signals.stop]);
        this.current = await this.check(this.current, reader, signals);
      }
    } finally {
      watch?.close();
      if (this.current) {
        this.final = this.place();
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

  /**
   * The file opened where the last run stopped, after what a rotation since
   * then left; undefined while a followed file does not exist, or when
   * reading what the rotation left was stopped.
   */
  private async openFirst(reader: WindowReader, signals: ReadSignals): Promise<Open | undefined> {
    const fd = this.openFile();
    if (fd === undefined) return undefined;
    this.existed = true;
    try {
      const saved = this.opts.resume;
      const start = resumeAt(fd, saved);
      const st = fstatSync(fd);
      this.state('reading');
      if (start.restart && saved) {
        const rotated = await this.rotatedFrom(saved);
        if (!(await rotated.read(start.restart, reader, signals))) {
          this.stoppedInRotation = true;
          closeSync(fd);
          return undefined;
        }
      }
      reader.newFile(start.lines);
      // Resumed mid-file: the line the last run read last is the line before.
      if (start.offset > 0 && !start.restart) seedLineBefore(fd, start.offset, reader);
      return { fd, dev: st.dev, ino: st.ino, at: start.offset };
    } catch (err) {
      closeSync(fd);
      throw err;
    }
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
    // Not there when the follow started: it may name another file than the last run read.
    if (!current && !this.existed) return this.openFirst(reader, signals);
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
      const end = placeOf(current, reader);
      this.before = () => end;
      closeSync(current.fd);
      this.current = undefined;
      const lookedAt = this.lookedAt;
      this.looked = undefined;
      // Rotated more than once since the last look: the files between were never opened.
      const more = await this.rotatedFrom(end);
      const read = await more.readFollowed(
        'rotated again since it was last looked at',
        reader,
        signals,
        {
          quietUnlessAfter: true,
        },
      );
      if (read === false) return this.stopInRotation();
      // The old file is gone (deleted by the rotation): files rotated since the
      // last look cannot be put in order after it, and may hold lines never read.
      if (read === undefined && lookedAt !== undefined) {
        // Loaded here, as rotated.ts is: it brings zlib.
        const { rotatedSince } = await import('./generations.js');
        // A file's time is the kernel's coarse clock (and a file server's): a
        // file written just after the look may be stamped a little before it.
        const missed = rotatedSince(realPath(this.path), lookedAt - CLOCK_SLACK_MS);
        if (missed.length > 0)
          this.gaps.push(
            `rotated more than once since it was last looked at, the file it read deleted: ${missed.join(', ')} may hold lines never read; give them on the command line`,
          );
      }
      const fd = this.openFile();
      if (fd === undefined) return undefined;
      this.opts.note(`${this.path}: rotated: reading the new file from its start`);
      this.state('reading', 'rotated: reading the new file from its start');
      reader.newFile(0);
      return { fd, ...identity(fd), at: 0 };
    }
    // Truncated, or truncated and written past where it was read: its first
    // bytes are no longer the ones read (read on, the run would start mid-line).
    if (st.size < current.at || this.rewritten(current)) {
      // Copied and truncated (copytruncate): what was written since the last
      // look is in the copy, past what was read, and is read first.
      const looked = this.looked;
      this.looked = undefined;
      if (looked && looked.offset === current.at && current.at > 0) {
        const copy = await this.rotatedFrom(looked);
        const read = await copy.readFollowed('copied and truncated', reader, signals);
        if (read === false) return this.stopInRotation();
      }
      this.opts.note(`${this.path}: truncated: reading it again from its start`);
      this.state('reading', 'truncated: reading it again from its start');
      reader.endOfFile();
      reader.newFile(0);
      current.at = 0;
      // The same file: its place at 0 is found again.
      this.before = undefined;
    }
    return current;
  }

  /** Whether the open file's first bytes differ from those of the last look. */
  private rewritten(file: Open): boolean {
    const looked = this.looked;
    if (!looked || looked.ino !== file.ino || looked.dev !== file.dev || looked.offset === 0)
      return false;
    return headHash(file.fd, looked.offset) !== looked.head;
  }

  /** Remembers the open file as read so far: its first bytes' hash, while they are there to hash. */
  private look(file: Open, reader: WindowReader): void {
    this.lookedAt = Date.now();
    const was = this.looked;
    // Past its first 4 KiB, a file's head no longer changes until it is truncated.
    const same = was && was.ino === file.ino && was.dev === file.dev && was.offset >= HEAD_BYTES;
    this.looked = {
      kind: 'file',
      dev: file.dev,
      ino: file.ino,
      size: file.at,
      offset: file.at,
      head: same && file.at >= HEAD_BYTES ? was.head : headHash(file.fd, file.at),
      lines: reader.lineNumber(),
    };
  }

  /** What a rotation or copy left of the file at `place`, its place the input's while it is read. */
  private async rotatedFrom(place: FilePosition) {
    // Loaded only here: a run that meets no rotation never needs it. Rotated
    // files are beside the file, not beside a symbolic link to it.
    const { RotatedRead } = await import('./rotated.js');
    const rotated = new RotatedRead(
      this.path,
      realPath(this.path),
      place,
      this.opts.note,
      this.gaps,
    );
    this.before = () => rotated.place();
    return rotated;
  }

  /** Stopped while reading what a rotation left: its place is kept, the new file is the next run's. */
  private stopInRotation(): undefined {
    this.stoppedInRotation = true;
    return undefined;
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

/** How far a file's modification time may lag the clock the look was timed by. */
const CLOCK_SLACK_MS = 2000;
