import type { Terminal } from '../output/terminal-layout.js';

/**
 * Where the table report is shown, from the stream it is written to and the
 * environment: on a terminal, its width; colour on a terminal, or wherever
 * FORCE_COLOR asks for it.
 */
export function terminalOf(
  stream: { isTTY?: boolean; columns?: number },
  env: NodeJS.ProcessEnv,
): Terminal {
  const tty = stream.isTTY === true;
  const columns = stream.columns;
  return {
    width: tty && columns !== undefined && columns > 0 ? columns : undefined,
    colour: colourWanted(tty, env),
  };
}

/**
 * FORCE_COLOR (any value but 0 or false) colours even a pipe, and wins over
 * NO_COLOR as in Node itself: it is the narrower request. NO_COLOR (any
 * value) and TERM=dumb turn colour off (no-color.org).
 */
export function colourWanted(tty: boolean, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return tty;
}

/**
 * A status line on stderr while inputs are read: only on a terminal, and not
 * under CI (CI set, but not to false or 0), whose logs may come from a
 * pseudo-terminal yet keep every redraw, nor with TERM=dumb, which cannot
 * redraw a line in place. NO_COLOR has no say: the line has no colour.
 */
export function progressWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}
