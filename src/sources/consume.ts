import type { Readable } from 'node:stream';
import { classifyLine } from '../parser/classify-line.js';
import { LineSplitter } from '../parser/line-splitter.js';
import type { Aggregator } from '../report/aggregate.js';
import type { InputStatus } from '../report/build-report.js';
import type { Input } from './input.js';

/** Magic bytes of a binary journal file, which journalctl must read. */
const JOURNAL_MAGIC = Buffer.from('LPKSHHRH');

/**
 * Streams one input through the line splitter and the classifier into the
 * aggregator. Never throws: a read error ends the input and is reported in
 * its status, with everything read before it kept.
 */
export async function consume(
  input: Input,
  agg: Aggregator,
  maxLine: number,
  signal?: AbortSignal,
): Promise<InputStatus> {
  let lines = 0;
  const place = { source: input.source, line: 0 };
  const splitter = new LineSplitter(
    {
      line(buf, start, end) {
        lines++;
        place.line = lines;
        agg.add(classifyLine(buf, start, end), place);
      },
      tooLong() {
        lines++;
        agg.tooLong();
      },
    },
    maxLine,
  );
  let stream: Readable | undefined;
  const stop = () => stream?.destroy();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    stream = input.open();
    let first = true;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (first && chunk.subarray(0, 8).equals(JOURNAL_MAGIC)) {
        return status(
          input,
          lines,
          'a binary journal file: read it with `journalctl --file FILE -o json | audit2grant`',
        );
      }
      first = false;
      splitter.push(chunk);
    }
    splitter.end();
    if (signal?.aborted) return status(input, lines, 'interrupted');
    return { source: input.source, lines, complete: true, error: null };
  } catch (err) {
    splitter.end();
    return status(input, lines, signal?.aborted ? 'interrupted' : describe(err));
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

function status(input: Input, lines: number, error: string): InputStatus {
  return { source: input.source, lines, complete: false, error };
}

/** A read error as one line saying what to do. */
function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file: check the path';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: run as a user that can read it';
    case 'EISDIR':
      return 'is a directory: name the files inside it';
    default:
      return `read failed: ${(err as Error)?.message ?? String(err)}`;
  }
}
