/**
 * What other runs of the scope did while this one ran (docs/concurrency.md). GitHub starts runs
 * concurrently unless a `concurrency` group serialises them, and no service here offers a
 * compare-and-set, so a run looks again before the steps another run can undo:
 * - `newerDeployment`, before the names: a run of the scope that started later has already
 *   deployed another CID, so this run leaves the names to it (a name never moves back to an older
 *   deployment, which that run's cleanup may be unpinning);
 * - `reconfirm`, at the end of the run: this run's claims, read back once more and put back when
 *   another run's write or cleanup dropped them (unless a newer run of the scope removed them as
 *   older than its newest `keep`).
 */
import { CID } from 'multiformats/cid'
import { errorMessage, ProviderError } from '../errors.js'
import type { Host } from '../io.js'
import { canConfirm, confirmClaim, confirmationNote } from '../providers/claims.js'
import { createProvider } from '../providers/registry.js'
import type { PinTags, Provider } from '../providers/types.js'
import type { Session } from '../http/session.js'
import { scopePins, type CleanupOptions } from './cleanup.js'
import { deploymentsOf, norm, type Deployment } from './plan.js'

/** The scope's deployments claimed after this run's own claim, other than `current`; newest first. */
async function laterDeployments(
  opts: CleanupOptions,
  session: Session,
  current: readonly string[],
): Promise<{ later: Deployment[]; unread: string[] }> {
  const labelled = opts.providers
    .filter((c) => c.descriptor.traits.keepsLabels)
    .map((c) => createProvider(c, session.deps))
    .filter((p) => p.list !== undefined)
  const { scope } = opts
  const { found, failed } = await scopePins(labelled, scope, { signal: session.limit() })
  const mine = new Set(current.map(norm))
  return {
    later: deploymentsOf(found, scope).filter(
      (d) => d.time > session.startedAt && !mine.has(norm(d.cid)),
    ),
    unread: [...failed].map(
      ([id, err]) =>
        `${id}: ${session.clean(err instanceof ProviderError ? err.reason : errorMessage(err))}`,
    ),
  }
}

/**
 * The newest deployment of this scope by a run that started after this one, if any: this run
 * then leaves the names to it. When the scope cannot be listed, undefined (the names are set,
 * as without this check).
 */
export async function newerDeployment(
  opts: CleanupOptions,
  session: Session,
  current: readonly string[],
  host: Host,
): Promise<Deployment | undefined> {
  const { later, unread } = await laterDeployments(opts, session, current)
  if (unread.length > 0)
    host.debug(`Could not tell whether a later run deployed meanwhile: ${unread.join('; ')}`)
  return later[0]
}

/** What a deploy reported for one provider and CID (src/run/upload.ts, ProviderResult). */
export interface DeployResult {
  readonly provider: string
  readonly status: string
  readonly expectedCid: string
}

/**
 * Whether a deployment of this run whose pin is gone may be pinned again: yes, unless runs of the
 * scope that started later hold at least `keep` deployments (with `unpin-previous`): one of them
 * then removed it by its newest `keep`, as it should. Asked once a run, when a pin is found gone.
 */
export function mayRestore(
  opts: CleanupOptions,
  session: Session,
  current: readonly string[],
): () => Promise<boolean> {
  let answer: Promise<boolean> | undefined
  return () =>
    (answer ??= laterDeployments(opts, session, current).then(
      ({ later, unread }) =>
        !(unread.length === 0 && opts.unpinPrevious && later.length >= opts.keep),
    ))
}

/**
 * This run's claims on what it deployed (`tags`: the labels it pinned with), read back at the end
 * of the run: merged again where another run's write dropped one, pinned again where a record is
 * gone, unless a later run of the scope removed it by `keep`. Returns what could not be put back
 * (the step then fails); a read that fails is only a warning.
 */
export async function reconfirm(
  opts: CleanupOptions,
  tags: PinTags,
  session: Session,
  host: Host,
  results: readonly DeployResult[],
): Promise<string[]> {
  const problems: string[] = []
  const restore = mayRestore(
    opts,
    session,
    results.map((r) => r.expectedCid),
  )
  for (const c of opts.providers) {
    if (!c.descriptor.traits.keepsLabels) continue
    let provider: Provider | undefined
    for (const r of results) {
      if (
        r.provider !== c.id ||
        (r.status !== 'pinned' && r.status !== 'queued' && r.status !== 'pinning')
      )
        continue
      provider ??= createProvider(c, session.deps)
      if (!canConfirm(provider)) break
      try {
        const confirmation = await confirmClaim(provider, tags, {
          signal: session.limit(),
          restore: r.status === 'pinned' ? restore : false,
          root: CID.parse(r.expectedCid),
          ...(c.descriptor.traits.maxMetadataKeys !== undefined
            ? { maxKeys: c.descriptor.traits.maxMetadataKeys }
            : {}),
        })
        const note = confirmationNote(c.id, r.expectedCid, confirmation)
        if (confirmation.kind === 'unconfirmed' && !confirmation.pending)
          problems.push(session.clean(note?.text ?? confirmation.why))
        else if (note !== undefined) host[note.level](session.clean(note.text))
      } catch (err) {
        // The deploy itself succeeded: a read that fails here is worth a warning, not a failure.
        host.warning(
          `${c.id}: could not read this run's claim on ${r.expectedCid} back at the end of the run: ${session.clean(err instanceof ProviderError ? err.reason : errorMessage(err))}`,
        )
      }
    }
  }
  return problems
}
