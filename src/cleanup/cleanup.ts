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
 * 4. execute: CID by CID, each decided again right before it is acted on (src/cleanup/plan.ts,
 *    `recheck`): its claims and every configured name's target are read again, and after acting
 *    the claims are read back; a claim of this scope that came back (another run wrote it from
 *    an older read) is released again. With `dry-run` only what the plan would do is reported.
 *
 * Safety, before anything changes:
 * - the CIDs just deployed and those in `protect` are never unpinned;
 * - only pins carrying this scope's claim are touched (other repositories, environments and
 *   untagged pins are never candidates); ordering reads this scope's own claim time;
 * - a CID another scope also claims keeps that claim: where each request is its own record only
 *   this scope's request is deleted; where one record per CID holds every claim the labels are
 *   rewritten without this scope's claim; where neither is possible the pin stays;
 * - if a check cannot be made (a listing failed), the CIDs it concerns stay;
 * - a deployment of the scope claimed at this run's time or later stays: it belongs to a run as
 *   new as this one (docs/concurrency.md);
 * - providers that keep no labels unpin a CID only when the labelled
 *   providers show it is this scope's alone.
 * The explicit `unpin` list needs no labels: each CID is removed from every provider (where each
 * request is a record, every request for it), except the CIDs just deployed and those in `protect`.
 * A provider failing mid-cleanup does not stop the others; the step fails afterwards.
 */
import type { CleanupConfig } from '../config/types.js'
import { ProviderError, errorMessage } from '../errors.js'
import type { Host } from '../io.js'
import { createProvider, type ConfiguredProvider } from '../providers/registry.js'
import type { ListedPin, Provider, UnpinResult } from '../providers/types.js'
import type { Session } from '../http/session.js'
import { CONFIRM_ROUNDS, recordsOf } from '../providers/claims.js'
import { scopesOf } from '../tags.js'
import {
  candidates,
  deploymentsOf,
  guard,
  norm,
  plan,
  recheck,
  timeOf,
  type Action,
  type CleanupTraits,
  type Claims,
  type Deployment,
  type Fresh,
  type PlanInput,
} from './plan.js'

