import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests spawn the built CLI; keep them from starving each other on a 2-core machine.
    testTimeout: 30_000,
  },
});
