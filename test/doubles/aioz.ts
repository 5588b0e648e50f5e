/**
 * An AIOZ W3IPFS double on 127.0.0.1:0, under `/api` (docs/providers/aioz.md):
 * - headers `pinning_api_key` / `pinning_secret_key` (underscores; nothing drops them here);
 *   missing or wrong → 401 `{"status":"error","message":…}` (the status code is assumed).
 * - every answer wrapped in `{"data": …, "status": "success"}`; pins with Go zero times for
 *   "never", microsecond timestamps and a hex `root_hash`.
 * - `POST /pinning/` → 201: multipart `file` parts under one root folder and a `metadata` JSON
 *   string; the CID is recomputed from the received bytes with the reference implementation
 *   (CIDv1, raw leaves, kubo's 256 KiB chunks). The same content again: "already exists".
 * - `POST /pinning/pinByHash` → 200, the pin `pinned:false` until `pinAfterReads` reads (or it
 *   fails, or never finishes); again for a pinned CID: "already exists".
 * - `GET /pinning/{id}`, `GET /pinning/pins/` (offset, limit, pinned, sortBy, sortOrder,
 *   `totals.files`), `DELETE /pinning/unpin/{id}`.
 * - Without the trailing slash, `/pinning` and `/pinning/pins` redirect to an HTML page.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CID } from 'multiformats/cid'
import { startServer, type TestServer } from '../support/server.js'
import {
  KUBO_V1,
  applyFault,
  cidOfUploadedFiles,
  multipartForm,
  type FaultHooks,
} from './common.js'

export interface AiozPin {
  id: string
  cid: string
  name: string
  keyvalues: Record<string, string>
  pinned: boolean
  status: string
  byHash: boolean
  created: string
  unpinned?: string
  reads: number
}

export interface AiozDouble extends FaultHooks {
  readonly url: string
  readonly server: TestServer
  readonly pins: AiozPin[]
  /** Status reads before a pin-by-hash reports pinned (default 1). */
  pinAfterReads: number
  /** How pin-by-hash ends: pinned, failed, or never. */
  hashOutcome: 'pinned' | 'failed' | 'stuck'
  lieAboutCid?: string
  /** Pins per listing page at most, whatever `limit` asks. */
  pageCap: number
  seed(pin: Partial<AiozPin> & { cid: string }): AiozPin
  close(): Promise<void>
}

const ZERO_TIME = '0001-01-01T00:00:00Z'

function send(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(value))
}
const ok = (res: ServerResponse, status: number, data: unknown): void =>
  send(res, status, { data, status: 'success' })
const fail = (res: ServerResponse, status: number, message: string): void =>
  send(res, status, { status: 'error', message })

