/**
 * The pure part of cleanup (src/cleanup/cleanup.ts): from what discovery found, which CIDs stay and why,
 * what each provider is asked to do with the others, and the `max-unpin` guard. No network, no
 * clock: unit-tested on plain data.
 */
import { cidKey } from '../cid.js'
import type { ListedPin } from '../providers/types.js'
import { claimTime, releasedMetadata, scopesOf } from '../tags.js'

/** What the plan asks of one provider. */
export type Action =
  | {
      readonly kind: 'unpin'
      readonly provider: string
      readonly cid: string
      readonly id?: string
    }
  | { readonly kind: 'remove'; readonly provider: string; readonly pin: ListedPin }
  | {
      readonly kind: 'relabel'
      readonly provider: string
      readonly pin: ListedPin
      readonly metadata: Record<string, string>
    }

/** One CID of the scope, as found across the labelled providers. */
export interface Deployment {
  readonly cid: string
  /** This scope's claim time (epoch ms), the newest across providers; 0 when unknown. */
  readonly time: number
  readonly records: ReadonlyArray<{ readonly provider: string; readonly pin: ListedPin }>
}

/** What a provider can do in a cleanup (from its methods and traits). */
export interface CleanupTraits {
  readonly id: string
  /** Lists pins with their labels (scope claims). */
  readonly keepsLabels: boolean
  readonly unpin: boolean
  /** Removes one record (one request) and leaves the CID's other records. */
  readonly remove: boolean
  /** Rewrites the labels of a record (one record per CID holding every claim). */
  readonly relabel: boolean
}

/** The key CIDs are compared by, whatever base a service or an input wrote them in. */
export const norm = cidKey

/** This scope's claim time on a listed pin, else the record's creation time, else 0. */
export function timeOf(pin: ListedPin, scope: string): number {
  const claimed = Date.parse(claimTime(pin.metadata, scope) ?? '')
  if (!Number.isNaN(claimed)) return claimed
  const created = Date.parse(pin.created ?? '')
  return Number.isNaN(created) ? 0 : created
}

/** Groups listed pins by CID, newest first by this scope's claim. */
export function deploymentsOf(
  found: ReadonlyArray<{ provider: string; pin: ListedPin }>,
  scope: string,
): Deployment[] {
  const byCid = new Map<
    string,
    { cid: string; time: number; records: Deployment['records'][number][] }
  >()
  for (const r of found) {
    const key = norm(r.pin.cid)
    const d = byCid.get(key) ?? { cid: r.pin.cid, time: 0, records: [] }
    d.time = Math.max(d.time, timeOf(r.pin, scope))
    d.records.push(r)
    byCid.set(key, d)
  }
  return [...byCid.values()].sort((a, b) => b.time - a.time)
}

/** What the other scopes' claims on a CID are, or why they could not be learnt. */
export type Claims = { readonly others: ReadonlySet<string> } | { readonly unsure: string }

export interface PlanInput {
  readonly scope: string
  /**
   * This run's claim time (epoch ms; for `mode: cleanup`, when the run started). A deployment of
   * the scope claimed at that time or later belongs to a run as new as this one: it is never a
   * candidate, and counts among the newest `keep` (docs/concurrency.md).
   */
  readonly since: number
  /** `previous`: keep the newest `keep`; `all`: keep none; undefined: no scope cleanup. */
  readonly mode?: 'previous' | 'all'
  readonly keep: number
  readonly current: readonly string[]
  readonly protect: readonly string[]
  /** CIDs a name points to, with why: never unpinned, like `protect`. */
  readonly named: ReadonlyArray<{ readonly cid: string; readonly reason: string }>
  readonly unpin: readonly string[]
  /** The providers being cleaned. */
  readonly providers: readonly CleanupTraits[]
  readonly deployments: readonly Deployment[]
  /** Labelled providers whose listing of the scope failed. */
  readonly listingFailed: readonly string[]
}

export interface Plan {
  readonly actions: Action[]
  readonly kept: Array<{ cid: string; reason: string }>
  /** The CIDs the actions would unpin somewhere (what `max-unpin` counts). */
  readonly doomed: Set<string>
}

/**
 * Step 2a (pure): which of the scope's deployments may go. Those kept (this run's, protected,
 * the newest `keep`) are recorded with the reason; the others are candidates, whose other
 * claims must then be learnt.
 */
