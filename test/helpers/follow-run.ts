import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { BIN, ROOT } from './run-cli.js';

/**
 * The built binary running a follow, watched line by line: a test waits for
 * the line that tells what it waits for (an event on stdout, a note on
 * stderr), never for a time. A wait ends in an error, with all the run
 * said, when the run ends without that line.
 */
export interface FollowRun {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the first stdout line (past or future) that `match` accepts. */
  stdoutLine(match: (line: string) => boolean): Promise<string>;
  /** Likewise on stderr. */
  stderrLine(match: (line: string) => boolean): Promise<string>;
  /** Every line said on stdout so far. */
  stdout(): string[];
  stderr(): string;
  /** The run's end: exit code, signal, and everything it wrote. */
  ended: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
}

export function startFollow(
  args: string[],
  /** `stdin`: a file descriptor the run reads as its standard input (child.stdin is then null). */
  opts: { env?: Record<string, string>; cwd?: string; stdin?: number } = {},
): FollowRun {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, SOURCE_DATE_EPOCH: '0', ...opts.env },
    stdio: [opts.stdin ?? 'pipe', 'pipe', 'pipe'],
  }) as ChildProcessWithoutNullStreams;
  const out = { text: '', lines: [] as string[] };
  const err = { text: '', lines: [] as string[] };
  const waiters: {
    stream: typeof out;
    match: (l: string) => boolean;
    resolve: (l: string) => void;
  }[] = [];
  let over = false;
  const take = (stream: typeof out) => (chunk: string) => {
    stream.text += chunk;
    const parts = stream.text.split('\n');
    const complete = parts.slice(stream.lines.length, -1);
    stream.lines.push(...complete);
    for (const line of complete)
      for (const w of waiters.filter((w) => w.stream === stream && w.match(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
  };
  child.stdout.setEncoding('utf8').on('data', take(out));
  child.stderr.setEncoding('utf8').on('data', take(err));
  const ended = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) =>
    child.on('close', (code, signal) => {
      over = true;
      resolve({ code, signal, stdout: out.text, stderr: err.text });
    }),
  );
  const wait = (stream: typeof out, name: string) => (match: (line: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const seen = stream.lines.find(match);
      if (seen !== undefined) return resolve(seen);
      if (over) return reject(new Error(`the run ended without that line on ${name}`));
      waiters.push({ stream, match, resolve });
      void ended.then((r) =>
        reject(
          new Error(
            `the run ended (code ${r.code}) without that line on ${name}; stdout:\n${r.stdout}\nstderr:\n${r.stderr}`,
          ),
        ),
      );
    });
  return {
    child,
    stdoutLine: wait(out, 'stdout'),
    stderrLine: wait(err, 'stderr'),
    stdout: () => [...out.lines],
    stderr: () => err.text,
    ended,
  };
}

/** The JSON events of an ndjson run's stdout lines. */
export const events = (lines: readonly string[]) =>
  lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
