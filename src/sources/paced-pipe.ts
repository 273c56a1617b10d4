import { fstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { OnReadOpts, SocketConstructorOpts } from 'node:net';
import { Readable } from 'node:stream';
import { InputProblem } from './input-problem.js';

/** What one read takes at most: a pipe's default capacity on Linux. */
const BATCH = 64 * 1024;
/** How long the pipe gathers after a batch that did not fill BATCH. */
const GATHER_MS = 1;

/**
 * Whether `fd` is a pipe (`journalctl | audit2grant`) or a socket (the pipes
 * a Node or libuv parent gives its child are socket pairs).
 */
export function isPipe(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

/**
 * Standard input: a pipe or a stream socket read a batch at a time, a file
 * or a terminal as Node gives it. Nothing may touch `process.stdin` while
 * the pipe is read: libuv takes one handle on an fd, and a second one on
 * fd 0 fails (EEXIST). A datagram socket is refused: Node would give it as
 * an empty stream, reported as a command before the | that failed.
 */
export function stdinStream(): Readable {
  if (isPipe(0)) {
    try {
      return pacedPipe(0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_INVALID_FD_TYPE')
        throw new InputProblem(
          'standard input is a datagram socket, which is not read as a stream: pipe or redirect the journal into audit2grant, or name a file',
        );
      throw err;
    }
  }
  return process.stdin;
}

/**
 * The bytes of the pipe `fd`, a batch at a time. journalctl writes 4 KiB at
 * a time, and a reader waiting on the pipe is woken by every write: 16,000
 * wake-ups for 64 MiB, each of which costs the writer time on this machine
 * kind (journalctl took 1.80 s feeding a reader that read at once, 1.44 s
 * feeding one that gathered, about what `| cat` costs it). So after a batch
 * that did not fill BATCH, reading stops for GATHER_MS and the pipe fills
 * meanwhile, with no one to wake; a full batch is followed at once, so the
 * writer is not left waiting on a full pipe; nothing is read while the
 * stream's reader is full. A line waits at most GATHER_MS more (--follow).
 * Not a blocking read on the thread pool: it could not be called off when a
 * follow ends while the writer goes on writing nothing.
 */
export function pacedPipe(fd: number): Readable {
  let timer: NodeJS.Timeout | undefined;
  /** Whether the reader of `out` takes more now (what push() said last, or read() since). */
  let wanted = true;
  // `onread` is read by the constructor (Node's net.js), as by connect(); the types give it to connect() alone.
  const options: SocketConstructorOpts & { onread: OnReadOpts } = {
    fd,
    readable: true,
    writable: false,
    onread: {
      buffer: Buffer.allocUnsafe(BATCH),
      callback(n, buf) {
        // A copy: the read buffer is filled again by the next batch.
        wanted = out.push(Buffer.from(buf.subarray(0, n)));
        const full = n === BATCH;
        if (full && wanted) return true;
        if (!full) timer = setTimeout(gathered, GATHER_MS);
        // False stops reading (a read stop on the handle) until resume().
        return false;
      },
    },
  };
  // Required when a pipe is read: node:net is not on the path of a run that reads files.
  const { Socket } = createRequire(import.meta.url)('node:net') as typeof import('node:net');
  const socket = new Socket(options);
  const gathered = () => {
    timer = undefined;
    if (wanted) socket.resume();
  };
  const out = new Readable({
    // A batch never fills it alone: a full one is followed at once.
    highWaterMark: 2 * BATCH,
    read() {
      wanted = true;
      if (timer === undefined) socket.resume();
    },
    destroy(err, done) {
      clearTimeout(timer);
      // On fd 0-2 libuv keeps the fd itself open, until the process exits.
      socket.destroy();
      done(err);
    },
  });
  socket.on('end', () => out.push(null));
  socket.on('error', (err) => out.destroy(err));
  return out;
}
