/**
 * A GitHub REST API double on 127.0.0.1:0 (what `GITHUB_API_URL` points at in tests): issue
 * comments (paged with `per_page`/`page`, created 201, updated by PATCH, deleted 204), commit statuses,
 * deployments and deployment statuses (created, and listed newest first, paged, as GitHub lists
 * them, with `sha` and `created_at`). It checks the Bearer token (401 "Bad credentials"),
 * the JSON bodies and enums, answers 422 "No ref found" for a deployment of a ref the
 * repository does not have (when `refs` is set), and can refuse a kind of call with GitHub's
 * 403 "Resource not accessible by integration", as a token without that permission gets.
 */
import type { ServerResponse } from 'node:http'
import { startServer, type TestServer } from '../support/server.js'
import { applyFault, type FaultHooks } from './common.js'

export type Kind = 'comment' | 'status' | 'deployment'

export interface GithubDouble extends Pick<FaultHooks, 'fault'> {
  readonly url: string
  readonly server: TestServer
  /** Comments by issue number. */
  readonly comments: Map<number, Array<{ id: number; body: string; user: string }>>
  readonly statuses: Array<{
    sha: string
    state: string
    context: string
    target_url?: string
    description?: string
  }>
  readonly deployments: Array<{
    id: number
    ref: string
    /** The commit the ref resolved to (a 40-hex ref is its own; a branch: `refs`'s). */
    sha: string
    environment: string
    transient: boolean
    description?: string
    created_at: string
    statuses: Array<{
      state: string
      environment_url?: string
      description?: string
      log_url?: string
    }>
  }>
  /**
   * The refs the repository has, each with its commit: when set, a deployment of any other ref
   * is refused with 422, as GitHub refuses a commit it does not have (a force-push removed it).
   */
  refs?: Map<string, string>
  /** Kinds of call answered 403 (the token lacks the permission). */
  readonly deny: Set<Kind>
  close(): Promise<void>
}

const STATUS_STATES = ['error', 'failure', 'pending', 'success']
const DEPLOYMENT_STATES = [
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success',
]

