/**
 * An IPFS Cluster REST API double on 127.0.0.1:0 (docs/providers/cluster.md): Basic or Bearer auth
 * with Cluster's 401 body and WWW-Authenticate header, `POST /add?format=car` (multipart `file`
 * part; blocks checked with node:crypto SHA-256; the root added to the pinset with its name,
 * `meta-*` and replication), NDJSON with an `X-Stream-Error` trailer, `GET /pins/{cid}` with a
 * per-peer `peer_map` that goes pin_queued → pinning → pinned over successive reads,
 * `POST /pins/{cid}` (the query replaces the entry's options and labels whole), `DELETE /pins/{cid}` with 404 for unknown pins, `GET /allocations` (the
 * pinset as NDJSON, `filter=pin`) and `/allocations/{cid}`. Faults are injectable.
 */
import type { ServerResponse } from 'node:http'
import { CID } from 'multiformats/cid'
import { startServer, type TestServer } from '../support/server.js'
import { Blocks, applyFault, blockKey as key, multipartFiles, type FaultHooks } from './common.js'

export interface ClusterPin {
  name: string
  metadata: Record<string, string>
  replicationMin: number
  replicationMax: number
  expireIn?: string
  /** Status reads so far; the pin reaches "pinned" after `pinAfterReads`. */
  reads: number
  /** When it entered the pinset (RFC 3339), as `/allocations` reports `timestamp`. */
  timestamp: string
}

export interface ClusterDouble extends FaultHooks {
  readonly url: string
  readonly server: TestServer
  readonly blocks: Map<string, Uint8Array>
  readonly pins: Map<string, ClusterPin>
  /** Status reads before a new pin reports pinned (default 1: pinning once, then pinned). */
  pinAfterReads: number
  /** Peers report this error instead of pinning. */
  pinError?: string
  /** Report CIDs as `{"/": …}`, like clusters before 1.0. */
  legacyCids: boolean
  /** Send this in the X-Stream-Error trailer after a 200 to /add. */
  streamError?: string
  /** Report this root instead of the CAR's. */
  lieAboutRoot?: string
  /** Per-peer statuses to report instead of the simulated progression. */
  peerStatuses?: string[]
  /** Report this CID on status reads only (the upload answer stays true). */
  lieOnStatus?: string
  /** Puts a pin in the pinset without blocks (cleanup tests seed other runs' deployments). */
  seed(cid: string, name: string, metadata: Record<string, string>, timestamp?: string): void
  close(): Promise<void>
}

const PEERS = ['12D3KooWPeerOne', '12D3KooWPeerTwo']
export const CLUSTER_IPFS_ID = '12D3KooWClusterIpfsDaemon'

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(value))
}

