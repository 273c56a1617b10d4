import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onTestFinished } from 'vitest';
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

/** A run of the built binary in a pseudo-terminal, watched while it runs. */
export interface TerminalSession {
  /** The screen now, lines the terminal wrapped joined again. */
  screen(): Promise<string>;
  /** The screen once `pattern` is on it (`LIMIT_MS` at most, only to end a test that hangs). */
  waitFor(pattern: RegExp): Promise<string>;
  /** The run once the command has ended; the session is gone after it. */
  done(): Promise<TerminalRun>;
  /** Types keys into the terminal (tmux send-keys: `C-c` is Ctrl-C). */
  keys(...keys: string[]): Promise<void>;
  /** Makes the terminal `width` columns wide, as a user's resize does (SIGWINCH). */
  resize(width: number): Promise<void>;
  /**
   * Closes the terminal, as a closed window or a dropped SSH session does
   * (with `jobOfShell` only), then sends the run `signal` if given: the
   * run's exit status, once it has ended.
   */
  hangUp(signal?: NodeJS.Signals): Promise<number>;
  /** Ends the session (after done(), nothing is left to end). */
  close(): Promise<void>;
}

/**
 * The built binary started in a real pseudo-terminal `width` columns wide: a
 * tmux session of its own (own server socket, no user configuration).
 * `jobOfShell`: run as a login shell's job is, so that closing the terminal
 * (hangUp) reaches it as it does there: the shell, the terminal's session
 * leader, gets SIGHUP and passes it on to its jobs ('pass'), or not
 * ('keep': a job left running in the background after `exit`, or under a
 * shell that ignores SIGHUP), when only its writes to the terminal fail.
 */
export async function openTerminal(
  args: string[],
  opts: {
    width: number;
    height?: number;
    env?: Record<string, string>;
    jobOfShell?: 'pass' | 'keep';
  },
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
  const status = join(dir, 'status');
  const pid = join(dir, 'pid');
  const command = `${quote(process.execPath)} ${[BIN, ...args].map(quote).join(' ')}`;
  const setUp = ['unset NO_COLOR FORCE_COLOR COLUMNS CI\n', ...env, `cd ${quote(ROOT)}\n`];
  const ended = `echo "$?" > ${quote(status)}`;
  const lines = opts.jobOfShell
    ? [
        opts.jobOfShell === 'pass'
          ? `trap 'kill -HUP $job; wait $job; ${ended}; exit' HUP\n`
          : `trap '' HUP\n`,
        ...setUp,
        // A job of a shell without job control would read /dev/null.
        `${command} </dev/tty &\njob=$!\necho $job > ${quote(pid)}\nwait $job\n${ended}\n`,
      ]
    : [
        // Ctrl-C typed in the terminal reaches the command; the shell lives on to say its end.
        "trap 'true' INT\n",
        ...setUp,
        `${command}\n`,
        `echo "${END} $?"\n`,
        // The pane's terminal stays open until the test has read the screen
        // (close() ends it): when its last process exits, what tmux has not yet
        // read of it can be lost (under load the screen once ended mid-line,
        // "Pane is dead (status 0)", the end marker never shown).
        'exec sleep 600\n',
      ];
  writeFileSync(script, lines.join(''));
  const tmux = (...a: string[]) =>
    run('tmux', ['-S', socket, '-f', conf, ...a], {
      env: { ...process.env, TERM: 'xterm-256color' },
      maxBuffer: 64 * 1024 * 1024,
    });
  const size = ['-x', String(opts.width), '-y', String(opts.height ?? 50)];
  const shell = opts.jobOfShell ? 'bash' : 'sh';
  await tmux('new-session', '-d', '-s', 'a2g', ...size, `${shell} ${quote(script)}`);
  // Ended with its test, passed or failed: a test that fails before done()
  // would leave tmux and the command it runs behind.
  onTestFinished(async () => {
    await tmux('kill-server').catch(() => {});
  });
  const capture = async (...flags: string[]) =>
    (await tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'a2g', ...flags)).stdout;
  const close = async () => {
    await tmux('kill-server').catch(() => {});
  };
  /** What runs in the pane, and where each process waits: said when a test times out. */
  const processes = async () => {
    const pane = await tmux(
      'list-panes',
      '-t',
      'a2g',
      '-F',
      '#{pane_pid} dead=#{pane_dead} status=#{pane_dead_status} signal=#{pane_dead_signal}',
    ).then(
      (r) => r.stdout,
      (err: Error) => `(tmux: ${err.message})\n`,
    );
    const ps = await run('ps', [
      '-o',
      'pid,stat,wchan:32,args',
      '--ppid',
      pane.split(' ')[0]!,
    ]).then(
      (r) => r.stdout,
      () => '(no process left)\n',
    );
    return `${pane}${ps}`;
  };
  const waitFor = async (pattern: RegExp) => {
    const deadline = Date.now() + LIMIT_MS;
    for (;;) {
      const screen = await capture();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline)
        throw new Error(
          `${pattern} not seen after ${LIMIT_MS} ms; the pane's processes:\n${await processes()}\nthe screen:\n${screen}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const done = async () => {
    try {
      const screen = await waitFor(new RegExp(`^${END} (\\d+)$`, 'm'));
      const end = new RegExp(`^${END} (\\d+)$`, 'm').exec(screen)!;
      const escaped = await capture('-e');
      return { screen: screen.slice(0, end.index), escaped, code: Number(end[1]) };
    } finally {
      await close();
    }
  };
  const keys = async (...keys: string[]) => {
    await tmux('send-keys', '-t', 'a2g', ...keys);
  };
  const resize = async (width: number) => {
    await tmux('resize-window', '-t', 'a2g', '-x', String(width));
  };
  const hangUp = async (signal?: NodeJS.Signals) => {
    await close();
    if (signal) process.kill(Number(readFileSync(pid, 'utf8')), signal);
    const deadline = Date.now() + LIMIT_MS;
    while (!existsSync(status)) {
      if (Date.now() > deadline)
        throw new Error(`the run had not ended ${LIMIT_MS} ms after the hangup`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return Number(readFileSync(status, 'utf8'));
  };
  return { screen: () => capture(), waitFor, keys, resize, hangUp, done, close };
}

/** The built binary run in a pseudo-terminal (openTerminal), its screen read once it has ended. */
export async function runInTerminal(
  args: string[],
  opts: { width: number; env?: Record<string, string> },
): Promise<TerminalRun> {
  return (await openTerminal(args, opts)).done();
}
