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

/** `--max-line`: bytes, with an optional K/M/G (KiB/MiB/GiB) suffix. */
export function parseBytes(text: string): number {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined)
    throw new InvalidArgumentError(
      `"${text}" is not a size: use bytes, or a number with K, M or G`,
    );
  const bytes = Number(m[1]) * unit;
  if (bytes < 1024 || bytes > 1024 ** 3)
    throw new InvalidArgumentError(`${text} is out of range: use 1K to 1G`);
  return bytes;
}

/** `--account`: repeatable, each checked against the IAM account grammar. */
export function collectAccount(value: string, previous: string[] = []): string[] {
  const problem = problemOf(Uid, value);
  if (problem) throw new InvalidArgumentError(`"${value}" is not an account id: ${problem}`);
  return [...previous, value];
}
