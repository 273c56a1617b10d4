import {
  appendFileSync,
  copyFileSync,
  readFileSync,
  renameSync,
  statSync,
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
    appendFileSync(path, lines(3, 4));
    renameSync(path, `${path}.1`);
    writeFileSync(path, lines(4, 6));
    renameSync(`${path}.1`, `${path}.2`);
    renameSync(path, `${path}.1`);
    writeFileSync(path, lines(6, 7));
    const second = await read(path, first.position);
    expect(second.lines).toBe(4);
    expect(second.notes).toEqual([
      `${path}: rotated since the last run: the rest of it read from ${path}.2, then ${path}.1, then the new file from its start`,
    ]);
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
