/** ProviderDeps for provider tests: fast retries, a masker that knows the test's secrets, logs kept. */
import type { Clock } from '../../src/http/deadline.js'
import { masker } from '../../src/io.js'
import type { ProviderDeps } from '../../src/providers/types.js'

export function testDeps(
  secrets: readonly string[],
  opts: { retries?: number; stallMs?: number; clock?: Clock } = {},
): { deps: ProviderDeps; logs: string[]; registered: string[] } {
  const m = masker()
  for (const s of secrets) m.add(s)
  const logs: string[] = []
  const registered: string[] = []
  return {
    logs,
    registered,
    deps: {
      stallMs: opts.stallMs ?? 2000,
      retry: { retries: opts.retries ?? 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1000 },
      ...(opts.clock !== undefined ? { clock: opts.clock } : {}),
      redact: (t) => m.mask(t),
      log: (l) => logs.push(l),
      setSecret: (v) => {
        registered.push(v)
        m.add(v)
      },
    },
  }
}
