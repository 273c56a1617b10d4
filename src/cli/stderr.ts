/**
 * Standard error, with its write errors handled the first time it is asked
 * for (not at start-up: the stream's making loads node:tty or node:net).
 * A note that cannot be written is dropped: the terminal hung up (EIO) or a
 * reader closed the pipe (EPIPE). Unhandled, that error ended the run before
 * the state and the report were written.
 */
let guarded = false;

export function stderr(): NodeJS.WriteStream {
  const stream = process.stderr;
  if (!guarded) {
    guarded = true;
    // What the process does once its terminal is gone: cli/hangup.ts.
    stream.on('error', () => {});
  }
  return stream;
}