/** One entry of the `unpinned` output: one per removed record (each request id, where it has one). */
export interface UnpinnedEntry {
  readonly provider: string
  readonly cid: string
  readonly id?: string
  /** `unpinned`, or `released-for-this-key` (a service that counts pins per key: others hold it). */
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

/** What cleanup reads of the configuration (built by src/run/finish.ts): inputs, scope, providers. */
export interface CleanupOptions extends CleanupConfig {
  /** The scope whose deployments are cleaned up (src/tags.ts claims). */
  readonly scope: string
  /** All of them: the request's are cleaned up; the labelled ones are asked for others' claims. */
  readonly providers: readonly ConfiguredProvider[]
}

export interface CleanupRequest {
  /** Find the scope's pins: keep the newest `keep` (`previous`) or none (`all`). */
  readonly scope?: 'previous' | 'all'
  /** The CIDs this run deployed: never unpinned. */
  readonly current: readonly string[]
  /** Providers to clean up (after a deploy: those where it succeeded). */
  readonly providers: readonly string[]
  /** CIDs a name points to (DNSLink, IPNS), with why: never unpinned. */
  readonly named?: ReadonlyArray<{ readonly cid: string; readonly reason: string }>
  /**
   * Reads every configured name's target again (src/run/go-live.ts, `protectedByNames`): asked right
   * before each CID is unpinned or released, which it then is only if no name points to it.
   */
  readonly names?: () => Promise<{
    cids: ReadonlyArray<{ readonly cid: string; readonly reason: string }>
    error?: string
  }>
}

export async function cleanup(
  opts: CleanupOptions,
  host: Host,
  req: CleanupRequest,
  session: Session,
): Promise<CleanupReport> {
  const { scope, dryRun, maxUnpin } = opts
  const report: CleanupReport = { scope, dryRun, unpinned: [], released: [], kept: [], errors: [] }
  const call = { signal: session.limit() }
  const fail = (p: string, what: string, err: unknown): void => {
    const why = err instanceof ProviderError ? err.reason : errorMessage(err)
    const m = `${p}: ${what} failed: ${session.clean(why)}`
    report.errors.push(m)
    host.error(m)
  }
  const created = opts.providers.map((c) => {
    const provider = createProvider(c, session.deps)
    return { provider, traits: traitsOf(provider, c.descriptor.traits.keepsLabels) }
  })
  const all = created.map((c) => c.provider)
  const traitOf = new Map(created.map((c) => [c.provider, c.traits]))
  const keepsLabels = (p: Provider | undefined): boolean =>
    p !== undefined && traitOf.get(p)?.keepsLabels === true
  const providers = all.filter((p) => req.providers.includes(p.id))
  const byId = new Map(all.map((p) => [p.id, p]))
  const traits = created.filter((c) => req.providers.includes(c.provider.id)).map((c) => c.traits)
  const labelled = providers.filter((p) => keepsLabels(p))
  // Other scopes' claims are looked for on every labelled provider, cleaned up here or not.
  const witnesses = all.filter((p) => keepsLabels(p))

  // ---- 1. discover the scope's pins ----
  let mode = req.scope
  if (mode !== undefined && labelled.length === 0) {
    host.info(
      `No provider here keeps labels (${providers.map((p) => p.id).join(', ')}): only the CIDs named in "unpin" are removed.`,
    )
    mode = undefined
  }
  let found: Array<{ provider: string; pin: ListedPin }> = []
  const listingFailed: string[] = []
  if (mode !== undefined) {
    host.info(`Looking for pins of scope "${scope}" on ${labelled.map((p) => p.id).join(', ')}`)
    const listed = await scopePins(labelled, scope, call)
    found = listed.found
    for (const p of labelled) {
      const n = found.filter((f) => f.provider === p.id).length
      const failure = listed.failed.get(p.id)
      if (failure !== undefined) {
        listingFailed.push(p.id)
        fail(p.id, 'listing the scope', failure)
      } else host.info(`${p.id}: ${n} pin${n === 1 ? '' : 's'} of the scope`)
    }
  }
  const input: PlanInput = {
    scope,
    // A deploy keeps claims as new as its own; `mode: cleanup` has no deployment of its own, and
    // removes every claim made before it started (docs/concurrency.md).
    since: mode === 'all' ? session.startedAt + 1 : session.startedAt,
    ...(mode !== undefined ? { mode } : {}),
    keep: opts.keep,
    current: req.current,
    protect: opts.protect.map((c) => c.toString()),
    named: req.named ?? [],
    unpin: opts.unpin.map((c) => c.toString()),
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
  const keep = (cid: string, reason: string): void => {
    if (!report.kept.some((k) => norm(k.cid) === norm(cid) && k.reason === reason))
      report.kept.push({ cid, reason })
  }
  const byCid = new Map<string, Action[]>()
  for (const a of planned.actions) {
    const key = norm(a.kind === 'unpin' ? a.cid : a.pin.cid)
    byCid.set(key, [...(byCid.get(key) ?? []), a])
  }
  if (dryRun) {
    for (const actions of byCid.values()) await Promise.all(actions.map((a) => run(a)))
    return report
  }
  const explicit = new Set(input.unpin.map(norm))
  /** CIDs unpinned (or about to be) somewhere: `max-unpin` holds while plans change. */
  const doomed = new Set<string>()
  const cidOf = (key: string, actions: readonly Action[]): string =>
    actions[0]?.kind === 'unpin' ? actions[0].cid : (actions[0]?.pin.cid ?? key)
  const pending = [...byCid]
  for (const [index, [key, actions]] of pending.entries()) {
    const cid = cidOf(key, actions)
    let todo = actions
    let stop = false
    for (let round = 0; round <= CONFIRM_ROUNDS; round++) {
      // Every name's target, read again right before acting: what a name points to now stays.
      if (req.names !== undefined) {
        const names = await req.names()
        if (names.error !== undefined) {
          report.errors.push(`Nothing more was unpinned: ${names.error}.`)
          host.error(`Nothing more was unpinned: ${names.error}.`)
          stop = true
          break
        }
        const named = names.cids.find((n) => norm(n.cid) === key)
        if (named !== undefined) {
          keep(cid, named.reason)
          break
        }
      }
      if (!explicit.has(key)) {
        // The claims, read again right before acting: the plan may be out of date.
        const decided = recheck(input, cid, await freshRecords(cid))
        if (decided.kept !== undefined) keep(cid, decided.kept)
        todo = decided.actions
      }
      const unpins = todo.some((a) => a.kind !== 'relabel')
      if (unpins && !doomed.has(key) && doomed.size >= maxUnpin) {
        keep(
          cid,
          `not unpinned: "max-unpin" (${maxUnpin}) reached while other runs changed the plan`,
        )
        break
      }
      if (unpins) doomed.add(key)
      const errors = report.errors.length
      await Promise.all(
        todo.map(async (a) => {
          const p = byId.get(a.provider)
          if (p !== undefined) await run(a, p)
        }),
      )
      // Read back: a claim of this scope older than this run that is there again was written by
      // another run from what it read before this run acted; release it again.
      if (
        explicit.has(key) ||
        report.errors.length > errors ||
        !todo.some((a) => keepsLabels(byId.get(a.provider)))
      )
        break
      if (!staleClaim(await freshRecords(cid))) break
      host.info(`${cid}: this scope's claim was written back by another run; releasing it again`)
    }
    if (stop) {
      for (const [k, rest] of pending.slice(index)) keep(cidOf(k, rest), 'a name could not be read')
      break
    }
  }
  return report

  /** The CID's records on every labelled provider, now. */
  async function freshRecords(cid: string): Promise<Fresh> {
    const records: Array<{ provider: string; pin: ListedPin }> = []
    const unread: string[] = []
    await Promise.all(
      witnesses.map(async (p) => {
        try {
          for (const pin of await recordsOf(p, cid, call)) records.push({ provider: p.id, pin })
        } catch (err) {
          unread.push(`${p.id}: ${session.clean(errorMessage(err)).slice(0, 200)}`)
        }
      }),
    )
    return { records, unread }
  }

  /** Whether a cleaned provider holds a claim of this scope older than this run (to release). */
  function staleClaim(fresh: Fresh): boolean {
    if (fresh.unread.length > 0) return false
    return fresh.records.some(
      (r) =>
        req.providers.includes(r.provider) &&
        scopesOf(r.pin.metadata).includes(scope) &&
        timeOf(r.pin, scope) < input.since,
    )
  }

  async function run(a: Action, p = byId.get(a.provider)): Promise<void> {
    if (p !== undefined) await execute(p, a)
  }

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
      // One entry per removed record: a service may hold several requests for a CID.
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

/**
 * The pins of `scope` on each labelled provider (every page), and the providers whose listing
 * failed with the error: what cleanup plans from, and what tells a run whether a later run of its
 * scope deployed meanwhile (src/cleanup/concurrent.ts).
 */
export async function scopePins(
  labelled: readonly Provider[],
  scope: string,
  call: { signal: AbortSignal },
): Promise<{ found: Array<{ provider: string; pin: ListedPin }>; failed: Map<string, unknown> }> {
  const found: Array<{ provider: string; pin: ListedPin }> = []
  const failed = new Map<string, unknown>()
  await Promise.all(
    labelled.map(async (p) => {
      try {
        const pins = p.list !== undefined ? await collectAll(p.list({ scope }, call)) : []
        for (const pin of pins) found.push({ provider: p.id, pin })
      } catch (err) {
        failed.set(p.id, err)
      }
    }),
  )
  return { found, failed }
}