export async function startGithubDouble(token: string, repo = 'acme/site'): Promise<GithubDouble> {
  let nextId = 1000
  // Creation times from a counter: one minute apart, in creation order (no wall clock).
  let created = Date.UTC(2026, 10, 20)
  const stamp = (): string => new Date((created += 60_000)).toISOString()
  const state = {
    comments: new Map(),
    statuses: [],
    deployments: [],
    deny: new Set<Kind>(),
  } as unknown as GithubDouble
  const send = (res: ServerResponse, status: number, value: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify(value))
  }
  const refuse = (res: ServerResponse): void =>
    send(res, 403, {
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest',
      status: '403',
    })
  const invalid = (res: ServerResponse, why: string): void =>
    send(res, 422, { message: 'Validation Failed', errors: [{ message: why }] })

  let n = 0
  const server = await startServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (req.headers.authorization !== `Bearer ${token}`)
      return send(res, 401, { message: 'Bad credentials', status: '401' })
    if (applyFault(state.fault?.(++n, url.pathname, req.method ?? ''), req, res)) return
    if (
      req.headers['x-github-api-version'] === undefined ||
      req.headers['user-agent'] === undefined
    )
      return send(res, 400, { message: 'missing API version or user agent' })
    const prefix = `/repos/${repo}`
    if (!url.pathname.startsWith(`${prefix}/`)) return send(res, 404, { message: 'Not Found' })
    const p = url.pathname.slice(prefix.length)
    let json: Record<string, unknown> = {}
    if (req.method === 'POST' || req.method === 'PATCH') {
      try {
        json = JSON.parse(body.toString()) as Record<string, unknown>
      } catch {
        return send(res, 400, { message: 'Problems parsing JSON' })
      }
    }
    let m: RegExpExecArray | null
    if ((m = /^\/issues\/(\d+)\/comments$/.exec(p)) !== null) {
      if (state.deny.has('comment')) return refuse(res)
      const n = Number(m[1])
      const list = state.comments.get(n) ?? []
      if (req.method === 'GET') {
        const per = Math.min(100, Number(url.searchParams.get('per_page') ?? 30))
        const page = Number(url.searchParams.get('page') ?? 1)
        return send(res, 200, list.slice((page - 1) * per, page * per))
      }
      if (req.method === 'POST') {
        if (typeof json.body !== 'string' || json.body === '')
          return invalid(res, 'body is required')
        const c = { id: nextId++, body: json.body, user: 'github-actions[bot]' }
        state.comments.set(n, [...list, c])
        return send(res, 201, c)
      }
    }
    if ((m = /^\/issues\/comments\/(\d+)$/.exec(p)) !== null && req.method === 'DELETE') {
      if (state.deny.has('comment')) return refuse(res)
      const id = Number(m[1])
      for (const [issue, list] of state.comments) {
        const i = list.findIndex((x) => x.id === id)
        if (i < 0) continue
        state.comments.set(issue, [...list.slice(0, i), ...list.slice(i + 1)])
        res.writeHead(204)
        return res.end()
      }
      return send(res, 404, { message: 'Not Found' })
    }
    if ((m = /^\/issues\/comments\/(\d+)$/.exec(p)) !== null && req.method === 'PATCH') {
      if (state.deny.has('comment')) return refuse(res)
      const id = Number(m[1])
      const c = [...state.comments.values()].flat().find((x) => x.id === id)
      if (c === undefined) return send(res, 404, { message: 'Not Found' })
      if (typeof json.body !== 'string') return invalid(res, 'body is required')
      c.body = json.body
      return send(res, 200, c)
    }
    if ((m = /^\/statuses\/([0-9a-f]{40})$/.exec(p)) !== null && req.method === 'POST') {
      if (state.deny.has('status')) return refuse(res)
      if (!STATUS_STATES.includes(String(json.state))) return invalid(res, 'state')
      if (typeof json.description === 'string' && json.description.length > 140)
        return invalid(res, 'description is too long (maximum is 140 characters)')
      const s = {
        sha: m[1] ?? '',
        state: String(json.state),
        context: typeof json.context === 'string' ? json.context : 'default',
        ...(typeof json.target_url === 'string' ? { target_url: json.target_url } : {}),
        ...(typeof json.description === 'string' ? { description: json.description } : {}),
      }
      state.statuses.push(s)
      return send(res, 201, { id: nextId++, ...s })
    }
    if (p === '/deployments' && req.method === 'POST') {
      if (state.deny.has('deployment')) return refuse(res)
      if (typeof json.ref !== 'string' || typeof json.environment !== 'string')
        return invalid(res, 'ref and environment are required')
      const ref = json.ref
      const sha =
        state.refs !== undefined
          ? state.refs.get(ref)
          : /^[0-9a-f]{40}$/.test(ref)
            ? ref
            : 'b'.repeat(40)
      if (sha === undefined)
        return send(res, 422, {
          message: `No ref found for: ${ref}`,
          documentation_url:
            'https://docs.github.com/rest/deployments/deployments#create-a-deployment',
          status: '422',
        })
      const d = {
        id: nextId++,
        ref,
        sha,
        environment: json.environment,
        transient: json.transient_environment === true,
        ...(typeof json.description === 'string' ? { description: json.description } : {}),
        created_at: stamp(),
        statuses: [],
      }
      state.deployments.push(d)
      return send(res, 201, { id: d.id, ref: d.ref, sha: d.sha, environment: d.environment })
    }
    if (p === '/deployments' && req.method === 'GET') {
      if (state.deny.has('deployment')) return refuse(res)
      const q = new URL(req.url ?? '/', 'http://x').searchParams
      const perPage = Math.min(100, Number(q.get('per_page') ?? 30))
      const page = Number(q.get('page') ?? 1)
      const env = q.get('environment')
      const all = state.deployments
        .filter((d) => env === null || d.environment === env)
        .slice()
        .reverse()
      return send(
        res,
        200,
        all.slice((page - 1) * perPage, page * perPage).map((d) => ({
          id: d.id,
          ref: d.ref,
          sha: d.sha,
          task: 'deploy',
          environment: d.environment,
          description: d.description ?? null,
          created_at: d.created_at,
          updated_at: d.created_at,
          creator: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
        })),
      )
    }
    if ((m = /^\/deployments\/(\d+)\/statuses$/.exec(p)) !== null && req.method === 'GET') {
      if (state.deny.has('deployment')) return refuse(res)
      const d = state.deployments.find((x) => x.id === Number(m?.[1]))
      if (d === undefined) return send(res, 404, { message: 'Not Found' })
      const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30))
      const page = Number(url.searchParams.get('page') ?? 1)
      const all = d.statuses.map((x, i) => ({ id: d.id * 1000 + i, ...x })).reverse()
      return send(res, 200, all.slice((page - 1) * perPage, page * perPage))
    }
    if ((m = /^\/deployments\/(\d+)\/statuses$/.exec(p)) !== null && req.method === 'POST') {
      if (state.deny.has('deployment')) return refuse(res)
      const d = state.deployments.find((x) => x.id === Number(m?.[1]))
      if (d === undefined) return send(res, 404, { message: 'Not Found' })
      if (!DEPLOYMENT_STATES.includes(String(json.state))) return invalid(res, 'state')
      if (typeof json.description === 'string' && json.description.length > 140)
        return invalid(res, 'description is too long (maximum is 140 characters)')
      d.statuses.push({
        state: String(json.state),
        ...(typeof json.environment_url === 'string'
          ? { environment_url: json.environment_url }
          : {}),
        ...(typeof json.description === 'string' ? { description: json.description } : {}),
        ...(typeof json.log_url === 'string' ? { log_url: json.log_url } : {}),
      })
      return send(res, 201, { id: nextId++, state: json.state })
    }
    return send(res, 404, { message: 'Not Found' })
  })
  return Object.assign(state, { url: server.url, server, close: () => server.close() })
}
