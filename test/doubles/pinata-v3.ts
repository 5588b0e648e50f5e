/**
 * A Pinata v3 Files API double on 127.0.0.1:0 (docs/providers/pinata-v3.md), serving the uploads
 * host and the API host on one server. Its store can be the legacy double's (test/doubles/
 * pinata.ts): one account, one set of records, as Pinata's migration guide implies.
 *
 * - Auth: `Bearer <jwt>`; none, a wrong one, or a legacy-scoped key → 401
 *   `{"error":{"code":401,"message":"no Authorization header found"}}` (Pinata's words for both).
 * - `POST /v3/files` multipart: one `file` part, `network` (default `private`; `car=true` needs
 *   `public`), `name`, `keyvalues` (a flat JSON string, ≤ 10), `car`. The CAR is read with
 *   @ipld/car and every block re-hashed with node:crypto: exactly one root and the whole DAG,
 *   else 400. Above `maxDirect` bytes → 413 (use TUS). `paid: false` refuses CARs (403). The same
 *   CID again is the same record (`is_duplicate: true`, its keyvalues untouched).
 * - TUS on the same URL: `POST` with `Upload-Length` and `Upload-Metadata` (base64 values;
 *   `filename`, `network`, `car` required) → 201 + absolute `Location`; `PATCH` with the current
 *   `Upload-Offset` (409 otherwise) and `application/offset+octet-stream` (415), ≤ `maxChunk`
 *   bytes (413); `HEAD` → `Upload-Offset`; the last PATCH → 204 with `upload-cid`.
 * - The import is asynchronous: for `pendingReads` reads a new file's `cid` is `"pending"`
 *   (upload answer, `GET /v3/files/public/{id}`, listings); `importFails` drops it instead.
 * - `GET /v3/files/public` (`cid`, `keyvalues[k]=v` AND, `name`, `limit` ≤ 1000 and `pageCap`,
 *   `pageToken`): `next_page_token` is the base64 of the last id, on short pages too.
 * - `GET|PUT|DELETE /v3/files/public/{id}`: PUT merges keyvalues (`null` removes); DELETE → 200
 *   `{"data":null}`, then 404.
 * - Pin by CID: `POST /v3/files/public/pin_by_cid` JSON `{cid, name?, group_id?, keyvalues?,
 *   host_nodes?}` (nothing else; a valid CID; keyvalues flat strings ≤ 10; ≤ 5 multiaddrs) queues
 *   a job (`prechecking`). The queue `GET …/pin_by_cid` (`cid`, `status`, `order`/`sort`,
 *   `limit` ≤ 1000, `pageToken`) moves each job it lists one step per read through `jobSteps`,
 *   then ends it: a CID the network cannot serve (`reachable`: every CAR imported, and what a
 *   test adds) ends `expired`, `jobEnd` another failure status; otherwise the job leaves the
 *   queue as a file with its name and keyvalues (an existing live record of the CID is kept as it
 *   is, its keyvalues untouched). Failed jobs stay listed. `DELETE …/pin_by_cid/{id}` cancels.
 */
import { randomUUID } from 'node:crypto'
import { CID } from 'multiformats/cid'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { startServer, type TestServer } from '../support/server.js'
import { Blocks, applyFault, multipartForm, type FaultHooks } from './common.js'
import type { PinataPin } from './pinata.js'

export interface PinataV3Double extends FaultHooks {
  readonly url: string
  readonly server: TestServer
  /** The records (shared with a legacy double when given one). */
  readonly pins: PinataPin[]
  /** Reads during which a new file's CID shows as `pending`. */
  pendingReads: number
  /** The import fails after the answer: the file disappears at its first read. */
  importFails: boolean
  lieAboutCid?: string
  paid: boolean
  maxDirect: number
  maxChunk: number
  pageCap: number
  /** Pin-by-CID jobs in the queue (failed ones stay). */
  readonly jobs: PinataV3Job[]
  /** Statuses a job shows on its successive queue reads before it ends (default none). */
  jobSteps: string[]
  /** How a job on reachable content ends: a file, or this failure status. */
  jobEnd: 'file' | 'over_free_limit' | 'over_max_size' | 'invalid_object' | 'bad_host_node'
  /** CIDs the network serves (pin by CID finds them): every root imported, and what tests add. */
  readonly reachable: Set<string>
  /** Live records of `cid`. */
  count(cid: string): number
  close(): Promise<void>
}

