import type { LineReader, Sample } from './aggregate.js';

/** A sample's text: the start of its record's message. */
export const SAMPLE_CHARS = 300;

/** Samples that could not be read again since this process started (`samplesMissed`). */
let missed = 0;

/**
 * A group's sample in a regular file, read again from the file when it is
 * shown (the report is written) rather than kept: on the dense bench input
 * the 40,000 samples' texts were about 12 MiB of the peak memory, and reading
 * them again takes one read each.
 *
 * The text is that of an eager sample: the message, the end of its line,
 * cut to SAMPLE_CHARS. The message's length and a hash of that text tell
 * the line still shows what it showed; if the file changed since, the sample
 * is left out (null in JSON, no text elsewhere) and counted (`samplesMissed`).
 */
export class LineSample implements Sample {
  constructor(
    readonly source: string,
    readonly line: number,
    private readonly lines: LineReader,
    /** Where the line starts in the file, and its bytes. */
    readonly offset: number,
    readonly bytes: number,
    /** The message's length in characters, and the hash of its text (`fingerprint`). */
    readonly chars: number,
    readonly print: number,
  ) {}

  /** Kept for a line whose `message` ends it; its reader `lines`. */
  static of(
    source: string,
    line: number,
    lines: LineReader,
    offset: number,
    bytes: number,
    message: string,
  ): LineSample {
    return new LineSample(source, line, lines, offset, bytes, message.length, fingerprint(message));
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
    let line: string;
    try {
      line = this.lines.read(this.offset, this.bytes).toString('utf8');
    } catch {
      line = '';
    }
    const message = line.slice(line.length - this.chars);
    if (line.length < this.chars || fingerprint(message) !== this.print) {
      missed++;
      return undefined;
    }
    return message.slice(0, SAMPLE_CHARS);
  }
}

/** How many samples could not be read again because their file changed. */
export function samplesMissed(): number {
  return missed;
}

/**
 * A hash of what the sample shows, the message's first SAMPLE_CHARS
 * characters: a record changed where it is not shown shows the same text. A
 * small integer.
 */
function fingerprint(message: string): number {
  let h = 0x811c9dc5;
  for (let i = 0, n = Math.min(message.length, SAMPLE_CHARS); i < n; i++)
    h = Math.imul(h ^ message.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}
