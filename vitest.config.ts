import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/kernel-setup.ts'],
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
  },
});
