import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files of the pure core: no process, socket, terminal or signal of
 * their own. They share one module graph per worker (no isolation): loading
 * src anew for each of them was about a quarter of their time.
 */
const PURE = [
  'test/parser/**/*.test.ts',
  'test/report/**/*.test.ts',
  'test/rules/**/*.test.ts',
  'test/output/**/*.test.ts',
  'test/text/**/*.test.ts',
  'test/golden/**/*.test.ts',
];

// Every Node process of the tests (vitest's workers, the built binary, the
// bench) talks to loopback only, with CAs made at test time: none needs extra
// CAs from the environment, and reading a system bundle of them costs each of
// the suite's ~700 Node starts about 50 ms of CPU.
delete process.env.NODE_EXTRA_CA_CERTS;
// A `bash -c` whose standard input is a socket (Node's pipes are) runs the
// user's ~/.bashrc first when SHLVL is unset, as an IDE or a service may
// start the tests: whatever it prints or costs (pyenv's set-up took 500 ms
// here) would land in the tests. With a shell level, bash knows it is not
// the first shell.
process.env.SHLVL ??= '1';

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/kernel-setup.ts'],
    // Each test file's temporary directories are removed after its tests.
    setupFiles: ['test/helpers/temp-dir-cleanup.ts'],
    // One test file per core: much of the suite waits on processes of its
    // own (sshd, journalctl, bash, tmux, the built binary), and vitest's
    // default (a core less) runs it one file at a time on a 2-core machine:
    // about 290 s against 205 s. Ports and directories are each file's own.
    maxWorkers: availableParallelism(),
    // Limits far above need, only to end a test that hangs: no test depends
    // on the machine's speed (a loaded 2-core machine runs the suite at a
    // third of its quiet speed). Tests wait on events, not clocks.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    projects: [
      { extends: true, test: { name: 'pure', include: PURE, isolate: false } },
      { extends: true, test: { name: 'io', include: ['test/**/*.test.ts'], exclude: PURE } },
    ],
  },
});
