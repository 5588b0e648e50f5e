/**
 * What every network call of a run shares: one session, opened once by `run()` and passed to
 * the deploy, the cleanup and the GitHub feedback, so the `timeout` input bounds all of it
 * together (from the first call to the last), the secrets are masked the same way everywhere,
 * and time comes from one clock.
 */
import { deadlineSignal, formatLimit, systemClock, type Clock } from './deadline.js'
import { DEFAULT_RETRY } from './retry.js'
import { masker, type Host } from '../io.js'
import type { ProviderDeps } from './deps.js'

export interface SessionLimits {
  /** Every credential and value derived from one. */
  readonly secrets: readonly string[]
  /** `request-timeout`: longest stall of one request. */
  readonly requestTimeoutMs: number
  /** `timeout`: all network work of the run. */
  readonly timeoutMs: number
  /** `retries`. */
  readonly retries: number
}

export interface Session {
  readonly deps: ProviderDeps
  readonly clock: Clock
  /**
   * When the run started, on the session's clock (epoch ms): the time of this run's claims
   * (src/tags.ts), and what its cleanup compares other claims with (docs/concurrency.md).
   */
  readonly startedAt: number
  /**
   * Aborts when the run's `timeout` is reached; the clock starts at the first call of this
   * (the first network work), so building the CAR does not count.
   */
  limit(): AbortSignal
  /** Masks secrets and bounds length: provider text goes into outputs, which are not masked. */
  readonly clean: (text: string) => string
  close(): void
}

export function openSession(
  limits: SessionLimits,
  host: Pick<Host, 'info' | 'setSecret'> & Partial<Pick<Host, 'warning'>>,
  opts: { clock?: Clock } = {},
): Session {
  const clock = opts.clock ?? systemClock
  const mask = masker()
  for (const s of limits.secrets) mask.add(s)
  const warned = new Set<string>()
  const deps: ProviderDeps = {
    stallMs: limits.requestTimeoutMs,
    retry: { ...DEFAULT_RETRY, retries: limits.retries },
    clock,
    redact: (t: string): string => mask.mask(t),
    log: (m: string) => host.info(m),
    // Once per run each: the DNS provider or a client may be built more than once.
    warn: (m: string) => {
      if (warned.has(m)) return
      warned.add(m)
      ;(host.warning ?? host.info)(m)
    },
    setSecret: (v: string) => {
      mask.add(v)
      host.setSecret(v)
    },
  }
  let armed: { signal: AbortSignal; dispose: () => void } | undefined
  return {
    deps,
    clock,
    startedAt: clock.now(),
    limit: () => {
      armed ??= deadlineSignal(
        undefined,
        { at: clock.now() + limits.timeoutMs, input: 'timeout' },
        () =>
          new Error(
            `the run reached its timeout of ${formatLimit(limits.timeoutMs)} (input "timeout")`,
          ),
        clock,
      )
      return armed.signal
    },
    clean: (t) => {
      const masked = mask.mask(t)
      return masked.length > 2000 ? `${masked.slice(0, 2000)}…` : masked
    },
    close: () => armed?.dispose(),
  }
}