export function candidates(input: PlanInput): { candidates: Deployment[]; kept: Plan['kept'] } {
  const kept: Plan['kept'] = []
  const out: Deployment[] = []
  if (input.mode === undefined) return { candidates: out, kept }
  const current = new Set(input.current.map(norm))
  const protect = new Set(input.protect.map(norm))
  const named = new Map(input.named.map((n) => [norm(n.cid), n.reason]))
  let room = input.mode === 'all' ? 0 : input.keep - current.size
  for (const d of input.deployments) {
    if (current.has(norm(d.cid))) kept.push({ cid: d.cid, reason: 'deployed by this run' })
    else if (d.time >= input.since) {
      room--
      kept.push({ cid: d.cid, reason: newerReason(d.time, input.since) })
    } else if (protect.has(norm(d.cid))) kept.push({ cid: d.cid, reason: 'listed in "protect"' })
    else if (named.has(norm(d.cid)))
      kept.push({ cid: d.cid, reason: named.get(norm(d.cid)) ?? 'a name points to it' })
    else if (room > 0) {
      room--
      kept.push({ cid: d.cid, reason: `one of the newest ${input.keep} (input "keep")` })
    } else out.push(d)
  }
  return { candidates: out, kept }
}

/** Why a deployment claimed at `time` stays in a run whose own claim is at `since`. */
export const newerReason = (time: number, since: number): string =>
  time === since
    ? 'deployed by another run at the same moment as this one'
    : `deployed by a later run (${new Date(time).toISOString()}) than this one: that run decides about it`

/** Step 2b (pure): the actions, given the candidates' other claims. */
export function plan(
  input: PlanInput,
  chosen: { candidates: readonly Deployment[]; kept: Plan['kept'] },
  claims: ReadonlyMap<string, Claims>,
): Plan {
  const actions: Action[] = []
  const kept = [...chosen.kept]
  const doomed = new Set<string>()
  const keep = (cid: string, reason: string): void => {
    if (!kept.some((k) => k.cid === cid && k.reason === reason)) kept.push({ cid, reason })
  }
  const current = new Set(input.current.map(norm))
  const protect = new Set(input.protect.map(norm))
  const named = new Map(input.named.map((n) => [norm(n.cid), n.reason]))

  // The explicit list: every provider, whatever the labels.
  for (const cid of input.unpin) {
    if (current.has(norm(cid))) keep(cid, 'deployed by this run')
    else if (protect.has(norm(cid))) keep(cid, 'listed in "protect"')
    else if (named.has(norm(cid))) keep(cid, named.get(norm(cid)) ?? 'a name points to it')
    else
      for (const p of input.providers)
        if (p.unpin) {
          actions.push({ kind: 'unpin', provider: p.id, cid })
          doomed.add(norm(cid))
        }
  }

  const traits = new Map(input.providers.map((p) => [p.id, p]))
  const unlabelled = input.providers.filter((p) => !p.keepsLabels && p.unpin)
  for (const d of chosen.candidates) {
    const known = claims.get(norm(d.cid))
    if (known === undefined || 'unsure' in known) {
      keep(
        d.cid,
        known !== undefined && 'unsure' in known
          ? known.unsure
          : 'its other claims were not checked',
      )
      continue
    }
    const others = new Set(known.others)
    for (const { pin } of d.records)
      for (const s of scopesOf(pin.metadata)) if (s !== input.scope) others.add(s)
    const alsoBy = [...others].join(', ')
    let released = false
    for (const { provider, pin } of d.records) {
      const t = traits.get(provider)
      if (t === undefined) continue
      if (t.remove) {
        actions.push({ kind: 'remove', provider, pin })
        doomed.add(norm(d.cid))
        released = true
      } else if (others.size > 0) {
        const metadata = releasedMetadata(pin.metadata, input.scope)
        if (t.relabel && metadata !== undefined) {
          actions.push({ kind: 'relabel', provider, pin, metadata })
          released = true
        } else keep(d.cid, keptForOthers(provider, alsoBy))
      } else if (t.unpin) {
        actions.push({ kind: 'unpin', provider, cid: pin.cid, ...(pin.id ? { id: pin.id } : {}) })
        doomed.add(norm(d.cid))
      }
    }
    if (others.size > 0) {
      // Said only where a claim was released: a provider that keeps the pin said why above.
      if (released) keep(d.cid, `also deployed by ${alsoBy}: only this scope's claim is released`)
      continue
    }
    // Providers without labels: only when the labelled ones show the CID is this scope's alone.
    for (const p of unlabelled) {
      if (input.listingFailed.length > 0) {
        keep(
          d.cid,
          `not unpinned from ${p.id}: the listing of ${input.listingFailed.join(', ')} failed`,
        )
        continue
      }
      actions.push({ kind: 'unpin', provider: p.id, cid: d.cid })
      doomed.add(norm(d.cid))
    }
  }
  return { actions, kept, doomed }
}

