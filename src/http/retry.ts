/**
 * The one retry helper: bounded attempts, exponential backoff with full jitter, and the server's
 * own word (`Retry-After`, `X-RateLimit-Reset`) when it gives one. Timing is injectable so tests
 * run in milliseconds and can assert the delays chosen.
 */
import { ProviderError } from '../errors.js'

export interface RetryPolicy {
  /** Retries after the first attempt (the `retries` input): 0 means one attempt. */
  readonly retries: number
  /** First backoff step; doubles each attempt. */
  readonly baseDelayMs: number
  /** Cap on one backoff step. */
  readonly maxDelayMs: number
  /** A server asking to wait longer than this fails the call instead (it would outlast the job). */
  readonly maxRetryAfterMs: number
  /** `Math.random` unless a test fixes it. */
  readonly random?: () => number
  /** Waits `ms` unless `signal` aborts first. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'))
      return
    }
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** Backoff before retry number `attempt` (1-based): full jitter over base·2^(attempt-1), capped. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.round((policy.random ?? Math.random)() * ceiling)
}

/**
 * Runs `fn` until it succeeds, throws something not retryable, or the attempts run out; then
 * throws the last error with the attempt count in its message. `fn` receives the 1-based attempt.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  fn: (attempt: number) => Promise<T>,
  opts: { signal?: AbortSignal; log?: (message: string) => void } = {},
): Promise<T> {
  const wait = policy.sleep ?? sleep
  const total = policy.retries + 1
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (err) {
      if (
        !(err instanceof ProviderError) ||
        !err.retryable ||
        attempt >= total ||
        opts.signal?.aborted === true
      ) {
        if (err instanceof ProviderError && attempt > 1) err.attempts = attempt
        throw err
      }
      let delay = backoffMs(policy, attempt)
      if (err.retryAfterMs !== undefined) {
        if (err.retryAfterMs > policy.maxRetryAfterMs) {
          err.attempts = attempt
          err.message = `${err.message} (the service asks to wait ${Math.ceil(err.retryAfterMs / 1000)} s, longer than the ${Math.round(policy.maxRetryAfterMs / 1000)} s this step waits)`
          throw err
        }
        delay = Math.max(delay, err.retryAfterMs)
      }
      opts.log?.(
        `${err.provider}: ${err.operation} attempt ${attempt} of ${total} failed (${err.short()}); retrying in ${(delay / 1000).toFixed(1)} s`,
      )
      await wait(delay, opts.signal)
    }
  }
}
