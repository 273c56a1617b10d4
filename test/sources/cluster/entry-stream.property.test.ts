import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntryStream } from '../../../src/sources/cluster/entry-stream.js';

// The position is the cursor of the last entry whose whole line the reader
// has taken out of the stream, however it takes the bytes; an entry read and
// not handed on counts once every line before it was taken.

const step = fc.oneof(
  fc.record({ kind: fc.constant('line' as const), size: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('skip' as const) }),
  fc.record({ kind: fc.constant('flush' as const) }),
  fc.record({ kind: fc.constant('take' as const), bytes: fc.integer({ min: 1, max: 90 }) }),
);

describe('a master input stream', () => {
  it('knows the last entry the reader took whole, whatever bytes it takes', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const stream = new EntryStream(
          () => {},
          () => {},
          'saved',
        );
        /** Each entry's cursor and the offset its line ends at, in the order handed on. */
        const ends: [number, string][] = [];
        let pushed = 0;
        let flushed = 0;
        let taken = 0;
        let n = 0;
        for (const s of steps) {
          if (s.kind === 'line') {
            const cursor = `c${n++}`;
            stream.line(Buffer.alloc(s.size, 0x61), cursor);
            pushed += s.size + 1;
            ends.push([pushed, cursor]);
          } else if (s.kind === 'skip') {
            const cursor = `c${n++}`;
            ends.push([pushed, cursor]);
            stream.skipped(cursor);
          } else if (s.kind === 'flush') {
            stream.flush();
            flushed = pushed;
          } else {
            const chunk = stream.read(Math.min(s.bytes, flushed - taken)) as Buffer | null;
            taken += chunk?.length ?? 0;
          }
          const model = ends.filter(([end]) => end <= taken).at(-1)?.[1] ?? 'saved';
          expect(stream.position()).toBe(model);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('hands on exactly the lines given, whether they lie side by side in a chunk or apart', () => {
    const lineText = fc.string({ maxLength: 12 }).map((t) => t.replace(/\n/g, ' '));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(lineText, fc.constantFrom('chunk', 'copy', 'skip')), { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (lines, flushes) => {
          const chunk = Buffer.from(lines.map(([t]) => `${t}\n`).join(''));
          const stream = new EntryStream(
            () => {},
            () => {},
          );
          let at = 0;
          let want = '';
          const read: Buffer[] = [];
          lines.forEach(([t, how], i) => {
            const bytes = Buffer.byteLength(t);
            const view = chunk.subarray(at, at + bytes);
            at += bytes + 1;
            if (how === 'skip') stream.skipped(`c${i}`);
            else {
              stream.line(how === 'chunk' ? view : Buffer.from(view), `c${i}`);
              want += `${t}\n`;
            }
            if (flushes.includes(i)) stream.flush();
          });
          stream.flush();
          for (let c = stream.read(); c !== null; c = stream.read()) read.push(c as Buffer);
          expect(Buffer.concat(read).toString()).toBe(want);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('counts what a flowing reader took, and nothing of what was left when destroyed', async () => {
    const stream = new EntryStream(
      () => {},
      () => {},
    );
    const seen: string[] = [];
    stream.on('data', (chunk: Buffer) => seen.push(chunk.toString()));
    stream.line(Buffer.from('{"a":1}'), 'c1');
    stream.flush();
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['{"a":1}\n']);
    expect(stream.position()).toBe('c1');
    stream.pause();
    stream.line(Buffer.from('{"a":2}'), 'c2');
    stream.flush();
    stream.destroy();
    expect(stream.position()).toBe('c1');
  });
});
