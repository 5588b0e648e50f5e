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
    sleep: (ms, signal) => {
      if (signal?.aborted === true)
        return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'))
      sleeps.push(ms)
      t += ms
      return Promise.resolve()
    },
  }
}
