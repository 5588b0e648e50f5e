/**
 * A Pinata legacy-API double on 127.0.0.1:0 (docs/providers/pinata.md):
 * - auth by `Authorization: Bearer <JWT>` or `pinata_api_key` + `pinata_secret_api_key`; none
 *   → 400 `KEYS_MUST_BE_STRINGS`, wrong → 401 `INVALID_CREDENTIALS`.
 * - `POST /pinning/pinFileToIPFS`: real multipart parsing; `file` parts under one common root
 *   folder; `pinataMetadata` / `pinataOptions` must be JSON strings; ≤ 10 keyvalues. The CID is
 *   recomputed from the received bytes with the reference implementation and kubo's parameters
 *   for `cidVersion` (default 0), so a wrong upload shows up as a wrong CID.
 * - `POST /pinning/pinByHash` queues a job: prechecking → searching → retrieving → pinned over
 *   successive status reads, or `expired`, or stuck; `GET /pinning/pinJobs`.
 * - `GET /data/pinList`: `status` (default all: unpinned rows come back too), `cid`,
 *   `pageLimit` (default 10, > 1000 is a 400), `pageOffset`, `metadata[name]` (substring),
 *   `metadata[keyvalues]` (JSON, `eq` and `like`), newest first.
 * - `DELETE /pinning/unpin/{cid}`: 200 `text/plain` `OK`, or 400 `CURRENT_USER_HAS_NOT_PINNED_CID`.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { startServer, type TestServer } from '../support/server.js'
import {
  KUBO_V0,
  KUBO_V1,
  applyFault,
  cidOfUploadedFiles,
  multipartForm,
  type FaultHooks,
} from './common.js'

export interface PinataPin {
  id: string
  cid: string
  name: string
  keyvalues: Record<string, string> | null
  datePinned: string
  dateUnpinned: string | null
  size: number
}

export interface PinataJob {
  id: string
  cid: string
  name: string
  /** The keyvalues asked for (`pinataMetadata`), given to the pin when the job ends. */
  keyvalues: Record<string, string> | null
  status: string
  reads: number
}

export interface PinataDouble extends FaultHooks {
  readonly url: string
  readonly server: TestServer
  readonly pins: PinataPin[]
  readonly jobs: PinataJob[]
  /** What the last upload's options were. */
  lastOptions?: Record<string, unknown>
  lastMetadata?: { name?: string; keyvalues?: Record<string, string> }
  /** Report this CID for uploads instead of the computed one. */
  lieAboutCid?: string
  /** Rows per pinList page at most, whatever pageLimit asks (a service capping it). */
  pageCap: number
  /** How pin-by-hash jobs end: pinned after three reads, expired, or stuck searching. */
  jobOutcome: 'pinned' | 'expired' | 'stuck'
  /** Adds a pin directly (for listing tests). */
  seed(pin: Partial<PinataPin> & { cid: string }): PinataPin
  close(): Promise<void>
}

const JOB_STEPS = ['prechecking', 'searching', 'retrieving']

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(value))
}

const error = (res: ServerResponse, status: number, reason: string, details: string): void =>
  json(res, status, { error: { reason, details } })

