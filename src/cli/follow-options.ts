import { type Command, InvalidArgumentError } from 'commander';

/** The options of following and resuming (docs/state.md). */
export interface FollowCliOptions {
  follow: boolean;
  /** --for, in milliseconds. */
  for?: number;
  /** --quiet-for, in milliseconds. */
  quietFor?: number;
  /** --state: the state file. */
  state?: string;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration as --for and --quiet-for take it, in the largest unit that writes it whole: `2h`, `90m`, `1500ms`. */
export function durationText(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'])
    if (ms % UNIT_MS[unit]! === 0) return `${ms / UNIT_MS[unit]!}${unit}`;
  return `${ms}ms`;
}

/** `90s`, `30m`, `2h`, `1.5h`, `500ms`; a bare number is seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) throw new InvalidArgumentError(`"${text}" is not a duration: write 90s, 30m or 2h`);
  const ms = Number(m[1]) * UNIT_MS[m[2] ?? 's']!;
  if (!(ms >= 1) || ms > 366 * UNIT_MS.d!)
    throw new InvalidArgumentError(`${text} is out of range: use 1ms to 366d`);
  return Math.round(ms);
}

/** Adds the options to the main command, under their own heading in --help. */
export function addFollowOptions(program: Command): Command {
  return program
    .optionsGroup('Following and resuming (docs/state.md):')
    .option(
      '--follow',
      'keep reading: what is appended to FILEs (like tail -F: across rotation and truncation), stdin until it ends, every --ssh host (journalctl -f); Ctrl-C ends it and writes the report',
    )
    .option('--for <duration>', 'with --follow: stop after this long (90s, 30m, 2h)', parseDuration)
    .option(
      '--quiet-for <duration>',
      'with --follow: stop once no new denial came for this long while allow records kept arriving and every input was followed (the migration converged)',
      parseDuration,
    )
    .option(
      '--state <file>',
      'remember where each input stopped and all that was found: the next run with the same file reads only what is new, and reports every run',
    );
}

/** `audit2grant state <file>`: what a state file holds. */
export function addStateCommand(program: Command, onState: (file: string) => void): Command {
  program
    .command('state')
    .description(
      'show what a --state file holds: its inputs and where each stopped (cursors per host, with a journalctl --after-cursor hint), the findings, when it was written',
    )
    .argument('<file>', 'a --state file')
    .action((file: string) => onState(file));
  return program;
}