export interface PinataV3Job {
  id: string
  cid: string
  name: string
  status: string
  keyvalues: Record<string, string>
  host_nodes: string[]
  group_id: string | null
  date_queued: string
  reads: number
}

const JOB_FIELDS = new Set(['cid', 'name', 'group_id', 'keyvalues', 'host_nodes'])

interface Tus {
  length: number
  offset: number
  chunks: Buffer[]
  meta: Record<string, string>
}

export async function startPinataV3Double(opts: {
  jwt: string
  legacyScopedJwt?: string
  pins?: PinataPin[]
}): Promise<PinataV3Double> {
  const pins = opts.pins ?? []
  const pending = new Map<string, number>()
  const failing = new Set<string>()
  const tus = new Map<string, Tus>()
  const jobs: PinataV3Job[] = []
  const reachable = new Set<string>()
  let clock = Date.parse('2026-03-01T00:00:00Z')
  const state = {
    pins,
    pendingReads: 0,
    importFails: false,
    paid: true,
    maxDirect: 100_000_000,
    maxChunk: 50_000_000,
    pageCap: 1000,
    jobs,
    jobSteps: [],
    jobEnd: 'file',
    reachable,
  } as unknown as PinataV3Double
  const live = (p: PinataPin): boolean => p.dateUnpinned === null
  state.count = (cid) => pins.filter((p) => p.cid === cid && live(p)).length

  const send = (res: ServerResponse, status: number, value: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': randomUUID() })
    res.end(JSON.stringify(value))
  }
  const error = (res: ServerResponse, status: number, message: string): void =>
    send(res, status, { error: { code: status, message } })

  /** The record as v3 shows it; a read moves a pending import on. */
  const view = (p: PinataPin, read = true): Record<string, unknown> => {
    const left = pending.get(p.id)
    let cid: string = p.cid
    if (left !== undefined) {
      if (left > 0) cid = 'pending'
      if (read) {
        if (left > 1) pending.set(p.id, left - 1)
        else pending.delete(p.id)
      }
    }
    return {
      id: p.id,
      name: p.name,
      cid,
      size: p.size,
      number_of_files: 1,
      mime_type: 'application/vnd.ipld.car',
      group_id: null,
      keyvalues: p.keyvalues ?? {},
      created_at: p.datePinned,
    }
  }

  /** Imports a CAR as Pinata would: one root, every block, the CID read from the bytes. */
  async function importCar(
    res: ServerResponse,
    data: Buffer,
    meta: { name: string; keyvalues: Record<string, string> },
  ): Promise<{ pin: PinataPin; duplicate: boolean } | undefined> {
    if (!state.paid) return void error(res, 403, 'CAR uploads are only available on paid plans')
    const blocks = new Blocks()
    const taken = await blocks.importCar(data)
    if ('error' in taken) return void error(res, 400, `Invalid CAR: ${taken.error}`)
    const [root, ...more] = taken.roots
    if (root === undefined || more.length > 0)
      return void error(res, 400, `CAR files must have exactly one root, got ${taken.roots.length}`)
    if (blocks.missing(root) !== undefined)
      return void error(res, 400, 'Invalid CAR: incomplete DAG')
    const cid = state.lieAboutCid ?? root.toString()
    reachable.add(root.toString())
    const dup = pins.find((p) => p.cid === cid && live(p))
    if (dup !== undefined) return { pin: dup, duplicate: true }
    const pin: PinataPin = {
      id: randomUUID(),
      cid,
      name: meta.name,
      keyvalues: meta.keyvalues,
      datePinned: new Date((clock += 1000)).toISOString(),
      dateUnpinned: null,
      size: data.length,
    }
    pins.push(pin)
    if (state.pendingReads > 0) pending.set(pin.id, state.pendingReads)
    if (state.importFails) failing.add(pin.id)
    return { pin, duplicate: false }
  }

  const keyvaluesFrom = (
    raw: string | undefined,
    res: ServerResponse,
  ): Record<string, string> | undefined => {
    if (raw === undefined) return {}
    let v: unknown
    try {
      v = JSON.parse(raw)
    } catch {
      return void error(res, 400, 'keyvalues must be a JSON string')
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return void error(res, 400, 'keyvalues must be an object')
    const kv = v as Record<string, unknown>
    if (Object.keys(kv).length > 10) return void error(res, 400, 'at most 10 keyvalues')
    if (Object.values(kv).some((x) => typeof x !== 'string'))
      return void error(res, 400, 'keyvalues must be strings')
    return kv as Record<string, string>
  }

  /** One queue read moves a job one step on; at the end it fails or becomes a file. */
  const advance = (job: PinataV3Job): void => {
    if (job.status !== 'prechecking' && !state.jobSteps.includes(job.status)) return // ended
    job.reads++
    const step = state.jobSteps[job.reads - 1]
    if (step !== undefined) {
      job.status = step
      return
    }
    if (!reachable.has(job.cid)) job.status = 'expired'
    else if (state.jobEnd !== 'file') job.status = state.jobEnd
    else {
      jobs.splice(jobs.indexOf(job), 1)
      if (pins.some((p) => p.cid === job.cid && live(p))) return
      pins.push({
        id: randomUUID(),
        cid: job.cid,
        name: job.name,
        keyvalues: job.keyvalues,
        datePinned: new Date((clock += 1000)).toISOString(),
        dateUnpinned: null,
        size: 1,
      })
    }
  }

  function pinByCid(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    if (req.headers['content-type'] !== 'application/json') return error(res, 400, 'JSON expected')
    let v: unknown
    try {
      v = JSON.parse(body.toString())
    } catch {
      return error(res, 400, 'invalid JSON')
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return error(res, 400, 'a JSON object expected')
    const o = v as Record<string, unknown>
    const extra = Object.keys(o).filter((k) => !JOB_FIELDS.has(k))
    if (extra.length > 0) return error(res, 400, `unknown fields: ${extra.join(', ')}`)
    let cid: string
    try {
      cid = CID.parse(String(o.cid)).toString()
    } catch {
      return error(res, 400, 'cid is not a CID')
    }
    if (o.name !== undefined && typeof o.name !== 'string')
      return error(res, 400, 'name must be a string')
    if (o.group_id !== undefined && o.group_id !== null && typeof o.group_id !== 'string')
      return error(res, 400, 'group_id must be a string')
    const kv = o.keyvalues === undefined ? {} : o.keyvalues
    if (
      typeof kv !== 'object' ||
      kv === null ||
      Array.isArray(kv) ||
      Object.values(kv).some((x) => typeof x !== 'string')
    )
      return error(res, 400, 'keyvalues must be an object of strings')
    if (Object.keys(kv).length > 10) return error(res, 400, 'at most 10 keyvalues')
    const hosts = o.host_nodes ?? []
    if (
      !Array.isArray(hosts) ||
      hosts.length > 5 ||
      hosts.some((h) => typeof h !== 'string' || !h.startsWith('/'))
    )
      return error(res, 400, 'host_nodes must be at most 5 multiaddrs')
    const job: PinataV3Job = {
      id: randomUUID(),
      cid,
      name: typeof o.name === 'string' ? o.name : cid,
      status: 'prechecking',
      keyvalues: kv as Record<string, string>,
      host_nodes: hosts as string[],
      group_id: typeof o.group_id === 'string' ? o.group_id : null,
      date_queued: new Date((clock += 1000)).toISOString(),
      reads: 0,
    }
    jobs.push(job)
    send(res, 200, { data: jobView(job) })
  }

  const jobView = (j: PinataV3Job): Record<string, unknown> => {
    const { reads: _, ...rest } = j
    return rest
  }

  function queue(res: ServerResponse, q: URLSearchParams): void {
    const asked = Number(q.get('limit') ?? 10)
    if (!(Number.isInteger(asked) && asked >= 1 && asked <= 1000))
      return error(res, 400, 'limit must be 1..1000')
    const order = q.get('order') ?? q.get('sort') ?? 'ASC'
    if (order !== 'ASC' && order !== 'DESC') return error(res, 400, 'order must be ASC or DESC')
    const match = (j: PinataV3Job): boolean =>
      (q.get('cid') === null || j.cid === q.get('cid')) &&
      (q.get('status') === null || j.status === q.get('status'))
    for (const j of jobs.filter(match)) advance(j)
    let rows = jobs.filter(match)
    if (order === 'DESC') rows = [...rows].reverse()
    const after = q.get('pageToken')
    const afterId = after === null ? undefined : Buffer.from(after, 'base64').toString('utf8')
    if (afterId !== undefined) rows = rows.slice(rows.findIndex((j) => j.id === afterId) + 1)
    const pageRows = rows.slice(0, Math.min(asked, state.pageCap))
    const lastId = pageRows[pageRows.length - 1]?.id
    send(res, 200, {
      data: {
        jobs: pageRows.map(jobView),
        next_page_token: lastId === undefined ? '' : Buffer.from(lastId).toString('base64'),
      },
    })
  }

  async function upload(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    base: string,
  ): Promise<void> {
    if (req.headers['upload-length'] !== undefined) {
      const length = Number(req.headers['upload-length'])
      const meta = Object.fromEntries(
        String(req.headers['upload-metadata'] ?? '')
          .split(',')
          .filter((p) => p.trim() !== '')
          .map((p) => {
            const [k = '', v = ''] = p.trim().split(' ')
            return [k, Buffer.from(v, 'base64').toString('utf8')]
          }),
      )
      if (!Number.isInteger(length) || length < 0) return error(res, 400, 'Upload-Length')
      if (meta.filename === undefined || meta.network === undefined)
        return error(res, 400, 'Upload-Metadata needs filename and network')
      if (meta.car === 'true' && meta.network !== 'public')
        return error(res, 400, 'CAR uploads must be public')
      const id = randomUUID()
      tus.set(id, { length, offset: 0, chunks: [], meta })
      res.writeHead(201, { location: `${base}/v3/files/tus/${id}`, 'tus-resumable': '1.0.0' })
      return void res.end()
    }
    if (!(req.headers['content-type'] ?? '').startsWith('multipart/form-data'))
      return error(res, 400, 'multipart/form-data expected')
    if (body.length > state.maxDirect)
      return error(res, 413, 'File too large: use a resumable upload')
    const form = await multipartForm(req, body)
    const field = (n: string): string | undefined => form.fields.get(n)?.[0]
    const files = form.files.filter((f) => f.field === 'file')
    if (files.length !== 1 || files[0] === undefined)
      return error(res, 400, 'one file part expected')
    const network = field('network') ?? 'private'
    if (field('car') !== 'true') return error(res, 400, 'this double takes CAR uploads only')
    if (network !== 'public') return error(res, 400, 'CAR uploads must be public')
    const keyvalues = keyvaluesFrom(field('keyvalues'), res)
    if (keyvalues === undefined) return
    const done = await importCar(res, files[0].data, {
      name: field('name') ?? files[0].filename,
      keyvalues,
    })
    if (done === undefined) return
    send(res, 200, { data: { ...view(done.pin, false), is_duplicate: done.duplicate } })
  }

  async function patch(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    id: string,
  ): Promise<void> {
    const t = tus.get(id)
    if (t === undefined) return error(res, 404, 'no such upload')
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'upload-offset': String(t.offset), 'upload-length': String(t.length) })
      return void res.end()
    }
    if (req.headers['content-type'] !== 'application/offset+octet-stream')
      return error(res, 415, 'Content-Type must be application/offset+octet-stream')
    if (Number(req.headers['upload-offset']) !== t.offset)
      return error(res, 409, 'Upload-Offset mismatch')
    if (body.length > state.maxChunk) return error(res, 413, 'chunk too large')
    if (t.offset + body.length > t.length) return error(res, 400, 'more bytes than Upload-Length')
    t.chunks.push(body)
    t.offset += body.length
    if (t.offset < t.length) {
      res.writeHead(204, { 'upload-offset': String(t.offset) })
      return void res.end()
    }
    const keyvalues = keyvaluesFrom(t.meta.keyvalues, res)
    if (keyvalues === undefined) return
    const done = await importCar(res, Buffer.concat(t.chunks), {
      name: t.meta.name ?? t.meta.filename ?? '',
      keyvalues,
    })
    if (done === undefined) return
    tus.delete(id)
    res.writeHead(204, {
      'upload-offset': String(t.offset),
      'upload-cid': state.pendingReads > 0 ? 'pending' : done.pin.cid,
    })
    res.end()
  }

  const server = await startServer(
    async (req, res, body, n) => {
      const url = new URL(req.url ?? '/', 'http://x')
      if (applyFault(state.fault?.(n, url.pathname, req.method ?? ''), req, res)) return
      const auth = req.headers.authorization
      if (auth !== `Bearer ${opts.jwt}` || auth === `Bearer ${opts.legacyScopedJwt ?? ''}`)
        return error(res, 401, 'no Authorization header found')
      const route = `${req.method ?? ''} ${url.pathname}`
      if (route === 'POST /v3/files') return upload(req, res, body, state.url)
      const tusId = /^\/v3\/files\/tus\/([^/]+)$/.exec(url.pathname)?.[1]
      if (tusId !== undefined) return patch(req, res, body, tusId)
      const q = url.searchParams
      if (route === 'POST /v3/files/public/pin_by_cid') return pinByCid(req, res, body)
      if (route === 'GET /v3/files/public/pin_by_cid') return queue(res, q)
      const jobId = /^\/v3\/files\/public\/pin_by_cid\/([^/]+)$/.exec(url.pathname)?.[1]
      if (jobId !== undefined && req.method === 'DELETE') {
        const i = jobs.findIndex((j) => j.id === jobId)
        if (i < 0) return error(res, 404, 'Job not found')
        jobs.splice(i, 1)
        return send(res, 200, { data: null })
      }
      if (url.pathname.startsWith('/v3/files/public/pin_by_cid'))
        return error(res, 404, `${route} is not a route`)
      if (route === 'GET /v3/files/public') {
        const asked = Number(q.get('limit') ?? 10)
        if (!(Number.isInteger(asked) && asked >= 1 && asked <= 1000))
          return error(res, 400, 'limit must be 1..1000')
        const limit = Math.min(asked, state.pageCap)
        const kv = [...q]
          .filter(([k]) => /^keyvalues\[.+\]$/.test(k))
          .map(([k, v]) => [k.slice(10, -1), v] as const)
        const after = q.get('pageToken')
        const afterId = after === null ? undefined : Buffer.from(after, 'base64').toString('utf8')
        let rows = pins.filter(
          (p) =>
            live(p) &&
            !failing.has(p.id) &&
            (q.get('cid') === null || p.cid === q.get('cid')) &&
            (q.get('name') === null || p.name === q.get('name')) &&
            kv.every(([k, v]) => p.keyvalues?.[k] === v),
        )
        if (afterId !== undefined) rows = rows.slice(rows.findIndex((p) => p.id === afterId) + 1)
        const pageRows = rows.slice(0, limit)
        const lastId = pageRows[pageRows.length - 1]?.id
        return send(res, 200, {
          data: {
            files: pageRows.map((p) => view(p)),
            next_page_token: lastId === undefined ? '' : Buffer.from(lastId).toString('base64'),
          },
        })
      }
      const byId = /^\/v3\/files\/public\/([^/]+)$/.exec(url.pathname)?.[1]
      const pin = pins.find((p) => p.id === byId && live(p))
      if (byId !== undefined && pin !== undefined && failing.has(pin.id)) {
        pin.dateUnpinned = new Date(clock).toISOString()
        return error(res, 404, 'File not found')
      }
      if (byId !== undefined && pin === undefined) return error(res, 404, 'File not found')
      if (pin !== undefined && req.method === 'GET') return send(res, 200, { data: view(pin) })
      if (pin !== undefined && req.method === 'DELETE') {
        pin.dateUnpinned = new Date((clock += 1000)).toISOString()
        return send(res, 200, { data: null })
      }
      if (pin !== undefined && req.method === 'PUT') {
        if (req.headers['content-type'] !== 'application/json')
          return error(res, 400, 'JSON expected')
        const v = JSON.parse(body.toString()) as {
          name?: string
          keyvalues?: Record<string, string | null>
        }
        const merged: Record<string, string> = { ...(pin.keyvalues ?? {}) }
        for (const [k, val] of Object.entries(v.keyvalues ?? {}))
          if (val === null) delete merged[k]
          else merged[k] = val
        if (Object.keys(merged).length > 10) return error(res, 400, 'at most 10 keyvalues')
        pin.keyvalues = merged
        if (v.name !== undefined) pin.name = v.name
        return send(res, 200, { data: view(pin, false) })
      }
      error(res, 404, `${route} is not a route`)
    },
    (req, n) => state.early?.(n, req.method, new URL(req.url ?? '/', 'http://x').pathname),
  )
  Object.assign(state, { url: server.url, server, close: () => server.close() })
  return state
}
