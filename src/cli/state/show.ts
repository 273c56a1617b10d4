import { existsSync } from 'node:fs';
import { printable } from '../../output/printable.js';
import { plural } from '../../output/text.js';
import { shellWord } from '../../text/shell-quote.js';
import { EXIT } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import { writeStdout } from '../write-output.js';
import type { SavedInput, StateFile } from './schema.js';
import { readState, StateError } from './store.js';

/**
 * `audit2grant state <file>`: what a state file holds, for a person: when
 * it was written and under which options, each input and where it stopped
 * (for a JSON journal on stdin, each host's cursor with the journalctl
 * command that resumes after it), and what was found. Reads only: a run
 * using the file meanwhile is no matter (it replaces the file whole).
 */
export async function showState(path: string): Promise<void> {
  let state: StateFile | undefined;
  try {
    state = readState(path);
  } catch (err) {
    if (err instanceof StateError) throw new UsageError(`${printable(path)}: ${err.message}`);
    throw err;
  }
  if (!state)
    throw new UsageError(
      existsSync(path)
        ? `${printable(path)}: empty: no run has written it yet (a first run with --state fills it)`
        : `${printable(path)}: no such state file: a run with --state makes it`,
    );
  await writeStdout(describeState(path, state), EXIT.clean);
}

export function describeState(path: string, state: StateFile): string {
  const o = state.options;
  const accounts =
    o.accounts.length === 0 ? 'every account' : o.accounts.map((a) => `--account ${a}`).join(' ');
  const f = state.findings;
  const uids = new Set(f.denied.map((g) => g.uid));
  const s = f.stats;
  const lines = [
    `State file ${path}: written ${state.written} by audit2grant ${state.generator.version}, ${plural(state.runs, 'run')} (state version ${state.version})`,
    `Options: ${accounts}, --evidence ${o.evidence}, --security-mode ${o.securityMode}` +
      (o.since === undefined ? '' : `, --since ${shellWord(o.since)}`) +
      (o.until === undefined ? '' : `, --until ${shellWord(o.until)}`),
    '',
    `Inputs (${state.inputs.length}):`,
    ...state.inputs.flatMap((input) => inputLines(input, path)),
    '',
    `Findings: ${plural(f.denied.length, 'denied permission')} of ${plural(uids.size, 'account')}, ` +
      `${plural(f.unattributed.groups.length, 'kind')} of denial without an account, ` +
      `${plural(f.logins.groups.length, 'kind')} of failed authentication, ` +
      `${plural(f.suspicious.length, 'kind')} of suspicious line`,
    `Read in all: ${plural(s.lines, 'line')}, ${plural(s.records, 'audit record')} (${s.denyRecords} deny, ${s.allowRecords} allow)`,
    '',
    `The next run with --state ${path} reads only what is new; run it with the same options to get the report of every run.`,
  ];
  return `${lines.map(printable).join('\n')}\n`;
}

function inputLines(input: SavedInput, statePath: string): string[] {
  const p = input.position;
  const name = `  ${input.source} (${input.key})`;
  switch (p.kind) {
    case 'file':
      return [
        `${name}: read to byte ${p.offset} of ${p.size}${p.lines === undefined ? '' : `, line ${p.lines}`} (device ${p.dev}, inode ${p.ino})`,
      ];
    case 'journal':
      return [`${name}: after the journal entry ${p.cursor}`];
    case 'journal-per-host':
      return [
        `${name}: the last journal entry of each host:`,
        ...Object.entries(p.cursors).flatMap(([host, cursor]) => [
          `    ${host}: ${cursor}`,
          `      journalctl -u 'dcos-*' -o json --all --after-cursor=${shellWord(cursor)} | audit2grant --state ${shellWord(statePath)}`,
        ]),
      ];
  }
}
