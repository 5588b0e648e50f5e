import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests spawn the bundled action and create temp trees: two cores here, keep it modest.
    maxWorkers: 2,
  },
})
