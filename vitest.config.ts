import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // temporary folders of the whole run in one place, removed at the end (test/setup/temporary.ts)
    globalSetup: ['test/setup/temporary.ts'],
    // the few tests that start a process or a browser get time for it on a loaded 2-core machine
    testTimeout: 30_000,
    // vitest's default is one worker fewer than the cores: on CI's 2 cores, one. The tests run the
    // source in-process, so two workers use both cores.
    maxWorkers: 2,
    minWorkers: 1,
    // no module keeps run state (test/architecture.test.ts), so test files may share a worker's
    // loaded modules: each file no longer pays for loading the program again
    isolate: false,
  },
});
