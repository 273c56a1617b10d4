#!/usr/bin/env node
// CommonJS (bin/package.json), like the bundle it runs (scripts/bundle.mjs):
// Node starts a CommonJS program without its ES module loader, which is
// quicker, and start-up is most of the time of a small run.
'use strict';

const { main } = require('./load-bundle.js').loadBundle().exports;
// The program's own choice for its process, made here and not in a library
// module: V8's young generation grows no further than it has while the
// bundle loads (8 MiB at most), where it would double up to 32 MiB, as it does
// for a program that keeps much of what it allocates, as reading and grouping
// do: about 25 MiB of the dense bench input's peak. The extra young
// collections cost no time that could be measured. `--max-semi-space-size`
// would say it directly, but V8 reads it only when the heap is set up, before
// this runs; the growth factor is read each time the young generation would
// grow. Set after the bundle is loaded: V8 takes its code cache only under
// the flags the cache was made with (scripts/code-cache.cjs).
require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
main(process.argv.slice(2));
