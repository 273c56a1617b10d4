import { appendFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  return { position: input.position() as FilePosition, lines: agg.stats.lines, notes, status };
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
    writeFileSync(path, text);
    const second = await read(path, first.position);
    expect(second.lines).toBe(1);
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
  });
});
