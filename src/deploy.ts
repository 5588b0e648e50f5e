/**
 * Hands the CAR to every configured provider, verifies each CID it reports against the local
 * one, and decides the step's result from the `required-providers` policy. One result per
 * provider, whatever happened to the others.
 */
import { CID } from 'multiformats/cid'
import type { Config, ProviderId } from './config/config.js'
import type { CarResult } from './content/car.js'
import { ProviderError, errorMessage } from './errors.js'
import { DEFAULT_RETRY, sleep } from './http/retry.js'
import { masker, type Host } from './io.js'
import { createProvider } from './providers/registry.js'
import type { PinInfo, PinTags, Provider } from './providers/types.js'

export type ResultStatus = 'pinned' | 'queued' | 'pinning' | 'failed' | 'mismatch' | 'skipped'

/** One entry of the `results` output. */
export interface ProviderResult {
  readonly provider: ProviderId
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

/** Does the reported CID name the same block as the local one (any base, v0 or v1)? */
export function sameCid(reported: string, local: CID): boolean {
  try {
    const r = CID.parse(reported)
    return (
      r.multihash.code === local.multihash.code &&
      Buffer.from(r.multihash.digest).equals(Buffer.from(local.multihash.digest)) &&
      r.code === local.code
    )
  } catch {
    return false
  }
}

export function mismatchMessage(
  provider: string,
  reported: string,
  local: string,
  profile: string,
): string {
  return (
    `${provider} reported CID ${reported}, but the CID computed locally is ${local}. The content the provider holds is not the ` +
    `content built here. Likely causes: the provider built the DAG with other import parameters (this run used cid-profile ` +
    `${profile}), hidden files were included differently (hidden-files), or one side wrapped the content in a directory ` +
    `(wrap-with-directory). Set verify: warn to accept it.`
  )
}

const profileOf = (config: Config): string =>
  config.content.kind === 'path' ? config.content.profile : ''

/**
 * Polls the pin's status until it is pinned or failed, or `wait-timeout` passes: first at once,
 * then with growing pauses (1 s, ×1.5, at most 15 s). Every CID read back is verified too.
 */
async function waitPinned(
  provider: Provider,
  first: PinInfo,
  config: Config,
  car: CarResult,
  profile: string,
  host: Host,
): Promise<PinInfo> {
  const deadline = performance.now() + config.pinning.waitTimeoutMs
  let info = first
  let pause = 0
  const timedOut = (): PinInfo => ({
    ...info,
    state: 'failed',
    detail: `still ${info.state} after ${Math.round(config.pinning.waitTimeoutMs / 1000)} s (wait-timeout)`,
  })
  for (;;) {
    const left = deadline - performance.now()
    if (left <= 0) return timedOut()
    await sleep(Math.min(pause, left))
    pause = pause === 0 ? 1000 : Math.min(15_000, pause * 1.5)
    if (provider.status === undefined) return info
    let next: PinInfo
    try {
      next = await provider.status(
        { cid: info.cid, id: info.id },
        { signal: AbortSignal.timeout(Math.max(1, Math.round(deadline - performance.now()))) },
      )
    } catch (err) {
      // A status read cut short by the deadline means the wait ran out, not that the provider failed.
      if (performance.now() >= deadline - 5) return timedOut()
      throw err
    }
    if (config.pinning.verify === 'fail' && !sameCid(next.cid, car.root)) {
      return {
        ...next,
        state: 'failed',
        detail: mismatchMessage(provider.id, next.cid, car.root.toString(), profile),
      }
    }
    info = { ...next, id: next.id ?? info.id }
    if (info.state === 'pinned' || info.state === 'failed' || info.state === 'absent') return info
    host.debug(`${provider.id}: ${info.state}`)
  }
}

async function deployOne(
  provider: Provider,
  car: CarResult,
  tags: PinTags,
  config: Config,
  host: Host,
): Promise<ProviderResult> {
  const started = performance.now()
  const expectedCid = car.root.toString()
  const base = { provider: provider.id, expectedCid }
  const done = (
    r: Omit<ProviderResult, 'durationMs' | 'provider' | 'expectedCid'>,
  ): ProviderResult => ({ ...base, ...r, durationMs: Math.round(performance.now() - started) })
  try {
    let info: PinInfo
    if (provider.uploadCar !== undefined) {
      host.info(`${provider.id}: uploading the CAR (${car.carSize} bytes)`)
      info = await provider.uploadCar(
        { path: car.carPath, size: car.carSize, root: car.root },
        tags,
      )
    } else {
      return done({
        status: 'failed',
        error: `${provider.id} cannot take uploads; pin-only providers come with the next version`,
      })
    }
    if (config.pinning.verify !== 'off' && !sameCid(info.cid, car.root)) {
      const message = mismatchMessage(provider.id, info.cid, expectedCid, profileOf(config))
      if (config.pinning.verify === 'fail')
        return done({ status: 'mismatch', cid: info.cid, id: info.id, error: message })
      host.warning(message)
    }
    if (
      (info.state === 'queued' || info.state === 'pinning') &&
      config.pinning.wait === 'pinned' &&
      provider.status !== undefined
    ) {
      host.info(
        `${provider.id}: ${info.state}; waiting up to ${Math.round(config.pinning.waitTimeoutMs / 1000)} s for it to be pinned`,
      )
      info = await waitPinned(provider, info, config, car, profileOf(config), host)
    }
    if (info.state === 'failed' || info.state === 'absent') {
      return done({
        status: 'failed',
        cid: info.cid,
        id: info.id,
        error: `${provider.id}: the pin failed${info.detail !== undefined ? `: ${info.detail}` : ''}`,
      })
    }
    host.info(`${provider.id}: ${info.state} ${info.cid}`)
    return done({ status: info.state, cid: info.cid, id: info.id })
  } catch (err) {
    const message =
      err instanceof ProviderError ? err.message : `${provider.id}: ${errorMessage(err)}`
    return done({ status: 'failed', error: message })
  }
}

/** Runs every provider (concurrently: they are independent services) and applies the policy. */
export async function deployAll(
  config: Config,
  car: CarResult,
  host: Host,
  tags: PinTags,
): Promise<{ results: ProviderResult[]; failure?: string }> {
  if (config.cleanup.dryRun) {
    for (const p of config.providers)
      host.info(`${p.id}: dry run, would upload ${car.root.toString()}`)
    return {
      results: config.providers.map((p) => ({
        provider: p.id,
        status: 'skipped',
        expectedCid: car.root.toString(),
        durationMs: 0,
      })),
    }
  }
  // Errors end up in outputs and the summary too, which the runner does not mask: redact here.
  const mask = masker()
  for (const s of config.secrets) mask.add(s)
  const deps = {
    stallMs: config.pinning.requestTimeoutMs,
    retry: { ...DEFAULT_RETRY, retries: config.pinning.retries },
    redact: (t: string): string => mask.mask(t),
    log: (m: string) => host.info(m),
    setSecret: (v: string) => {
      mask.add(v)
      host.setSecret(v)
    },
  }
  const providers = config.providers.map((p) => createProvider(p, deps))
  const results = await Promise.all(providers.map((p) => deployOne(p, car, tags, config, host)))
  const ok = (r: ProviderResult): boolean =>
    r.status === 'pinned' || r.status === 'queued' || r.status === 'pinning'
  const failed = results.filter((r) => !ok(r))
  const required = config.pinning.required
  let failure: string | undefined
  if (required === 'all' && failed.length > 0)
    failure = failed.map((r) => r.error ?? `${r.provider}: ${r.status}`).join('\n')
  else if (required === 'any' && failed.length === results.length)
    failure = `No provider succeeded:\n${failed.map((r) => r.error ?? r.provider).join('\n')}`
  else if (Array.isArray(required)) {
    const missing = failed.filter((r) => (required as readonly string[]).includes(r.provider))
    if (missing.length > 0)
      failure = missing.map((r) => r.error ?? `${r.provider}: ${r.status}`).join('\n')
  }
  // Failures the policy tolerates are warnings; the others fail the step (by the caller).
  if (failure === undefined)
    for (const r of failed) host.warning(r.error ?? `${r.provider}: ${r.status}`)
  return { results, failure }
}
