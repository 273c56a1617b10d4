import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FILE_WINDOW } from '../../src/parser/dialects.js';
import { Aggregator } from '../../src/report/aggregate.js';
import { consume } from '../../src/sources/consume.js';
import { fileInput, filePartInput, type Input } from '../../src/sources/input.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('a2g-read-file-');
let files = 0;

/** Lines a file of several file windows is made of: records, noise, long lines, edges. */
const LINES = [
  '2026-11-22T10:00:07+0000 m-1 metronome[5411]: [info] d.m.auditlog - timestamp=2026-11-22T10:00:07.051Z type=audit uid=svc-a srcip=10.0.5.3 srcport=1 dstip=10.0.0.13 dstport=9000 authorizer=metronome action=ViewRunSpec path=/a result=deny',
  '2026-11-22T10:00:08+0000 m-2 metronome[5411]: [info] d.m.auditlog - timestamp=2026-11-22T10:00:08.051Z type=audit uid=svc-b srcip=10.0.5.3 srcport=1 dstip=10.0.0.13 dstport=9000 authorizer=metronome action=ViewRunSpec path=/b result=allow',
  '2026-11-22T10:00:09+0000 m-1 nginx[2208]: 10.0.0.1 - - "GET /service/marathon/v2/apps HTTP/1.1" 200 512',
  '{"MESSAGE":"x"}',
  'noise]',
  `${'n'.repeat(70_000)} type=audit`,
  '',
];

/** A file of `bytes` or a little more, lines picked by `picks`. */
function fileOf(picks: number[], bytes: number): { path: string; text: Buffer } {
  const lines: string[] = [];
  for (let n = 0, i = 0; n < bytes; i++) {
    const line = LINES[picks[i % picks.length]! % LINES.length]!;
    lines.push(line);
    n += line.length + 1;
  }
  const text = Buffer.from(`${lines.join('\n')}\n`);
  const path = join(dir, `f-${files++}.log`);
  writeFileSync(path, text);
  return { path, text };
}

async function read(input: Input) {
  const agg = new Aggregator();
  const status = await consume(input, agg, { maxLine: 64 * 1024 });
  return { stats: { ...agg.stats }, lines: status.lines, bytes: status.bytes, error: status.error };
}

describe('reading a regular file in file windows, the next read while the scan reads', () => {
  it('counts what a stream of the same bytes counts, across windows, alone, in ranges and two at once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 3 * FILE_WINDOW }),
        fc.nat(),
        async (picks, bytes, cutAt) => {
          const { path, text } = fileOf(picks, bytes);
          const stream = await read({ source: path, open: () => Readable.from([text]) });
          expect(await read(fileInput(path))).toEqual(stream);
          // Two at once: the second reads with blocking reads, as the windows are taken.
          const [a, b] = await Promise.all([read(fileInput(path)), read(fileInput(path))]);
          expect([a, b]).toEqual([stream, stream]);
          // Ranges cut at a line start, anywhere in a window, add up to the whole.
          const nl = text.indexOf(0x0a, cutAt % text.length);
          if (nl === -1 || nl + 1 >= text.length) return;
          const first = await read(filePartInput(path, 0, nl + 1, 0));
          const rest = await read(filePartInput(path, nl + 1, text.length, first.lines));
          expect(first.lines + rest.lines).toBe(stream.lines);
          expect(first.bytes + rest.bytes).toBe(text.length);
          expect(first.stats.records + rest.stats.records).toBe(stream.stats.records);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('stops at an abort, between windows, and gives the windows back', async () => {
    const { path } = fileOf([0, 2, 2, 3], 4 * FILE_WINDOW);
    const abort = new AbortController();
    const agg = new Aggregator();
    const status = await consume(fileInput(path), agg, {
      maxLine: 1024,
      signal: abort.signal,
      onChunk: () => abort.abort(),
    });
    expect(status.error).toBe('interrupted');
    expect(status.bytes).toBe(FILE_WINDOW);
    // The windows are free again: the next file is read whole.
    const { path: next, text } = fileOf([0], 2 * FILE_WINDOW);
    expect((await read(fileInput(next))).bytes).toBe(text.length);
  });
});
