/**
 * A Sagittarius A* double on 127.0.0.1:0 (docs/providers/sagittarius.md): `x-api-key` with several
 * keys, pins as (key, CID) records over one cluster pinset (refcounted), answers that echo the
 * API key, `peer_map` as an array going pin_queued → pinned over reads, and the
 * `X-RateLimit-*` / `X-DailyLimit-*` headers on every answer (429 when spent).
 */
import { startServer, type TestServer } from '../support/server.js'
import { applyFault, type FaultHooks } from './common.js'

export interface SagittariusDouble extends FaultHooks {
  readonly url: string
  readonly server: TestServer
  /** (key, CID) records. */
  readonly records: Set<string>
  /** CIDs pinned on the cluster, with status reads so far. */
  readonly cluster: Map<string, number>
  /** Calls allowed per window before 429; the window resets after `resetSeconds`. */
  perMinute: number
  resetSeconds: number
  daily: number
  /** The `X-DailyLimit-Reset` header (undocumented format: an ISO time, or epoch seconds). */
  dailyReset: string
  /** Report this CID in pin and status answers instead of the one asked for. */
  lieAboutCid?: string
  close(): Promise<void>
}

export async function startSagittariusDouble(
  keys: string[],
  /** The double's time (share a test's fake clock so a rate-limit window can pass at once). */
  now: () => number = Date.now,
): Promise<SagittariusDouble> {
  const records = new Set<string>()
  const cluster = new Map<string, number>()
  const used = new Map<string, { minute: number; day: number; windowStart: number }>()
  const state = {
    records,
    cluster,
    perMinute: 1000,
    resetSeconds: 1,
    daily: 10_000,
    dailyReset: '2026-11-22T00:00:00Z',
  } as unknown as SagittariusDouble
  const ts = (): string => new Date().toISOString()

  const server = await startServer(
    (req, res, _body, n) => {
      const url = new URL(req.url ?? '/', 'http://x')
      if (applyFault(state.fault?.(n, url.pathname, req.method ?? ''), req, res)) return
      const send = (status: number, value: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers })
        res.end(JSON.stringify(value))
      }
      if (url.pathname === '/version') return send(200, { version: '0.2.0' })
      const key = req.headers['x-api-key']
      if (typeof key !== 'string' || !keys.includes(key))
        return send(401, { message: 'Unauthorized: invalid or missing API key' })
      const u = used.get(key) ?? { minute: 0, day: 0, windowStart: now() }
      if (now() - u.windowStart >= state.resetSeconds * 1000) {
        u.minute = 0
        u.windowStart = now()
      }
      u.minute++
      u.day++
      used.set(key, u)
      const limits: Record<string, string> = {
        'x-ratelimit-limit': String(state.perMinute),
        'x-ratelimit-remaining': String(Math.max(0, state.perMinute - u.minute)),
        'x-ratelimit-reset': String(state.resetSeconds),
        'x-dailylimit-limit': String(state.daily),
        'x-dailylimit-remaining': String(Math.max(0, state.daily - u.day)),
        'x-dailylimit-reset': state.dailyReset,
      }
      const answer = (status: number, value: unknown): void => send(status, value, limits)
      if (u.minute > state.perMinute || u.day > state.daily)
        return answer(429, { message: 'Too many requests' })

      const m = /^\/ipfs\/pin\/(add|status|rm)\/([A-Za-z0-9]+)$/.exec(url.pathname)
      const cid = m?.[2] ?? ''
      const record = `${key} ${cid}`
      if (m?.[1] === 'add' && req.method === 'POST') {
        if (records.has(record))
          return answer(200, { message: 'Pin already exists for this CID and API key' })
        records.add(record)
        if (!cluster.has(cid)) cluster.set(cid, 0)
        return answer(200, {
          message: 'Pin added successfully',
          result: { cid: state.lieAboutCid ?? cid, type: 'pin', timestamp: ts() },
          apiKey: key,
        })
      }
      if (m?.[1] === 'status' && req.method === 'GET') {
        const reads = cluster.get(cid)
        const status = reads === undefined ? 'unpinned' : reads < 1 ? 'pin_queued' : 'pinned'
        if (reads !== undefined) cluster.set(cid, reads + 1)
        return answer(200, {
          message: 'Pin status retrieved successfully',
          result: {
            cid: state.lieAboutCid ?? cid,
            peer_map: [
              { peername: 'sgr-peer-1', status, timestamp: ts() },
              { peername: 'sgr-peer-2', status, timestamp: ts() },
            ],
          },
        })
      }
      if (m?.[1] === 'rm' && req.method === 'DELETE') {
        if (!records.has(record))
          return answer(404, { message: 'Pin not found for this CID and API key' })
        records.delete(record)
        const others = [...records].some((r) => r.endsWith(` ${cid}`))
        if (others)
          return answer(200, {
            message:
              'Pin removed successfully from database, but CID remains pinned due to other instances',
          })
        cluster.delete(cid)
        return answer(200, {
          message: 'Pin removed successfully',
          result: { cid, type: 'pin', timestamp: ts() },
          apiKey: key,
        })
      }
      if (url.pathname === '/ipfs/pin/ls' && req.method === 'GET') {
        const mine = [...records].filter((r) => r.startsWith(`${key} `)).map((r) => r.split(' ')[1])
        return answer(200, {
          message: 'Pins retrieved successfully',
          result: mine.map((c) => ({ cid: c, timestamp: ts() })),
        })
      }
      answer(404, { message: 'Not found' })
    },
    (req, n) => state.early?.(n, req.method, new URL(req.url ?? '/', 'http://x').pathname),
  )
  Object.assign(state, { url: server.url, server, close: () => server.close() })
  return state
}
