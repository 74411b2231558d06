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
  },
});
