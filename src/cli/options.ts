import { InvalidArgumentError } from 'commander';
import { problemOf, Uid } from '../rules/grammar.js';

export const DEFAULT_MAX_LINE = 1024 * 1024;

const UNITS: Record<string, number> = {
  '': 1,
  k: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
};

/** The smallest --max-line. */
const MIN_MAX_LINE = 4096;

/** `--max-line`: bytes, with an optional K/M/G (KiB/MiB/GiB) suffix. */
export function parseBytes(text: string): number {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined)
    throw new InvalidArgumentError(
      `"${text}" is not a size: use bytes, or a number with K, M or G`,
    );
  const bytes = Number(m[1]) * unit;
  // From 4K: a line old journald cut (2048 bytes of message) is never
  // skipped, so that the record after it is known for what it may be
  // (parser/split-line.ts).
  if (bytes < MIN_MAX_LINE || bytes > 1024 ** 3)
    throw new InvalidArgumentError(`${text} is out of range: use 4K to 1G`);
  return bytes;
}

/** `--account`: repeatable, each checked against the IAM account grammar. */
export function collectAccount(value: string, previous: string[] = []): string[] {
  const problem = problemOf(Uid, value);
  if (problem) throw new InvalidArgumentError(`"${value}" is not an account id: ${problem}`);
  return [...previous, value];
}
