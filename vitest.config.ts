import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll waits for a state as long as Playwright's own waits do (30 s): vitest's default,
    // 1 s, is a deadline a loaded machine misses (CI has 2 shared cores), not a readiness wait.
    expect: { poll: { timeout: 30_000 } },
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
