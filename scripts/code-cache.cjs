// Run by scripts/bundle.mjs after bundling: makes dist/bundle/main.cache,
// V8's code cache of the bundle, which bin/load-bundle.js hands to V8. The
// cache is made after a run on the demo journal, so that it holds what a run
// compiles, not only the bundle's top level.
'use strict';

const { existsSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { loadBundle, cacheFile } = require('../bin/load-bundle.js');

const demo = join(__dirname, '..', 'fixtures', 'demo.log');
const { exports: bundle, script } = loadBundle({ cache: false });

process.on('exit', () => {
  // V8 accepts a cache only under the flags it was made with: this process
  // sets none, as bin/audit2grant.js sets its own only after loading the bundle.
  const temp = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(temp, script.createCachedData());
  renameSync(temp, cacheFile);
});
// Without the demo (an installed package), the cache holds the top level.
if (existsSync(demo)) bundle.main(['--format', 'json', demo]);
