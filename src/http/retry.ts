/**
 * The one retry helper: bounded attempts, exponential backoff with full jitter, and the server's
 * own word (`Retry-After`, `X-RateLimit-Reset`) when it gives one. Whether a failure is worth
 * another attempt is the operation's policy (policy.ts), passed in by the HTTP client. A wait
 * that would outlast the signal's deadline (deadline.ts) fails at once, naming the limit.
 * Time comes from an injectable clock, so tests run in milliseconds.
 */
import { ProviderError } from '../errors.js'
import { deadlineOf, formatLimit, systemClock, waitReaches, type Clock } from './deadline.js'
import { OPERATIONS, type Operation } from './policy.js'

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
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
}

/** Backoff before retry number `attempt` (1-based): full jitter over base·2^(attempt-1), capped. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.round((policy.random ?? Math.random)() * ceiling)
}

/** An epoch time as ISO 8601 to the second: `2026-12-01T10:00:00Z`. */
export const isoTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')

function giveUp(err: ProviderError, attempt: number, why: string): ProviderError {
  err.attempts = attempt
  err.message = `${err.message} (${why})`
  err.reason = `${err.reason} (${why})`
  return err
}

export interface RetryOptions {
  readonly signal?: AbortSignal
  readonly log?: (message: string) => void
  readonly clock?: Clock
  /** Whether this failure may be tried again (the operation's policy); default: `transient`. */
  readonly shouldRetry?: (err: ProviderError, attempt: number) => boolean
  /**
   * For a call polled until its signal's deadline rather than retried a few times (a gateway
   * while content spreads): what the wait is for. Each retry's log line then says it, with the
   * time the wait ends and the input that set it, instead of counting attempts.
   */
  readonly waiting?: string
}

/**
 * Runs `fn` until it succeeds, throws something not worth retrying, or the attempts run out;
 * then throws the last error with the attempt count. `fn` receives the 1-based attempt.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions = {},
): Promise<T> {
  const clock = opts.clock ?? systemClock
  const total = policy.retries + 1
  const shouldRetry = opts.shouldRetry ?? ((err) => err.transient)
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (err) {
      if (
        !(err instanceof ProviderError) ||
        attempt >= total ||
        opts.signal?.aborted === true ||
        !shouldRetry(err, attempt)
      ) {
        if (err instanceof ProviderError && attempt > 1) err.attempts = attempt
        throw err
      }
      let delay = backoffMs(policy, attempt)
      const now = clock.now()
      // The service's word sets the wait only when it asks for longer than the backoff.
      const asked = err.retryAfterMs !== undefined && err.retryAfterMs > delay
      if (err.retryAfterMs !== undefined && err.retryAfterMs > policy.maxRetryAfterMs)
        throw giveUp(
          err,
          attempt,
          `the service's limit resets at ${isoTime(now + err.retryAfterMs)}, ${formatLimit(err.retryAfterMs)} from now: longer than the ${formatLimit(policy.maxRetryAfterMs)} this step waits`,
        )
      if (asked && err.retryAfterMs !== undefined) delay = err.retryAfterMs
      const deadline = deadlineOf(opts.signal)
      const reached = waitReaches(deadline, delay, clock)
      if (reached !== undefined) {
        throw giveUp(
          err,
          attempt,
          asked && err.retryAfterMs !== undefined
            ? `the service's limit resets at ${isoTime(now + err.retryAfterMs)}, after the limit set by "${reached.input}" (${isoTime(reached.at)})`
            : `no time is left for another attempt before the limit set by "${reached.input}"`,
        )
      }
      const wait = `${(delay / 1000).toFixed(1)} s${asked ? ', as the service asked' : ''}`
      opts.log?.(
        opts.waiting !== undefined && deadline !== undefined
          ? `${err.provider}: ${opts.waiting}: not yet (${err.short()}); asking again in ${wait} (attempt ${attempt + 1}), until ${isoTime(deadline.at)} ("${deadline.input}")`
          : `${err.provider}: ${OPERATIONS[err.operation as Operation]?.doing ?? err.operation}, attempt ${attempt} of ${total} failed (${err.short()}); retrying in ${wait}`,
      )
      await clock.sleep(delay, opts.signal)
    }
  }
}
