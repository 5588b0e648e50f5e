/**
 * A spec-faithful IPFS Pinning Service API double (v1.0.0; docs/providers/psa.md) on
 * 127.0.0.1:0, for what `mock-ipfs-pinning-service` does not reproduce: time-based
 * queued → pinning → pinned|failed, a new requestid per add, `count` as the total, newest
 * first, `before` paging with unique `created`, default `status=pinned`, `limit` 1..1000 (400
 * above), 401/404/409 Failure bodies. Modes imitate deviations: `pinata` (add 200, DELETE 200
 * text/plain OK, no default filter, limit ignored, no `name` key when unnamed) and `cluster`
 * (requestid = CID, add 200, all statuses by default, unordered).
 */
import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { startServer, type TestServer } from '../support/server.js'
import { applyFault, type FaultHooks } from './common.js'

export interface PsaPin {
  requestid: string
  cid: string
  name?: string
  meta: Record<string, string>
  origins: string[]
  created: string
  /** Milliseconds after creation at which it turns pinning, then pinned/failed. */
  born: number
  /** Status reads of this request so far (for read-stepped progress). */
  reads: number
}

export interface PsaDouble extends FaultHooks {
  readonly url: string
  readonly server: TestServer
  readonly pins: PsaPin[]
  mode: 'spec' | 'pinata' | 'cluster'
  /** How long a pin stays queued, then pinning (ms); `Infinity` never leaves queued. */
  queuedMs: number
  pinningMs: number
  /**
   * Progress by status reads instead of time (deterministic): a request answers `queued` to
   * its first `queued` reads, `pinning` to the next `pinning`, then settles.
   */
  stepped?: { queued: number; pinning: number }
  /** CIDs that end `failed`. */
  failing: Set<string>
  /** Report this CID for every request instead of the one asked for. */
  lieAboutCid?: string
  /** Answer 409 INSUFFICIENT_FUNDS to adds. */
  broke: boolean
  /** Results per listing page at most, whatever `limit` asks (spec mode). */
  pageCap: number
  /**
   * After the request is handled (a POST has made its request), `truncate` answers half the body,
   * `reset` cuts the connection without an answer: the client cannot tell whether it was taken.
   */
  after?: (n: number, method: string, path: string) => 'truncate' | 'reset' | undefined
  seed(cid: string, over?: Partial<PsaPin>): PsaPin
  close(): Promise<void>
}

const DELEGATES = ['/dns4/pin.example.net/tcp/4001/p2p/12D3KooWDelegateDelegateDelegate']

function send(res: ServerResponse, status: number, value?: unknown): void {
  if (value === undefined) {
    res.writeHead(status)
    res.end()
    return
  }
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(value))
}
const failure = (res: ServerResponse, status: number, reason: string, details?: string): void =>
  send(res, status, { error: { reason, ...(details !== undefined ? { details } : {}) } })

