#!/usr/bin/env node
// `npm run wasm`: assembles the WebAssembly sources in src/parser (*.wat)
// into the modules that hold their bytes (*-wasm.ts). The output is
// committed, so neither a build nor a run needs an assembler;
// test/unit/wasm.test.ts assembles the sources again and fails when they differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble, WASM_SOURCES, wasmModule } from './wasm-assemble.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const source of WASM_SOURCES) {
  const bytes = await assemble(source.wat, readFileSync(join(root, source.wat), 'utf8'));
  writeFileSync(join(root, source.ts), wasmModule(source, bytes));
  process.stdout.write(`${source.ts}: ${bytes.length} bytes of WebAssembly\n`);
}
