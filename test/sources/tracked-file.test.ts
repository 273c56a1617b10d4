import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../src/report/aggregate.js';
import { consume } from '../../src/sources/consume.js';
import type { FilePosition } from '../../src/sources/file-identity.js';
import { TrackedFile } from '../../src/sources/tracked-file.js';
import { SEEDS } from '../helpers/record-lines.js';
import { tempDir } from '../helpers/temp-dir.js';

// A file read with a place kept: each run reads what is new since the one
// before, and reads a file from its start again when it is another file.

const dir = tempDir('a2g-tracked-');
let n = 0;
const line = (i: number) => `${SEEDS[i % SEEDS.length]}\n`;
const lines = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => line(from + i)).join('');

async function read(path: string, resume?: FilePosition) {
  const notes: string[] = [];
  const input = new TrackedFile(path, { follow: false, resume, note: (m) => notes.push(m) });
  const agg = new Aggregator();
  const status = await consume(input, agg, { maxLine: 1 << 20 });
  return {
    position: input.position() as FilePosition,
    lines: agg.stats.lines,
    notes,
    status,
    shortfall: input.shortfall(),
  };
}

/** Line 3 written to the file read to line 3, rotated to `.2`; lines 4-5 in `.1`; line 6 in the new file. */
function rotateTwice(path: string) {
  appendFileSync(path, lines(3, 4));
  renameSync(path, `${path}.1`);
  writeFileSync(path, lines(4, 6));
  renameSync(`${path}.1`, `${path}.2`);
  renameSync(path, `${path}.1`);
  writeFileSync(path, lines(6, 7));
}

