/**
 * Making the site live at its names, after the deploy: the retrieval check first (the content
 * must come back from the gateways, verified), then each name kind in order (src/names/kinds.ts:
 * IPNS, then DNSLink), only once the deploy succeeded and, when the check is on, the content was
 * retrieved. On cleanup, a pull request's own names are retired before anything is unpinned; and
 * every name kind says what its names point to now, which cleanup never unpins. Which names and
 * records a run may write is the run plan's decision (`plan.may`, src/run/plan.ts): every kind
 * asks it for every write.
 */
import type { CID } from 'multiformats/cid'
import { checkRetrieval, type GatewayResult } from '../check/retrieval.js'
import type { CheckConfig } from '../config/types.js'
import type { BlockIndex } from '../content/block-index.js'
import type { KindStep, NameEnv, NameKind, NameResults, ProtectedCid } from '../names/kind.js'

export interface LiveResult extends NameResults {
  readonly checks: GatewayResult[]
  /** Why the run fails, when the check (policy fail), the IPNS publish or a DNS write failed. */
  readonly failure?: string
}

function merge(into: NameResults, step: Partial<NameResults>): void {
  const { failure: _f, ...results } = step as KindStep
  Object.assign(into, results)
}

/** After a deploy that succeeded: check retrieval, then point the names at the content. */
export async function goLive(
  root: CID,
  index: BlockIndex | undefined,
  check: CheckConfig | undefined,
  kinds: readonly NameKind[],
  env: NameEnv,
): Promise<LiveResult> {
  let checks: GatewayResult[] = []
  const results: NameResults = { dnslink: [] }
  if (check !== undefined) {
    checks = await checkRetrieval(root, index, check, env.session, (m) => env.host.info(m))
    const failed = checks.filter((c) => c.status === 'failed')
    if (failed.length > 0) {
      const why = `The retrieval check failed: ${failed.map((f) => `${f.gateway}: ${f.error ?? 'failed'}`).join('; ')}`
      if (check.policy === 'fail') {
        for (const k of kinds) merge(results, k.unchanged('the retrieval check failed', env))
        return { checks, ...results, failure: `${why}. No DNS or IPNS record was changed.` }
      }
      env.host.warning(`${why} (check-policy: warn).`)
    }
  }
  const content = `/ipfs/${root.toV1().toString()}`
  for (const [i, k] of kinds.entries()) {
    const step = await k.set(content, env)
    merge(results, step)
    if (step.failure !== undefined) {
      for (const rest of kinds.slice(i + 1)) merge(results, rest.unchanged(k.notSet, env))
      return { checks, ...results, failure: step.failure }
    }
  }
  return { checks, ...results }
}

/** Every kind's step of `mode: cleanup` (retire) or `mode: republish`, failures joined. */
export async function eachKind(
  kinds: readonly NameKind[],
  step: 'retire' | 'republish',
  env: NameEnv,
): Promise<LiveResult> {
  const results: NameResults = { dnslink: [] }
  const failures: string[] = []
  for (const k of kinds) {
    const r = await k[step](env)
    merge(results, r)
    if (r.failure !== undefined) failures.push(r.failure)
  }
  return {
    checks: [],
    ...results,
    ...(failures.length > 0 ? { failure: failures.join('\n') } : {}),
  }
}

/**
 * The CIDs the configured names point to now, each kind reading its source of truth (the DNS
 * provider's API, not a resolver's cache; the IPNS targets): cleanup never unpins them. A name
 * that cannot be read, or a value that names no CID this run can read, is an error: cleanup
 * then keeps everything rather than guess.
 */
export async function protectedByNames(
  kinds: readonly NameKind[],
  env: NameEnv,
): Promise<{ cids: ProtectedCid[]; error?: string }> {
  const cids: ProtectedCid[] = []
  for (const k of kinds) {
    const r = await k.protects(env)
    cids.push(...r.cids)
    if (r.error !== undefined) return { cids, error: r.error }
  }
  return { cids }
}
