/**
 * What every plugin call and every plugin factory takes, whatever its family (pinning
 * providers, DNS providers, name publishers, ENS): the call options (a signal, upload progress)
 * and the run's shared dependencies (stall limit, retry policy, clock, masking, logs). Neutral:
 * it names no family, so the families and the cleanup import it without importing each other.
 */
import type { Clock } from './deadline.js'
import type { RetryPolicy } from './retry.js'

export interface CallOptions {
  readonly signal?: AbortSignal
  /** Uploads count the bytes of the body sent so far here (progress lines). */
  readonly progress?: { sent: number }
}

/** What every plugin factory (provider, DNS provider, publisher) gets besides its own config. */
export interface ProviderDeps {
  readonly stallMs: number
  readonly retry: RetryPolicy
  /** Time for waits and rate limits (the system clock unless a test drives it). */
  readonly clock?: Clock
  readonly redact: (text: string) => string
  readonly log?: (message: string) => void
  /** A warning the user should see (a credential sent over plain http). */
  readonly warn?: (message: string) => void
  /** Registers a secret derived inside the provider (a header value, an echoed key). */
  readonly setSecret: (value: string) => void
}
