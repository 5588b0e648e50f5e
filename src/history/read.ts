/**
 * Reading what the providers hold for a scope's history and for a rollback (docs/rollback.md):
 * the scope's labelled pins on every provider that lists them (bounded per provider), and
 * whether one CID is still pinned, asked of every configured provider right before any name is
 * changed. A listing that fails or stops at its bound makes the history `incomplete`, never a
 * failure of the run.
 */
import { cidKey } from '../cid.js'
import { errorMessage, ProviderError } from '../errors.js'
import { recordsOf } from '../providers/claims.js'
import type { CallOptions, PinState, Provider } from '../providers/types.js'
import type { ListedRecord } from './history.js'

/** Pins read from one provider's listing of a scope, at most (100 pages of 50). */
export const MAX_SCOPE_PINS = 5000

export interface ScopeListing {
  readonly records: ListedRecord[]
  /** Providers whose listing failed (with why, masked by the caller) or stopped at the bound. */
  readonly incomplete: ReadonlyArray<{ readonly provider: string; readonly why: string }>
}

const why = (err: unknown): string =>
  err instanceof ProviderError ? err.reason : errorMessage(err)

/** Every pin claiming `scope` on the providers that list pins, read in parallel. */
export async function readScope(
  providers: readonly Provider[],
  scope: string,
  opts: CallOptions & { readonly maxPins?: number } = {},
): Promise<ScopeListing> {
  const max = opts.maxPins ?? MAX_SCOPE_PINS
  const call: CallOptions = opts.signal !== undefined ? { signal: opts.signal } : {}
  const per = await Promise.all(
    providers.map(async (p) => {
      const records: ListedRecord[] = []
      if (p.list === undefined) return { records }
      try {
        for await (const pin of p.list({ scope }, call)) {
          if (records.length >= max)
            return {
              records,
              incomplete: {
                provider: p.id,
                why: `more than ${max} pins of the scope; the rest were not read`,
              },
            }
          records.push({ provider: p.id, pin })
        }
        return { records }
      } catch (err) {
        return { records, incomplete: { provider: p.id, why: why(err) } }
      }
    }),
  )
  return {
    records: per.flatMap((r) => r.records),
    incomplete: per.flatMap((r) => (r.incomplete !== undefined ? [r.incomplete] : [])),
  }
}

/** Where one CID is pinned now, asked of each provider. */
export interface PinCheck {
  readonly cid: string
  /** Providers that hold it pinned (state `pinned`). */
  readonly pinnedOn: readonly string[]
  /** Providers that answered, with a state other than pinned (`absent` when they have no record). */
  readonly notPinned: ReadonlyArray<{ readonly provider: string; readonly state: PinState }>
  /** Providers that could not say (no status or listing call, or the call failed). */
  readonly unknown: ReadonlyArray<{ readonly provider: string; readonly why: string }>
}

const BEST: readonly PinState[] = ['pinned', 'pinning', 'queued', 'failed', 'absent']

/**
 * Whether `cid` (any form) is still pinned, provider by provider: by its records where the
 * provider lists pins (any scope's record counts: the content is there), else by its status
 * call. The run calls this right before changing any name (docs/rollback.md#what-is-checked).
 */
export async function stillPinned(
  providers: readonly Provider[],
  cid: string,
  opts: CallOptions = {},
): Promise<PinCheck> {
  const key = cidKey(cid)
  const call: CallOptions = opts.signal !== undefined ? { signal: opts.signal } : {}
  const answers = await Promise.all(
    providers.map(async (p): Promise<{ provider: string; state?: PinState; why?: string }> => {
      try {
        if (p.list !== undefined) {
          const states = (await recordsOf(p, key, call))
            .filter((r) => cidKey(r.cid) === key)
            .map((r) => r.state)
          return { provider: p.id, state: BEST.find((s) => states.includes(s)) ?? 'absent' }
        }
        if (p.status !== undefined)
          return { provider: p.id, state: (await p.status({ cid: key }, call)).state }
        return { provider: p.id, why: 'it can neither list pins nor report a pin status' }
      } catch (err) {
        return { provider: p.id, why: why(err) }
      }
    }),
  )
  return {
    cid: key,
    pinnedOn: answers.filter((a) => a.state === 'pinned').map((a) => a.provider),
    notPinned: answers.flatMap((a) =>
      a.state !== undefined && a.state !== 'pinned'
        ? [{ provider: a.provider, state: a.state }]
        : [],
    ),
    unknown: answers.flatMap((a) =>
      a.state === undefined ? [{ provider: a.provider, why: a.why ?? 'no answer' }] : [],
    ),
  }
}
