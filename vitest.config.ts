import { defineConfig } from 'vitest/config'

/**
 * Two projects, both run by `npm test` (and so by CI):
 * - `unit`: in-process tests, every wait on a driven clock or a double stepped by requests;
 * - `e2e`: the bundled action and CLI in child processes, and the slow cross-checks against
 *   independent implementations.
 * `npm run test:unit` runs the first alone, for quick feedback.
 */
const shared = {
  testTimeout: 60_000,
  hookTimeout: 60_000,
}

export default defineConfig({
  test: {
    // Tests spawn the bundled action and create temp trees: two cores here, keep it modest.
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
        },
      },
      {
        test: {
          ...shared,
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
        },
      },
    ],
  },
})
