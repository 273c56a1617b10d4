import { statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { CANDIDATES, classifyLine } from '../parser/classify-line.js';
import { readJournalPlace } from '../parser/json-cursor.js';
import { LineSplitter } from '../parser/line-splitter.js';
import { RecordView } from '../parser/record-view.js';
import { mayContinueCutLine, REST_OF_CUT_LINE } from '../parser/split-line.js';
import type { Aggregator, LinePlace } from '../report/aggregate.js';
import { type InputStatus, nothingRead } from '../report/build-report.js';
import { holdsToken } from '../text/token.js';
import type { Input, WindowReader } from './input.js';
import { inputBytes } from './input-bytes.js';
import { InputProblem } from './input-problem.js';
import { type Accept, readFile } from './read-file.js';
import { describe, isPrematureClose, unread } from './read-status.js';
import { sniff } from './sniff.js';

/** Reused from line to line (lines are read one at a time, synchronously); made on first use. */
let shared: RecordView | undefined;

export interface ConsumeOptions {
  maxLine: number;
  /** An interruption: what was read is reported, marked partial. */
  signal?: AbortSignal;
  /**
   * The end of a follow (Ctrl-C, --for, --quiet-for, the end of stdin): a
   * file kept track of (readInto) stops reading, and what it read is
   * complete. A stream that would go on (stdin, journalctl -f) is ended by
   * its input, given the same signal when made; a stream that ends by being
   * destroyed then is complete too.
   */
  stop?: AbortSignal;
  /** Called after each chunk, for progress displays. */
  onChunk?: (bytes: number) => void;
  /**
   * The token the run knows (the cluster's, read for --cluster). Any
   * input's lines may repeat it (a master's entry of a service that logs
   * its request headers, a saved journal of a logged curl command): it is
   * shown as `<token>` in all that is kept of every line.
   */
  token?: string | undefined;
}

/**
 * Streams one input through the line splitter and the classifier into the
 * aggregator. Never throws: a read error ends the input and is reported in
 * its status, with everything read before it kept.
 */
export async function consume(
  input: Input,
  agg: Aggregator,
  opts: ConsumeOptions,
): Promise<InputStatus> {
  // A regular file is read without a stream.
  const size = input.path === undefined ? undefined : regularFileSize(input.path);
  // process.hrtime, not performance.now: the performance global loads perf_hooks, a few ms of start-up.
  const started = process.hrtime.bigint();
  const status = unread(input, null);
  const place: LinePlace = { source: input.source, line: 0 };
  // Lines are numbered in their source: after those read before (a later part, a resumed file).
  let lineBase = input.linesBefore ?? 0;
  shared ??= new RecordView();
  const view = shared;
  if (input.host !== undefined) place.host = input.host;
  const cursors = input.cursors;
  const token = opts.token;
  const tokenBytes = token ? Buffer.from(token) : undefined;
  /** A line of an input whose cursors are kept: false when an earlier run counted it. */
  const admitted = (buf: Buffer, start: number, end: number) => {
    const at = readJournalPlace(buf, start, end);
    if (at === undefined) return undefined;
    return cursors!.admit(at) ? at : null;
  };
  const splitter = new LineSplitter(
    {
      line(buf, start, end) {
        const at = cursors && admitted(buf, start, end);
        place.line = lineBase + ++status.lines;
        if (at === null) return;
        // The common record is read on its bytes; any other line is decoded
        // and parsed, as is one holding the token, which only the decoded
        // text has cut out (parser/classify-line.ts), and one after a line
        // journald may have cut (parser/split-line.ts). A line counted in the
        // kernel keeps nothing of its own: only names JavaScript numbered.
        const cut = splitter.longLineBefore(buf, start);
        if (
          cut === undefined &&
          !(tokenBytes && holdsToken(buf, start, end, tokenBytes)) &&
          view.read(buf, start, end)
        ) {
          status.records++;
          agg.addRead(view, place);
        } else {
          let outcome = classifyLine(buf, start, end, token);
          if (outcome.kind === 'record' && cut && mayContinueCutLine(cut, outcome.entry))
            outcome = { kind: 'suspicious', entry: outcome.entry, problem: REST_OF_CUT_LINE };
          if (outcome.kind === 'record') status.records++;
          agg.add(outcome, place);
        }
        // Its cursor counts once the line is.
        if (at) cursors!.took(at);
      },
      noise(lines) {
        status.lines += lines;
        agg.noise(lines);
      },
      tooLong() {
        status.lines++;
        agg.tooLong();
      },
      // Lines of an input whose cursors are kept are each looked at.
      counting: cursors ? undefined : () => agg.countingInKernel(view),
      counted(denials, allows) {
        status.lines += denials + allows;
        status.records += denials + allows;
        agg.countedInKernel(denials, allows);
      },
      noiseLine: cursors
        ? (buf, start, end) => {
            const at = admitted(buf, start, end);
            status.lines++;
            if (at === null) return;
            agg.noise(1);
            if (at) cursors.took(at);
          }
        : undefined,
    },
    opts.maxLine,
    CANDIDATES,
    input.range?.[0],
  );
  /**
   * The last line of a stream or file read once. journalctl ends every entry
   * with a newline: in an input whose cursors are kept, a last line without
   * one that is a JSON entry is an entry cut short (the stream broke off),
   * not counted, and said. A text line counts as it is (it has no cursor).
   */
  let cutShort = 0;
  const endLines = () => {
    const first = splitter.pendingFirstByte;
    if (cursors && (first === 0x7b /* { */ || first === 0x1e) /* RS */) cutShort = splitter.pending;
    else splitter.end();
  };
  /** Takes `n` bytes of text read. */
  const accept = (n: number): void => {
    status.bytes += n;
  };
  try {
    if (input.readInto) {
      // It keeps its place: a last line not yet ended is left for later (no end()).
      const reader: WindowReader = {
        window: splitter.window()!,
        push: (n) => {
          // Its place is a byte offset: only text can be kept track of.
          if (status.bytes === 0) trackable(sniff(reader.window, n, { path: input.path }));
          accept(n);
          splitter.pushWindow(n);
          opts.onChunk?.(n);
          return true;
        },
        pending: () => splitter.pending,
        endOfFile: () => splitter.end(),
        lineNumber: () => lineBase + status.lines,
        newFile: (linesBefore, source) => {
          lineBase = linesBefore - status.lines;
          place.source = source ?? input.source;
        },
        lineBefore: (line) => splitter.seedLineBefore(line),
      };
      await input.readInto(reader, { signal: opts.signal, stop: opts.stop });
    } else {
      // A file that turns out to be gzip is read as a stream, through zlib.
      if (size === undefined || !(await readFile(input.path!, input.range, splitter, accept, opts)))
        await readStream(input, splitter, accept, opts);
      endLines();
    }
    if (opts.signal?.aborted) status.error = 'interrupted';
    // No data is not the same as no denials: an input that gave no byte at
    // all (a failed command's empty pipe, an empty file) leaves the report partial.
    if (status.error === null && status.bytes === 0 && !input.range && !input.readBefore)
      status.error = nothingRead(input.emptyHint);
    if (status.error === null && cutShort > 0) status.error = entryCutShort(cutShort);
    status.complete = status.error === null;
  } catch (err) {
    status.error = opts.signal?.aborted
      ? 'interrupted'
      : opts.stop?.aborted && isPrematureClose(err)
        ? null
        : describe(err);
    status.complete = status.error === null;
    try {
      // The line read last before the failure still counts (not in a file
      // that keeps its place: its place is that line's start).
      if (!input.readInto) endLines();
    } catch {
      // Not when taking it fails too: the first error is the one reported.
    }
  } finally {
    status.seconds = Math.round(Number(process.hrtime.bigint() - started) / 1e6) / 1000;
  }
  return status;
}

/** Any other input (stdin, a pipe, SSH, a gzip file): its stream, chunk by chunk. */
async function readStream(
  input: Input,
  splitter: LineSplitter,
  accept: Accept,
  opts: ConsumeOptions,
): Promise<void> {
  const { signal } = opts;
  let stream: Readable | undefined;
  const stop = () => stream?.destroy();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    stream = input.open();
    const raw = stream as AsyncIterable<Buffer>;
    // Bytes count as read when taken from the input (for gzip, before
    // inflating), told once their lines are in the aggregate: a follow may
    // wait long for its next chunk, and what was told must be counted.
    let taken = 0;
    const told = () => {
      if (taken > 0) opts.onChunk?.(taken);
      taken = 0;
    };
    for await (const chunk of inputBytes(raw, { path: input.path }, (n) => {
      taken += n;
    })) {
      accept(chunk.length);
      splitter.push(chunk);
      told();
    }
    told();
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

/** The size of `path` if it is a regular file; undefined otherwise. */
function regularFileSize(path: string): number | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    // The stream's read reports why, in the words describe() chooses.
    return undefined;
  }
}

