import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderManPage } from '../../src/cli/man-page.js';
import { buildProgram } from '../../src/cli/program.js';
import { expectGolden } from '../helpers/golden.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** man/audit2grant.1, written by `npm run build` (scripts/man.mjs), which npm test runs first. */
const PAGE = join(ROOT, 'man', 'audit2grant.1');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** The page as man shows it at 80 columns; stderr holds groff's warnings, all of them asked for. */
function man(path: string) {
  const r = spawnSync('man', ['--warnings=w', '-l', path], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, LANG: 'C.UTF-8', MANWIDTH: '80' },
  });
  if (r.error) throw r.error;
  return r;
}

describe('the man page', () => {
  it('is built from the definitions, and is the reviewed page', () => {
    const built = readFileSync(PAGE, 'utf8');
    expectGolden('man/audit2grant.1', built);
    const summary = pkg.description.charAt(0).toLowerCase() + pkg.description.slice(1);
    expect(
      renderManPage(
        buildProgram(pkg.version, () => {}),
        pkg.version,
        summary,
      ),
    ).toBe(built);
    expect(pkg.man).toEqual(['./man/audit2grant.1']);
    expect(pkg.files).toContain('man');
  });

  it('renders in man without a warning, listing every option and command of --help', async () => {
    const shown = man(PAGE);
    expect(shown.status).toBe(0);
    expect(shown.stderr).toBe('');
    const help = (await runCli(['--help'])).stdout;
    const flags = help.match(/(?<=^ {2}(?:-\w, )?)--[a-z-]+/gm) ?? [];
    expect(flags.length).toBeGreaterThan(25);
    for (const flag of flags) expect(shown.stdout, flag).toContain(flag);
    for (const command of ['schema', 'templates', 'completion', 'help'])
      expect(shown.stdout).toContain(`audit2grant ${command}`);
    expect(shown.stdout).toMatch(/^EXIT STATUS$/m);
  });

  it('would show what groff warns of', () => {
    const broken = join(tempDir('a2g-man-'), 'broken.1');
    writeFileSync(broken, readFileSync(PAGE, 'utf8').replace('.SH OPTIONS', '.SX OPTIONS'));
    expect(man(broken).stderr).toMatch(/warning: macro 'SX' not defined/);
  });
});