export async function startPsaDouble(token: string): Promise<PsaDouble> {
  const pins: PsaPin[] = []
  const start = Date.now()
  let tick = 0
  const state = {
    pins,
    mode: 'spec',
    queuedMs: 0,
    pinningMs: 0,
    failing: new Set<string>(),
    broke: false,
    pageCap: 1000,
  } as unknown as PsaDouble
  /** Unique, increasing `created` values (ms apart), as `before` paging needs. */
  const created = (): string => new Date(start + tick++).toISOString()
  state.seed = (cid, over = {}) => {
    const pin: PsaPin = {
      requestid: state.mode === 'cluster' ? cid : randomUUID(),
      cid,
      meta: {},
      origins: [],
      created: created(),
      born: Date.now(),
      reads: 0,
      ...over,
    }
    if (state.mode === 'cluster') {
      const i = pins.findIndex((p) => p.requestid === cid)
      if (i >= 0) pins.splice(i, 1)
    }
    pins.push(pin)
    return pin
  }
  const statusOf = (p: PsaPin): string => {
    const steps = state.stepped
    if (steps !== undefined) {
      if (p.reads < steps.queued) return 'queued'
      if (p.reads < steps.queued + steps.pinning) return 'pinning'
      return state.failing.has(p.cid) ? 'failed' : 'pinned'
    }
    const age = Date.now() - p.born
    if (age < state.queuedMs) return 'queued'
    if (age < state.queuedMs + state.pinningMs) return 'pinning'
    return state.failing.has(p.cid) ? 'failed' : 'pinned'
  }
  const view = (p: PsaPin): unknown => ({
    requestid: p.requestid,
    status: statusOf(p),
    created: p.created,
    pin: {
      cid: state.lieAboutCid ?? p.cid,
      ...(p.name !== undefined || state.mode !== 'pinata' ? { name: p.name ?? '' } : {}),
      origins: p.origins,
      meta: p.meta,
    },
    delegates: DELEGATES,
    info: { status_details: `queue position 1 of ${pins.length}` },
  })

  const server = await startServer(
    (req, res, body, n) => {
      const url = new URL(req.url ?? '/', 'http://x')
      if (applyFault(state.fault?.(n, url.pathname, req.method ?? ''), req, res)) return
      const after = state.after?.(n, req.method ?? '', url.pathname)
      if (after !== undefined) {
        const end = res.end.bind(res)
        res.end = ((chunk?: unknown) => {
          if (after === 'reset') {
            req.socket.destroy()
            return res
          }
          const text =
            typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString() : ''
          return end(text.slice(0, Math.floor(text.length / 2)))
        }) as typeof res.end
      }
      const auth = req.headers.authorization
      if (auth !== `Bearer ${token}`)
        return failure(res, 401, 'UNAUTHORIZED', 'Access token is missing or invalid')
      const q = url.searchParams
      const idMatch = /^\/pins\/([^/]+)$/.exec(url.pathname)
      if (url.pathname === '/pins' && req.method === 'GET') {
        const limit = Number(q.get('limit') ?? 10)
        if (state.mode === 'spec' && !(Number.isInteger(limit) && limit >= 1 && limit <= 1000))
          return failure(res, 400, 'BAD_REQUEST', 'limit must be between 1 and 1000')
        const statuses = (q.get('status') ?? (state.mode === 'spec' ? 'pinned' : '')).split(',')
        const cids = q.get('cid')?.split(',')
        let meta: Record<string, string> = {}
        try {
          meta = JSON.parse(q.get('meta') ?? '{}') as Record<string, string>
        } catch {
          return failure(res, 400, 'BAD_REQUEST', 'meta is not JSON')
        }
        const before = q.get('before')
        let rows = pins.filter(
          (p) =>
            (statuses[0] === '' || statuses.includes(statusOf(p))) &&
            (cids === undefined || cids.includes(p.cid)) &&
            (q.get('name') === null || p.name === q.get('name')) &&
            Object.entries(meta).every(([k, v]) => p.meta[k] === v) &&
            (before === null || state.mode === 'pinata' || p.created < before),
        )
        if (state.mode === 'spec') rows = rows.reverse()
        if (state.mode === 'cluster') rows = rows.sort(() => 0.5 - ((tick++ * 7919) % 13) / 13)
        const page = state.mode === 'pinata' ? rows : rows.slice(0, Math.min(limit, state.pageCap))
        return send(res, 200, { count: rows.length, results: page.map(view) })
      }
      if ((url.pathname === '/pins' || idMatch !== null) && req.method === 'POST') {
        if (state.broke) return failure(res, 409, 'INSUFFICIENT_FUNDS', 'top up your account')
        let v: { cid?: unknown; name?: unknown; meta?: unknown; origins?: unknown }
        try {
          v = JSON.parse(body.toString()) as typeof v
        } catch {
          return failure(res, 400, 'BAD_REQUEST', 'body is not JSON')
        }
        if (typeof v.cid !== 'string' || !/^(Qm|b)[A-Za-z0-9]+$/.test(v.cid))
          return failure(res, 400, 'BAD_REQUEST', 'cid is required')
        if (typeof v.name === 'string' && v.name.length > 255)
          return failure(res, 400, 'BAD_REQUEST', 'name longer than 255')
        if (Array.isArray(v.origins) && v.origins.length > 20)
          return failure(res, 400, 'BAD_REQUEST', 'more than 20 origins')
        if (idMatch !== null) {
          const i = pins.findIndex((p) => p.requestid === decodeURIComponent(idMatch[1] ?? ''))
          if (i < 0) return failure(res, 404, 'NOT_FOUND', 'no such request')
          pins.splice(i, 1)
        }
        const pin = state.seed(v.cid, {
          ...(typeof v.name === 'string' ? { name: v.name } : {}),
          meta: (v.meta ?? {}) as Record<string, string>,
          origins: Array.isArray(v.origins) ? (v.origins as string[]) : [],
        })
        return send(res, state.mode === 'spec' ? 202 : 200, view(pin))
      }
      if (idMatch !== null) {
        const id = decodeURIComponent(idMatch[1] ?? '')
        const i = pins.findIndex((p) => p.requestid === id)
        const pin = pins[i]
        if (pin === undefined) return failure(res, 404, 'NOT_FOUND', 'The object was not found')
        if (req.method === 'GET') {
          const answer = view(pin)
          pin.reads++
          return send(res, 200, answer)
        }
        if (req.method === 'DELETE') {
          pins.splice(i, 1)
          if (state.mode === 'pinata') {
            res.writeHead(200, { 'content-type': 'text/plain' })
            return res.end('OK')
          }
          return send(res, 202)
        }
      }
      failure(res, 404, 'NOT_FOUND', `${req.method ?? ''} ${url.pathname}`)
    },
    (req, n) => state.early?.(n, req.method, new URL(req.url ?? '/', 'http://x').pathname),
  )
  Object.assign(state, { url: server.url, server, close: () => server.close() })
  return state
}