/**
 * Reads inputs, at most `parallel` at once, into one aggregator. Results come
 * back in the order of `inputs`, whatever order they finish in.
 */
export async function consumeAll(
  inputs: Input[],
  agg: Aggregator,
  opts: ConsumeOptions & { parallel: number; onDone?: (status: InputStatus) => void },
): Promise<InputStatus[]> {
  const statuses: InputStatus[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      const input = inputs[i]!;
      statuses[i] = opts.signal?.aborted
        ? unread(input, 'interrupted')
        : await consume(input, agg, opts);
      opts.onDone?.(statuses[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(opts.parallel, inputs.length)) }, worker),
  );
  return statuses;
}

/** Refuses, in a file kept track of by offset, what is not plain text. */
function trackable(kind: ReturnType<typeof sniff>): void {
  if (kind.kind === 'refused') throw new InputProblem(kind.what);
  if (kind.kind === 'gzip')
    throw new InputProblem(
      "gzip-compressed: --state and --follow keep a file's place by byte offset, which a compressed file has not: read it in a run without them, or decompress it",
    );
}

/** Why an input whose last entry was cut short is read in part. */
function entryCutShort(bytes: number): string {
  return `its last ${bytes} bytes are a journal entry cut short (no newline at its end): not counted, and its cursor not kept (the next run with --state reads it again)`;
}
