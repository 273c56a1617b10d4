import type { TimeWindow } from '../../report/time-window.js';
import { shellWord } from '../../text/shell-quote.js';
import { cursorProblem } from '../journal-cursor.js';

/**
 * The command run on each host. It reads the dcos-* units as JSON (a message
 * holding control characters stays readable as a byte array, and `--all`
 * keeps messages over 4 KiB instead of nulls) and filters on the host, so
 * that only lines that can matter cross the network:
 *
 * - `journalctl --grep` when the host's journalctl has it (systemd 237+ with
 *   PCRE2). A probe asks journalctl itself: it runs the same option on an
 *   empty unit and must say nothing on stderr. `--grep` exits 1 when nothing
 *   matched: the script turns that into 0 when journalctl printed no error.
 * - otherwise a `grep -F` stage on the JSON lines, keeping `type=audit` as
 *   text or as a byte array (both spacings of journalctl's JSON), and
 *   journald's "Suppressed N messages" notes. The script exits with
 *   journalctl's status (a pipeline would hide it), or 2 when grep failed.
 *
 * Following (`-f --no-tail`), the filter is always the `grep` stage,
 * line-buffered so that records cross as they come: `--grep` misbehaved with
 * `-f` until 2023, and is missing on systemd 219 (CentOS/RHEL 7). A watchdog
 * reading the session's stdin ends the whole process group once the
 * connection is gone: a `grep` waiting for its next match, and a journalctl
 * before it, would otherwise live on until the next line to write.
 *
 * Resuming, `--after-cursor` takes the place of `--since`: reading starts
 * after the last entry processed (`--until` still applies).
 *
 * Everything is POSIX sh, run through `sh -c` whatever the login shell is, and
 * every value placed in it is validated, then quoted with `shellWord`.
 */

export interface RemoteCommandOptions {
  /**
   * `--since` / `--until`, resolved here (epoch milliseconds): each host is
   * asked for whole seconds around it, `@EPOCH` as every journalctl reads
   * it, whatever its zone; the reader keeps the window to the millisecond.
   */
  window?: TimeWindow | undefined;
  /** Prefix journalctl with `sudo -n` (never prompts: fails when a password is needed). */
  sudo?: boolean;
  /**
   * false streams the whole journal: for measuring what the filter saves
   * (AUDIT2GRANT_SSH_FILTER=off), not for normal use.
   */
  filter?: boolean;
  /** `-f --no-tail`: keep reading what the journal gets. */
  follow?: boolean;
  /** Read only entries after this one (`--after-cursor`), instead of `--since`. */
  afterCursor?: string | undefined;
}

/** Bytes of "type=audit" as journalctl writes a byte-array MESSAGE, compact and spaced. */
const TYPE_AUDIT_BYTES = [...Buffer.from('type=audit')].join(',');
const TYPE_AUDIT_BYTES_SPACED = [...Buffer.from('type=audit')].join(', ');

/** What `--grep` keeps: records, and journald's notes about dropped messages. */
export const GREP_PATTERN = 'type=audit|Suppressed [0-9]+ messages';
/** What the `grep -F` fallback keeps (one fixed string each). */
export const FIXED_PATTERNS = [
  'type=audit',
  TYPE_AUDIT_BYTES,
  TYPE_AUDIT_BYTES_SPACED,
  'Suppressed ',
];

/** The journalctl arguments (already shell words). */
export function journalctlArgs(opts: RemoteCommandOptions): string[] {
  const args = ['-u', 'dcos-*', '--no-pager', '--all', '-o', 'json'];
  if (opts.follow) args.push('-f', '--no-tail');
  const { since, until } = opts.window ?? {};
  if (opts.afterCursor !== undefined) {
    const problem = cursorProblem(opts.afterCursor);
    if (problem) throw new Error(`journal cursor "${opts.afterCursor}": ${problem}`);
    args.push(`--after-cursor=${opts.afterCursor}`);
  } else if (since !== undefined) args.push(`--since=@${Math.floor(since / 1000)}`);
  if (until !== undefined) args.push(`--until=@${Math.ceil(until / 1000)}`);
  return args.map(shellWord);
}

/** The remote script (POSIX sh), before it is wrapped for the login shell. */
export function remoteScript(opts: RemoteCommandOptions = {}): string {
  const j = opts.sudo ? 'sudo -n journalctl' : 'journalctl';
  const args = journalctlArgs(opts).join(' ');
  if (opts.filter === false && !opts.follow) return `exec ${j} ${args}`;
  const probe = ['-q', '--no-pager', '-n', '0', '--grep=.', '-u', 'audit2grant-probe.service'];
  const fixed = FIXED_PATTERNS.map((p) => `-e ${shellWord(p)}`).join(' ');
  const stage = opts.filter === false ? 'cat' : `$G -F ${fixed}`;
  return [
    `J() { ${j} "$@"; }`,
    'exec 3>&1',
    ...(opts.follow
      ? [
          // grep without --line-buffered (not GNU) still filters, in blocks.
          "if echo a | grep --line-buffered -q a 2>/dev/null; then G='grep --line-buffered'; else G=grep; fi",
          // The async list's stdin would be /dev/null: the session's stdin goes as fd 5.
          'exec 5<&0',
          '( cat <&5 >/dev/null 2>&1 5<&-; kill 0 ) </dev/null >/dev/null 2>&1 3>&- &',
          'exec 5<&-',
        ]
      : [
          'G=grep',
          `if [ -z "$(J ${probe.join(' ')} 2>&1 >/dev/null)" ]; then`,
          `  e=$(J ${args} ${shellWord(`--grep=${GREP_PATTERN}`)} 2>&1 >&3 3>&-); s=$?`,
          `  if [ -n "$e" ]; then printf '%s\\n' "$e" >&2; elif [ "$s" -eq 1 ]; then s=0; fi`,
          '  exit "$s"',
          'fi',
        ]),
    `set -- $( { { J ${args} 4>&- 3>&-; echo "$?" >&4; } | ${stage} >&3 4>&- 3>&-; echo "$?" >&4; } 4>&1 )`,
    'if [ "$1" != 0 ]; then exit "$1"; fi',
    `if [ "$2" != 0 ] && [ "$2" != 1 ]; then echo "grep -F failed with status $2" >&2; exit 2; fi`,
    'exit 0',
  ].join('\n');
}

/** The command line sent over SSH: the script run by `sh`, whatever the login shell. */
export function remoteCommand(opts: RemoteCommandOptions = {}): string {
  return `sh -c ${shellWord(remoteScript(opts))}`;
}
