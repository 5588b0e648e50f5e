/**
 * IPFS Cluster's REST API (v1.x; shared/providers.md §5), Basic or Bearer auth.
 *
 * - upload: `POST /add?format=car` with our CAR (name, `meta-*`, replication, `expire-in`): the
 *   cluster imports exactly our blocks and pins the root on its allocations, asynchronously.
 * - pin: `POST /pins/{cid}`; status: `GET /pins/{cid}` (per-peer statuses); unpin:
 *   `DELETE /pins/{cid}` (404 "not part of the pinset" = already gone).
 * - origins: the public addresses of the cluster's IPFS daemon (`GET /id` → `ipfs`).
 *
 * Quirks handled: NDJSON streams whose errors arrive in the `X-Stream-Error` trailer after a
 * 200, 204 for empty streams, and CIDs as strings (≥ 1.0) or `{"/": …}` (older).
 */
import type { CID } from 'multiformats/cid'
import type { ProviderConfig } from '../config/config.js'
import { authHeader } from '../http/auth.js'
import { createHttpClient, isRetryableStatus, streamError } from '../http/client.js'
import { carFilePart } from '../http/multipart.js'
import { cidText } from './ipld-json.js'
import { publicOrigins } from './origins.js'
import type { PinInfo, PinState, PinTags, Provider, ProviderDeps } from './types.js'

type ClusterConfig = Extract<ProviderConfig, { id: 'cluster' }>

/**
 * Per-peer tracker statuses folded into one state. `remote` and `sharded` peers hold nothing of
 * this pin, and `cluster_error` means the peer could not be asked (it says nothing about the
 * pin): those are left out. A pin is pinned when every other peer reports it pinned.
 */
export function foldPeerStatuses(statuses: readonly string[]): {
  state: PinState
  detail?: string
} {
  const mine = statuses.filter((s) => s !== 'remote' && s !== 'sharded' && s !== 'cluster_error')
  if (mine.length === 0)
    return statuses.includes('cluster_error')
      ? { state: 'queued', detail: 'cluster_error: no peer could be asked' }
      : { state: 'absent' }
  const bad = mine.find((s) => s === 'pin_error' || s === 'error' || s === 'unpin_error')
  if (bad !== undefined) return { state: 'failed', detail: bad }
  const leaving = mine.find((s) => s === 'unpinning' || s === 'unpin_queued')
  if (leaving !== undefined)
    return { state: 'failed', detail: `${leaving}: the pin is being removed` }
  if (mine.every((s) => s === 'pinned')) return { state: 'pinned' }
  if (mine.every((s) => s === 'unpinned')) return { state: 'absent' }
  if (mine.some((s) => s === 'pinning' || s === 'pinned' || s === 'unexpectedly_unpinned'))
    return { state: 'pinning' }
  return { state: 'queued' }
}

/** Cluster's own errors are `{"code","message"}` JSON: answers, not outages. */
function clusterError(body: string): boolean {
  try {
    const v = JSON.parse(body) as unknown
    return typeof v === 'object' && v !== null && 'message' in v && 'code' in v
  } catch {
    return false
  }
}

export function createClusterProvider(config: ClusterConfig, deps: ProviderDeps): Provider {
  const http = createHttpClient({
    ...deps,
    provider: 'cluster',
    baseUrl: config.url,
    headers: authHeader(config.auth, deps.setSecret),
  })
  const { fail, said } = http
  const retryOn = (status: number, body: string): boolean =>
    status === 500 && clusterError(body) ? false : isRetryableStatus(status)

  /** Pin options shared by /add and /pins. */
  const pinQuery = (tags: PinTags): Record<string, string | number | undefined> => ({
    name: tags.name,
    ...Object.fromEntries(Object.entries(tags.metadata).map(([k, v]) => [`meta-${k}`, v])),
    'replication-min': config.replicationMin,
    'replication-max': config.replicationMax,
    'expire-in':
      config.expireInMs !== undefined ? `${Math.ceil(config.expireInMs / 1000)}s` : undefined,
  })

  async function status(pin: Pick<PinInfo, 'cid' | 'id'>, signal?: AbortSignal): Promise<PinInfo> {
    const res = await http.send({
      operation: 'status',
      method: 'GET',
      path: `/pins/${encodeURIComponent(pin.cid)}`,
      idempotent: true,
      retryOn,
      accept: [404],
      signal,
    })
    if (res.status === 404) return { cid: pin.cid, state: 'absent' }
    const info = http.parse<{
      cid?: unknown
      peer_map?: Record<string, { status?: string; error?: string }>
    }>('status', res)
    const peers = Object.values(info.peer_map ?? {})
    const folded = foldPeerStatuses(peers.map((p) => p.status ?? 'undefined'))
    const error = peers.find((p) => p.error !== undefined && p.error !== '')?.error
    const detail = [
      folded.detail,
      folded.state !== 'pinned' && error !== undefined ? said(error) : undefined,
    ]
      .filter(Boolean)
      .join(': ')
    return {
      cid: cidText(info.cid) ?? pin.cid,
      state: folded.state,
      ...(detail !== '' ? { detail } : {}),
    }
  }

  return {
    id: 'cluster',

    async uploadCar(car, tags, opts) {
      const part = carFilePart(car)
      const res = await http.send({
        operation: 'upload',
        method: 'POST',
        path: '/add',
        query: { format: 'car', ...pinQuery(tags) },
        headers: part.headers,
        body: part.body,
        // The same CAR added again is the same pin: safe to repeat.
        idempotent: true,
        retryOn,
        signal: opts?.signal,
      })
      const trailer = streamError(res)
      if (trailer !== undefined)
        throw fail(
          'upload',
          `the cluster reported an error after accepting the upload: ${said(trailer)}`,
          res.status,
        )
      const lines = http.lines('upload', res, 'cluster') as Array<{ cid?: unknown }>
      const cid = cidText(lines[lines.length - 1]?.cid)
      if (cid === undefined)
        throw fail('upload', `the response names no CID: ${said(res.text)}`, res.status)
      // Pinning on the allocated peers happens after /add returns: the caller waits on status.
      return { cid, state: 'pinning' }
    },

    async pin(cid: CID, tags, opts) {
      const res = await http.send({
        operation: 'pin',
        method: 'POST',
        path: `/pins/${cid.toString()}`,
        query: pinQuery(tags),
        idempotent: true,
        retryOn,
        signal: opts?.signal,
      })
      const pin = http.parse<{ cid?: unknown }>('pin', res)
      return { cid: cidText(pin.cid) ?? cid.toString(), state: 'queued' }
    },

    status: (pin, opts) => status(pin, opts?.signal),

    async unpin(pin, opts) {
      const res = await http.send({
        operation: 'unpin',
        method: 'DELETE',
        path: `/pins/${encodeURIComponent(pin.cid)}`,
        idempotent: true,
        retryOn,
        accept: [404],
        signal: opts?.signal,
      })
      return res.status === 404 ? 'absent' : 'removed'
    },

    async origins(opts) {
      const res = await http.send({
        operation: 'origins',
        method: 'GET',
        path: '/id',
        idempotent: true,
        retryOn,
        signal: opts?.signal,
      })
      const ipfs = http.parse<{ ipfs?: { id?: unknown; addresses?: unknown } }>('origins', res).ipfs
      return publicOrigins(
        Array.isArray(ipfs?.addresses) ? ipfs.addresses : [],
        typeof ipfs?.id === 'string' ? ipfs.id : undefined,
      )
    },
  }
}
