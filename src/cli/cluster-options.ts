import { InvalidArgumentError } from 'commander';
import { masterProblem } from '../sources/cluster/address.js';
import { parseClusterUrl } from './format-options.js';

/** Command-line parsers of the --cluster options (commander argParsers). */

/**
 * `--cluster [url]`: the URL is optional, so a file named right after it
 * would be taken for one: the message says so.
 */
export function parseClusterOption(value: string): string {
  try {
    return parseClusterUrl(value);
  } catch (err) {
    if (!(err instanceof InvalidArgumentError) || value.includes('://')) throw err;
    throw new InvalidArgumentError(
      `"${value}" is not a URL: give https://HOST[:PORT], or name files before --cluster (its URL is optional)`,
    );
  }
}

/** `--masters`: repeatable, each a comma list of addresses, each checked now. */
export function collectMasters(value: string, previous: string[] = []): string[] {
  for (const part of value.split(',')) {
    const address = part.trim();
    if (address === '') throw new InvalidArgumentError(`empty address in "${value}"`);
    const problem = masterProblem(address);
    if (problem) throw new InvalidArgumentError(problem);
  }
  return [...previous, value];
}