describe('TrackedFile', () => {
  it('resumes where the last run stopped, numbering lines after those before', async () => {
    const path = join(dir, `f${n++}.log`);
    writeFileSync(path, lines(0, 4));
    const first = await read(path);
    expect(first.lines).toBe(4);
    expect(first.position).toMatchObject({
      kind: 'file',
      offset: Buffer.byteLength(lines(0, 4)),
      lines: 4,
    });
    appendFileSync(path, lines(4, 7));
    const second = await read(path, first.position);
    expect(second.lines).toBe(3);
    expect(second.notes).toEqual([]);
    expect(second.position.lines).toBe(7);
    // Nothing new: nothing read, and no failure (a run before read it).
    const third = await read(path, second.position);
    expect(third.lines).toBe(0);
    expect(third.status.complete).toBe(true);
  });

  it('leaves a last line not yet ended for the next run, and counts it once', async () => {
    const path = join(dir, `f${n++}.log`);
    const text = lines(0, 3);
    writeFileSync(path, text.slice(0, -40));
    const first = await read(path);
    expect(first.lines).toBe(2);
    expect(first.position.offset).toBe(Buffer.byteLength(lines(0, 2)));
    // Held back, and said: the run did not read all there was.
    expect(first.status.complete).toBe(true);
    expect(first.shortfall).toBe(
      `its last ${Buffer.byteLength(line(2)) - 40} bytes are a line without a newline at its end: not read, as it may still be being written (a run with --state reads it once it ends; if the file is complete, end it with a newline)`,
    );
    writeFileSync(path, text);
    const second = await read(path, first.position);
    expect(second.lines).toBe(1);
    expect(second.shortfall).toBeUndefined();
  });

  it('reads a truncated file from its start, and says so', async () => {
    const path = join(dir, `f${n++}.log`);
    writeFileSync(path, lines(0, 6));
    const first = await read(path);
    truncateSync(path, 0);
    appendFileSync(path, lines(0, 2));
    const second = await read(path, first.position);
    expect(second.lines).toBe(2);
    expect(second.notes).toEqual([expect.stringMatching(/truncated .*: read from its start$/)]);
    // What was written before the truncation is nowhere to be found: read in part.
    expect(second.shortfall).toMatch(
      /^the rest of the file the last run read \(after byte \d+\) is not beside it \(f\d+\.log\.1, f\d+\.log\.1\.gz\): lines written to it since may be missing; .*tail -c \+\d+ FILE/,
    );
  });

  it('reads a file replaced in place (its first bytes changed) from its start', async () => {
    const path = join(dir, `f${n++}.log`);
    writeFileSync(path, lines(0, 3));
    const first = await read(path);
    // The same inode, as long or longer, other bytes at its start.
    writeFileSync(path, lines(1, 5));
    const second = await read(path, first.position);
    expect(second.lines).toBe(4);
    expect(second.notes).toEqual([expect.stringMatching(/first bytes changed/)]);
  });

  it('after a rotation since the last run: the rest of the old file, then the new one from its start', async () => {
    const path = join(dir, `f${n++}.log`);
    writeFileSync(path, lines(0, 3));
    const first = await read(path);
    appendFileSync(path, lines(3, 5));
    renameSync(path, `${path}.1`);
    writeFileSync(path, lines(5, 6));
    const second = await read(path, first.position);
    expect(second.lines).toBe(3);
    expect(second.notes).toEqual([
      `${path}: rotated since the last run: the rest of it read from ${path}.1, then the new file from its start`,
    ]);
    expect(second.position.lines).toBe(1);
  });

  it('reads another file of that name from its start when the old one is gone', async () => {
    const path = join(dir, `f${n++}.log`);
    writeFileSync(path, lines(0, 3));
    const first = await read(path);
    renameSync(path, join(dir, 'elsewhere.tmp'));
    writeFileSync(join(dir, 'elsewhere.tmp'), 'gone\n');
    writeFileSync(path, lines(0, 2));
    const second = await read(path, first.position);
    expect(second.lines).toBe(2);
    expect(second.notes).toEqual([expect.stringMatching(/another file than the last run read/)]);
    expect(second.shortfall).toMatch(/is not beside it/);
  });

  it('never takes an unrelated file for the old one because it has its inode', async () => {
    const path = join(dir, `f${n++}.log`);
    writeFileSync(path, lines(0, 3));
    const first = await read(path);
    // Another journal, at least as long, with the inode the old file had (as a reused one would).
    const other = join(dir, `other-${n}.log`);
    writeFileSync(other, lines(4, 12));
    const { dev, ino } = statSync(other);
    writeFileSync(path, lines(0, 1));
    const second = await read(path, { ...first.position, dev, ino });
    expect(second.lines).toBe(1);
    expect(second.notes).toEqual([expect.stringMatching(/another file than the last run read/)]);
    expect(second.shortfall).toMatch(/is not beside it/);
  });

  it('after two rotations: the rest of the oldest, the one between, then the new file', async () => {
    const path = join(dir, `f${n++}.log`);
    writeFileSync(path, lines(0, 3));
    const first = await read(path);
    rotateTwice(path);
    const second = await read(path, first.position);
    expect(second.lines).toBe(4);
    expect(second.notes).toEqual([
      `${path}: rotated since the last run: the rest of it read from ${path}.2, then ${path}.1, then the new file from its start`,
    ]);
    expect(second.shortfall).toBeUndefined();
  });

  it('named through a link: the files rotated after the old one are looked for beside the file', async () => {
    const sub = join(dir, `logs-${n++}`);
    mkdirSync(sub);
    const path = join(sub, 'x.log');
    const link = join(dir, `current-${n++}.log`);
    writeFileSync(path, lines(0, 3));
    symlinkSync(path, link);
    const first = await read(link);
    rotateTwice(path);
    const second = await read(link, first.position);
    expect(second.notes).toEqual([
      `${link}: rotated since the last run: the rest of it read from ${path}.2, then ${path}.1, then the new file from its start`,
    ]);
    expect(second.lines).toBe(4);
    expect(second.shortfall).toBeUndefined();
  });

  it('after copytruncate: the rest from the copy, then the file from its start', async () => {
    const path = join(dir, `f${n++}.log`);
    writeFileSync(path, lines(0, 3));
    const first = await read(path);
    appendFileSync(path, lines(3, 5));
    copyFileSync(path, `${path}.1`);
    truncateSync(path, 0);
    appendFileSync(path, lines(5, 6));
    const second = await read(path, first.position);
    expect(second.lines).toBe(3);
    expect(second.notes).toEqual([
      `${path}: rotated since the last run: the rest of it read from ${path}.1, then the new file from its start`,
    ]);
    expect(second.shortfall).toBeUndefined();
  });

  it('after a rotation and gzip: the rest from the compressed file', async () => {
    const path = join(dir, `f${n++}.log`);
    writeFileSync(path, lines(0, 40));
    const first = await read(path);
    appendFileSync(path, lines(40, 43));
    writeFileSync(`${path}.1.gz`, gzipSync(readFileSync(path)));
    // The new file in the old one's inode, shorter: no mistaking it for a truncation.
    writeFileSync(path, lines(43, 44));
    const second = await read(path, first.position);
    expect(second.lines).toBe(4);
    expect(second.notes).toEqual([
      `${path}: rotated since the last run: the rest of it read from ${path}.1.gz, then the new file from its start`,
    ]);
    expect(second.shortfall).toBeUndefined();
  });

  it('a last run that read nothing of the file: says so, not that the rest is elsewhere', async () => {
    const path = join(dir, `f${n++}.log`);
    writeFileSync(path, '');
    const first = await read(path);
    expect(first.position.offset).toBe(0);
    appendFileSync(path, lines(0, 2));
    renameSync(path, `${path}.1`);
    writeFileSync(path, lines(2, 3));
    const second = await read(path, first.position);
    expect(second.lines).toBe(1);
    expect(second.shortfall).toMatch(
      /^the last run read nothing of the file it read before \(no bytes tell it from another\)/,
    );
  });

  it('never reads a file through a symbolic link among the rotated ones', async () => {
    const path = join(dir, `f${n++}.log`);
    writeFileSync(path, lines(0, 3));
    const first = await read(path);
    appendFileSync(path, lines(3, 4));
    renameSync(path, `${path}.2`);
    const elsewhere = join(dir, `elsewhere-${n++}.log`);
    writeFileSync(elsewhere, lines(4, 9));
    symlinkSync(elsewhere, `${path}.1`);
    writeFileSync(path, lines(9, 10));
    const second = await read(path, first.position);
    expect(second.lines).toBe(2);
    expect(second.shortfall).toBe(
      `files rotated after ${path}.2 may hold lines never read: ${path}.1: give those on the command line`,
    );
  });

  it('takes only names a rotation gives for files rotated after the old one', async () => {
    const path = join(dir, `f${n++}.log`);
    writeFileSync(path, lines(0, 3));
    const first = await read(path);
    renameSync(path, `${path}-20261121`);
    const old = statSync(`${path}-20261121`).mtime;
    for (const other of ['-debug', '.json', '.1.swp']) {
      writeFileSync(`${path}${other}`, lines(3, 4));
      utimesSync(`${path}${other}`, old, new Date(old.getTime() + 60_000));
    }
    writeFileSync(path, lines(5, 6));
    const second = await read(path, first.position);
    expect(second.lines).toBe(1);
    expect(second.shortfall).toBeUndefined();
  });

  it('names files that may have been rotated after the old one, by names that give no order', async () => {
    const path = join(dir, `f${n++}.log`);
    writeFileSync(path, lines(0, 3));
    const first = await read(path);
    renameSync(path, `${path}-20261121`);
    const old = statSync(`${path}-20261121`).mtime;
    writeFileSync(`${path}-20261122`, lines(3, 5));
    utimesSync(`${path}-20261122`, old, new Date(old.getTime() + 60_000));
    writeFileSync(path, lines(5, 6));
    const second = await read(path, first.position);
    expect(second.lines).toBe(1);
    expect(second.shortfall).toBe(
      `files rotated after ${path}-20261121 may hold lines never read: ${path}-20261122: give those on the command line`,
    );
  });
});

