/**
 * Hands the CAR to every configured provider, verifies each CID it reports against the local
 * one, waits for pins per the wait policy, and decides the step's result from the
 * `required-providers` policy. One result per provider, whatever happened to the others; all
 * provider work is bounded by the run's session (the `timeout` input, src/http/session.ts).
 */
import type { CID } from 'multiformats/cid'
import { sameCid } from '../cid.js'
import type { PinningConfig } from '../config/types.js'
import type { ImportParams } from '../content/profiles.js'
import type { CarResult } from '../content/car.js'
import type { Collection } from '../content/collect.js'
import { fileUpload } from '../providers/files.js'
import { ProviderError, errorMessage, mismatchMessage } from '../errors.js'
import {
  deadlineOf,
  deadlineSignal,
  formatLimit,
  waitReaches,
  type Clock,
} from '../http/deadline.js'
import type { Host } from '../io.js'
import type { Transfer } from './progress.js'
import { countOf, formatBytes, shown } from '../text.js'
import { capabilitiesOf, createProvider, type ConfiguredProvider } from '../providers/registry.js'
import { confirmedAfterDeploy } from '../providers/claims.js'
import type { FileUpload, PinInfo, PinTags, Provider, ProviderTraits } from '../providers/types.js'
import type { Session } from '../http/session.js'

export type ResultStatus = 'pinned' | 'queued' | 'pinning' | 'failed' | 'mismatch' | 'skipped'

/** One entry of the `results` output. */
export interface ProviderResult {
  readonly provider: string
  readonly status: ResultStatus
  /** The CID the provider reported. */
  readonly cid?: string
  /** The CID computed locally for this provider. */
  readonly expectedCid: string
  /** The provider's own pin or request id, when it has one. */
  readonly id?: string
  readonly durationMs: number
  readonly error?: string
}

/** What the upload step needs of the plan and the inputs (not the whole Config). */
export interface UploadStep {
  /** The plan's dry run: nothing is sent. */
  readonly dryRun: boolean
  /** The providers, in input order. */
  readonly providers: readonly ConfiguredProvider[]
  /** verify, wait, wait-timeout, required-providers. */
  readonly pinning: Pick<PinningConfig, 'verify' | 'wait' | 'waitTimeoutMs' | 'required'>
  /** The content built here: its CID profile and how files are uploaded; absent for `cid`. */
  readonly built?: { profile: string; params: ImportParams; wrapWithDirectory: boolean }
  /** Whether a pin found gone right after it was made may be made again (cleanup/concurrent.ts). */
  readonly restore: (cids: readonly string[]) => () => Promise<boolean>
}

/** What one provider's run needs. */
interface Run {
  readonly pinning: UploadStep['pinning']
  readonly host: Host
  readonly tags: PinTags
  /** Aborts when the `timeout` input is reached. */
  readonly signal: AbortSignal
  readonly clock: Clock
  /** Masks secrets and bounds length: provider text goes into outputs, which are not masked. */
  readonly clean: (text: string) => string
  /** The CID profile of content built here; undefined when pinning a CID given in `cid`. */
  readonly profile: string | undefined
  /** Uploads in flight, for the progress lines. */
  readonly transfers?: Transfer[]
  /** Each provider's traits (which keep labels, and how many). */
  readonly traits: ReadonlyMap<string, ProviderTraits>
  /** Whether a pin found gone right after it was made may be made again (src/cleanup/concurrent.ts). */
  readonly restore: () => Promise<boolean>
}

/** Registers an upload for the progress lines; returns its byte counter. */
function track(run: Run, provider: string, total: number, approximate = false): Transfer {
  const t: Transfer = {
    provider,
    progress: { sent: 0 },
    total,
    approximate,
    startedAt: run.clock.now(),
  }
  run.transfers?.push(t)
  return t
}

/**
 * Polls the pin's status until it is pinned or failed, or `wait-timeout` (or the run's
 * `timeout`) passes: first at once, then with growing pauses (1 s, ×1.5, at most 15 s). Every
 * CID read back is verified too.
 */
