import { defineConfig } from 'vitest/config'

/**
 * Two projects, both run by `npm test` (and so by CI):
 * - `unit`: in-process tests, every wait on a driven clock or a double stepped by requests. Its
 *   files share their worker's modules (`isolate: false`): importing the product afresh for each
 *   of ~45 files cost more than a third of the suite's time. So no file there may mock a module,
 *   stub the environment or change directory (test/architecture.test.ts checks);
 * - `e2e`: the bundled action and CLI in child processes, the slow cross-checks against
 *   independent implementations, and tests that stub the toolkit, each file in a fresh process.
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
          isolate: false,
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
