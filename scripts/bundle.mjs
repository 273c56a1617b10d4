#!/usr/bin/env node
// `npm run build`, after the kernel: transpiles src/ into dist/ (one .js per
// .ts, for scripts/man.mjs and the bench's tools), then bundles dist/ into
// dist/bundle/main.cjs, which bin/audit2grant.js runs. Loading some sixty ES
// modules of ours and a hundred of zod, each read, resolved and linked on its
// own, was most of the start-up time; one file loads in a fraction of it.
//
// - esbuild transpiles; tsc checks (`npm run typecheck`, run by CI before the
//   tests): tsc's emit took 10-13 s of CPU of every `npm test`, esbuild's
//   takes a third of a second, from the same checked source.
// - CommonJS, for start-up alone: Node loads one CommonJS file faster than
//   one ES module, and the `import`s of modules that src/cli imports only
//   when needed (SSH, --output, each format's renderer) become require()
//   calls that run then, where an ES bundle hoists them and loads them on
//   every run.
//   import.meta.url, which CommonJS has not, is the bundle's own file URL.
// - At the same depth as dist/cli/main.js, main.ts's
//   `createRequire(import.meta.url)('../../package.json')` finds the version.
// - ssh2 is left out: it loads optional native parts by paths of its own, and
//   load-ssh2.ts requires it only when --ssh is given.
// - Whitespace and syntax are minified (names are kept, for stack traces):
//   a third less to read and to load from the code cache at each start.
// - commander's child_process is required when first used (below).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * commander requires node:child_process when it loads, to spawn executable
 * subcommands, which this program has none of; child_process brings net,
 * dgram and the streams with it, a tenth of a small run's start-up. In the
 * bundle commander gets a stand-in that requires it when first used. The
 * build fails if commander no longer says what is replaced.
 */
const commanderSpawnsLazily = {
  name: 'commander-spawns-lazily',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, ({ path }) => {
      const eager = "const childProcess = require('node:child_process');";
      const source = readFileSync(path, 'utf8');
      if (!source.includes(eager)) throw new Error(`${path}: no "${eager}" to make lazy`);
      const lazy =
        "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
const common = {
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['ssh2'],
  logLevel: 'warning',
  plugins: [commanderSpawnsLazily],
  minifyWhitespace: true,
  minifySyntax: true,
  // Every character outside ASCII written as an escape: bin/load-bundle.js
  // reads the bundle as latin1, which is quicker than decoding UTF-8.
  charset: 'ascii',
};

const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
// The byte kernel's sources are AssemblyScript, built by scripts/kernel.mjs.
const sources = readdirSync(join(root, 'src'), { recursive: true })
  .filter((f) => f.endsWith('.ts') && !f.startsWith(`parser${sep}kernel${sep}`))
  .map((f) => join(root, 'src', f));
await build({
  entryPoints: sources,
  outdir: dist,
  outbase: join(root, 'src'),
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});
/** CommonJS has no import.meta.url: the bundle's own file URL stands in. */
const commonJs = {
  format: 'cjs',
  define: { 'import.meta.url': 'importMetaUrl' },
  // import() as require(): V8 cannot run an import() of a script that came
  // from its code cache (bin/load-bundle.js) without an experimental hook.
  supported: { 'dynamic-import': false },
  banner: {
    // "use strict" first, as in the ES modules bundled.
    js: '"use strict";\nconst importMetaUrl = require("node:url").pathToFileURL(__filename).href;',
  },
};
await build({
  ...common,
  ...commonJs,
  entryPoints: { main: join(root, 'dist', 'cli', 'main.js') },
  outExtension: { '.js': '.cjs' },
});

// Read as latin1 (bin/load-bundle.js): a byte outside ASCII would be misread.
const bundled = readFileSync(join(outdir, 'main.cjs'));
const outside = bundled.findIndex((b) => b > 0x7f);
if (outside !== -1) throw new Error(`dist/bundle/main.cjs: a byte outside ASCII at ${outside}`);

// The bundle's code cache (scripts/code-cache.cjs), made by a run of its own,
// its output dropped. Without it the program starts as it would anyway.
const cache = spawnSync(process.execPath, [join(root, 'scripts', 'code-cache.cjs')], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (!existsSync(join(outdir, 'main.cache')))
  console.warn(`code cache not made (exit ${cache.status}): start-up will be slower`);
