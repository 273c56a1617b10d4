import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// Start-up is most of the time of a small run: what a run does not use, it
// does not load. Node's module debug log (NODE_DEBUG=module) names every
// CommonJS module required, ssh2 included.
describe('start-up', () => {
  it('loads no ssh2 without --ssh', async () => {
    const r = await runCli(['-f', 'json', 'fixtures/demo.log'], { env: { NODE_DEBUG: 'module' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('REQUEST ./load-bundle.js');
    expect(r.stderr).not.toContain('ssh2');
  });

  it("runs the bundle from V8's code cache that the build made", () => {
    // In a new process, as the program runs: V8 turns down a cache made under
    // other flags or for another source, and the run is then only slower.
    const r = spawnSync(
      process.execPath,
      [
        '-e',
        `const { script } = require('./bin/load-bundle.js').loadBundle();
         process.stdout.write(String(script.cachedDataRejected));`,
      ],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('false');
  });

  it('loads none of child_process, crypto, zlib, perf_hooks, tty for a report of a file', () => {
    // Node lists every built-in module it has loaded in process.moduleLoadList.
    // A script file, not -e: node -e loads some of them for itself.
    const script = join(tempDir('a2g-startup-'), 'run.cjs');
    writeFileSync(
      script,
      `process.argv.splice(1, 1, 'audit2grant', '-f', 'json', 'fixtures/demo.log');
       process.on('exit', () => process.stderr.write(process.moduleLoadList.join('\\n')));
       require(${JSON.stringify(join(process.cwd(), 'bin', 'audit2grant.js'))});`,
    );
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(r.stdout).toContain('"schemaVersion": 1');
    expect(r.stderr).toContain('NativeModule fs');
    const loaded = r.stderr.split('\n');
    // tty too: its stdio here are pipes, and node:tty would bring node:net.
    for (const unused of ['child_process', 'crypto', 'zlib', 'perf_hooks', 'tty'])
      expect(loaded).not.toContain(`NativeModule ${unused}`);
  });

  it('loads ssh2 with --ssh', async () => {
    // Port 1 of this host: no SSH server, the connection is refused at once.
    const home = tempDir('a2g-startup-');
    const r = await runCli(['-f', 'json', '--ssh', '127.0.0.1:1'], {
      env: { NODE_DEBUG: 'module', HOME: home },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('REQUEST ssh2');
  });
});