/**
 * A reader that keeps the lines handed to it, as consume's splitter does, in
 * small windows; it can interrupt the read once `stopAfter` lines are in, and
 * takes the input's position between two pushes, as a periodic save does.
 */
function lineReader(input: () => TrackedFile, stopAfter = Number.POSITIVE_INFINITY) {
  const interrupt = new AbortController();
  const got: string[] = [];
  const saves: { position: FilePosition; lines: number }[] = [];
  let held = Buffer.alloc(0);
  let base = 0;
  let inFile = 0;
  const waiting: { line: string; done: () => void }[] = [];
  const take = (text: Buffer) => {
    got.push(`${text.toString()}\n`);
    inFile++;
    for (const w of waiting.filter((w) => got.includes(w.line))) {
      waiting.splice(waiting.indexOf(w), 1);
      w.done();
    }
  };
  /** Resolves once `line` is in. */
  const lineIn = (line: string) =>
    new Promise<void>((done) => {
      if (got.includes(line)) done();
      else waiting.push({ line, done });
    });
  const reader = {
    window: Buffer.alloc(97),
    push(count: number) {
      saves.push({ position: input().position() as FilePosition, lines: got.length });
      held = Buffer.concat([held, reader.window.subarray(0, count)]);
      for (let nl = held.indexOf(10); nl >= 0; nl = held.indexOf(10)) {
        take(held.subarray(0, nl));
        held = held.subarray(nl + 1);
      }
      if (got.length >= stopAfter) interrupt.abort();
      return true;
    },
    pending: () => held.length,
    endOfFile() {
      if (held.length > 0) take(held);
      held = Buffer.alloc(0);
    },
    lineNumber: () => base + inFile,
    newFile(linesBefore: number) {
      base = linesBefore;
      inFile = 0;
    },
    lineBefore() {},
  };
  return { reader, got, saves, lineIn, signals: { signal: interrupt.signal } };
}

