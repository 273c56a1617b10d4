import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

/**
 * A directory with recording stubs of `dcos` and `curl`: each call appends its
 * argv (NUL-separated, after a CALL marker) to `log`. Put `bin` first on PATH.
 */
export function stubBin(): { dir: string; bin: string; log: string; calls(): string[][] } {
  const dir = tempDir('a2g-stub-');
  const bin = join(dir, 'bin');
  const log = join(dir, 'calls');
  writeFileSync(log, '');
  mkdirSync(bin);
  for (const name of ['dcos', 'curl']) {
    const path = join(bin, name);
    writeFileSync(path, `#!/usr/bin/env bash\n${recordCall(name, log)}\n`);
    chmodSync(path, 0o755);
  }
  return {
    dir,
    bin,
    log,
    calls: () => readCalls(log),
  };
}

/**
 * The shell that appends one call of `name` to `log`: \x01NAME\0, the number
 * of arguments\0, then each argument\0. Counted, so that an argument may hold
 * any byte but NUL (\x01 too) and still be read back as it was. One printf,
 * one write: calls made at once (a script asks `dcos config show` twice in
 * parallel) append whole records, never interleaved parts.
 */
export function recordCall(name: string, log: string): string {
  // The format: one %s\0 per argument, made by a printf that prints nothing of them.
  return `if [ "$#" -eq 0 ]; then printf '\\001%s\\0%s\\0' '${name}' 0 >> '${log}'; else printf "\\001%s\\0%s\\0$(printf '%%s\\\\0%.0s' "$@")" '${name}' "$#" "$@" >> '${log}'; fi`;
}

/** The calls `recordCall` appended to `log`, each its name then its arguments. */
export function readCalls(log: string): string[][] {
  const parts = readFileSync(log, 'utf8').split('\0');
  const calls: string[][] = [];
  for (let i = 0; i + 1 < parts.length; ) {
    const marker = parts[i]!;
    if (!marker.startsWith('\x01')) throw new Error(`${log}: no call starts at part ${i}`);
    const n = Number(parts[i + 1]);
    calls.push([marker.slice(1), ...parts.slice(i + 2, i + 2 + n)]);
    i += 2 + n;
  }
  return calls;
}
