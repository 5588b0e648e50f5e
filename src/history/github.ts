/**
 * The scope's GitHub Deployments, for the history (docs/rollback.md#github-deployments). A deploy
 * with `deployment: true` creates one per run, described `IPFS deploy (<scope>)`, whose final
 * status says `Pinned <cid>` with the environment URL (src/github.ts). Read here: the
 * environment's deployments (newest first, at most 3 pages of 100), those of this scope, and for
 * each of the newest `limit` its latest status (one request each). Whatever GitHub sends is
 * checked for shape; a CID is taken only from a status description the action wrote.
 *
 * The caller passes `get`: a GET through the run's GitHub client (token, retries, masking),
 * with paths relative to `/repos/{owner}/{repo}`.
 */
import { parseCid } from '../cid.js'
import { HISTORY_SHOWN, type GithubDeploymentRecord } from './history.js'

export type GetJson = (
  path: string,
  query: Readonly<Record<string, string | number>>,
) => Promise<unknown>

const PAGES = 3
const PER_PAGE = 100

const str = (v: unknown, max = 500): string | undefined =>
  typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined

/** The CID in a status description the action wrote (`Pinned <cid>`), if it holds one. */
export function cidOfDescription(description: unknown): string | undefined {
  const m = /^Pinned (\S{10,200})$/.exec(str(description, 300) ?? '')
  const cid = m?.[1] !== undefined ? parseCid(m[1]) : undefined
  return cid?.toV1().toString()
}

export async function readGithubDeployments(
  get: GetJson,
  opts: { readonly environment: string; readonly scope: string; readonly limit?: number },
): Promise<GithubDeploymentRecord[]> {
  const limit = opts.limit ?? HISTORY_SHOWN
  const mine = `(${opts.scope})`
  const found: Array<{ id: number; sha?: string; ref?: string; createdAt?: string }> = []
  for (let page = 1; page <= PAGES && found.length < limit; page++) {
    const value = await get('/deployments', {
      environment: opts.environment,
      per_page: PER_PAGE,
      page,
    })
    if (!Array.isArray(value)) break
    for (const d of value as unknown[]) {
      if (typeof d !== 'object' || d === null) continue
      const r = d as Record<string, unknown>
      if (typeof r.id !== 'number' || !Number.isSafeInteger(r.id)) continue
      if (!(str(r.description) ?? '').endsWith(mine)) continue
      const sha = str(r.sha, 64)
      const ref = str(r.ref, 200)
      const createdAt = str(r.created_at, 40)
      found.push({
        id: r.id,
        ...(sha !== undefined ? { sha } : {}),
        ...(ref !== undefined ? { ref } : {}),
        ...(createdAt !== undefined ? { createdAt } : {}),
      })
      if (found.length >= limit) break
    }
    if (value.length < PER_PAGE) break
  }
  const out: GithubDeploymentRecord[] = []
  for (const d of found) {
    const statuses = await get(`/deployments/${d.id}/statuses`, { per_page: 10 })
    // Statuses come newest first; the one that named a CID is the deploy's final status.
    const list = Array.isArray(statuses) ? (statuses as unknown[]) : []
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
  return out
}
