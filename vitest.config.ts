import { defineConfig } from 'vitest/config';

// Two projects, both run by `npm test`:
//  - unit: test/unit/, pure code and data files: no Redis, no network, no child process;
//  - system: everything else, against a real Redis (started by the global setup when none answers),
//    the local Bot API server, HTTP ports and child processes.
const UNIT = ['test/unit/**/*.test.ts'];

export default defineConfig({
  test: {
    setupFiles: ['test/support/fast-check-seed.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most system tests wait on Redis, sockets and timers rather than the CPU: two files at a time
    // even on a 2-core machine (the default would be one there), which about halves the run.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      { extends: true, test: { name: 'system', include: ['test/**/*.test.ts'], exclude: UNIT, globalSetup: ['test/support/global-setup.ts'] } },
    ],
  },
});