/** A run that reads `path` from `resume` with lineReader: the lines it read and where it stopped. */
async function readLines(path: string, resume: FilePosition | undefined, stopAfter?: number) {
  const input = new TrackedFile(path, { follow: false, resume, note: () => {} });
  const { reader, got, saves, signals } = lineReader(() => input, stopAfter);
  await input.readInto(reader, signals);
  return { got, saves, position: input.position() as FilePosition, shortfall: input.shortfall() };
}

describe('TrackedFile, stopped in what a rotation left', () => {
  /** Read once to line 3; then 3 more lines to the old file, rotated twice (one compressed); then the new file. */
  function rotatedTwice(gzip: boolean) {
    const path = join(dir, `f${n++}.log`);
    writeFileSync(path, lines(0, 3));
    return {
      path,
      rotate() {
        appendFileSync(path, lines(3, 6));
        renameSync(path, `${path}.1`);
        writeFileSync(path, lines(6, 10));
        if (gzip) {
          writeFileSync(`${path}.2.gz`, gzipSync(readFileSync(`${path}.1`)));
          truncateSync(`${path}.1`, 0);
        } else renameSync(`${path}.1`, `${path}.2`);
        renameSync(path, `${path}.1`);
        writeFileSync(path, lines(10, 12));
      },
    };
  }

  for (const gzip of [false, true])
    it(`keeps the place it was stopped at, and the next run reads exactly the rest${gzip ? ' (compressed)' : ''}`, async () => {
      const all = lines(3, 12).match(/[^\n]*\n/g)!;
      for (let stopAfter = 1; stopAfter <= all.length; stopAfter++) {
        const files = rotatedTwice(gzip);
        const first = await readLines(files.path, undefined);
        files.rotate();
        const stopped = await readLines(files.path, first.position, stopAfter);
        const rest = await readLines(files.path, stopped.position);
        expect([...stopped.got, ...rest.got]).toEqual(all);
        expect(rest.shortfall).toBeUndefined();
      }
    });

  it('a place taken while it is read (a periodic save) is always that of the lines read so far', async () => {
    const all = lines(3, 12).match(/[^\n]*\n/g)!;
    const files = rotatedTwice(true);
    const first = await readLines(files.path, undefined);
    files.rotate();
    const whole = await readLines(files.path, first.position);
    expect(whole.got).toEqual(all);
    expect(whole.saves.length).toBeGreaterThan(all.length);
    for (const save of whole.saves) {
      // What a run killed then would leave to the next: read, it makes the whole.
      const rest = await readLines(files.path, save.position);
      expect([...all.slice(0, save.lines), ...rest.got]).toEqual(all);
    }
  });
});

/** A file read to line 3, then lines 3-4 written to it, renamed to `.1` (no new file yet). */
async function readThenRenamed() {
  const path = join(dir, `f${n++}.log`);
  writeFileSync(path, lines(0, 3));
  const first = await readLines(path, undefined);
  appendFileSync(path, lines(3, 5));
  renameSync(path, `${path}.1`);
  return { path, first };
}