export async function startAiozDouble(creds: { key: string; secret: string }): Promise<AiozDouble> {
  const pins: AiozPin[] = []
  let clock = Date.parse('2026-01-01T00:00:00Z')
  // Go prints microseconds.
  const now = (): string => new Date((clock += 1000)).toISOString().replace('Z', '123Z')
  const state = {
    pins,
    pinAfterReads: 1,
    hashOutcome: 'pinned',
    pageCap: 1000,
  } as unknown as AiozDouble
  const seed = (p: Partial<AiozPin> & { cid: string }): AiozPin => {
    const pin: AiozPin = {
      id: randomUUID(),
      name: p.cid,
      keyvalues: {},
      pinned: true,
      status: 'DONE',
      byHash: false,
      created: now(),
      reads: 0,
      ...p,
    }
    pins.push(pin)
    return pin
  }
  state.seed = seed
  const active = (cid: string): AiozPin | undefined =>
    pins.find((p) => p.cid === cid && p.unpinned === undefined)

  const view = (p: AiozPin): unknown => {
    let rootHash = ''
    try {
      rootHash = Buffer.from(CID.parse(p.cid).multihash.bytes).toString('hex')
    } catch {
      // a CID the double was told to lie with
    }
    return {
      id: p.id,
      file_record_id: randomUUID(),
      root_hash: rootHash,
      cid: p.cid,
      size: 1,
      user_id: 'c2452942-0000-4000-8000-000000000000',
      date_pinned: p.pinned ? p.created : ZERO_TIME,
      date_unpinned: p.unpinned ?? ZERO_TIME,
      pinned: p.pinned,
      is_pin_by_hash: p.byHash,
      sub_hash_status: p.status,
      is_dir: false,
      metadata: { name: p.name, keyvalues: p.keyvalues },
      status: p.status,
      created_at: p.created,
      updated_at: p.created,
    }
  }

  /** A status look moves a pin-by-hash on. */
  const advance = (p: AiozPin): void => {
    if (p.pinned || p.unpinned !== undefined || !p.byHash) return
    p.reads++
    if (p.reads < state.pinAfterReads || state.hashOutcome === 'stuck') p.status = 'PINNING'
    else if (state.hashOutcome === 'failed') p.status = 'FAILED'
    else {
      p.pinned = true
      p.status = 'DONE'
    }
  }

  async function upload(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    if (!(req.headers['content-type'] ?? '').startsWith('multipart/form-data'))
      return fail(res, 400, "request Content-Type isn't multipart/form-data")
    const form = await multipartForm(req, body)
    let meta: { name?: string; keyvalues?: Record<string, string> } = {}
    try {
      const raw = form.fields.get('metadata')?.[0]
      if (raw !== undefined) meta = JSON.parse(raw) as typeof meta
    } catch {
      return fail(res, 400, 'metadata must be a JSON string')
    }
    const built = await cidOfUploadedFiles(form.files, KUBO_V1)
    if ('error' in built) return fail(res, 400, built.error)
    const cid = state.lieAboutCid ?? built.cid
    if (active(cid) !== undefined) return fail(res, 400, `pin with cid ${cid} already exists`)
    const pin = seed({
      cid,
      name: meta.name ?? form.files[0]?.filename ?? cid,
      keyvalues: meta.keyvalues ?? {},
    })
    ok(res, 201, view(pin))
  }

  const server = await startServer(
    async (req, res, body, n) => {
      const url = new URL(req.url ?? '/', 'http://x')
      if (applyFault(state.fault?.(n, url.pathname, req.method ?? ''), req, res)) return
      if (!url.pathname.startsWith('/api/')) return fail(res, 404, 'not found')
      const path = url.pathname.slice(4)
      if (path === '/pinning' || path === '/pinning/pins' || path === '/pinning/pinByHash') {
        res.writeHead(301, { location: `${url.pathname}/`, 'content-type': 'text/html' })
        return res.end(`<a href="${url.pathname}/">Moved Permanently</a>.`)
      }
      if (
        req.headers.pinning_api_key !== creds.key ||
        req.headers.pinning_secret_key !== creds.secret
      )
        return fail(res, 401, 'Unauthorized: invalid pinning_api_key or pinning_secret_key')
      const route = `${req.method ?? ''} ${path}`
      const q = url.searchParams
      if (route === 'POST /pinning/') return upload(req, res, body)
      if (route === 'POST /pinning/pinByHash/') {
        let v: {
          hash_to_pin?: unknown
          metadata?: { name?: string; keyvalues?: Record<string, string> }
        }
        try {
          v = JSON.parse(body.toString()) as typeof v
          CID.parse(String(v.hash_to_pin))
        } catch {
          return fail(res, 400, 'hash_to_pin is not a valid cid')
        }
        const cid = String(v.hash_to_pin)
        if (active(cid) !== undefined) return fail(res, 400, `pin with cid ${cid} already exists`)
        const pin = seed({
          cid,
          name: v.metadata?.name ?? cid,
          keyvalues: v.metadata?.keyvalues ?? {},
          pinned: false,
          status: 'PINNING',
          byHash: true,
        })
        return ok(res, 200, view(pin))
      }
      if (route === 'GET /pinning/pins/') {
        const offset = Number(q.get('offset') ?? 0)
        const limit = Number(q.get('limit') ?? 10)
        if (!(limit >= 1 && limit <= 1000)) return fail(res, 400, 'limit must be 1..1000')
        const pinned = q.get('pinned') ?? 'all'
        for (const p of pins) advance(p)
        let rows = pins.filter(
          (p) => pinned === 'all' || (pinned === 'true') === (p.pinned && p.unpinned === undefined),
        )
        if ((q.get('sortOrder') ?? 'DESC') === 'DESC') rows = [...rows].reverse()
        return ok(res, 200, {
          totals: { files: rows.length, size: rows.length },
          pins: rows.slice(offset, offset + Math.min(limit, state.pageCap)).map(view),
        })
      }
      const byId = /^\/pinning\/([0-9a-f-]{36})$/.exec(path)
      if (req.method === 'GET' && byId?.[1] !== undefined) {
        const pin = pins.find((p) => p.id === byId[1])
        if (pin === undefined) return fail(res, 404, 'pin not found')
        advance(pin)
        return ok(res, 200, view(pin))
      }
      const unpin = /^\/pinning\/unpin\/([^/]+)$/.exec(path)
      if (req.method === 'DELETE' && unpin?.[1] !== undefined) {
        const pin = pins.find((p) => p.id === unpin[1] && p.unpinned === undefined)
        if (pin === undefined) return fail(res, 404, 'pin not found')
        pin.unpinned = now()
        pin.pinned = false
        return ok(res, 200, view(pin))
      }
      fail(res, 404, `${route} not found`)
    },
    (req, n) => state.early?.(n, req.method, new URL(req.url ?? '/', 'http://x').pathname),
  )
  Object.assign(state, { url: `${server.url}/api`, server, close: () => server.close() })
  return state
}