async function waitPinned(
  provider: Provider,
  first: PinInfo,
  run: Run,
  expected: CID,
): Promise<PinInfo | { mismatch: string; info: PinInfo }> {
  const { pinning, clock } = run
  const waitMs = pinning.waitTimeoutMs
  const limit = deadlineSignal(
    run.signal,
    { at: clock.now() + waitMs, input: 'wait-timeout' },
    () => new Error(`still not pinned after ${formatLimit(waitMs)} (wait-timeout)`),
    clock,
  )
  const signal = limit.signal
  const deadline = deadlineOf(signal) ?? { at: clock.now() + waitMs, input: 'wait-timeout' }
  let info = first
  let pause = 0
  const timedOut = (): PinInfo => ({
    ...info,
    state: 'failed',
    detail:
      deadline.input === 'timeout'
        ? `still ${info.state} when the run reached its timeout (input "timeout")`
        : `still ${info.state} after ${formatLimit(waitMs)} (wait-timeout)`,
  })
  try {
    for (;;) {
      if (waitReaches(deadline, 0, clock) !== undefined) return timedOut()
      try {
        await clock.sleep(Math.min(pause, deadline.at - clock.now()), signal)
      } catch {
        return timedOut()
      }
      pause = pause === 0 ? 1000 : Math.min(15_000, pause * 1.5)
      if (provider.status === undefined) return info
      let next: PinInfo
      try {
        next = await provider.status({ cid: info.cid, id: info.id }, { signal })
      } catch (err) {
        // A status read cut short by the deadline means the wait ran out, not that the provider failed.
        if (signal.aborted || waitReaches(deadline, 5, clock) !== undefined) return timedOut()
        throw err
      }
      if (pinning.verify !== 'off' && !sameCid(next.cid, expected)) {
        const message = mismatchMessage(
          provider.id,
          run.clean(next.cid),
          expected.toString(),
          run.profile,
        )
        if (pinning.verify === 'fail') return { mismatch: message, info: next }
        run.host.warning(message)
      }
      info = { ...next, id: next.id ?? info.id }
      if (info.state === 'pinned' || info.state === 'failed' || info.state === 'absent') return info
      run.host.debug(`${provider.id}: ${info.state}`)
    }
  } finally {
    limit.dispose()
  }
}

/** What a provider is asked to do: take the content, or pin a CID that is on the network. */
type Task =
  | {
      readonly kind: 'upload'
      readonly car: CarResult
      /** The content as files (stat'ed once, shared by every file-upload provider). */
      readonly files: () => Promise<FileUpload>
    }
  | { readonly kind: 'pin'; readonly cid: CID; readonly origins: readonly string[] }

