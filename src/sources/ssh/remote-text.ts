/**
 * What a remote host or ssh2 said, made fit for one line of a report: no
 * control characters (the text comes from the remote side), bounded.
 */

/** Remote text as one line: no control characters, bounded. */
function oneLine(line: string): string {
  return line
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')
    .trim()
    .slice(0, 300);
}

export function firstLine(text: string): string {
  return oneLine(text.split('\n').find((l) => l.trim() !== '') ?? '');
}

/**
 * The line of the remote stderr that says what went wrong: login shells can
 * print their own noise first, so a line naming the command or an error wins,
 * else the last line.
 */
export function tellingLine(stderr: string): string {
  // sshd's notice of a home directory it could not enter: the command runs all the same.
  const lines = stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('Could not chdir to home directory'));
  const telling =
    lines.find((l) => /journalctl|sudo/.test(l)) ??
    lines.find((l) => /permission|denied|not found|not available|no such|failed|error/i.test(l));
  return oneLine(telling ?? lines[lines.length - 1] ?? '');
}
