import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BIN, ROOT } from './run-cli.js';
import { tempDir } from './temp-dir.js';

const run = promisify(execFile);

export interface TerminalRun {
  /** The screen and its scrollback, lines the terminal wrapped joined again (capture-pane -J). */
  screen: string;
  /** The same with the colours and attributes as escapes (capture-pane -e). */
  escaped: string;
  code: number;
}

const END = '__audit2grant_ended__';
/** Only to end a test that hangs: a run takes a second or two. */
const LIMIT_MS = 120_000;

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** A run in a pseudo-terminal, watched while it goes on. */
export interface TerminalSession {
  /** The screen now (scrollback and all, wrapped lines joined). */
  screen(): Promise<string>;
  /** Resolves with the screen once `match` is found on it; checked every 50 ms, up to LIMIT_MS. */
  waitFor(match: RegExp): Promise<string>;
  /** Types keys into the terminal (tmux send-keys: `C-c` is Ctrl-C). */
  keys(...keys: string[]): Promise<void>;
  /** Waits for the command's end, reads the screen, and closes the terminal. */
  end(): Promise<TerminalRun>;
}

/**
 * The built binary started in a real pseudo-terminal `width` columns wide:
 * a tmux session of its own (own server socket, no user configuration).
 */
export async function startInTerminal(
  args: string[],
  opts: { width: number; env?: Record<string, string> },
): Promise<TerminalSession> {
  const dir = tempDir('a2g-tty-');
  const socket = join(dir, 'tmux.sock');
  const conf = join(dir, 'tmux.conf');
  // The pane stays once the command is done, scrollback and all.
  writeFileSync(conf, 'set -g remain-on-exit on\nset -g history-limit 100000\n');
  const script = join(dir, 'run.sh');
  const env = Object.entries({ SOURCE_DATE_EPOCH: '0', ...opts.env }).map(
    ([k, v]) => `export ${k}=${quote(v)}\n`,
  );
  writeFileSync(
    script,
    [
      // Ctrl-C typed in the terminal reaches the command; the shell lives on to say its end.
      "trap 'true' INT\n",
      'unset NO_COLOR FORCE_COLOR COLUMNS\n',
      ...env,
      `cd ${quote(ROOT)}\n`,
      `${quote(process.execPath)} ${[BIN, ...args].map(quote).join(' ')}\n`,
      `echo "${END} $?"\n`,
    ].join(''),
  );
  const tmux = (...a: string[]) =>
    run('tmux', ['-S', socket, '-f', conf, ...a], {
      env: { ...process.env, TERM: 'xterm-256color' },
      maxBuffer: 64 * 1024 * 1024,
    });
  const size = ['-x', String(opts.width), '-y', '50'];
  await tmux('new-session', '-d', '-s', 'a2g', ...size, `sh ${quote(script)}`);
  const capture = async (...flags: string[]) =>
    (await tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'a2g', ...flags)).stdout;
  const waitFor = async (match: RegExp) => {
    const deadline = Date.now() + LIMIT_MS;
    for (;;) {
      const screen = await capture();
      if (match.test(screen)) return screen;
      if (Date.now() > deadline)
        throw new Error(`${match} not on the screen after ${LIMIT_MS} ms; the screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return {
    screen: () => capture(),
    waitFor,
    keys: async (...keys) => {
      await tmux('send-keys', '-t', 'a2g', ...keys);
    },
    end: async () => {
      try {
        const screen = await waitFor(new RegExp(`^${END} \\d+$`, 'm'));
        const end = new RegExp(`^${END} (\\d+)$`, 'm').exec(screen)!;
        const escaped = await capture('-e');
        return { screen: screen.slice(0, end.index), escaped, code: Number(end[1]) };
      } finally {
        await tmux('kill-server').catch(() => {});
      }
    },
  };
}

/**
 * The built binary run in a real pseudo-terminal `width` columns wide; the
 * screen is read once the command's end marker is on it.
 */
export async function runInTerminal(
  args: string[],
  opts: { width: number; env?: Record<string, string> },
): Promise<TerminalRun> {
  return (await startInTerminal(args, opts)).end();
}