async function deployOne(provider: Provider, run: Run, task: Task): Promise<ProviderResult> {
  const { pinning, host, clean } = run
  const started = run.clock.now()
  const expected = task.kind === 'upload' ? task.car.root : task.cid
  const expectedCid = expected.toString()
  const done = (
    r: Omit<ProviderResult, 'durationMs' | 'provider' | 'expectedCid'>,
  ): ProviderResult => ({
    provider: provider.id,
    expectedCid,
    ...r,
    // The same CID in another base or version is written as expectedCid is, so that later steps
    // can compare strings; another CID is kept as the provider said it (cleaned).
    ...(r.cid !== undefined ? { cid: sameCid(r.cid, expected) ? expectedCid : clean(r.cid) } : {}),
    ...(r.id !== undefined ? { id: clean(r.id) } : {}),
    ...(r.error !== undefined ? { error: clean(r.error) } : {}),
    durationMs: Math.round(run.clock.now() - started),
  })
  /** Waits for the pin (waitPinned); a CID read back that is not the local one ends the result. */
  const waitFor = async (info: PinInfo): Promise<PinInfo | ProviderResult> => {
    const waited = await waitPinned(provider, info, run, expected)
    return 'mismatch' in waited
      ? done({
          status: 'mismatch',
          cid: waited.info.cid,
          id: waited.info.id,
          error: waited.mismatch,
        })
      : waited
  }
  try {
    let info: PinInfo
    if (task.kind === 'pin') {
      if (provider.pin === undefined)
        return done({ status: 'failed', error: `${provider.id} cannot pin by CID` })
      host.info(
        `${provider.id}: pinning ${expectedCid}${task.origins.length > 0 ? ` (origins: ${task.origins.length} peer addresses)` : ''}`,
      )
      info = await provider.pin(task.cid, run.tags, { signal: run.signal, origins: task.origins })
    } else if (provider.uploadCar !== undefined) {
      const { car } = task
      host.info(`${provider.id}: uploading the CAR (${formatBytes(car.carSize)})`)
      const t = track(run, provider.id, car.carSize)
      try {
        info = await provider.uploadCar(
          { path: car.carPath, size: car.carSize, root: car.root },
          run.tags,
          { signal: run.signal, progress: t.progress },
        )
      } finally {
        t.done = true
      }
    } else if (provider.uploadFiles !== undefined) {
      const upload = await task.files()
      host.info(
        `${provider.id}: uploading ${countOf(upload.files.length, 'file')} (${formatBytes(task.car.bytes)}); ${provider.id} builds the DAG itself`,
      )
      const t = track(run, provider.id, task.car.bytes, true)
      try {
        info = await provider.uploadFiles({ ...upload, expected: expectedCid }, run.tags, {
          signal: run.signal,
          progress: t.progress,
        })
      } finally {
        t.done = true
      }
    } else {
      return done({ status: 'failed', error: `${provider.id} cannot take uploads` })
    }
    if (pinning.verify !== 'off' && !sameCid(info.cid, expected)) {
      const message = mismatchMessage(provider.id, clean(info.cid), expectedCid, run.profile)
      if (pinning.verify === 'fail')
        return done({ status: 'mismatch', cid: info.cid, id: info.id, error: message })
      host.warning(message)
    }
    if (
      (info.state === 'queued' || info.state === 'pinning') &&
      pinning.wait === 'pinned' &&
      provider.status !== undefined
    ) {
      host.info(
        `${provider.id}: ${info.state}; waiting up to ${formatLimit(pinning.waitTimeoutMs)} for it to be pinned`,
      )
      const waited = await waitFor(info)
      if ('expectedCid' in waited) return waited
      info = waited
    }
    if (info.state !== 'failed') {
      // Another run may have written the labels meanwhile, or removed the pin (absent after it
      // was made): read them back, and pin it again if no later run of the scope removed it.
      const after = await confirmedAfterDeploy(provider, info, {
        tags: run.tags,
        signal: run.signal,
        traits: run.traits.get(provider.id),
        root: expected,
        restore: run.restore,
        log: (level, m) => run.host[level](run.clean(m)),
      })
      if (after.state !== info.state && pinning.wait === 'pinned' && after.state !== 'pinned') {
        // Pinned again after another run removed it: wait for that pin as for the first.
        const waited = await waitFor(after)
        if ('expectedCid' in waited) return waited
        info = waited
      } else info = after
    }
    if (info.state === 'failed' || info.state === 'absent') {
      return done({
        status: 'failed',
        cid: info.cid,
        id: info.id,
        error: `${provider.id}: the pin failed${info.detail !== undefined ? `: ${info.detail}` : ''}`,
      })
    }
    host.info(`${provider.id}: ${info.state} ${shown(clean(info.cid))}`)
    return done({ status: info.state, cid: info.cid, id: info.id })
  } catch (err) {
    return done({
      status: 'failed',
      error: err instanceof ProviderError ? err.message : `${provider.id}: ${errorMessage(err)}`,
    })
  }
}

const succeeded = (r: ProviderResult): boolean =>
  r.status === 'pinned' || r.status === 'queued' || r.status === 'pinning'

/**
 * Multiaddrs the pin-only services may fetch from: the public addresses of the providers that
 * hold the content. Best effort: a provider that cannot say gives none.
 */
async function originsOf(providers: readonly Provider[], run: Run): Promise<string[]> {
  const all: string[] = []
  for (const p of providers) {
    if (p.origins === undefined) continue
    try {
      all.push(...(await p.origins({ signal: run.signal })))
    } catch (err) {
      run.host.debug(`${p.id}: no origins: ${run.clean(errorMessage(err))}`)
    }
  }
  return [...new Set(all)].slice(0, 20)
}

/**
 * Runs the providers and applies the policy. With content to upload: every upload-capable
 * provider takes it (concurrently), then the pin-only ones pin the CID by then on the network,
 * with the uploaders' peers as origins. With `cid`: every provider pins each CID.
 */
