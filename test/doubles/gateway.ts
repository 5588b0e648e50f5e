/**
 * A trustless gateway double on 127.0.0.1:0 (docs/names/trustless-gateway.md#test-double),
 * serving blocks a provider double received (keyed by `blockKey`, so `kubo.blocks` or
 * `cluster.blocks` can be handed over): `GET`/`HEAD /ipfs/{cid}[/path]` with `?format=raw|car`
 * or `Accept` (the query wins; neither is a 400, as a strict trustless gateway answers), raw
 * blocks (no path), CAR streams written with @ipld/car's CarWriter in DFS order with `dups`
 * as asked and identity CIDs left out, `dag-scope=block|entity|all` after the path's blocks, the
 * `bafkqaaa` probe, 404 when the root block is missing, `only-if-cached` → 412, and the headers
 * the spec asks for. Faults are per-test knobs: propagation 404s, recursive 504/502s, a block
 * left out (the CAR ending cleanly, or the connection dropped there as boxo does), a corrupted
 * block, a cut stream, one 429, a 410 denylist, a legacy Content-Type in unknown order,
 * duplicates, an unrelated extra block, any Retry-After value; and the hostile servers: a path
 * gateway's HTML or octet-stream answer, a redirect, and CARs with huge length prefixes, CIDs
 * that are not taken, or endless foreign or repeated blocks.
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CarWriter } from '@ipld/car/writer'
import * as dagPb from '@ipld/dag-pb'
import { varint } from 'multiformats'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import * as Digest from 'multiformats/hashes/digest'
import { sha256 } from 'multiformats/hashes/sha2'
import { startServer, type TestServer } from '../support/server.js'
import { applyFault, blockKey, type FaultHooks } from './common.js'

export interface GatewayDouble extends FaultHooks {
  readonly url: string
  readonly server: TestServer
  /** Answer 404 to this many more content requests (content still spreading); counts down. */
  notFoundFor: number
  /**
   * Answer this many more content requests as a recursive gateway still looking: 504, then 502,
   * alternating, each with `Retry-After: 0`; counts down.
   */
  recursiveDelays: number
  /** Leave this CID's block out: the CAR ends cleanly at a block boundary (404 if it is the root). */
  missing?: string
  /** Serve this CID with one byte changed, under its own CID (raw and CAR). */
  corrupt?: string
  /** Send this many whole blocks, then part of the next one, and destroy the socket. */
  cutAfterBlocks?: number
  /** Answer the next content request 429 with `Retry-After: 1`, once (the probe does not count). */
  rateLimitOnce: boolean
  /** Refuse content with 410, as a denylist does. */
  blocked: boolean
  /**
   * Plain `Content-Type: application/vnd.ipld.car` (no version, order or dups), and blocks in an
   * order that is not DFS (children before their parent), which such an answer allows.
   */
  legacyContentType: boolean
  /** Blocks in breadth-first order (each once), `order=unk` in the type: an order a CAR may have. */
  breadthFirst: boolean
  /** Send every block twice, and say `dups=y`. */
  dups: boolean
  /** Send this unrelated raw block (CIDv1, sha2-256) right after the CAR's first block. */
  extraBlock?: Uint8Array
  /** With `missing`: drop the connection where that block would be, as a boxo gateway does. */
  missingCut: boolean
  /** The `Retry-After` sent with 429, 502 and 504 instead of the defaults (`1`, `0`). */
  retryAfter?: string
  /**
   * Answer every `/ipfs/` request 200 as a path gateway does, whatever format was asked: an HTML
   * page, or the bytes as `application/octet-stream` (the probe's: none).
   */
  pathGateway?: 'html' | 'octet-stream'
  /** Answer every `/ipfs/` request 301 to this origin (a subdomain gateway's redirect). */
  redirectTo?: string
  /** A hostile CAR for content requests (the probe is answered as usual). */
  hostile?: Hostile
  /** Called for each hostile section sent (a test moves its fake clock with it). */
  onHostileSection?: () => void
  close(): Promise<void>
}

/**
 * What a hostile CAR sends after `afterBlocks` of the DAG's blocks (default none): endless new
 * raw blocks that each hash to their CID; the last block sent, again and again; a section or a
 * header whose length prefix says `length`, then bytes without end; or the start of one section
 * whose CID is `cid` (any bytes) and whose length prefix says `length` (default: 16 more than
 * the CID), then nothing more: the connection is held open.
 */
