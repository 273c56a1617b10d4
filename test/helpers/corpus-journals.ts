import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './run-cli.js';

/**
 * The fixture corpora (fixtures/src) as the masters' own journals: each
 * corpus rendered to the Journal Export Format (fixtures/src/to-export.mjs)
 * and written to a real journal file by systemd-journal-remote, then each
 * master's entries (`_HOSTNAME`), of every corpus in time order, taken out
 * by journalctl into a journal file of that master's own.
 */

const run = promisify(execFile);
const BIG = { maxBuffer: 256 * 1024 * 1024, encoding: 'buffer' as const };
const JOURNAL_REMOTE = [
  '/lib/systemd/systemd-journal-remote',
  '/usr/lib/systemd/systemd-journal-remote',
].find((p) => existsSync(p));

export const MASTER_HOSTS = ['master-1.example', 'master-2.example', 'master-3.example'];

async function journalOf(exportFile: string, journal: string): Promise<string> {
  if (!JOURNAL_REMOTE)
    throw new Error('systemd-journal-remote not found (apt-get install systemd-journal-remote)');
  await run(JOURNAL_REMOTE, [`--output=${journal}`, '--split-mode=none', exportFile]);
  return journal;
}

/** One journal file per master, its entries of every corpus named. */
export async function masterJournals(
  dir: string,
  corpora: readonly string[] = ['demo', 'dialects'],
): Promise<string[]> {
  const whole: string[] = [];
  for (const corpus of corpora) {
    const exported = join(dir, `${corpus}.export`);
    const { stdout } = await run(
      process.execPath,
      [
        join(ROOT, 'fixtures/src/to-export.mjs'),
        join(ROOT, `fixtures/src/${corpus}.entries.jsonl`),
      ],
      BIG,
    );
    writeFileSync(exported, stdout);
    whole.push(await journalOf(exported, join(dir, `${corpus}.journal`)));
  }
  const files = whole.flatMap((j) => ['--file', j]);
  return Promise.all(
    MASTER_HOSTS.map(async (host, i) => {
      const { stdout } = await run(
        'journalctl',
        [...files, '-o', 'export', `_HOSTNAME=${host}`],
        BIG,
      );
      const exported = join(dir, `master-${i + 1}.export`);
      writeFileSync(exported, stdout);
      return journalOf(exported, join(dir, `master-${i + 1}.journal`));
    }),
  );
}

/**
 * What `journalctl -o json` prints of these journals, one after another (the
 * files route), with more journalctl arguments if given (`--since`, ...).
 */
export async function journalJsonOf(
  journals: readonly string[],
  more: readonly string[] = [],
): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const j of journals) {
    const args = ['--file', j, '--no-pager', '--all', '-o', 'json', ...more];
    const { stdout } = await run('journalctl', args, BIG);
    parts.push(stdout);
  }
  return Buffer.concat(parts);
}
