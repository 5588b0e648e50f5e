/**
 * The scope's GitHub Deployments, for the history (docs/rollback.md#github-deployments). With
 * `deployment: true` a deploy creates one per run, described `IPFS deploy (<scope>)`, and a
 * rollback one for its target, `IPFS rollback (<scope>)`; the final status of each says
 * `Pinned <cid>` with the environment URL (src/run/feedback.ts). Read here: the environment's
 * deployments (newest first, at most 3 pages, of which at most 100 entries each are looked at),
 * those of this scope, and for each of the newest `limit` its latest statuses (one request each,
 * at most 10 looked at). Whatever GitHub sends is checked for shape and length; a CID is taken
 * only from a status description the action wrote.
 *
 * The caller passes `get`: a GET through the run's GitHub client (token, retries, masking,
 * bounded body: src/run/github.ts), with paths relative to `/repos/{owner}/{repo}`.
 */
import { createHash } from 'node:crypto'
import { parseCid } from '../cid.js'
import { HISTORY_SHOWN, type GithubDeploymentRecord } from './history.js'

export type GetJson = (
  path: string,
  query: Readonly<Record<string, string | number>>,
) => Promise<unknown>

const PAGES = 3
const PER_PAGE = 100
/** Statuses read per deployment: the final one is among the newest few. */
const STATUSES = 10

const str = (v: unknown, max = 500): string | undefined =>
  typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined

/** GitHub keeps this many characters of a deployment's description. */
const DESCRIPTION_MAX = 140
const LONGEST_KIND = 'IPFS rollback '

/**
 * The end of a Deployment's description that names its scope: `(<scope>)`. A scope too long for
 * GitHub's 140 characters (scopes may have 200) is cut and followed by 12 hex digits of its
 * SHA-256, so the description still ends with a tag of this scope only, and fits.
 */
export function scopeTag(scope: string): string {
  const whole = `(${scope})`
  if (LONGEST_KIND.length + whole.length <= DESCRIPTION_MAX) return whole
  const digest = createHash('sha256').update(scope).digest('hex').slice(0, 12)
  const room = DESCRIPTION_MAX - LONGEST_KIND.length - '(…)'.length - digest.length
  return `(${scope.slice(0, room)}…${digest})`
}

/** The description of a deploy's or a rollback's Deployment: `IPFS deploy (<scope>)`. */
export const deploymentDescription = (kind: 'deploy' | 'rollback', scope: string): string =>
  `IPFS ${kind} ${scopeTag(scope)}`

/** The CID in a status description the action wrote (`Pinned <cid>`), if it holds one. */
export function cidOfDescription(description: unknown): string | undefined {
  const m = /^Pinned (\S{10,200})$/.exec(str(description, 300) ?? '')
  const cid = m?.[1] !== undefined ? parseCid(m[1]) : undefined
  return cid?.toV1().toString()
}

/**
 * The scope's Deployments of `environment`, newest first, as GitHub lists them: at most `pages`
 * pages of 100, each looked at only as far as asked, each id once, only those whose description
 * ends with the scope's tag. Read by the history and by a closed pull request's cleanup, which
 * marks its previews' Deployments inactive (src/run/feedback.ts).
 */
export async function* scopeDeployments(
  get: GetJson,
  opts: { readonly environment: string; readonly scope: string; readonly pages: number },
): AsyncGenerator<{
  readonly id: number
  readonly description: string
  readonly raw: Record<string, unknown>
}> {
  const mine = scopeTag(opts.scope)
  const seen = new Set<number>()
  for (let page = 1; page <= opts.pages; page++) {
    const value = await get('/deployments', {
      environment: opts.environment,
      per_page: PER_PAGE,
      page,
    })
    if (!Array.isArray(value)) return
    // A page longer than asked for is looked at only as far as asked.
    for (const d of (value as unknown[]).slice(0, PER_PAGE)) {
      if (typeof d !== 'object' || d === null) continue
      const r = d as Record<string, unknown>
      if (typeof r.id !== 'number' || !Number.isSafeInteger(r.id) || seen.has(r.id)) continue
      const description = str(r.description) ?? ''
      if (!description.endsWith(mine)) continue
      seen.add(r.id)
      yield { id: r.id, description, raw: r }
    }
    if (value.length < PER_PAGE) return
  }
}

export async function readGithubDeployments(
  get: GetJson,
  opts: { readonly environment: string; readonly scope: string; readonly limit?: number },
): Promise<GithubDeploymentRecord[]> {
  const limit = opts.limit ?? HISTORY_SHOWN
  const found: Array<{
    id: number
    sha?: string
    ref?: string
    createdAt?: string
    rollback: boolean
  }> = []
  if (limit > 0)
    for await (const { id, description, raw: r } of scopeDeployments(get, {
      environment: opts.environment,
      scope: opts.scope,
      pages: PAGES,
    })) {
      const sha = str(r.sha, 64)
      const ref = str(r.ref, 200)
      const createdAt = str(r.created_at, 40)
      found.push({
        id,
        ...(sha !== undefined ? { sha } : {}),
        ...(ref !== undefined ? { ref } : {}),
        ...(createdAt !== undefined ? { createdAt } : {}),
        rollback: description.startsWith('IPFS rollback ('),
      })
      if (found.length >= limit) break
    }
  const out: Array<GithubDeploymentRecord & { rollback: boolean }> = []
  for (const d of found) {
    const statuses = await get(`/deployments/${d.id}/statuses`, { per_page: STATUSES })
    // Statuses come newest first; the one that named a CID is the deploy's final status.
    const list = Array.isArray(statuses) ? (statuses as unknown[]).slice(0, STATUSES) : []
    const latest = list.find((s) => typeof s === 'object' && s !== null) as
      Record<string, unknown> | undefined
    const named = list
      .map((s) => (typeof s === 'object' && s !== null ? (s as Record<string, unknown>) : {}))
      .find((s) => cidOfDescription(s.description) !== undefined)
    const cid = cidOfDescription(named?.description)
    const state = str(latest?.state, 20)
    const url = str(named?.environment_url, 2000)
    out.push({
      ...d,
      ...(cid !== undefined ? { cid } : {}),
      ...(state !== undefined ? { state } : {}),
      ...(url !== undefined && /^https?:\/\//.test(url) ? { environmentUrl: url } : {}),
    })
  }
  // A rollback deploys nothing new: its target keeps the time of the deploy that made it (as
  // its labels do), when that deploy is among those read; GitHub's newest record, its state and
  // URL still come from the rollback's Deployment.
  return out.map(({ rollback, ...d }) => {
    const deploy = rollback ? out.find((x) => !x.rollback && x.cid === d.cid) : undefined
    return deploy?.createdAt !== undefined ? { ...d, createdAt: deploy.createdAt } : d
  })
}
