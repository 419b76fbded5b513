import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll waits for the program's own state; vitest's default gives up after 1 s, which
    // a busy 2-core machine can exceed between an action and the UI settling (CI saw it). The
    // test's own timeout still bounds a poll that never succeeds.
    expect: { poll: { timeout: 60_000 } },
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
