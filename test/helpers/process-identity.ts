import { readFileSync } from 'node:fs';

/**
 * A process named by its pid and its start time (field 22 of
 * /proc/PID/stat), as `"<pid> <start>"`. A pid alone does not name a process
 * for long: this machine kind counts pids to 32768 only, and a run of the
 * suite starts more processes than that, so a pid that ended is soon another
 * process's, and a test waiting for it to end would wait on that one.
 */
export type ProcessId = string;

/**
 * POSIX sh defining `procid PID`, which prints that process's ProcessId; for
 * scripts that tell the tests which processes they started.
 */
export const PROCID_SH = `procid() {
  _p=$1
  _s=$(cat "/proc/$_p/stat") || return 1
  _s=\${_s##*") "}
  set -- $_s
  printf '%s %s\\n' "$_p" "\${20}"
}`;

/** The pid of a ProcessId. */
export const pidOf = (id: ProcessId): number => Number(id.split(' ')[0]);

/**
 * Whether the process still runs: it exists, it is the one that started at
 * that time (not a later one given the same pid), and it is no zombie
 * waiting for its parent.
 */
export function running(id: ProcessId): boolean {
  const [pid, start] = id.split(' ');
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return fields[0] !== 'Z' && fields[19] === start;
}

/** Resolves once the process no longer runs (`running`). */
export async function ended(id: ProcessId): Promise<void> {
  while (running(id)) await new Promise((resolve) => setTimeout(resolve, 20));
}
