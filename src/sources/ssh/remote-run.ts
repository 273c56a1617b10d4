import type { Client, ClientChannel } from 'ssh2';
import { HostFailure, once, type SshError, type SshSession } from './connect.js';
import { endedByAccident, type RemoteExit, remoteOutcome } from './remote-outcome.js';
import { firstLine } from './remote-text.js';
import type { Target } from './target.js';

/**
 * One run of the remote command on one host: a connection, the command's
 * stdout chunk by chunk, and what its end says. The generator returns when
 * the command read the journal to its end; otherwise it throws a HostFailure
 * saying why (`lasting` when running it again cannot help). Following, the
 * command never ends well: journalctl -f that ends was stopped or lost.
 */

const STDERR_KEEP = 8 * 1024;

export interface RunOptions {
  /** `journalctl -f`: an end of any kind is a failure. */
  follow: boolean;
  /** Told once the host runs the command. */
  onStarted?: () => void;
}

export async function* runRemote(
  session: SshSession,
  target: Target,
  command: string,
  signal: AbortSignal,
  opts: RunOptions,
): AsyncGenerator<Buffer> {
  let client: Client | undefined;
  try {
    client = await session.connect(target, signal);
    const conn = client;
    signal.addEventListener('abort', () => conn.destroy(), { once: true });
    let clientError: SshError | undefined;
    conn.on('error', (err: SshError) => {
      clientError ??= err;
    });
    let exit: RemoteExit | undefined;
    let stderr = '';
    let channelClosed = () => {};
    const closed = once<void>((resolve) => {
      channelClosed = resolve;
      conn.once('close', () => resolve());
    });
    const channel = await once<ClientChannel>((resolve, reject) => {
      conn.exec(command, (err, ch) => {
        if (err) {
          reject(new HostFailure(`the host refused to run the command: ${firstLine(err.message)}`));
          return;
        }
        // Here, not after the await: ssh2 handles every packet of a read at
        // once, and a short command's exit status and close can come in the
        // read that says it started (on a busy machine they pile up).
        ch.on('exit', (code: number | null, sig?: string) => {
          exit = { code, signal: sig ?? undefined };
        });
        ch.stderr.on('data', (chunk: Buffer) => {
          if (stderr.length < STDERR_KEEP) stderr += chunk.toString('utf8');
        });
        ch.once('close', () => channelClosed());
        resolve(ch);
      });
    });
    opts.onStarted?.();
    // Reading once, a command that sends nothing for so long is stuck (a
    // journal locked, a login script waiting): without this the run would wait for ever.
    const limit = opts.follow ? 0 : session.settings.readTimeoutMs;
    let silent = false;
    let timer: NodeJS.Timeout | undefined;
    const watch = () => {
      if (limit <= 0) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        silent = true;
        conn.destroy();
      }, limit);
    };
    watch();
    try {
      for await (const chunk of channel as AsyncIterable<Buffer>) {
        watch();
        yield chunk;
      }
    } finally {
      clearTimeout(timer);
    }
    await closed;
    if (signal.aborted) throw new HostFailure('interrupted');
    if (silent)
      throw new HostFailure(
        `the command sent nothing for ${limit / 1000} s: it may be stuck on the host (raise --read-timeout if it is only slow)`,
      );
    const problem = remoteOutcome(exit, stderr, target, session.settings.sudo);
    if (problem) {
      const why =
        !exit && clientError?.level === 'client-timeout'
          ? 'the host stopped answering keepalives'
          : !exit && clientError
            ? firstLine(clientError.message)
            : '';
      throw new HostFailure(why ? `${problem} (${why})` : problem, {
        lasting: !endedByAccident(exit),
      });
    }
    if (opts.follow) throw new HostFailure('journalctl -f ended on the host');
  } catch (err) {
    if (signal.aborted) throw new HostFailure('interrupted');
    if (err instanceof HostFailure) throw err;
    throw new HostFailure(`SSH error: ${firstLine((err as Error).message)}`);
  } finally {
    client?.end();
  }
}