export async function deployAll(
  step: UploadStep,
  content:
    | { readonly kind: 'upload'; readonly car: CarResult; readonly collection: Collection }
    | { readonly kind: 'pin'; readonly cids: readonly CID[] },
  host: Host,
  tags: PinTags,
  session: Session,
  transfers?: Transfer[],
): Promise<{ results: ProviderResult[]; failure?: string }> {
  const roots = content.kind === 'upload' ? [content.car.root] : content.cids
  if (step.dryRun) {
    for (const p of step.providers)
      for (const cid of roots) host.info(`${p.id}: dry run, would pin ${cid.toString()}`)
    return {
      results: step.providers.flatMap((p) =>
        roots.map((cid) => ({
          provider: p.id,
          status: 'skipped' as const,
          expectedCid: cid.toString(),
          durationMs: 0,
        })),
      ),
    }
  }
  const run: Run = {
    pinning: step.pinning,
    host,
    tags,
    signal: session.limit(),
    clock: session.clock,
    clean: session.clean,
    profile: step.built?.profile,
    ...(transfers !== undefined ? { transfers } : {}),
    traits: new Map(step.providers.map((p) => [p.id, p.descriptor.traits])),
    restore: step.restore(roots.map((r) => r.toString())),
  }
  const providers = step.providers.map((p) => createProvider(p, session.deps))
  let results: ProviderResult[]
  if (content.kind === 'pin') {
    results = (
      await Promise.all(
        providers.map(async (p) => {
          const out: ProviderResult[] = []
          for (const cid of content.cids)
            out.push(await deployOne(p, run, { kind: 'pin', cid, origins: [] }))
          return out
        }),
      )
    ).flat()
  } else {
    const canUpload = (p: Provider): boolean => {
      const c = capabilitiesOf(p)
      return c.uploadCar || c.uploadFiles
    }
    const uploaders = providers.filter(canUpload)
    const pinners = providers.filter((p) => !canUpload(p))
    let files: Promise<FileUpload> | undefined
    const task: Task = {
      kind: 'upload',
      car: content.car,
      files: () => {
        if (step.built === undefined)
          throw new Error('file uploads need path content (readConfig checks)')
        const { params, wrapWithDirectory } = step.built
        files ??= fileUpload(content.collection, params, wrapWithDirectory)
        return files
      },
    }
    const uploaded = await Promise.all(uploaders.map((p) => deployOne(p, run, task)))
    const holders = uploaders.filter((_, i) => {
      const r = uploaded[i]
      return r !== undefined && succeeded(r)
    })
    let pinned: ProviderResult[] = []
    if (pinners.length > 0 && holders.length === 0) {
      pinned = pinners.map((p) => ({
        provider: p.id,
        status: 'failed' as const,
        expectedCid: content.car.root.toString(),
        durationMs: 0,
        error: `${p.id}: not asked to pin: no upload succeeded, so the content is not on the network for it to fetch`,
      }))
    } else if (pinners.length > 0) {
      const origins = await originsOf(holders, run)
      pinned = await Promise.all(
        pinners.map((p) => deployOne(p, run, { kind: 'pin', cid: content.car.root, origins })),
      )
    }
    // Results in the order the providers were configured.
    const byProvider = new Map([...uploaded, ...pinned].map((r) => [r.provider, r] as const))
    results = providers.flatMap((p) => {
      const r = byProvider.get(p.id)
      return r !== undefined ? [r] : []
    })
  }
  const failed = results.filter((r) => !succeeded(r))
  const reason = (r: ProviderResult): string => r.error ?? `${r.provider}: ${r.status}`
  const required = step.pinning.required
  let failure: string | undefined
  if (required === 'all' && failed.length > 0) failure = failed.map(reason).join('\n')
  else if (required === 'any' && failed.length === results.length)
    failure = `No provider succeeded:\n${failed.map(reason).join('\n')}`
  else if (Array.isArray(required)) {
    const missing = failed.filter((r) => (required as readonly string[]).includes(r.provider))
    if (missing.length > 0) failure = missing.map(reason).join('\n')
  }
  // Failures the policy tolerates are warnings; the others fail the step (by the caller).
  if (failure === undefined) for (const r of failed) host.warning(reason(r))
  return { results, failure }
}
