import type { LinePlace, LineReader, Sample } from './aggregate.js';
import { hashBytes } from './byte-keys.js';

/** A sample's text: the start of its record's message. */
export const SAMPLE_CHARS = 300;

/** A place whose line can be read again, as consume gives it while the line is read. */
export type ReadablePlace = Required<
  Pick<LinePlace, 'source' | 'line' | 'offset' | 'length' | 'bytes' | 'start' | 'lines'>
>;

/** Samples that could not be read again since this process started (`samplesMissed`). */
let missed = 0;

/**
 * A group's sample in a regular file, read again from the file when it is
 * shown (the report is written) rather than kept: on the dense bench input
 * the 40,000 samples' texts were about 12 MiB of the peak memory, and reading
 * them again takes one read each.
 *
 * The text is that of an eager sample: the message, the end of its line,
 * cut to SAMPLE_CHARS. A hash of the line's bytes tells the line is still
 * the one read; if the file changed since, the sample is left out (null in
 * JSON, said so by --explain: `shownSample`) and counted (`samplesMissed`).
 */
export class LineSample implements Sample {
  constructor(
    readonly source: string,
    readonly line: number,
    private readonly lines: LineReader,
    /** Where the line starts in the file. */
    readonly offset: number,
    /** The line's length in bytes. */
    readonly bytes: number,
    /** The message's length in characters. */
    readonly chars: number,
    /** The hash of the line's bytes (`fingerprint`). */
    readonly print: number,
  ) {}

  /** Kept for the line at `place`, while it is read, whose `message` ends it. */
  static of(place: ReadablePlace, message: string): LineSample {
    const { bytes, start, length } = place;
    return new LineSample(
      place.source,
      place.line,
      place.lines,
      place.offset,
      length,
      message.length,
      fingerprint(bytes, start, length),
    );
  }

  /** The text, or '' when the line is no longer the record it was. */
  get text(): string {
    return this.read() ?? '';
  }

  /** What JSON.stringify writes: an eager sample's fields, or null when it cannot be read. */
  toJSON(): Sample | null {
    const text = this.read();
    return text === undefined ? null : { source: this.source, line: this.line, text };
  }

  private read(): string | undefined {
    let bytes: Buffer | undefined;
    try {
      bytes = this.lines.read(this.offset, this.bytes);
    } catch {
      // Not there any more: as changed.
    }
    if (bytes?.length !== this.bytes || fingerprint(bytes, 0, bytes.length) !== this.print) {
      missed++;
      return undefined;
    }
    const line = bytes.toString('utf8');
    const from = line.length - this.chars;
    return line.slice(from, from + SAMPLE_CHARS);
  }
}

/** What `sample` shows, its text read once: null for a sample its file no longer holds. */
export function shownSample(sample: Sample): Sample | null {
  return sample instanceof LineSample ? sample.toJSON() : sample;
}

/** How many samples could not be read again because their file changed. */
export function samplesMissed(): number {
  return missed;
}

/**
 * The hash of `b[start, start + n)`, a small integer. Not seeded per process
 * as ByteKeys' hashes are: a worker thread's sample is checked on the main
 * thread.
 */
function fingerprint(b: Buffer, start: number, n: number): number {
  return hashBytes(b, start, start + n, 0) & 0x3fffffff;
}