export async function startClusterDouble(
  opts: { basic?: { user: string; password: string }; token?: string } = {},
): Promise<ClusterDouble> {
  const blocks = new Blocks()
  const pins = new Map<string, ClusterPin>()
  const state = { pinAfterReads: 1, legacyCids: false } as ClusterDouble
  const cidOut = (c: string): unknown => (state.legacyCids ? { '/': c } : c)
  let clock = Date.parse('2026-11-01T00:00:00Z')
  const stamp = (): string => new Date((clock += 1000)).toISOString()
  const allocationOf = (cid: string, p: ClusterPin): Record<string, unknown> => ({
    cid: cidOut(cid),
    name: p.name,
    metadata: p.metadata,
    type: 'pin',
    allocations: PEERS,
    origins: [],
    timestamp: p.timestamp,
    replication_factor_min: p.replicationMin,
    replication_factor_max: p.replicationMax,
  })
  const pinOptions = (url: URL): Omit<ClusterPin, 'reads' | 'timestamp'> => ({
    name: url.searchParams.get('name') ?? '',
    metadata: Object.fromEntries(
      [...url.searchParams].filter(([k]) => k.startsWith('meta-')).map(([k, v]) => [k.slice(5), v]),
    ),
    // Left out (or 0): the cluster's configured default, here Cluster's own default of -1.
    replicationMin: Number(url.searchParams.get('replication-min') ?? 0) || -1,
    replicationMax: Number(url.searchParams.get('replication-max') ?? 0) || -1,
    ...(url.searchParams.has('expire-in')
      ? { expireIn: url.searchParams.get('expire-in') ?? '' }
      : {}),
  })

  const server = await startServer(
    async (req, res, body, n) => {
      const url = new URL(req.url ?? '/', 'http://x')
      if (applyFault(state.fault?.(n, url.pathname, req.method ?? ''), req, res)) return
      if (opts.basic !== undefined || opts.token !== undefined) {
        const auth = req.headers.authorization
        const okBasic =
          opts.basic !== undefined &&
          auth ===
            `Basic ${Buffer.from(`${opts.basic.user}:${opts.basic.password}`).toString('base64')}`
        const okToken = opts.token !== undefined && auth === `Bearer ${opts.token}`
        if (!okBasic && !okToken) {
          res.setHeader('www-authenticate', 'Basic realm="Restricted IPFS Cluster API"')
          return json(res, 401, {
            code: 401,
            message:
              auth === undefined ? 'unauthorized: no auth provided' : 'unauthorized: access denied',
          })
        }
      }
      if (req.method === 'POST' && url.pathname === '/add') {
        if (url.searchParams.get('format') !== 'car')
          return json(res, 400, { code: 400, message: 'this double only takes format=car' })
        const cars = await multipartFiles(req, body)
        if (cars.length !== 1)
          return json(res, 400, { code: 400, message: 'format=car takes exactly one file' })
        const taken = await blocks.importCar(cars[0] ?? Buffer.alloc(0))
        if ('error' in taken) return json(res, 500, { code: 500, message: taken.error })
        const roots = taken.roots
        const root = roots[0]
        if (roots.length !== 1 || root === undefined)
          return json(res, 500, { code: 500, message: 'a CAR for /add must have exactly one root' })
        if (blocks.missing(root) !== undefined)
          return json(res, 500, {
            code: 500,
            message: `the DAG under ${root.toString()} is incomplete`,
          })
        pins.set(key(root), { ...pinOptions(url), reads: 0, timestamp: stamp() })
        res.writeHead(200, { 'content-type': 'application/json', trailer: 'X-Stream-Error' })
        res.write(
          `${JSON.stringify({ name: `${root.toString()}.car`, cid: cidOut(state.lieAboutRoot ?? root.toString()), size: cars[0]?.length, allocations: PEERS })}\n`,
        )
        res.addTrailers({ 'X-Stream-Error': state.streamError ?? '' })
        return res.end()
      }
      if (req.method === 'GET' && url.pathname === '/id')
        return json(res, 200, {
          id: '12D3KooWClusterPeerOne',
          addresses: ['/ip4/127.0.0.1/tcp/9096/p2p/12D3KooWClusterPeerOne'],
          cluster_peers: PEERS,
          version: '1.1.4',
          peername: 'cluster0',
          // Cluster lists its IPFS daemon's addresses as the daemon reports them.
          ipfs: {
            id: CLUSTER_IPFS_ID,
            addresses: [
              '/ip4/127.0.0.1/tcp/4001',
              '/ip4/172.17.0.2/tcp/4001',
              '/ip4/198.51.100.20/tcp/4001',
              '/ip6/2001:db8::20/udp/4001/quic-v1',
            ],
          },
        })
      if (req.method === 'GET' && url.pathname === '/allocations') {
        const filter = url.searchParams.get('filter') ?? 'pin'
        if (
          !filter
            .split(',')
            .every((f) => ['pin', 'meta-pin', 'clusterdag-pin', 'shard-pin', 'all'].includes(f))
        )
          return json(res, 400, { code: 400, message: `unknown filter ${filter}` })
        res.writeHead(200, { 'content-type': 'application/json', trailer: 'X-Stream-Error' })
        for (const [k, p] of pins) {
          res.write(`${JSON.stringify(allocationOf(CID.parse(k).toString(), p))}\n`)
        }
        res.addTrailers({ 'X-Stream-Error': '' })
        return res.end()
      }
      const a = /^\/allocations\/([^/]+)$/.exec(url.pathname)
      if (req.method === 'GET' && a !== null) {
        let cid: CID
        try {
          cid = CID.parse(decodeURIComponent(a[1] ?? ''))
        } catch {
          return json(res, 400, { code: 400, message: 'error decoding Cid' })
        }
        const pin = pins.get(key(cid))
        if (pin === undefined)
          return json(res, 404, { code: 404, message: 'cid is not part of the global state' })
        return json(res, 200, allocationOf(cid.toString(), pin))
      }
      const m = /^\/pins\/([^/]+)$/.exec(url.pathname)
      if (m !== null) {
        let cid: CID
        try {
          cid = CID.parse(decodeURIComponent(m[1] ?? ''))
        } catch {
          return json(res, 400, { code: 400, message: 'error decoding Cid' })
        }
        const pin = pins.get(key(cid))
        if (req.method === 'GET') {
          if (pin === undefined)
            return json(res, 404, { code: 404, message: 'pin is not part of the pinset' })
          pin.reads++
          const status =
            state.pinError !== undefined
              ? 'pin_error'
              : pin.reads > state.pinAfterReads
                ? 'pinned'
                : pin.reads === 1
                  ? 'pin_queued'
                  : 'pinning'
          return json(res, 200, {
            cid: cidOut(state.lieOnStatus ?? state.lieAboutRoot ?? cid.toString()),
            name: pin.name,
            allocations: PEERS,
            origins: [],
            created: '2026-11-21T00:00:00Z',
            metadata: pin.metadata,
            peer_map: Object.fromEntries(
              PEERS.map((p, i) => [
                p,
                {
                  peername: `cluster${i}`,
                  ipfs_peer_id: p,
                  status: state.peerStatuses?.[i] ?? status,
                  timestamp: '2026-11-21T00:00:01Z',
                  error: state.pinError ?? '',
                  attempt_count: 0,
                  priority_pin: false,
                },
              ]),
            ),
          })
        }
        if (req.method === 'POST') {
          // Cluster's Pin: the options come from the query alone (a JSON body is ignored) and
          // replace the entry's whole option set, labels included: nothing is merged. Peers that
          // already pinned the CID stay pinned (same allocations), so its status is kept.
          if (body.length > 0)
            return json(res, 400, {
              code: 400,
              message: 'this double refuses a body: Cluster ignores it (options go in the query)',
            })
          pins.set(key(cid), { ...pinOptions(url), reads: pin?.reads ?? 0, timestamp: stamp() })
          return json(res, 200, {
            cid: cidOut(cid.toString()),
            name: url.searchParams.get('name') ?? '',
            allocations: PEERS,
            type: 'pin',
            metadata: pinOptions(url).metadata,
          })
        }
        if (req.method === 'DELETE') {
          if (!pins.delete(key(cid)))
            return json(res, 404, { code: 404, message: 'pin is not part of the pinset' })
          return json(res, 200, { cid: cidOut(cid.toString()), type: 'pin' })
        }
      }
      return json(res, 404, { code: 404, message: 'not found' })
    },
    (req, n) => state.early?.(n, req.method, new URL(req.url ?? '/', 'http://x').pathname),
  )
  return Object.assign(state, {
    url: server.url,
    server,
    blocks,
    pins,
    seed: (cid: string, name: string, metadata: Record<string, string>, timestamp?: string) =>
      pins.set(key(CID.parse(cid)), {
        name,
        metadata,
        replicationMin: -1,
        replicationMax: -1,
        reads: 99,
        timestamp: timestamp ?? stamp(),
      }),
    close: () => server.close(),
  })
}
