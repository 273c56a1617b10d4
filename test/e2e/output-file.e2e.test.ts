// --output FILE where FILE exists: replaced only when the shell's `>` could
// write it. The shell itself is the oracle, run as the same user with the
// same rights. Root may write any file: as root, the "user without the
// right" is root without CAP_DAC_OVERRIDE (setpriv drops it from the
// bounding set), which obeys permission bits as any owner does; so this
// runs the same as root (CI) and as any other user.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { literal } from '../../src/text/regexp.js';
import { BIN, ROOT } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const DEMO = join(ROOT, 'fixtures', 'demo.log');
const tmp = tempDir('a2g-output-file-');
const root = process.getuid?.() === 0;
/** Runs a command without the right to write files its mode does not let it write. */
const bounded = root
  ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--']
  : ([] as string[]);
let n = 0;

/** A directory the user may write in, holding FILE (mode 0444, "keep me"). */
function readOnlyFile(): { dir: string; file: string } {
  const dir = join(tmp, String(n++));
  mkdirSync(dir);
  const file = join(dir, 'grant.sh');
  writeFileSync(file, 'keep me\n');
  chmodSync(file, 0o444);
  return { dir, file };
}

/** Whether the shell's `>` may write FILE, as `prefix` runs it (tried on a copy made alike). */
function shellMayWrite(prefix: string[]): boolean {
  const { file } = readOnlyFile();
  const [cmd, ...args] = [...prefix, 'sh', '-c', ': > "$1"', 'sh', file];
  return spawnSync(cmd!, args).status === 0;
}

function audit2grant(
  prefix: string[],
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [cmd, ...rest] = [...prefix, process.execPath, BIN, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, rest, {
      cwd: ROOT,
      env: { ...process.env, SOURCE_DATE_EPOCH: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('--output onto a file that exists', () => {
  it('refuses a file the user may not write, as `>` does: one line, exit 2, the file untouched', async () => {
    expect(shellMayWrite(bounded)).toBe(false);
    const { dir, file } = readOnlyFile();
    const inode = statSync(file).ino;
    const r = await audit2grant(bounded, ['-f', 'script', '-o', file, DEMO]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `audit2grant: --output ${file}: exists and this user may not write it (permission denied): name another file, or make it writable first\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
    expect(statSync(file).ino).toBe(inode);
    expect(readdirSync(dir)).toEqual(['grant.sh']);
  });

  it('replaces a read-only file when `>` would write it (root), and only then', async () => {
    const shell = shellMayWrite([]);
    expect(shell).toBe(root);
    const { file } = readOnlyFile();
    const r = await audit2grant([], ['-f', 'script', '-o', file, DEMO]);
    expect(r.code).toBe(shell ? 1 : 2);
    expect(readFileSync(file, 'utf8') !== 'keep me\n').toBe(shell);
  });
});

describe('--output into a directory the user may not write', () => {
  it('is refused before any input is read: one line, exit 2, nothing made', async () => {
    const dir = join(tmp, 'closed');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    const file = join(dir, 'grant.sh');
    // Standard input stays open: a run that read it first would never end.
    const [cmd, ...rest] = [...bounded, process.execPath, BIN, '-f', 'script', '-o', file];
    const child = spawn(cmd!, rest, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    child.stdin.destroy();
    expect(code).toBe(2);
    expect(stderr).toBe(
      `audit2grant: --output ${file}: cannot create files in ${dir}: name a file in a directory you can write\n`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('--output whose directory goes while a follow runs', () => {
  it.each([
    ['its directory', false],
    ['the working directory, -o naming a file in it', true],
  ])(
    '%s removed: the report is written in the temporary directory instead, named, exit 3',
    async (_, inCwd) => {
      const dir = join(tmp, `gone-${inCwd}`);
      mkdirSync(dir);
      const temp = join(tmp, `temp-${inCwd}`);
      mkdirSync(temp);
      const out = inCwd ? 'report.json' : join(dir, 'report.json');
      const child = spawn(process.execPath, [BIN, '--follow', '-f', 'json', '-o', out, DEMO], {
        cwd: inCwd ? dir : ROOT,
        env: { ...process.env, TMPDIR: temp },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      await new Promise<void>((resolve) =>
        child.stderr.setEncoding('utf8').on('data', (d: string) => {
          stderr += d;
          // The demo's last finding: the whole file was read.
          if (stderr.includes('backup.weekly-db create')) resolve();
        }),
      );
      rmdirSync(dir);
      child.kill('SIGINT');
      const code = await new Promise((resolve) => child.on('close', resolve));
      const said = new RegExp(
        `^audit2grant: --output ${literal(out)}: .*; the report is in (${literal(temp)}/audit2grant-\\w+/report\\.json)$`,
        'm',
      ).exec(stderr);
      expect(said, stderr).not.toBeNull();
      expect(code).toBe(3);
      const kept = said![1]!;
      expect(JSON.parse(readFileSync(kept, 'utf8')).accounts.length).toBeGreaterThan(0);
      // A directory of its own, for the owner alone.
      expect(statSync(dirname(kept)).mode & 0o777).toBe(0o700);
    },
  );
});
