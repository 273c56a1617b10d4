import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/kernel-setup.ts'],
    // Limits far above need, only to end a test that hangs: no test depends
    // on the machine's speed (a loaded 2-core machine runs the suite at a
    // third of its quiet speed). Tests wait on events, not clocks.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