describe('TrackedFile, nothing of the new file read yet', () => {
  it('keeps the place in what the rotation left: the new file, rotated in turn, is still found', async () => {
    const { path, first } = await readThenRenamed();
    writeFileSync(path, lines(5, 7));
    const second = await readLines(path, first.position);
    // Taken when the rest of the old file was in, and nothing of the new one.
    const save = second.saves.find((s) => s.lines === 2)!;
    expect(save.position.ino).not.toBe(statSync(path).ino);
    // Then the new file is rotated too before the next run.
    renameSync(`${path}.1`, `${path}.2`);
    renameSync(path, `${path}.1`);
    writeFileSync(path, lines(7, 8));
    const third = await readLines(path, save.position);
    expect(third.got).toEqual(lines(5, 8).match(/[^\n]*\n/g));
    expect(third.shortfall).toBeUndefined();
  });
});

describe('TrackedFile, a damaged file of a rotation', () => {
  /** Read once to line 40; then 40 more lines, rotated and compressed, the .gz cut short; then the new file. */
  async function damagedRotation() {
    const path = join(dir, `f${n++}.log`);
    writeFileSync(path, lines(0, 40));
    const first = await readLines(path, undefined);
    appendFileSync(path, lines(40, 80));
    const gz = gzipSync(readFileSync(path));
    writeFileSync(`${path}.1.gz`, gz.subarray(0, gz.length - 30));
    writeFileSync(path, lines(80, 83));
    return { path, first };
  }

  it('counts what it could read of it once, reads on past it, and names it', async () => {
    const { path, first } = await damagedRotation();
    const second = await readLines(path, first.position);
    const read = second.got.length - 3;
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(40);
    // The last of them cut by the damage, counted as a file's last line is.
    const before = lines(40, 40 + read).match(/[^\n]*\n/g)!;
    expect(second.got.slice(0, read - 1)).toEqual(before.slice(0, -1));
    expect(before.at(-1)!.startsWith(second.got[read - 1]!.slice(0, -1))).toBe(true);
    // The new file is read all the same, and the run is partial, naming the damaged file.
    expect(second.got.slice(read)).toEqual(lines(80, 83).match(/[^\n]*\n/g)!);
    expect(second.shortfall).toMatch(
      new RegExp(`^${path.replace(/[.]/g, '\\.')}\\.1\\.gz: the gzip data ends early`),
    );
    expect(second.position.ino).toBe(statSync(path).ino);
    // A retry counts nothing of it again.
    const third = await readLines(path, second.position);
    expect(third.got).toEqual([]);
    expect(third.shortfall).toBeUndefined();
  });

  it('stopped before its damage: the next run counts the rest before it once, then names it', async () => {
    const { path, first } = await damagedRotation();
    const whole = await readLines(path, first.position);
    const stopped = await readLines(path, first.position, 2);
    expect(stopped.position.ino).toBe(statSync(`${path}.1.gz`).ino);
    const rest = await readLines(path, stopped.position);
    expect([...stopped.got, ...rest.got]).toEqual(whole.got);
    expect(rest.shortfall).toMatch(/\.1\.gz: the gzip data ends early/);
  });
});

describe('TrackedFile, followed', () => {
  it('started while the file is renamed away and not made again: the rest of the old one first', async () => {
    const { path, first } = await readThenRenamed();
    const notes: string[] = [];
    const input = new TrackedFile(path, {
      follow: true,
      resume: first.position,
      note: (m) => notes.push(m),
    });
    const { reader, got, lineIn } = lineReader(() => input);
    const stop = new AbortController();
    const waiting = new Promise<void>((done) => {
      input.onState = (s) => {
        if (s.detail === 'waiting for the file to appear') done();
      };
    });
    const reading = input.readInto(reader, { stop: stop.signal });
    await waiting;
    writeFileSync(path, lines(5, 6));
    // The new file's line: read after what the old one held.
    await lineIn(line(5));
    stop.abort();
    await reading;
    expect(got).toEqual(lines(3, 6).match(/[^\n]*\n/g));
    expect(notes).toEqual([
      `${path}: rotated since the last run: the rest of it read from ${path}.1, then the new file from its start`,
    ]);
    expect(input.shortfall()).toBeUndefined();
  });
});
