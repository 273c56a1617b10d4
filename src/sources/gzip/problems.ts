import { shellWord } from '../../text/shell-quote.js';
import { InputProblem } from '../input-problem.js';
import type { Named } from '../sniff.js';

/**
 * What is wrong with a gzip input, in one line with what to do. Every
 * one is said after the text inflated before the damage has been read.
 */
export function gzipProblems(input: Named) {
  const file = input.path === undefined ? undefined : shellWord(input.path);
  const check = `check it with \`gzip -t ${file ?? 'FILE'}\``;
  /** The members before `at` alone: the same text, whole. */
  const readBefore = (at: number) =>
    at === 0
      ? check
      : `read the first ${at} bytes alone: \`${file === undefined ? `... | head -c ${at} | audit2grant` : `head -c ${at} ${file} | audit2grant`}\``;
  return {
    cut: (member: number) =>
      new InputProblem(
        `the gzip data ends early, in member ${member} (a cut or still-growing file): what was read before is kept; read it again once it is whole`,
      ),
    trailing: (at: number) =>
      new InputProblem(
        `trailing bytes after the last gzip member, at byte offset ${at}: what was read before is kept; ${readBefore(at)}`,
      ),
    badHeader: (member: number, at: number, what: string) =>
      new InputProblem(
        `gzip member ${member} (from byte offset ${at}) has a bad header (${what}): what was read before is kept; ${readBefore(at)}`,
      ),
    mismatch: (member: number, at: number, what: 'CRC-32' | 'length (ISIZE)') =>
      new InputProblem(
        `${what} mismatch in gzip member ${member} (from byte offset ${at}): its text is read but may be corrupt; ${check}, and read a sound copy`,
      ),
    corrupt: (member: number, at: number, err: Error) =>
      new InputProblem(
        `corrupt gzip data in member ${member} (from byte offset ${at}; zlib: ${err.message}): what was read before is kept; ${check}`,
      ),
  };
}