export type Hostile = { afterBlocks?: number } & (
  | { send: 'foreign' | 'duplicates' }
  | { send: 'section-length' | 'header-length'; length: number }
  | { send: 'section'; cid: Uint8Array; length?: number }
)

/** Endless streams stop after this many sections even if nobody hangs up. */
const ENDLESS = 10_000_000

/** The identity CID of no bytes, the spec's probe. */
export const PROBE_CID = 'bafkqaaa'

const RAW_TYPE = 'application/vnd.ipld.raw'
const CAR_TYPE = 'application/vnd.ipld.car'
const IMMUTABLE = 'public, max-age=29030400, immutable'
const IDENTITY = 0x00
/** UnixFS `Data.Type` values (unixfs.proto). */
const UNIXFS = { raw: 0, directory: 1, file: 2, hamt: 5 } as const

type Scope = 'block' | 'entity' | 'all'
/** What a walk takes below a node: everything, only HAMT sub-shards, or nothing. */
type Below = 'all' | 'shards' | 'none'
interface Block {
  cid: CID
  bytes: Uint8Array
}

/** The UnixFS type in a dag-pb node's Data (field 1, a varint), if it has one. */
function unixfsType(data: Uint8Array | undefined): number | undefined {
  if (data === undefined || data[0] !== 0x08) return undefined
  try {
    return varint.decode(data, 1)[0]
  } catch {
    return undefined
  }
}

/** The media type a request asks for: `format` first, then the first one `Accept` names. */
function negotiate(url: URL, accept: string | undefined): 'raw' | 'car' | { error: string } {
  const format = url.searchParams.get('format')
  if (format !== null) {
    if (format === 'raw' || format === 'car') return format
    return { error: `unsupported format=${format}: this gateway serves raw and car` }
  }
  for (const range of (accept ?? '').split(',')) {
    const type = range.split(';')[0]?.trim().toLowerCase()
    if (type === RAW_TYPE) return 'raw'
    if (type === CAR_TYPE) return 'car'
  }
  return {
    error: `strict trustless mode: send Accept: ${RAW_TYPE} or ${CAR_TYPE} (or ?format=raw|car)`,
  }
}

/** A CAR parameter: the `car-*` query parameter wins over the `Accept` one. */
function carParam(url: URL, accept: string | undefined, name: string): string | undefined {
  const q = url.searchParams.get(`car-${name}`)
  if (q !== null) return q
  if (url.searchParams.get('format') === 'car' && !(accept ?? '').includes(CAR_TYPE))
    return undefined
  for (const range of (accept ?? '').split(',')) {
    const [type, ...params] = range.split(';').map((s) => s.trim())
    if (type?.toLowerCase() !== CAR_TYPE) continue
    for (const p of params) {
      const [k, v] = p.split('=').map((s) => s.trim())
      if (k?.toLowerCase() === name) return v
    }
  }
  return undefined
}

function text(res: ServerResponse, status: number, body: string, headers = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers })
  res.end(body)
}