/** Pinata's keyvalue query ops this double knows: `eq`, and `like` with `%` (SQL LIKE). */
function keyvalueMatches(value: string | undefined, c: { value: string; op: string }): boolean {
  if (value === undefined) return false
  if (c.op === 'eq') return value === c.value
  if (c.op !== 'like') return false
  const pattern = c.value
    .split(/(\\[%_\\]|%|_)/)
    .map((t) =>
      t === '%'
        ? '.*'
        : t === '_'
          ? '.'
          : t.startsWith('\\') && t.length === 2
            ? `\\${t[1]}`
            : t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('')
  return new RegExp(`^${pattern}$`, 's').test(value)
}

export async function startPinataDouble(
  creds: { jwt?: string; apiKey?: string; apiSecret?: string } = {},
): Promise<PinataDouble> {
  const pins: PinataPin[] = []
  const jobs: PinataJob[] = []
  let clock = Date.parse('2026-01-01T00:00:00Z')
  const now = (): string => new Date((clock += 1000)).toISOString()
  const state = { pins, jobs, jobOutcome: 'pinned', pageCap: 1000 } as unknown as PinataDouble
  const seed = (p: Partial<PinataPin> & { cid: string }): PinataPin => {
    const pin: PinataPin = {
      id: randomUUID(),
      name: p.cid,
      keyvalues: null,
      datePinned: now(),
      dateUnpinned: null,
      size: 1,
      ...p,
    }
    pins.push(pin)
    return pin
  }
  state.seed = seed
  const active = (cid: string): PinataPin | undefined =>
    pins.find((p) => p.cid === cid && p.dateUnpinned === null)

  /** One status look at a job moves it one step on. */
  const advance = (job: PinataJob): void => {
    job.reads++
    if (state.jobOutcome === 'stuck') job.status = 'searching'
    else if (job.reads < JOB_STEPS.length) job.status = JOB_STEPS[job.reads] ?? 'retrieving'
    else if (state.jobOutcome === 'expired') job.status = 'expired'
    else {
      jobs.splice(jobs.indexOf(job), 1)
      if (active(job.cid) === undefined)
        seed({ cid: job.cid, name: job.name, keyvalues: job.keyvalues })
    }
  }

  const authorized = (req: IncomingMessage, res: ServerResponse): boolean => {
    const auth = req.headers.authorization
    const key = req.headers.pinata_api_key
    const secret = req.headers.pinata_secret_api_key
    if (auth === undefined && key === undefined && secret === undefined) {
      error(
        res,
        400,
        'KEYS_MUST_BE_STRINGS',
        'pinata_api_key and pinata_secret_api_key must be strings',
      )
      return false
    }
    const ok =
      (creds.jwt !== undefined && auth === `Bearer ${creds.jwt}`) ||
      (creds.apiKey !== undefined && key === creds.apiKey && secret === creds.apiSecret)
    if (!ok) error(res, 401, 'INVALID_CREDENTIALS', 'Invalid/expired credentials')
    return ok
  }

  const row = (p: PinataPin): unknown => ({
    id: p.id,
    ipfs_pin_hash: p.cid,
    size: p.size,
    user_id: 'ec50a085-0000-4000-8000-000000000000',
    date_pinned: p.datePinned,
    date_unpinned: p.dateUnpinned,
    metadata: { name: p.name, keyvalues: p.keyvalues },
    regions: [{ regionId: 'pinata', currentReplicationCount: 1, desiredReplicationCount: 1 }],
    mime_type: 'directory',
    number_of_files: 1,
  })

  async function upload(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    if (!(req.headers['content-type'] ?? '').startsWith('multipart/form-data'))
      return error(res, 400, 'INVALID_REQUEST', 'multipart/form-data expected')
    const form = await multipartForm(req, body)
    const parsed: Record<string, Record<string, unknown>> = {}
    for (const field of ['pinataMetadata', 'pinataOptions']) {
      const values = form.fields.get(field) ?? []
      if (values.length > 1) return error(res, 400, 'INVALID_REQUEST', `${field} sent twice`)
      if (values[0] === undefined) continue
      try {
        const v = JSON.parse(values[0]) as unknown
        if (typeof v !== 'object' || v === null || Array.isArray(v))
          throw new Error('not an object')
        parsed[field] = v as Record<string, unknown>
      } catch {
        return error(res, 400, 'INVALID_REQUEST', `${field} must be a JSON string`)
      }
    }
    const meta = (parsed.pinataMetadata ?? {}) as PinataDouble['lastMetadata'] & object
    const options = parsed.pinataOptions ?? {}
    if (Object.keys(meta.keyvalues ?? {}).length > 10)
      return error(res, 400, 'KEYVALUES_LIMIT', 'no more than 10 keyvalues')
    const version = options.cidVersion ?? 0
    if (version !== 0 && version !== 1)
      return error(res, 400, 'INVALID_REQUEST', 'cidVersion must be 0 or 1')
    state.lastOptions = options
    state.lastMetadata = meta
    const built = await cidOfUploadedFiles(
      form.files,
      version === 1 ? KUBO_V1 : KUBO_V0,
      options.wrapWithDirectory === true,
    )
    if ('error' in built) return error(res, 400, 'INVALID_FILE_PATHS', built.error)
    const cid = state.lieAboutCid ?? built.cid
    const dup = active(cid)
    if (dup === undefined)
      seed({
        cid,
        name: meta.name ?? form.files[0]?.filename ?? cid,
        keyvalues: meta.keyvalues ?? null,
        size: form.files.reduce((n, f) => n + f.data.length, 0),
      })
    json(res, 200, {
      IpfsHash: cid,
      PinSize: form.files.reduce((n, f) => n + f.data.length, 0),
      Timestamp: now(),
      isDuplicate: dup !== undefined,
    })
  }

  const server = await startServer(
    async (req, res, body, n) => {
      const url = new URL(req.url ?? '/', 'http://x')
      if (applyFault(state.fault?.(n, url.pathname, req.method ?? ''), req, res)) return
      if (!authorized(req, res)) return
      const route = `${req.method ?? ''} ${url.pathname}`
      const q = url.searchParams
      if (route === 'POST /pinning/pinFileToIPFS') return upload(req, res, body)
      if (route === 'POST /pinning/pinByHash') {
        let v: {
          hashToPin?: unknown
          pinataMetadata?: { name?: string; keyvalues?: Record<string, string> }
        }
        try {
          v = JSON.parse(body.toString()) as typeof v
        } catch {
          return error(res, 400, 'INVALID_REQUEST', 'invalid JSON')
        }
        if (typeof v.hashToPin !== 'string' || !/^(Qm|b)[a-zA-Z0-9]+$/.test(v.hashToPin))
          return error(res, 400, 'INVALID_CID', 'hashToPin is not a CID')
        const job: PinataJob = {
          id: randomUUID(),
          cid: v.hashToPin,
          name: v.pinataMetadata?.name ?? v.hashToPin,
          keyvalues: v.pinataMetadata?.keyvalues ?? null,
          status: 'prechecking',
          reads: 0,
        }
        jobs.push(job)
        return json(res, 200, { id: job.id, ipfsHash: job.cid, status: job.status, name: job.name })
      }
      if (route === 'GET /pinning/pinJobs') {
        const limit = Number(q.get('limit') ?? 5)
        if (!(limit >= 1 && limit <= 1000)) return error(res, 400, 'INVALID_REQUEST', 'limit')
        const cid = q.get('ipfs_pin_hash')
        for (const j of [...jobs]) if (cid === null || j.cid === cid) advance(j)
        let rows = jobs.filter((j) => cid === null || j.cid === cid)
        if (q.get('sort') === 'DESC') rows = [...rows].reverse()
        const offset = Number(q.get('offset') ?? 0)
        return json(res, 200, {
          count: rows.length,
          rows: rows.slice(offset, offset + limit).map((j) => ({
            id: j.id,
            ipfs_pin_hash: j.cid,
            date_queued: now(),
            name: j.name,
            status: j.status,
            keyvalues: null,
            host_nodes: [],
          })),
        })
      }
      if (route === 'GET /data/pinList') {
        const asked = Number(q.get('pageLimit') ?? 10)
        if (!(Number.isInteger(asked) && asked >= 1 && asked <= 1000))
          return error(res, 400, 'INVALID_REQUEST', 'pageLimit must be 1..1000')
        const limit = Math.min(asked, state.pageCap)
        const offset = Number(q.get('pageOffset') ?? 0)
        const status = q.get('status') ?? 'all'
        const name = q.get('metadata[name]')
        let kv: Record<string, { value: string; op: string }> = {}
        try {
          kv = JSON.parse(q.get('metadata[keyvalues]') ?? '{}') as typeof kv
        } catch {
          return error(res, 400, 'INVALID_REQUEST', 'metadata[keyvalues] must be JSON')
        }
        const rows = [...pins]
          .reverse()
          .filter(
            (p) =>
              (status === 'all' || (status === 'pinned') === (p.dateUnpinned === null)) &&
              (q.get('cid') === null || p.cid === q.get('cid')) &&
              (name === null || p.name.includes(name)) &&
              Object.entries(kv).every(([k, c]) => keyvalueMatches(p.keyvalues?.[k], c)),
          )
        return json(res, 200, {
          count: rows.length,
          rows: rows.slice(offset, offset + limit).map(row),
        })
      }
      if (route === 'PUT /pinning/hashMetadata') {
        const v = JSON.parse(body.toString()) as {
          ipfsPinHash?: string
          name?: string
          keyvalues?: Record<string, string>
        }
        const pin = active(v.ipfsPinHash ?? '')
        if (pin === undefined)
          return error(res, 400, 'CURRENT_USER_HAS_NOT_PINNED_CID', 'not pinned')
        const merged = { ...(pin.keyvalues ?? {}), ...(v.keyvalues ?? {}) }
        if (Object.keys(merged).length > 10)
          return error(res, 400, 'KEYVALUES_LIMIT', 'no more than 10 keyvalues')
        if (v.name !== undefined) pin.name = v.name
        if (v.keyvalues !== undefined) pin.keyvalues = merged
        res.writeHead(200, { 'content-type': 'text/plain' })
        return res.end('OK')
      }
      const unpin = /^\/pinning\/unpin\/([^/]+)$/.exec(url.pathname)
      if (req.method === 'DELETE' && unpin?.[1] !== undefined) {
        const cid = decodeURIComponent(unpin[1])
        const pin = active(cid)
        if (pin === undefined)
          return error(
            res,
            400,
            'CURRENT_USER_HAS_NOT_PINNED_CID',
            `The current user has not pinned the cid: ${cid}`,
          )
        pin.dateUnpinned = now()
        res.writeHead(200, { 'content-type': 'text/plain' })
        return res.end('OK')
      }
      error(res, 404, 'NOT_FOUND', `${route} is not a route`)
    },
    (req, n) => state.early?.(n, req.method, new URL(req.url ?? '/', 'http://x').pathname),
  )
  Object.assign(state, { url: server.url, server, close: () => server.close() })
  return state
}
