/**
 * IPFS Cluster's REST API (v1.x; docs/providers/cluster.md), Basic or Bearer auth.
 *
 * - upload: when the cluster already holds the root (its status reads pinned on every peer that
 *   holds it), no bytes are sent: the root is pinned by CID (`POST /pins/{cid}`) with the labels
 *   merged, one round trip like a label write. Otherwise `POST /add?format=car` with our CAR
 *   (name, `meta-*`, replication, `expire-in`): the cluster imports exactly our blocks and pins
 *   the root on its allocations, asynchronously.
 * - pin: `POST /pins/{cid}`; status: `GET /pins/{cid}` (per-peer statuses); unpin:
 *   `DELETE /pins/{cid}` (404 "not part of the pinset" = already gone).
 * - list: `GET /allocations` (the pinset with names and labels), `/allocations/{cid}` for one;
 *   one entry per CID, so uploads and pins merge the scope label (src/tags.ts); relabel re-pins.
 * - origins: the public addresses of the cluster's IPFS daemon (`GET /id` → `ipfs`).
 *
 * Quirks handled: NDJSON streams whose errors arrive in the `X-Stream-Error` trailer after a
 * 200, 204 for empty streams, and CIDs as strings (≥ 1.0) or `{"/": …}` (older).
 */
import type { CID } from 'multiformats/cid'
import { parseDuration, parseInteger } from '../inputs/parse.js'
import { InputError } from '../errors.js'
import { authHeader, type HttpAuth } from '../http/auth.js'
import { createHttpClient, streamError } from '../http/client.js'
import type { Operation } from '../http/policy.js'
import { carFilePart } from '../http/multipart.js'
import { mergedMetadata } from '../tags.js'
import { cidText } from './ipld-json.js'
import { matchesFilter, stringValues } from './list.js'
import { publicOrigins } from './origins.js'
import { needUrl, optionalAuth } from '../inputs/read.js'
import {
  defineProvider,
  type ListedPin,
  type PinInfo,
  type PinState,
  type PinTags,
  type Provider,
  type ProviderDeps,
  type ProviderOptions,
} from './types.js'

export interface ClusterOptions extends ProviderOptions {
  readonly id: 'cluster'
  /** The REST API's base URL. */
  readonly url: string
  readonly auth?: HttpAuth
  readonly replicationMin?: number
  readonly replicationMax?: number
  /** Milliseconds. */
  readonly expireInMs?: number
}

export const cluster = defineProvider({
  family: 'provider',
  id: 'cluster',
  title: 'An IPFS Cluster you run (REST API)',
  docs: 'docs/providers/cluster.md',
  inputs: [
    { name: 'cluster-url' },
    { name: 'cluster-basic-auth', secret: true },
    { name: 'cluster-token', secret: true },
    { name: 'cluster-replication-min' },
    { name: 'cluster-replication-max' },
    { name: 'cluster-expire-in' },
  ],
  credentials: ['cluster-token', 'cluster-basic-auth'],
  credentialsOptional: true,
  traits: { kind: 'upload', keepsLabels: true },
  read(ctx): ClusterOptions {
    const replication = (name: 'cluster-replication-min' | 'cluster-replication-max') =>
      ctx.raw(name) === '' ? undefined : parseInteger(name, ctx.raw(name), -1)
    const rmin = replication('cluster-replication-min')
    const rmax = replication('cluster-replication-max')
    if (rmin !== undefined && rmax !== undefined && rmax !== -1 && (rmin === -1 || rmin > rmax))
      throw new InputError(
        'cluster-replication-min',
        `Input "cluster-replication-min" (${rmin}) is greater than "cluster-replication-max" (${rmax}).`,
      )
    const expire = ctx.raw('cluster-expire-in')
    return {
      id: 'cluster',
      url: needUrl(ctx, 'cluster-url', 'provider "cluster"'),
      auth: optionalAuth(ctx, 'cluster-basic-auth', 'cluster-token'),
      replicationMin: rmin === 0 ? undefined : rmin,
      replicationMax: rmax === 0 ? undefined : rmax,
      expireInMs:
        expire === ''
          ? undefined
          : parseDuration('cluster-expire-in', expire, { allowZero: false }),
    }
  },
  create: (options, deps) => createClusterProvider(options, deps),
})

/** A pinset entry (`Pin`) as `/allocations` gives it. */
interface ClusterPin {
  cid?: unknown
  name?: unknown
  metadata?: unknown
  timestamp?: unknown
}

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

