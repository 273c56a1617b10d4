// The bench's inputs, generated once into its output directory and reused:
// the same arguments give the same bytes (bench/generate.mjs).
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const generator = join(dirname(fileURLToPath(import.meta.url)), 'generate.mjs');

/**
 * A generated journal in short-iso text, `times` copies of it in a row (the
 * same records again: for memory against input size), named `name`.
 */
export function textInput(dir, name, args, times = 1) {
  const path = join(dir, `${name}${times > 1 ? `-x${times}` : ''}.log`);
  if (existsSync(path)) return path;
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  try {
    for (let i = 0; i < times; i++) generate(args, fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
  return path;
}

/** A one-line journal: start-up and nothing else. */
export function oneLine(dir) {
  const path = join(dir, 'one-line.log');
  writeFileSync(path, '2026-11-22T10:00:07+0000 master-1 nginx[1]: GET / 200\n');
  return path;
}

/** Where systemd-journal-remote is, or undefined. */
export function journalRemote() {
  return ['/lib/systemd/systemd-journal-remote', '/usr/lib/systemd/systemd-journal-remote'].find(
    existsSync,
  );
}

/**
 * A real binary journal of the generated entries `args` give: their Journal
 * Export Format written by systemd-journal-remote, as journald would store
 * them, for `journalctl --directory` to read. A directory, as
 * journal-remote starts a new file when one grows large.
 */
export function journalDirectory(dir, name, args) {
  const path = join(dir, name);
  if (existsSync(path)) return path;
  const remote = journalRemote();
  if (!remote)
    throw new Error('needs systemd-journal-remote (apt-get install systemd-journal-remote)');
  const exported = join(dir, `${name}.export`);
  const fd = openSync(exported, 'w');
  try {
    generate([...args, '--export'], fd);
  } finally {
    closeSync(fd);
  }
  const partial = join(dir, `${name}.partial`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  const r = spawnSync(
    remote,
    [`--output=${join(partial, 'bench.journal')}`, '--split-mode=none', exported],
    { encoding: 'utf8' },
  );
  rmSync(exported);
  // journal-remote drops an entry it cannot take with only a log line: all of them or nothing.
  if (r.status !== 0 || !/Finishing after writing \d+ entries/.test(r.stderr))
    throw new Error(`systemd-journal-remote failed: ${r.stderr.trim()}`);
  renameSync(partial, path);
  return path;
}

function generate(args, fd) {
  const r = spawnSync(process.execPath, [generator, ...args], {
    stdio: ['ignore', fd, 'inherit'],
  });
  if (r.status !== 0) throw new Error(`bench: generate.mjs ${args.join(' ')} failed`);
}
