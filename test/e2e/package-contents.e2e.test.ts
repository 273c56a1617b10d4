import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';

/**
 * What `npm pack` puts in the published package, from the build npm test
 * makes first. scripts/check-package.sh (in .ci/run) installs the tarball
 * and runs it.
 */
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

function packedFiles(): string[] {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  const [packed] = JSON.parse(r.stdout) as { files: { path: string }[] }[];
  return packed!.files.map((f) => f.path).sort();
}

/** The packages the bundle loads when it runs: what it requires and does not inline. */
function loadedAtRunTime(file: string): string[] {
  const code = readFileSync(join(ROOT, 'dist', 'bundle', file), 'utf8');
  const names = [
    ...code.matchAll(/\brequire\("([^"]+)"\)|createRequire\)\(importMetaUrl\)\("([^"]+)"\)/g),
  ]
    .map((m) => (m[1] ?? m[2])!)
    .filter((name) => !isBuiltin(name) && !name.startsWith('.'));
  return [...new Set(names)].sort();
}

describe('the published package', () => {
  it('holds what runs: the bundle, bin, the man page, LICENSE and README', () => {
    expect(packedFiles()).toEqual([
      'LICENSE',
      'README.md',
      'bin/audit2grant.js',
      'bin/load-bundle.js',
      'bin/package.json',
      'dist/bundle/main.cache',
      'dist/bundle/main.cjs',
      'man/audit2grant.1',
      'package.json',
    ]);
  });

  it('depends on what the bundle loads at run time, and nothing else', () => {
    const loaded = loadedAtRunTime('main.cjs');
    expect(loaded).toEqual(['ssh2']);
    expect(Object.keys(pkg.dependencies).sort()).toEqual(loaded);
    // The rest is inlined: a dependency of the build, not of the package.
    for (const inlined of ['commander', 'zod', 'cli-table3', 'ssh-config'])
      expect(pkg.devDependencies[inlined], inlined).toBeDefined();
  });

  it('is Apache-2.0, with the license text', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^ {33}Apache License\n {27}Version 2\.0, January 2004$/m);
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    expect(license).toContain('   Copyright 2026 The audit2grant authors\n');
  });
});
