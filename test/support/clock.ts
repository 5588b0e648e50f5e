/**
 * A clock tests drive: `sleep` returns at once and moves time forward by what was asked, so
 * waits (retries, polls, rate-limit resets) take no wall-clock time and their lengths can be
 * asserted. Share it with a double that needs to see the same time.
 */
import type { Clock } from '../../src/http/deadline.js'

export interface FakeClock extends Clock {
  /** Every sleep asked for, in order (ms). */
  readonly sleeps: number[]
  advance(ms: number): void
}

export function fakeClock(start = Date.UTC(2026, 11, 1, 12)): FakeClock {
  let t = start
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => t,
    advance: (ms) => {
      t += ms
    },
    sleep: async (ms, signal) => {
      // Let pending I/O run first (a double answering), as a real wait would.
      await new Promise((resolve) => setImmediate(resolve))
      if (signal?.aborted === true)
        throw signal.reason instanceof Error ? signal.reason : new Error('aborted')
      sleeps.push(ms)
      t += ms
    },
  }
}
