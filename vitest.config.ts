import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // temporary folders of the whole run in one place, removed at the end (test/setup/temporary.ts)
    globalSetup: ['test/setup/temporary.ts'],
    // the few tests that start a process or a browser get time for it on a loaded 2-core machine
    testTimeout: 30_000,
  },
});
