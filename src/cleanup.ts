/**
 * Unpinning what earlier deployments left: `unpin-previous` after a deploy (keep the newest
 * `keep` of the scope), `mode: cleanup` (every pin of the scope, e.g. when a pull request
 * closes), and the explicit `unpin` list.
 *
 * In four steps, so that what is decided can be tested without a network:
 * 1. discover: the scope's pins on every provider that keeps labels (through every page), and
 *    for the CIDs that may go, the other scopes' claims on them (src/tags.ts);
 * 2. plan (pure): which CIDs stay and why, and the action on each provider for the others;
 * 3. guard (pure): `max-unpin` counts the CIDs the plan would unpin; above it nothing changes;
 * 4. execute: the actions, or with `dry-run` only what they would be.
 *
 * Safety, before anything changes:
 * - the CIDs just deployed and those in `protect` are never unpinned;
 * - only pins carrying this scope's claim are touched (other repositories, environments and
 *   untagged pins are never candidates); ordering reads this scope's own claim time;
 * - a CID another scope also claims keeps that claim: on PSA services only this scope's request
 *   is deleted; on Pinata and Cluster (one record per CID) the labels are rewritten without this
 *   scope's claim; where neither is possible the pin stays;
 * - if a check cannot be made (a listing failed), the CIDs it concerns stay;
 * - providers that keep no labels unpin a CID only when the labelled
 *   providers show it is this scope's alone.
 * The explicit `unpin` list needs no labels: each CID is removed from every provider (on a PSA
 * service, every request for it), except the CIDs just deployed and those in `protect`.
 * A provider failing mid-cleanup does not stop the others; the step fails afterwards.
 */
import { CID } from 'multiformats/cid'
import type { Config } from './config/types.js'
import { ProviderError, errorMessage } from './errors.js'
import type { Host } from './io.js'
import { createProvider } from './providers/registry.js'
import type { ListedPin, Provider, UnpinResult } from './providers/types.js'
import type { Session } from './session.js'
import { claimTime, releasedMetadata, scopesOf } from './tags.js'

/** One entry of the `unpinned` output: one per removed record (a PSA request id each). */
export interface UnpinnedEntry {
  readonly provider: string
  readonly cid: string
  readonly id?: string
  /** `unpinned`, or `released-for-this-key` (Sagittarius: other keys still hold it). */
  readonly action: 'unpinned' | 'released-for-this-key'
  /** Planned only (`dry-run`). */
  readonly dryRun?: true
}

export interface CleanupReport {
  readonly scope: string
  readonly dryRun: boolean
  readonly unpinned: UnpinnedEntry[]
  /** Labels rewritten to release this scope's claim (another scope still deploys the CID). */
  readonly released: Array<{ provider: string; cid: string; dryRun?: true }>
  /** CIDs of the scope that stay, and why. */
  readonly kept: Array<{ cid: string; reason: string }>
  readonly errors: string[]
}

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
  /** Removes one record (a PSA request) and leaves the CID's other records. */
  readonly remove: boolean
  /** Rewrites the labels of a record (Pinata, Cluster). */
  readonly relabel: boolean
}

