/**
 * Unpinning what earlier deployments left: `unpin-previous` after a deploy (keep the newest
 * `keep` of the scope), `mode: cleanup` (every pin of the scope, e.g. when a pull request
 * closes), and the explicit `unpin` list.
 *
 * How pins are found: providers that keep labels (Pinata, AIOZ, PSA services, Cluster) are
 * listed by the scope label (src/tags.ts), through every page. Kubo and Sagittarius keep no
 * labels: they are asked to unpin the CIDs the labelled providers show to be this scope's and
 * no other's.
 *
 * Safety, in this order, before anything changes:
 * - the CIDs just deployed and those in `protect` are never unpinned;
 * - only pins carrying this scope's label are touched (other repositories, environments,
 *   untagged pins are never listed as candidates);
 * - a CID another scope also deployed keeps that scope's claim: on PSA services only this
 *   scope's request is deleted; on Pinata and Cluster (one record per CID) the label is
 *   rewritten without this scope; where neither is possible the pin stays;
 * - if any check cannot be made (a listing failed), the CIDs it concerns stay;
 * - `max-unpin` counts the CIDs that would be unpinned; above it nothing is unpinned;
 * - `dry-run` plans and reports, and changes nothing.
 * A provider failing mid-cleanup does not stop the others; the step fails afterwards.
 */
import { CID } from 'multiformats/cid'
import { UNLABELLED, type Config, type ProviderId } from './config/config.js'
import { openSession } from './deploy.js'
import { errorMessage } from './errors.js'
import type { Host } from './io.js'
import { createProvider } from './providers/registry.js'
import type { ListedPin, Provider } from './providers/types.js'
import { TAG, releasedMetadata, scopesOf } from './tags.js'

/** One entry of the `unpinned` output. */
export interface UnpinnedEntry {
  readonly provider: ProviderId
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
  readonly released: Array<{ provider: ProviderId; cid: string; dryRun?: true }>
  /** CIDs of the scope that stay, and why. */
  readonly kept: Array<{ cid: string; reason: string }>
  readonly errors: string[]
}

type Action =
  | { kind: 'unpin'; provider: Provider; cid: string; id?: string }
  | { kind: 'remove'; provider: Provider; pin: ListedPin }
  | { kind: 'relabel'; provider: Provider; pin: ListedPin; metadata: Record<string, string> }

/** One CID of the scope, as found across the labelled providers. */
interface Deployment {
  cid: string
  time: number
  records: Array<{ provider: Provider; pin: ListedPin }>
}

const norm = (cid: string): string => {
  try {
    return CID.parse(cid).toV1().toString()
  } catch {
    return cid
  }
}

function timeOf(pin: ListedPin): number {
  const labelled = Date.parse(pin.metadata[TAG.time] ?? '')
  if (!Number.isNaN(labelled)) return labelled
  const created = Date.parse(pin.created ?? '')
  return Number.isNaN(created) ? 0 : created
}

async function collectAll<T>(it: AsyncIterable<T> | Iterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}

export interface CleanupRequest {
  /** Find the scope's pins: keep the newest `keep` (`previous`) or none (`all`). */
  readonly scope?: 'previous' | 'all'
  /** The CIDs this run deployed: never unpinned. */
  readonly current: readonly string[]
  /** Providers to clean up (after a deploy: those where it succeeded). */
  readonly providers: readonly ProviderId[]
}

