#!/usr/bin/env node
// CommonJS (bin/package.json), like the bundle it runs (scripts/bundle.mjs):
// Node starts a CommonJS program without its ES module loader, which is
// quicker, and start-up is most of the time of a small run.
'use strict';

require('./load-bundle.js').loadBundle().exports.main(process.argv.slice(2));
