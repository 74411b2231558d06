import { defineConfig } from 'vitest/config';

// Property tests are CPU-bound; two workers match the 2-core CI machine.
export default defineConfig({
  test: {
    include: [
      'harness/**/*.test.ts',
      'test/**/*.test.ts',
      'models/**/*.test.ts',
      'properties/**/*.test.ts',
      'reports/**/*.test.ts',
    ],
    testTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // The suite run inside GitHub Actions must print what it prints elsewhere: no workflow commands
    // (harness/cli/gateOutputs.ts) in the outputs tests compare; tests of them set it themselves.
    env: { GITHUB_ACTIONS: 'false' },
  },
});