/** One CID's records on the labelled providers, read again right before acting on it. */
export interface Fresh {
  readonly records: ReadonlyArray<{ readonly provider: string; readonly pin: ListedPin }>
  /** Labelled providers that could not be read (why, per provider). */
  readonly unread: readonly string[]
}

/**
 * Step 4a (pure): the actions on one of the scope's CIDs, decided again from its claims as read
 * right before acting, since another run may have claimed, refreshed or released it after the
 * plan was made (docs/concurrency.md). The same rules as `plan`, on fresh records: a claim of
 * this scope as new as this run's or newer keeps the CID; another scope's claim turns an unpin
 * into a release; the providers without labels follow only when no scope is left.
 */
export function recheck(
  input: PlanInput,
  cid: string,
  fresh: Fresh,
): { actions: Action[]; kept?: string } {
  if (fresh.unread.length > 0)
    return { actions: [], kept: `its claims could not be read again (${fresh.unread.join('; ')})` }
  const ours = fresh.records.filter((r) => scopesOf(r.pin.metadata).includes(input.scope))
  const newest = Math.max(0, ...ours.map((r) => timeOf(r.pin, input.scope)))
  if (ours.length > 0 && newest >= input.since)
    return { actions: [], kept: newerReason(newest, input.since) }
  const others = new Set<string>()
  for (const { pin } of fresh.records)
    for (const s of scopesOf(pin.metadata)) if (s !== input.scope) others.add(s)
  const alsoBy = [...others].join(', ')
  const actions: Action[] = []
  let kept: string | undefined
  for (const { provider, pin } of ours) {
    const t = input.providers.find((p) => p.id === provider)
    if (t === undefined) continue
    if (t.remove) actions.push({ kind: 'remove', provider, pin })
    else if (others.size > 0) {
      const metadata = releasedMetadata(pin.metadata, input.scope)
      if (t.relabel && metadata !== undefined)
        actions.push({ kind: 'relabel', provider, pin, metadata })
      else kept = keptForOthers(provider, alsoBy)
    } else if (t.unpin)
      actions.push({ kind: 'unpin', provider, cid: pin.cid, ...(pin.id ? { id: pin.id } : {}) })
  }
  if (others.size > 0)
    return {
      actions,
      kept: kept ?? `also deployed by ${alsoBy}: only this scope's claim is released`,
    }
  for (const p of input.providers.filter((p) => !p.keepsLabels && p.unpin)) {
    if (input.listingFailed.length > 0) {
      kept = `not unpinned from ${p.id}: the listing of ${input.listingFailed.join(', ')} failed`
      continue
    }
    actions.push({ kind: 'unpin', provider: p.id, cid })
  }
  return { actions, ...(kept !== undefined ? { kept } : {}) }
}

/**
 * Why a provider that can neither remove one request nor relabel one record (an S3 bucket: one
 * object per scope, and deleting one might unpin the CID another scope's object holds; its page
 * under docs/providers/ has the decision) keeps this scope's pin of a CID another scope deployed
 * too: nothing is released there.
 */
function keptForOthers(provider: string, alsoBy: string): string {
  return `also deployed by ${alsoBy}: kept on ${provider}, because another scope deployed the same CID (${provider} cannot release only this scope's claim; nothing was released there)`
}

/** Step 3 (pure): the `max-unpin` guard; the error when the plan goes past it. */
export function guard(p: Plan, maxUnpin: number): string | undefined {
  if (p.doomed.size <= maxUnpin) return undefined
  const list = [...p.doomed].slice(0, 20).join(', ')
  return `Would unpin ${p.doomed.size} CIDs (${list}${p.doomed.size > 20 ? ', …' : ''}), more than "max-unpin" (${maxUnpin}); nothing was unpinned. Check "scope", or raise "max-unpin" if this is intended.`
}
