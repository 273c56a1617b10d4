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

/**
 * The built binary run in a real pseudo-terminal `width` columns wide: a
 * tmux session of its own (own server socket, no user configuration). The
 * screen is read once the command's end marker is on it.
 */
export async function runInTerminal(
  args: string[],
  opts: { width: number; env?: Record<string, string> },
): Promise<TerminalRun> {
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
  try {
    const capture = async (...flags: string[]) =>
      (await tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'a2g', ...flags)).stdout;
    const deadline = Date.now() + LIMIT_MS;
    for (;;) {
      const screen = await capture();
      const end = new RegExp(`^${END} (\\d+)$`, 'm').exec(screen);
      if (end) {
        const escaped = await capture('-e');
        return { screen: screen.slice(0, end.index), escaped, code: Number(end[1]) };
      }
      if (Date.now() > deadline)
        throw new Error(`no end marker after ${LIMIT_MS} ms; the screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await tmux('kill-server').catch(() => {});
  }
}