export async function cleanup(
  config: Config,
  host: Host,
  req: CleanupRequest,
): Promise<CleanupReport> {
  const scope = config.naming.scope
  const { dryRun, maxUnpin } = config.cleanup
  const report: CleanupReport = {
    scope,
    dryRun,
    unpinned: [],
    released: [],
    kept: [],
    errors: [],
  }
  const session = openSession(config, host)
  const call = { signal: session.signal }
  const fail = (p: ProviderId, what: string, err: unknown): void => {
    const m = `${p}: ${what} failed: ${session.clean(errorMessage(err).replace(/^\S+: \S+ failed: /, ''))}`
    report.errors.push(m)
    host.error(m)
  }
  try {
    const all = config.providers.map((p) => createProvider(p, session.deps))
    const providers = all.filter((p) => req.providers.includes(p.id))
    const keepsLabels = (p: Provider): boolean => p.list !== undefined && !UNLABELLED.includes(p.id)
    const labelled = providers.filter(keepsLabels)
    // Other scopes' claims are looked for on every labelled provider, cleaned up here or not.
    const witnesses = all.filter(keepsLabels)
    const unlabelled = providers.filter((p) => UNLABELLED.includes(p.id) && p.unpin !== undefined)
    const current = new Set(req.current.map(norm))
    const protect = new Set(config.cleanup.protect.map((c) => c.toV1().toString()))
    const actions: Action[] = []
    /** CIDs that some action would unpin (what max-unpin counts). */
    const doomed = new Set<string>()
    const keep = (cid: string, reason: string): void => {
      if (!report.kept.some((k) => k.cid === cid && k.reason === reason))
        report.kept.push({ cid, reason })
    }
    const spared = (cid: string): boolean => {
      if (current.has(norm(cid))) {
        keep(cid, 'deployed by this run')
        return true
      }
      if (protect.has(norm(cid))) {
        keep(cid, 'listed in "protect"')
        return true
      }
      return false
    }

    // ---- the explicit list: every provider, whatever the labels ----
    for (const c of config.cleanup.unpin) {
      const cid = c.toString()
      if (spared(cid)) continue
      for (const p of providers)
        if (p.unpin !== undefined) {
          actions.push({ kind: 'unpin', provider: p, cid })
          doomed.add(norm(cid))
        }
    }

    // ---- the scope ----
    if (req.scope !== undefined) {
      host.info(`Looking for pins of scope "${scope}" on ${labelled.map((p) => p.id).join(', ')}`)
      const deployments = new Map<string, Deployment>()
      const listingFailed = new Set<ProviderId>()
      await Promise.all(
        labelled.map(async (p) => {
          try {
            const found = await collectAll(p.list?.({ scope }, call) ?? [])
            host.info(`${p.id}: ${found.length} pin${found.length === 1 ? '' : 's'} of the scope`)
            for (const pin of found) {
              const d = deployments.get(norm(pin.cid)) ?? { cid: pin.cid, time: 0, records: [] }
              d.time = Math.max(d.time, timeOf(pin))
              d.records.push({ provider: p, pin })
              deployments.set(norm(pin.cid), d)
            }
          } catch (err) {
            listingFailed.add(p.id)
            fail(p.id, 'listing the scope', err)
          }
        }),
      )
      const newestFirst = [...deployments.values()].sort((a, b) => b.time - a.time)
      // Asking by CID costs a listing per CID (a full one where the service has no CID
      // filter): past a few candidates, one full listing per provider is cheaper.
      const bulk = newestFirst.length > 8
      const everything = new Map<Provider, Promise<Map<string, ListedPin[]>>>()
      const holdersOf = async (p: Provider, cid: string): Promise<ListedPin[]> => {
        if (!bulk) return collectAll(p.list?.({ cid }, call) ?? [])
        let all = everything.get(p)
        if (all === undefined) {
          all = collectAll(p.list?.({}, call) ?? []).then((pins) => {
            const index = new Map<string, ListedPin[]>()
            for (const pin of pins)
              index.set(norm(pin.cid), [...(index.get(norm(pin.cid)) ?? []), pin])
            return index
          })
          everything.set(p, all)
        }
        return (await all).get(norm(cid)) ?? []
      }
      let room = req.scope === 'all' ? 0 : config.cleanup.keep - current.size
      for (const d of newestFirst) {
        if (spared(d.cid)) continue
        if (room > 0) {
          room--
          keep(d.cid, `one of the newest ${config.cleanup.keep} (input "keep")`)
          continue
        }
        // Who else deployed this CID? Every labelled provider, by CID, all labels.
        const others = new Set<string>()
        for (const { pin } of d.records)
          for (const s of scopesOf(pin.metadata)) if (s !== scope) others.add(s)
        let unsure: string | undefined
        for (const p of witnesses) {
          try {
            for (const pin of await holdersOf(p, d.cid))
              for (const s of scopesOf(pin.metadata)) if (s !== scope) others.add(s)
          } catch (err) {
            unsure = `${p.id} could not be asked whether other scopes use it (${session.clean(errorMessage(err)).slice(0, 200)})`
          }
        }
        if (unsure !== undefined) {
          keep(d.cid, unsure)
          continue
        }
        const alsoBy = [...others].join(', ')
        for (const { provider, pin } of d.records) {
          if (provider.remove !== undefined) {
            actions.push({ kind: 'remove', provider, pin })
            doomed.add(norm(d.cid))
          } else if (others.size > 0) {
            const metadata = releasedMetadata(pin.metadata, scope)
            if (provider.relabel !== undefined && metadata !== undefined)
              actions.push({ kind: 'relabel', provider, pin, metadata })
            else keep(d.cid, `also deployed by ${alsoBy}`)
          } else {
            actions.push({
              kind: 'unpin',
              provider,
              cid: pin.cid,
              ...(pin.id ? { id: pin.id } : {}),
            })
            doomed.add(norm(d.cid))
          }
        }
        if (others.size > 0)
          keep(d.cid, `also deployed by ${alsoBy}: only this scope's claim is released`)
        // Providers without labels: only when the labelled ones show the CID is this scope's alone.
        for (const provider of unlabelled) {
          if (others.size > 0) continue
          if (listingFailed.size > 0) {
            keep(
              d.cid,
              `not unpinned from ${provider.id}: the listing of ${[...listingFailed].join(', ')} failed`,
            )
            continue
          }
          actions.push({ kind: 'unpin', provider, cid: d.cid })
          doomed.add(norm(d.cid))
        }
      }
    }

    // ---- the guard ----
    if (doomed.size > maxUnpin) {
      const list = [...doomed].slice(0, 20).join(', ')
      report.errors.push(
        `Would unpin ${doomed.size} CIDs (${list}${doomed.size > 20 ? ', …' : ''}), more than "max-unpin" (${maxUnpin}); nothing was unpinned. Check "scope", or raise "max-unpin" if this is intended.`,
      )
      return report
    }

    // ---- do it (or say what would be done) ----
    const byProvider = new Map<Provider, Action[]>()
    for (const a of actions) byProvider.set(a.provider, [...(byProvider.get(a.provider) ?? []), a])
    await Promise.all(
      [...byProvider].map(async ([p, list]) => {
        for (const a of list) {
          const cid = a.kind === 'unpin' ? a.cid : a.pin.cid
          const id = a.kind === 'unpin' ? a.id : a.pin.id
          const entry = { provider: p.id, cid, ...(id !== undefined ? { id } : {}) }
          if (dryRun) {
            if (a.kind === 'relabel') report.released.push({ provider: p.id, cid, dryRun: true })
            else report.unpinned.push({ ...entry, action: 'unpinned', dryRun: true })
            host.info(
              `${p.id}: dry run, would ${a.kind === 'relabel' ? `release scope "${scope}" on` : 'unpin'} ${cid}`,
            )
            continue
          }
          try {
            if (a.kind === 'relabel') {
              await p.relabel?.(a.pin, a.metadata, call)
              report.released.push({ provider: p.id, cid })
              host.info(`${p.id}: released scope "${scope}" on ${cid} (other scopes still use it)`)
              continue
            }
            const outcome =
              a.kind === 'remove'
                ? await p.remove?.(a.pin, call)
                : await p.unpin?.({ cid: a.cid, ...(a.id !== undefined ? { id: a.id } : {}) }, call)
            if (outcome === 'absent') {
              host.debug(`${p.id}: ${cid} was not pinned there`)
              continue
            }
            const action = outcome === 'released-for-this-key' ? outcome : 'unpinned'
            // One entry per provider and CID (a PSA service may have several requests for it).
            if (
              !report.unpinned.some(
                (u) => u.provider === p.id && norm(u.cid) === norm(cid) && u.id === id,
              )
            )
              report.unpinned.push({ ...entry, action })
            host.info(
              `${p.id}: ${action === 'unpinned' ? 'unpinned' : 'released for this API key (other keys still pin it):'} ${cid}${id !== undefined && id !== cid ? ` (${id})` : ''}`,
            )
          } catch (err) {
            fail(p.id, `unpinning ${cid}`, err)
          }
        }
      }),
    )
  } finally {
    session.close()
  }
  return report
}
