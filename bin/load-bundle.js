// Loads dist/bundle/main.cjs as require() would, but with V8's code cache
// of it (dist/bundle/main.cache, made by scripts/code-cache.cjs when the
// bundle is built): the functions a run needs come compiled, which is about
// a sixth of a small run's time. V8 turns down a cache made by another Node
// or for another source, and the bundle is then compiled as require() does.
'use strict';

const { readFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

const file = join(__dirname, '..', 'dist', 'bundle', 'main.cjs');
const cacheFile = join(__dirname, '..', 'dist', 'bundle', 'main.cache');

/** The bundle's exports, and the script it ran as (for making its cache). */
function loadBundle({ cache = true } = {}) {
  let cachedData;
  if (cache) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // No cache (not built yet, or removed): compiled as require() does.
    }
  }
  // latin1: the bundle is ASCII (scripts/bundle.mjs checks), and a string
  // of one-byte characters is made without decoding UTF-8.
  const script = new Script(wrap(readFileSync(file, 'latin1')), { filename: file, cachedData });
  const module = { exports: {} };
  script
    .runInThisContext()
    .call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, script };
}

module.exports = { loadBundle, cacheFile };
