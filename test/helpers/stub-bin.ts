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
    writeFileSync(
      path,
      `#!/usr/bin/env bash\n{ printf '\\001${name}\\0'; printf '%s\\0' "$@"; } >> '${log}'\n`,
    );
    chmodSync(path, 0o755);
  }
  return {
    dir,
    bin,
    log,
    calls() {
      // Each call: \x01NAME\0 then each argument followed by \0.
      const parts = readFileSync(log, 'utf8').split('\0').slice(0, -1);
      const calls: string[][] = [];
      for (const p of parts) {
        if (p.startsWith('\x01')) calls.push([p.slice(1)]);
        else calls[calls.length - 1]!.push(p);
      }
      return calls;
    },
  };
}
