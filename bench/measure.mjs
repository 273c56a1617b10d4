// How the bench measures: whole processes, in turns, medians. Figures, not
// assertions.
import { spawnSync } from 'node:child_process';

/**
 * Wall seconds, CPU seconds (user + system, children included) and peak RSS
 * (MiB, of the largest process) of one run of a shell command, its output
 * dropped. GNU time gives the CPU and the peak; the wall time is taken here,
 * as GNU time's own has only hundredths of a second.
 */
export function measure(command) {
  const started = performance.now();
  // Standard input from /dev/null: on a socket (what Node makes a child's
  // pipe of), `bash -c` believes sshd started it and, unless SHLVL says it
  // is not the first shell, runs ~/.bashrc first. Here that ran pyenv's
  // set-up, about 500 ms on every figure of a bench started in the background.
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', 'bash', '-c', `${command} >/dev/null`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const wall = (performance.now() - started) / 1000;
  // The last line: GNU time writes "Command exited with non-zero status N" before it.
  const lines = r.stderr.trim().split('\n');
  const [user, system, kib] = lines.pop().split(' ').map(Number);
  if (!Number.isFinite(kib)) throw new Error(`bench: ${command}: ${r.stderr.trim()}`);
  // A pipeline names the peak of its own process (`peakOf`), not the largest one's.
  const own = lines.map((l) => /^peak (\d+)$/.exec(l)?.[1]).find(Boolean);
  return { wall, cpu: user + system, mib: Number(own ?? kib) / 1024 };
}

/** `command` (one process of a pipeline) with its own peak RSS reported to `measure`. */
export const peakOf = (command) => `/usr/bin/time -f 'peak %M' ${command}`;

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Runs each command once per round, round after round (A, B, C, A, B, C,
 * ...), so that a slower minute of a shared machine falls on all of them
 * alike; returns each command's medians. `warm` files are read, untimed,
 * before each run: this machine kind reclaims page cache not touched for a
 * while (kdamond), so an input read a minute ago may come from the disk
 * again, for one command of a round and not for the next.
 */
export function inTurns(commands, rounds, warm = []) {
  const runs = commands.map(() => []);
  const touch = () => {
    if (warm.length > 0) spawnSync('cat', warm, { stdio: ['ignore', 'ignore', 'inherit'] });
  };
  for (let r = 0; r < rounds; r++)
    for (const [i, c] of commands.entries()) {
      touch();
      runs[i].push(measure(c));
    }
  return runs.map((ms) => ({
    wall: median(ms.map((m) => m.wall)),
    cpu: median(ms.map((m) => m.cpu)),
    mib: median(ms.map((m) => m.mib)),
  }));
}
