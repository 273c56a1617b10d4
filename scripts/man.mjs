#!/usr/bin/env node
// `npm run build`, after the bundle: writes man/audit2grant.1 from the program's
// own definitions (src/cli/man-page.ts), so the page lists what --help does.
// package.json's "man" field installs it with the package.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { renderManPage } = await import(join(root, 'dist', 'cli', 'man-page.js'));
const { buildProgram } = await import(join(root, 'dist', 'cli', 'program.js'));
const { version, description } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// The NAME line of a man page starts in lower case.
const summary = description.charAt(0).toLowerCase() + description.slice(1);
const page = renderManPage(
  buildProgram(version, () => {}),
  version,
  summary,
);
mkdirSync(join(root, 'man'), { recursive: true });
writeFileSync(join(root, 'man', 'audit2grant.1'), page);
