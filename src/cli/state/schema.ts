import * as z from 'zod';
import { Snapshot } from '../../report/snapshot.js';
import { InputPositionSchema } from '../../sources/position.js';
import { shellWord } from '../../text/shell-quote.js';

/**
 * The `--state` file (docs/state.md): where each input stopped, and all that
 * the runs sharing it found, as one JSON document. `version` changes when a
 * field changes meaning; a file of a newer version is refused, never
 * rewritten. It holds no token or secret: positions, the options that shape
 * the findings, and the findings (log lines' first 300 characters as samples).
 */
export const STATE_VERSION = 1;
export const STATE_FORMAT = 'audit2grant-state';

/** The options that shape what is found and kept: runs sharing a state must agree on them. */
export const StateOptions = z.object({
  /** --account, sorted; empty: every account. */
  accounts: z.array(z.string()),
  evidence: z.enum(['denied', 'allowed', 'all']),
  securityMode: z.enum(['strict', 'permissive']),
  /** --since, --until: a fixed time as its ISO instant, a relative one as given; absent when not given. */
  since: z.string().optional(),
  until: z.string().optional(),
});
export type StateOptions = z.infer<typeof StateOptions>;

export const SavedInput = z.object({
  /** What names the input across runs (Input.key): `file:<absolute path>`, `stdin`, `ssh:<host>`. */
  key: z.string(),
  /** As the report names it. */
  source: z.string(),
  position: InputPositionSchema,
  /**
   * A file named through a symbolic link: the key of the link's own name
   * (`file:<its absolute path>`), kept with the file it last named. A later
   * run given that name when it names another file finds this place there.
   */
  namedKey: z.string().optional(),
});
export type SavedInput = z.infer<typeof SavedInput>;

export const StateFile = z.object({
  format: z.literal(STATE_FORMAT),
  version: z.literal(STATE_VERSION),
  generator: z.object({ name: z.literal('audit2grant'), version: z.string() }),
  /** When it was written (ISO 8601). */
  written: z.string(),
  /** Runs that wrote it. */
  runs: z.number().int().positive(),
  options: StateOptions,
  inputs: z.array(SavedInput),
  // The report's stats say only that they are whole numbers: a state's are counts too.
  findings: Snapshot.refine(
    (s) => Object.values(s.stats).every((v) => typeof v !== 'number' || v >= 0),
    { message: 'a count below 0', path: ['stats'] },
  ),
});
export type StateFile = z.infer<typeof StateFile>;

const names: Record<keyof StateOptions, string> = {
  accounts: '--account',
  evidence: '--evidence',
  securityMode: '--security-mode',
  since: '--since',
  until: '--until',
};

const shown = (key: keyof StateOptions, o: StateOptions) => {
  if (key === 'accounts')
    return o.accounts.length === 0
      ? 'no --account (every account)'
      : o.accounts.map((a) => `--account ${a}`).join(' ');
  const value = o[key];
  return value === undefined ? `no ${names[key]}` : `${names[key]} ${shellWord(value)}`;
};

/** How this run's options differ from those the state was written under, or undefined. */
export function optionsDifference(saved: StateOptions, now: StateOptions): string | undefined {
  for (const key of Object.keys(names) as (keyof StateOptions)[]) {
    const a = key === 'accounts' ? saved.accounts.join('\n') : saved[key];
    const b = key === 'accounts' ? now.accounts.join('\n') : now[key];
    if (a !== b) return `it was written with ${shown(key, saved)}, this run has ${shown(key, now)}`;
  }
  return undefined;
}