export async function startGatewayDouble(opts: {
  blocks: (key: string) => Uint8Array | undefined
}): Promise<GatewayDouble> {
  const state = {
    notFoundFor: 0,
    recursiveDelays: 0,
    rateLimitOnce: false,
    blocked: false,
    legacyContentType: false,
    breadthFirst: false,
    dups: false,
    missingCut: false,
  } as unknown as GatewayDouble
  let delaysServed = 0

  const isKey = (cid: CID, s: string | undefined): boolean => {
    if (s === undefined) return false
    try {
      return blockKey(CID.parse(s)) === blockKey(cid)
    } catch {
      return false
    }
  }
  /** A block as stored (identity CIDs carry theirs), before any fault. */
  const stored = (cid: CID): Uint8Array | undefined =>
    cid.multihash.code === IDENTITY ? cid.multihash.digest : opts.blocks(blockKey(cid))
  /** A block as served: left out when `missing`, altered when `corrupt`. */
  const served = (cid: CID): Uint8Array | undefined => {
    if (isKey(cid, state.missing)) return undefined
    const bytes = stored(cid)
    if (bytes === undefined || !isKey(cid, state.corrupt)) return bytes
    if (bytes.length === 0) return Uint8Array.of(0)
    const out = Uint8Array.from(bytes)
    out[0] = (out[0] ?? 0) ^ 0xff
    return out
  }

  /**
   * The blocks under `cid`, pre-order (post-order for the legacy answer), `dups` as asked;
   * identity blocks are walked through but never sent. Returns false once a block is missing:
   * the walk stops there, as a gateway that cannot find a child ends its stream.
   */
  function* walk(
    cid: CID,
    below: Below,
    seen: Set<string> | undefined,
    post: boolean,
  ): Generator<Block, boolean> {
    const bytes = served(cid)
    const real = stored(cid)
    if (bytes === undefined || real === undefined) return false
    const key = blockKey(cid)
    // With dups=n a block met again is skipped, and so is everything under it (all sent).
    if (seen?.has(key) === true) return true
    seen?.add(key)
    const send = cid.multihash.code !== IDENTITY
    if (send && !post) yield { cid, bytes }
    if (below !== 'none' && cid.code === dagPb.code) {
      // Links come from the stored bytes: a corrupted block is sent, not followed.
      const links = dagPb
        .decode(real)
        .Links.filter((l) => below === 'all' || (l.Name ?? '').length === 2)
      for (const l of links) if (!(yield* walk(l.Hash, below, seen, post))) return false
    }
    if (send && post) yield { cid, bytes }
    return true
  }

  /**
   * The blocks under `cid`, breadth-first, each once; false once a block is missing. A node's
   * links are read when its children's turn comes, not before.
   */
  function* breadthFirst(cid: CID): Generator<Block, boolean> {
    const seen = new Set<string>()
    const send = function* (at: CID): Generator<Block, 'missing' | 'seen' | 'sent'> {
      if (seen.has(blockKey(at))) return 'seen'
      seen.add(blockKey(at))
      const bytes = served(at)
      if (bytes === undefined || stored(at) === undefined) return 'missing'
      if (at.multihash.code !== IDENTITY) yield { cid: at, bytes }
      return 'sent'
    }
    if ((yield* send(cid)) === 'missing') return false
    const parents = [cid]
    for (let p = 0; p < parents.length; p++) {
      const at = parents[p] as CID
      if (at.code !== dagPb.code) continue
      for (const l of dagPb.decode(stored(at) ?? new Uint8Array()).Links) {
        const sent = yield* send(l.Hash)
        if (sent === 'missing') return false
        if (sent === 'sent') parents.push(l.Hash)
      }
    }
    return true
  }

  /** What `scope` takes below the terminal node of a path. */
  const belowTerminal = (cid: CID, scope: Scope): Below => {
    if (scope !== 'entity') return scope === 'all' ? 'all' : 'none'
    if (cid.code !== dagPb.code) return 'none'
    const bytes = stored(cid)
    const type = bytes === undefined ? undefined : unixfsType(dagPb.decode(bytes).Data)
    if (type === UNIXFS.file || type === UNIXFS.raw) return 'all'
    return type === UNIXFS.hamt ? 'shards' : 'none'
  }

  /** Follows `segments` through plain directories: the path's CIDs (root first), or an error. */
  const resolve = (root: CID, segments: string[]): CID[] | { status: number; error: string } => {
    const chain = [root]
    for (const seg of segments) {
      const at = chain[chain.length - 1] as CID
      const bytes = stored(at)
      if (bytes === undefined) return { status: 404, error: `block ${at.toString()} not found` }
      if (at.code !== dagPb.code)
        return { status: 404, error: `${at.toString()} is not a directory: no link named ${seg}` }
      const node = dagPb.decode(bytes)
      if (unixfsType(node.Data) === UNIXFS.hamt)
        return { status: 501, error: `this double does not walk HAMT directories (${seg})` }
      const link = node.Links.find((l) => l.Name === seg)
      if (link === undefined)
        return { status: 404, error: `no link named ${seg} under ${at.toString()}` }
      chain.push(link.Hash)
    }
    return chain
  }

  /**
   * Streams the CAR, honouring `cutAfterBlocks`, and dropping the connection at its end when
   * `cut()` says so; never holds more than a block.
   */
  async function streamCar(
    res: ServerResponse,
    root: CID,
    blocks: Iterable<Block>,
    cut: () => boolean,
  ): Promise<void> {
    let aborted = false
    res.on('close', () => (aborted = true))
    const cutAfter = state.cutAfterBlocks
    const header = cutAfter === undefined ? 0 : await carHeaderLength(root)
    /** The body offset to cut at: inside the block after `cutAfter` whole ones, or the end. */
    let cutAt = Infinity
    const { writer, out } = CarWriter.create([root])
    const producing = (async () => {
      let whole = 0
      let offset = header
      try {
        for (const b of blocks) {
          if (aborted) break
          const frame =
            varint.encodingLength(b.cid.bytes.length + b.bytes.length) +
            b.cid.bytes.length +
            b.bytes.length
          if (whole === cutAfter) {
            cutAt = offset + Math.floor(frame / 2)
            await writer.put(b)
            return
          }
          await writer.put(b)
          offset += frame
          whole++
        }
        if (cutAfter !== undefined) cutAt = offset
      } finally {
        await writer.close()
      }
    })()
    let sent = 0
    // After an abort the output is still drained (and dropped) so the producer can finish.
    for await (const chunk of out) {
      if (aborted) continue
      if (sent + chunk.length >= cutAt) {
        const keep = chunk.subarray(0, cutAt - sent)
        // Flushed before the socket goes, so the client gets every byte up to the cut.
        if (keep.length > 0) await write(res, keep)
        sent += keep.length
        res.destroy()
        aborted = true
        continue
      }
      await write(res, chunk)
      sent += chunk.length
    }
    await producing
    if (aborted) return
    // Every byte was flushed as it was written: a cut past the last block drops the connection.
    if (cutAfter === undefined && !cut()) res.end()
    else res.destroy()
  }

  /** A hostile CAR (see `Hostile`), framed by hand; endless parts stop when the client goes. */
  async function streamHostile(
    res: ServerResponse,
    root: CID,
    blocks: Iterable<Block>,
    hostile: Hostile,
  ): Promise<void> {
    let closed = false
    res.on('close', () => (closed = true))
    const send = async (bytes: Uint8Array): Promise<boolean> => {
      if (!closed) await write(res, bytes)
      return !closed
    }
    const frame = (cid: Uint8Array, bytes: Uint8Array): Uint8Array =>
      Buffer.concat([varintBytes(cid.length + bytes.length), cid, bytes])
    // Sections are written in batches of about 64 KiB, as a server writes a stream.
    const endless = async (next: (i: number) => Uint8Array): Promise<void> => {
      let batch: Uint8Array[] = []
      let size = 0
      for (let i = 0; i < ENDLESS && !closed; i++) {
        state.onHostileSection?.()
        const section = next(i)
        batch.push(section)
        size += section.length
        if (size < 64 * 1024) continue
        await send(Buffer.concat(batch))
        batch = []
        size = 0
      }
      res.destroy()
    }
    if (hostile.send === 'header-length') {
      await send(varintBytes(hostile.length))
      return endless(() => new Uint8Array(4096).fill(0xa5))
    }
    await send(await carHeader(root))
    let last: Block | undefined
    let n = 0
    for (const b of blocks) {
      if (n++ >= (hostile.afterBlocks ?? 0)) break
      last = b
      if (!(await send(frame(b.cid.bytes, b.bytes)))) return
    }
    if (hostile.send === 'foreign')
      return endless((i) => {
        const bytes = new TextEncoder().encode(`foreign block ${i} `.repeat(50))
        const digest = Digest.create(0x12, createHash('sha256').update(bytes).digest())
        return frame(CID.createV1(raw.code, digest).bytes, bytes)
      })
    if (hostile.send === 'duplicates') {
      const again = last ?? { cid: root, bytes: stored(root) ?? new Uint8Array() }
      return endless(() => frame(again.cid.bytes, again.bytes))
    }
    if (hostile.send === 'section-length') {
      await send(varintBytes(hostile.length))
      return endless(() => new Uint8Array(4096).fill(0x5a))
    }
    if (hostile.send !== 'section') return
    // One section with that CID, then the connection held open until the client goes.
    await send(varintBytes(hostile.length ?? hostile.cid.length + 16))
    await send(hostile.cid.subarray(0, 4096))
  }

  const handle = async (req: IncomingMessage, res: ServerResponse, n: number): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x')
    const method = req.method ?? ''
    if (applyFault(state.fault?.(n, url.pathname, method), req, res)) return
    if (method !== 'GET' && method !== 'HEAD')
      return text(res, 405, `${method} is not allowed`, { allow: 'GET, HEAD' })
    if (state.rateLimitOnce && !url.pathname.startsWith(`/ipfs/${PROBE_CID}`)) {
      state.rateLimitOnce = false
      return text(res, 429, 'too many requests', { 'retry-after': state.retryAfter ?? '1' })
    }
    if (url.pathname.startsWith('/ipns/'))
      return text(res, 501, 'this double serves /ipfs/ content paths only')
    const m = /^\/ipfs\/([^/]+)(\/.*)?$/.exec(url.pathname)
    if (m === null) return text(res, 404, 'not found')
    if (state.redirectTo !== undefined) {
      res.writeHead(301, { location: `${state.redirectTo}${req.url ?? '/'}` })
      return void res.end()
    }
    if (state.pathGateway === 'html')
      return text(
        res,
        200,
        `<!DOCTYPE html>\n<html><head><title>${url.pathname}</title></head><body><h1>Index of ${url.pathname}</h1>${'<p>padding</p>'.repeat(500)}</body></html>`,
        { 'content-type': 'text/html; charset=utf-8' },
      )
    if (state.pathGateway === 'octet-stream') {
      const first =
        m[1] === PROBE_CID ? new Uint8Array() : Buffer.from('\x1b[31m::error::raw file bytes')
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      return void res.end(first)
    }
    let root: CID
    try {
      root = CID.parse(decodeURIComponent(m[1] ?? ''))
    } catch {
      return text(res, 400, `invalid CID ${m[1] ?? ''}`)
    }
    const segments = (m[2] ?? '')
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent)
    const accept = req.headers.accept
    const format = negotiate(url, accept)
    if (typeof format === 'object') return text(res, 400, format.error)
    if (format === 'raw' && segments.length > 0)
      return text(res, 400, 'a raw block is asked for by CID alone: no path allowed')
    const scope = url.searchParams.get('dag-scope') ?? 'all'
    const version = carParam(url, accept, 'version') ?? '1'
    const order = carParam(url, accept, 'order') ?? 'dfs'
    const dupsAsked = carParam(url, accept, 'dups') ?? 'n'
    if (format === 'car') {
      if (scope !== 'block' && scope !== 'entity' && scope !== 'all')
        return text(res, 400, `invalid dag-scope=${scope}: block, entity or all`)
      if (url.searchParams.has('entity-bytes'))
        return text(res, 400, 'entity-bytes is not supported by this gateway')
      if (version !== '1') return text(res, 400, `unsupported CAR version ${version}`)
      if (order !== 'dfs' && order !== 'unk')
        return text(res, 400, `unsupported CAR order ${order}`)
      if (dupsAsked !== 'y' && dupsAsked !== 'n')
        return text(res, 400, `invalid CAR dups ${dupsAsked}`)
    }

    const onlyIfCached = /\bonly-if-cached\b/i.test(String(req.headers['cache-control'] ?? ''))
    if (root.multihash.code !== IDENTITY) {
      if (state.blocked) return text(res, 410, `${root.toString()} is blocked by a denylist`)
      if (state.notFoundFor > 0) {
        state.notFoundFor--
        if (onlyIfCached) return text(res, 412, `${root.toString()} is not cached here`)
        return text(res, 404, `block ${root.toString()} not found`)
      }
      if (state.recursiveDelays > 0) {
        state.recursiveDelays--
        if (onlyIfCached) return text(res, 412, `${root.toString()} is not cached here`)
        const timedOut = delaysServed++ % 2 === 0
        return text(
          res,
          timedOut ? 504 : 502,
          timedOut ? 'timed out looking for providers' : 'no providers found',
          { 'retry-after': state.retryAfter ?? '0' },
        )
      }
      if (served(root) === undefined)
        return onlyIfCached
          ? text(res, 412, `${root.toString()} is not cached here`)
          : text(res, 404, `block ${root.toString()} not found`)
    }

    const common = {
      'cache-control': IMMUTABLE,
      'x-content-type-options': 'nosniff',
      vary: 'Accept',
      ...(url.searchParams.has('format')
        ? {}
        : {
            'content-location': `${url.pathname}${url.search === '' ? '?' : `${url.search}&`}format=${format}`,
          }),
    }
    if (format === 'raw') {
      const bytes = served(root) ?? new Uint8Array()
      res.writeHead(200, {
        ...common,
        'content-type': RAW_TYPE,
        'content-length': String(bytes.length),
        etag: `"${root.toString()}.raw"`,
        'content-disposition': `attachment; filename="${root.toString()}.bin"`,
      })
      res.end(method === 'HEAD' ? undefined : bytes)
      return
    }

    const chain = resolve(root, segments)
    if (!Array.isArray(chain)) return text(res, chain.status, chain.error)
    const terminal = chain[chain.length - 1] as CID
    const dups = state.dups ? 'y' : dupsAsked
    const pathTag =
      segments.length > 0
        ? `.${createHash('sha256').update(segments.join('/')).digest('hex').slice(0, 12)}`
        : ''
    res.writeHead(200, {
      ...common,
      'content-type': state.legacyContentType
        ? CAR_TYPE
        : `${CAR_TYPE}; version=1; order=${state.breadthFirst ? 'unk' : 'dfs'}; dups=${dups}`,
      etag: `W/"${root.toString()}${pathTag}.car.${scope}.${dups}"`,
      'content-disposition': `attachment; filename="${root.toString()}.car"`,
      'accept-ranges': 'none',
    })
    if (method === 'HEAD') {
      res.end()
      return
    }
    const post = state.legacyContentType
    const twice = state.dups
    const extra = state.extraBlock
    const extraCid =
      extra === undefined ? undefined : CID.create(1, raw.code, await sha256.digest(extra))
    let short = false
    /** The DAG's blocks (twice each with the `dups` knob). */
    const dag = function* (): Generator<Block> {
      const seen = dups === 'n' ? new Set<string>() : undefined
      if (state.breadthFirst) {
        if (!(yield* breadthFirst(terminal))) short = true
        return
      }
      const both = function* (cid: CID, below: Below): Generator<Block, boolean> {
        const it = walk(cid, below, seen, post)
        for (let r = it.next(); ; r = it.next()) {
          if (r.done === true) return r.value
          yield r.value
          if (twice) yield r.value
        }
      }
      for (const cid of chain.slice(0, -1))
        if (!(yield* both(cid, 'none'))) return void (short = true)
      if (!(yield* both(terminal, belowTerminal(terminal, scope as Scope))))
        return void (short = true)
    }
    /** The DAG's blocks, with the extra block after the first. */
    const blocks = function* (): Generator<Block> {
      let first = true
      for (const b of dag()) {
        yield b
        if (first && extra !== undefined && extraCid !== undefined)
          yield { cid: extraCid, bytes: extra }
        first = false
      }
    }
    if (state.hostile !== undefined && root.multihash.code !== IDENTITY)
      return streamHostile(res, root, blocks(), state.hostile)
    await streamCar(res, root, blocks(), () => short && state.missingCut)
  }

  const server = await startServer(
    (req, res, _body, n) => handle(req, res, n),
    (req, n) => state.early?.(n, req.method, new URL(req.url ?? '/', 'http://x').pathname),
  )
  return Object.assign(state, { url: server.url, server, close: () => server.close() })
}

/** Writes `chunk` and waits until it is handed to the socket (or the socket is gone). */
function write(res: ServerResponse, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('close', done)
      resolve()
    }
    res.on('close', done)
    res.write(chunk, () => done())
  })
}

/** A CARv1 header naming `root`, as CarWriter writes it. */
async function carHeader(root: CID): Promise<Uint8Array> {
  const { writer, out } = CarWriter.create([root])
  const closing = writer.close()
  const chunks: Uint8Array[] = []
  for await (const chunk of out) chunks.push(chunk)
  await closing
  return Buffer.concat(chunks)
}

async function carHeaderLength(root: CID): Promise<number> {
  return (await carHeader(root)).length
}

/** `n` as an unsigned varint (any size a hostile test asks for). */
function varintBytes(n: number): Uint8Array {
  const out: number[] = []
  for (let v = n; ; v = Math.floor(v / 128)) {
    if (v < 128) {
      out.push(v)
      return Uint8Array.from(out)
    }
    out.push((v % 128) | 0x80)
  }
}