export const norm = (cid: string): string => {
  try {
    return CID.parse(cid).toV1().toString()
  } catch {
    return cid
  }
}

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
  /** `previous`: keep the newest `keep`; `all`: keep none; undefined: no scope cleanup. */
  readonly mode?: 'previous' | 'all'
  readonly keep: number
  readonly current: readonly string[]
  readonly protect: readonly string[]
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
  let room = input.mode === 'all' ? 0 : input.keep - current.size
  for (const d of input.deployments) {
    if (current.has(norm(d.cid))) kept.push({ cid: d.cid, reason: 'deployed by this run' })
    else if (protect.has(norm(d.cid))) kept.push({ cid: d.cid, reason: 'listed in "protect"' })
    else if (room > 0) {
      room--
      kept.push({ cid: d.cid, reason: `one of the newest ${input.keep} (input "keep")` })
    } else out.push(d)
  }
  return { candidates: out, kept }
}

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

  // The explicit list: every provider, whatever the labels.
  for (const cid of input.unpin) {
    if (current.has(norm(cid))) keep(cid, 'deployed by this run')
    else if (protect.has(norm(cid))) keep(cid, 'listed in "protect"')
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
    for (const { provider, pin } of d.records) {
      const t = traits.get(provider)
      if (t === undefined) continue
      if (t.remove) {
        actions.push({ kind: 'remove', provider, pin })
        doomed.add(norm(d.cid))
      } else if (others.size > 0) {
        const metadata = releasedMetadata(pin.metadata, input.scope)
        if (t.relabel && metadata !== undefined)
          actions.push({ kind: 'relabel', provider, pin, metadata })
        else keep(d.cid, `also deployed by ${alsoBy}`)
      } else if (t.unpin) {
        actions.push({ kind: 'unpin', provider, cid: pin.cid, ...(pin.id ? { id: pin.id } : {}) })
        doomed.add(norm(d.cid))
      }
    }
    if (others.size > 0) {
      keep(d.cid, `also deployed by ${alsoBy}: only this scope's claim is released`)
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

/** Step 3 (pure): the `max-unpin` guard; the error when the plan goes past it. */
export function guard(p: Plan, maxUnpin: number): string | undefined {
  if (p.doomed.size <= maxUnpin) return undefined
  const list = [...p.doomed].slice(0, 20).join(', ')
  return `Would unpin ${p.doomed.size} CIDs (${list}${p.doomed.size > 20 ? ', …' : ''}), more than "max-unpin" (${maxUnpin}); nothing was unpinned. Check "scope", or raise "max-unpin" if this is intended.`
}

async function collectAll<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}

/** What a provider can do in a cleanup: its descriptor's traits and the methods it has. */
export const traitsOf = (p: Provider, labels: boolean): CleanupTraits => ({
  id: p.id,
  keepsLabels: labels && p.list !== undefined,
  unpin: p.unpin !== undefined,
  remove: p.remove !== undefined,
  relabel: p.relabel !== undefined,
})

export interface CleanupRequest {
  /** Find the scope's pins: keep the newest `keep` (`previous`) or none (`all`). */
  readonly scope?: 'previous' | 'all'
  /** The CIDs this run deployed: never unpinned. */
  readonly current: readonly string[]
  /** Providers to clean up (after a deploy: those where it succeeded). */
  readonly providers: readonly string[]
}

export async function cleanup(
  config: Config,
  host: Host,
  req: CleanupRequest,
  session: Session,
): Promise<CleanupReport> {
  const scope = config.naming.scope
  const { dryRun, maxUnpin } = config.cleanup
  const report: CleanupReport = { scope, dryRun, unpinned: [], released: [], kept: [], errors: [] }
  const call = { signal: session.limit() }
  const fail = (p: string, what: string, err: unknown): void => {
    const why = err instanceof ProviderError ? err.reason : errorMessage(err)
    const m = `${p}: ${what} failed: ${session.clean(why)}`
    report.errors.push(m)
    host.error(m)
  }
  const created = config.providers.map((c) => {
    const provider = createProvider(c, session.deps)
    return { provider, traits: traitsOf(provider, c.descriptor.traits.keepsLabels) }
  })
  const all = created.map((c) => c.provider)
  const traitOf = new Map(created.map((c) => [c.provider, c.traits]))
  const keepsLabels = (p: Provider): boolean => traitOf.get(p)?.keepsLabels === true
  const providers = all.filter((p) => req.providers.includes(p.id))
  const byId = new Map(all.map((p) => [p.id, p]))
  const traits = created.filter((c) => req.providers.includes(c.provider.id)).map((c) => c.traits)
  const labelled = providers.filter(keepsLabels)
  // Other scopes' claims are looked for on every labelled provider, cleaned up here or not.
  const witnesses = all.filter(keepsLabels)

  // ---- 1. discover the scope's pins ----
  let mode = req.scope
  if (mode !== undefined && labelled.length === 0) {
    host.info(
      `No provider here keeps labels (${providers.map((p) => p.id).join(', ')}): only the CIDs named in "unpin" are removed.`,
    )
    mode = undefined
  }
  const found: Array<{ provider: string; pin: ListedPin }> = []
  const listingFailed: string[] = []
  if (mode !== undefined) {
    host.info(`Looking for pins of scope "${scope}" on ${labelled.map((p) => p.id).join(', ')}`)
    await Promise.all(
      labelled.map(async (p) => {
        try {
          const pins = p.list !== undefined ? await collectAll(p.list({ scope }, call)) : []
          host.info(`${p.id}: ${pins.length} pin${pins.length === 1 ? '' : 's'} of the scope`)
          for (const pin of pins) found.push({ provider: p.id, pin })
        } catch (err) {
          listingFailed.push(p.id)
          fail(p.id, 'listing the scope', err)
        }
      }),
    )
  }
  const input: PlanInput = {
    scope,
    ...(mode !== undefined ? { mode } : {}),
    keep: config.cleanup.keep,
    current: req.current,
    protect: config.cleanup.protect.map((c) => c.toString()),
    unpin: config.cleanup.unpin.map((c) => c.toString()),
    providers: traits,
    deployments: deploymentsOf(found, scope),
    listingFailed,
  }
  const chosen = candidates(input)

  // ---- 1b. discover the other scopes' claims on the candidates ----
  const claims = await otherClaims(chosen.candidates, witnesses, scope, call, session.clean)

  // ---- 2, 3. plan and guard ----
  const planned = plan(input, chosen, claims)
  report.kept.push(...planned.kept)
  const refused = guard(planned, maxUnpin)
  if (refused !== undefined) {
    report.errors.push(refused)
    return report
  }

  // ---- 4. execute (or say what would be done) ----
  const perProvider = new Map<string, Action[]>()
  for (const a of planned.actions)
    perProvider.set(a.provider, [...(perProvider.get(a.provider) ?? []), a])
  await Promise.all(
    [...perProvider].map(async ([id, list]) => {
      const p = byId.get(id)
      if (p === undefined) return
      for (const a of list) await execute(p, a)
    }),
  )
  return report

  async function execute(p: Provider, a: Action): Promise<void> {
    const cid = a.kind === 'unpin' ? a.cid : a.pin.cid
    const id = a.kind === 'unpin' ? a.id : a.pin.id
    if (dryRun) {
      if (a.kind === 'relabel') report.released.push({ provider: p.id, cid, dryRun: true })
      else
        report.unpinned.push({
          provider: p.id,
          cid,
          ...(id !== undefined ? { id } : {}),
          action: 'unpinned',
          dryRun: true,
        })
      host.info(
        `${p.id}: dry run, would ${a.kind === 'relabel' ? `release scope "${scope}" on` : 'unpin'} ${cid}`,
      )
      return
    }
    try {
      if (a.kind === 'relabel') {
        await p.relabel?.(a.pin, a.metadata, call)
        report.released.push({ provider: p.id, cid })
        host.info(`${p.id}: released scope "${scope}" on ${cid} (other scopes still use it)`)
        return
      }
      const result: UnpinResult | undefined =
        a.kind === 'remove'
          ? {
              outcome: (await p.remove?.(a.pin, call)) ?? 'absent',
              ...(id !== undefined ? { ids: [id] } : {}),
            }
          : await p.unpin?.({ cid, ...(id !== undefined ? { id } : {}) }, call)
      if (result === undefined || result.outcome === 'absent') {
        host.debug(`${p.id}: ${cid} was not pinned there`)
        return
      }
      const action = result.outcome === 'released-for-this-key' ? result.outcome : 'unpinned'
      // One entry per removed record: a PSA service may hold several requests for a CID.
      const ids = result.ids !== undefined && result.ids.length > 0 ? result.ids : [id]
      for (const rid of ids) {
        if (
          report.unpinned.some(
            (u) => u.provider === p.id && norm(u.cid) === norm(cid) && u.id === rid,
          )
        )
          continue
        report.unpinned.push({
          provider: p.id,
          cid,
          ...(rid !== undefined ? { id: rid } : {}),
          action,
        })
        host.info(
          `${p.id}: ${action === 'unpinned' ? 'unpinned' : 'released for this API key (other keys still pin it):'} ${cid}${rid !== undefined && rid !== cid ? ` (${rid})` : ''}`,
        )
      }
    } catch (err) {
      fail(p.id, `unpinning ${cid}`, err)
    }
  }
}

/**
 * Who else claims each candidate, asked of every labelled provider by CID. Asking by CID costs a
 * listing per CID (a full one where the service has no CID filter): past a few candidates, one
 * full listing per provider is cheaper.
 */
async function otherClaims(
  chosen: readonly Deployment[],
  witnesses: readonly Provider[],
  scope: string,
  call: { signal: AbortSignal },
  clean: (t: string) => string,
): Promise<Map<string, Claims>> {
  const out = new Map<string, Claims>()
  const bulk = chosen.length > 8
  const everything = new Map<Provider, Promise<Map<string, ListedPin[]>>>()
  const holdersOf = async (p: Provider, cid: string): Promise<ListedPin[]> => {
    if (p.list === undefined) return []
    const list = p.list.bind(p)
    if (!bulk) return collectAll(list({ cid }, call))
    let index = everything.get(p)
    if (index === undefined) {
      index = collectAll(list({}, call)).then((pins) => {
        const m = new Map<string, ListedPin[]>()
        for (const pin of pins) m.set(norm(pin.cid), [...(m.get(norm(pin.cid)) ?? []), pin])
        return m
      })
      everything.set(p, index)
    }
    return (await index).get(norm(cid)) ?? []
  }
  for (const d of chosen) {
    const others = new Set<string>()
    let unsure: string | undefined
    for (const p of witnesses) {
      try {
        for (const pin of await holdersOf(p, d.cid))
          for (const s of scopesOf(pin.metadata)) if (s !== scope) others.add(s)
      } catch (err) {
        unsure = `${p.id} could not be asked whether other scopes use it (${clean(errorMessage(err)).slice(0, 200)})`
      }
    }
    out.set(norm(d.cid), unsure !== undefined ? { unsure } : { others })
  }
  return out
}