export function createClusterProvider(config: ClusterOptions, deps: ProviderDeps): Provider {
  const http = createHttpClient({
    ...deps,
    credentials: config.credentials,
    provider: 'cluster',
    baseUrl: config.url,
    headers: authHeader(config.auth, deps.setSecret),
  })
  const { fail, said } = http

  /** The pinset entry of `cid` (name and labels), if the cluster has one. */
  function allocation(
    cid: string,
    operation: Operation,
    signal?: AbortSignal,
  ): Promise<ClusterPin | undefined> {
    return http.request(
      {
        operation,
        method: 'GET',
        path: `/allocations/${encodeURIComponent(cid)}`,
        accept: [404],
        signal,
      },
      (res) => (res.status === 404 ? undefined : http.parse<ClusterPin>(operation, res)),
    )
  }

  /** One pinset entry per CID: this run's labels, keeping the scopes that deployed it before. */
  async function merged(cid: string, tags: PinTags, signal?: AbortSignal): Promise<PinTags> {
    const existing = await allocation(cid, 'read-labels', signal)
    if (existing === undefined) return tags
    return { ...tags, metadata: mergedMetadata(stringValues(existing.metadata), tags.metadata) }
  }

  const listed = (p: ClusterPin): ListedPin | undefined => {
    const cid = cidText(p.cid)
    if (cid === undefined) return undefined
    return {
      cid,
      state: 'pinned',
      ...(typeof p.name === 'string' && p.name !== '' ? { name: p.name } : {}),
      metadata: stringValues(p.metadata),
      ...(typeof p.timestamp === 'string' ? { created: p.timestamp } : {}),
    }
  }

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
    const info = await http.request(
      {
        operation: 'status',
        method: 'GET',
        path: `/pins/${encodeURIComponent(pin.cid)}`,
        accept: [404],
        signal,
      },
      (res) =>
        res.status === 404
          ? undefined
          : http.parse<{
              cid?: unknown
              peer_map?: Record<string, { status?: string; error?: string }>
            }>('status', res),
    )
    if (info === undefined) return { cid: pin.cid, state: 'absent' }
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

  /**
   * `POST /pins/{cid}`: the query replaces the entry's whole option set (name, labels,
   * replication, expiry), so the labels read just before are merged into this run's.
   */
  async function pinByCid(cid: CID, runTags: PinTags, signal?: AbortSignal): Promise<PinInfo> {
    const tags = await merged(cid.toString(), runTags, signal)
    const { value: pin } = await http.json<{ cid?: unknown }>({
      operation: 'pin',
      method: 'POST',
      path: `/pins/${cid.toString()}`,
      query: pinQuery(tags),
      signal,
    })
    return { cid: cidText(pin.cid) ?? cid.toString(), state: 'queued' }
  }

  return {
    id: 'cluster',

    async uploadCar(car, runTags, opts) {
      const root = car.root.toString()
      // Held already (a re-deploy, or another scope's deploy of the same content): pin it by CID
      // instead of sending the CAR again. The labels are then read right before a one-request
      // write, not before a whole upload (docs/concurrency.md, "Windows"). A pin still on its
      // way, failing or being removed is uploaded: its blocks may not be there.
      if ((await status({ cid: root }, opts?.signal)).state === 'pinned') {
        deps.log?.(`cluster: ${root} is already pinned there; pinning it by CID, no upload`)
        return pinByCid(car.root, runTags, opts?.signal)
      }
      const tags = await merged(root, runTags, opts?.signal)
      const part = carFilePart(car)
      // The same CAR added again is the same pin: safe to repeat.
      const cid = await http.request(
        {
          operation: 'upload-car',
          method: 'POST',
          path: '/add',
          query: { format: 'car', ...pinQuery(tags) },
          headers: part.headers,
          body: part.body,
          signal: opts?.signal,
          progress: opts?.progress,
        },
        (res) => {
          const trailer = streamError(res)
          if (trailer !== undefined)
            throw fail(
              'upload-car',
              `the cluster reported an error after accepting the upload: ${said(trailer)}`,
              res.status,
            )
          const lines = http.lines('upload-car', res, 'cluster') as Array<{ cid?: unknown }>
          const cid = cidText(lines[lines.length - 1]?.cid)
          if (cid === undefined)
            throw http.malformed('upload-car', `the response names no CID: ${said(res.text)}`, res)
          return cid
        },
      )
      // Pinning on the allocated peers happens after /add returns: the caller waits on status.
      return { cid, state: 'pinning' }
    },

    pin: (cid: CID, runTags, opts) => pinByCid(cid, runTags, opts?.signal),

    status: (pin, opts) => status(pin, opts?.signal),

    async unpin(pin, opts) {
      const res = await http.send({
        operation: 'unpin',
        method: 'DELETE',
        path: `/pins/${encodeURIComponent(pin.cid)}`,
        accept: [404],
        signal: opts?.signal,
      })
      return { outcome: res.status === 404 ? 'absent' : 'removed' }
    },

    async *list(filter, opts): AsyncIterable<ListedPin> {
      if (filter.cid !== undefined) {
        const one = await allocation(filter.cid, 'list', opts?.signal)
        const pin = one !== undefined ? listed(one) : undefined
        if (pin !== undefined && matchesFilter(filter, pin.name, pin.metadata, pin.cid)) yield pin
        return
      }
      // The whole pinset as NDJSON (Cluster has no metadata filter): filtered here.
      const all = await http.request(
        {
          operation: 'list',
          method: 'GET',
          path: '/allocations',
          query: { filter: 'pin' },
          signal: opts?.signal,
        },
        (res) => {
          const trailer = streamError(res)
          if (trailer !== undefined)
            throw fail('list', `the cluster reported: ${said(trailer)}`, res.status)
          return http.lines('list', res, 'cluster') as ClusterPin[]
        },
      )
      for (const line of all) {
        const pin = listed(line)
        if (pin !== undefined && matchesFilter(filter, pin.name, pin.metadata, pin.cid)) yield pin
      }
    },

    async relabel(pin, metadata, opts) {
      await http.send({
        operation: 'write-labels',
        method: 'POST',
        path: `/pins/${encodeURIComponent(pin.cid)}`,
        query: pinQuery({ name: pin.name ?? '', metadata }),
        signal: opts?.signal,
      })
    },

    async origins(opts) {
      const { value } = await http.json<{ ipfs?: { id?: unknown; addresses?: unknown } }>({
        operation: 'origins',
        method: 'GET',
        path: '/id',
        signal: opts?.signal,
      })
      const ipfs = value.ipfs
      return publicOrigins(
        Array.isArray(ipfs?.addresses) ? ipfs.addresses : [],
        typeof ipfs?.id === 'string' ? ipfs.id : undefined,
      )
    },
  }
}
