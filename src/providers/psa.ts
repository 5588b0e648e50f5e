/**
 * The IPFS Pinning Service API client (spec v1.0.0; shared/providers.md §1), written once for
 * `psa` and every preset (Pinata PSA, Filebase, 4EVERLAND, web3.storage, Cluster's pinsvcapi).
 * Bearer token (Cluster's endpoint also takes Basic).
 *
 * - pin: `POST /pins` {cid, name, meta, origins}; status: `GET /pins/{requestid}`;
 *   replace: `POST /pins/{requestid}`; unpin: every request id holding the CID (looked up with
 *   all four statuses, across pages), each `DELETE /pins/{requestid}`.
 * - remove: one request id (cleanup of one scope's request, other scopes' requests stay).
 * - list: `GET /pins` with name/meta/status filters, paged with `before` = the oldest `created`.
 *
 * Tolerated deviations (§1.5): any 2xx on add/replace/delete, empty or `text/plain` DELETE
 * bodies, a missing `name`, requestid equal to the CID (Cluster), `limit`, ordering and `count`
 * ignored, no default status filter: every filter is also applied here, and paging stops when a
 * page brings nothing new.
 */
import type { CID } from 'multiformats/cid'
import type { ProviderConfig } from '../config/config.js'
import { ProviderError } from '../errors.js'
import { authHeader } from '../http/auth.js'
import { createHttpClient, type RequestSpec } from '../http/client.js'
import { TAG } from '../tags.js'
import { MAX_PAGES, matchesFilter, stringValues } from './list.js'
import type {
  ListFilter,
  ListedPin,
  PinInfo,
  PinState,
  PinTags,
  Provider,
  ProviderDeps,
  UnpinOutcome,
} from './types.js'

export type PsaConfig = Extract<ProviderConfig, { endpoint: string }>

/** A PinStatus as services send it (required fields may be missing: checked here). */
interface PinStatus {
  requestid?: string
  status?: string
  created?: string
  pin?: { cid?: string; name?: string; meta?: unknown }
  delegates?: string[]
  info?: Record<string, unknown>
}

const ALL_STATUSES = 'queued,pinning,pinned,failed'
const STATES: Readonly<Record<string, PinState>> = {
  queued: 'queued',
  pinning: 'pinning',
  pinned: 'pinned',
  failed: 'failed',
}

/** The words a service gives about a pending or failed pin, from the `info` map. */
function detailOf(info: Record<string, unknown> | undefined): string | undefined {
  if (info === undefined) return undefined
  for (const k of ['status_details', 'failed_reason', 'failed_message', 'pinata_pinjob_status']) {
    const v = info[k]
    if (typeof v === 'string' && v !== '') return v
  }
  return undefined
}

const WEB3_STORAGE_GONE =
  'web3.storage shut down its Pinning Service API on 2024-01-09 (its successor, Storacha, has no such API); ' +
  'choose another provider, e.g. pinata-psa, filebase or 4everland.'

export function createPsaProvider(config: PsaConfig, deps: ProviderDeps): Provider {
  const http = createHttpClient({
    ...deps,
    provider: config.id,
    baseUrl: config.endpoint,
    headers: authHeader(config.auth, deps.setSecret),
  })
  const { fail, said } = http

  /** web3.storage's endpoint no longer answers as a PSA: say so instead of a bare HTTP error. */
  async function explained<T>(work: () => Promise<T>): Promise<T> {
    if (config.id !== 'web3-storage') return work()
    try {
      return await work()
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err
      throw new ProviderError(
        err.provider,
        err.operation,
        deps.redact(`${err.message}. ${WEB3_STORAGE_GONE}`),
        { status: err.status, body: err.body, retryable: false, reason: err.reason },
        { cause: err },
      )
    }
  }

  const toInfo = (s: PinStatus, operation: string, fallbackCid?: string): PinInfo => {
    const cid = s.pin?.cid ?? fallbackCid
    if (typeof s.requestid !== 'string' || s.requestid === '' || cid === undefined)
      throw fail(operation, `the answer is not a PinStatus: ${said(JSON.stringify(s))}`)
    const detail = detailOf(s.info)
    return {
      cid,
      id: s.requestid,
      state: STATES[s.status ?? ''] ?? 'queued',
      ...(detail !== undefined ? { detail: said(detail, 200) } : {}),
    }
  }

  const pinBody = (cid: CID, tags: PinTags, origins?: readonly string[]): string =>
    JSON.stringify({
      cid: cid.toString(),
      name: tags.name.slice(0, 255),
      ...(Object.keys(tags.metadata).length > 0 ? { meta: tags.metadata } : {}),
      ...(origins !== undefined && origins.length > 0 ? { origins: origins.slice(0, 20) } : {}),
    })

  async function post(
    operation: string,
    path: string,
    body: string,
    cid: CID,
    signal?: AbortSignal,
  ): Promise<PinInfo> {
    const { value } = await http.json<PinStatus>({
      operation,
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json' },
      body: () => body,
      // A repeat makes a second request for the same CID at worst; unpin removes them all.
      idempotent: true,
      signal,
    })
    return toInfo(value, operation, cid.toString())
  }

  /** Every PinStatus matching `query`, all pages, each once. */
  async function* pages(
    query: Record<string, string>,
    signal?: AbortSignal,
  ): AsyncIterable<PinStatus> {
    const seen = new Set<string>()
    let before: string | undefined
    for (let page = 0; page < MAX_PAGES; page++) {
      const spec: RequestSpec = {
        operation: 'list',
        method: 'GET',
        path: '/pins',
        query: { status: ALL_STATUSES, limit: 1000, ...query, before },
        idempotent: true,
        signal,
      }
      const { value } = await http.json<{ count?: number; results?: PinStatus[] }>(spec)
      if (!Array.isArray(value.results))
        throw fail('list', `the answer has no "results": ${said(JSON.stringify(value))}`)
      let fresh = 0
      let oldest: string | undefined
      for (const s of value.results) {
        const t = typeof s.created === 'string' ? Date.parse(s.created) : NaN
        if (!Number.isNaN(t) && (oldest === undefined || t < Date.parse(oldest))) oldest = s.created
        const key = s.requestid ?? JSON.stringify(s)
        if (seen.has(key)) continue
        seen.add(key)
        fresh++
        yield s
      }
      // Stop on an empty page, a page with nothing new (`before` ignored), or no cursor.
      if (fresh === 0 || oldest === undefined || oldest === before) return
      if (typeof value.count === 'number' && seen.size >= value.count) return
      before = oldest
    }
    throw fail('list', `more than ${MAX_PAGES} pages of pins; stopped`)
  }

  /** Request ids holding `cid`, in any status. */
  async function requestsFor(cid: string, signal?: AbortSignal): Promise<PinStatus[]> {
    const found: PinStatus[] = []
    for await (const s of pages({ cid }, signal)) if (s.pin?.cid === cid) found.push(s)
    return found
  }

  async function deleteRequest(id: string, signal?: AbortSignal): Promise<UnpinOutcome> {
    const res = await http.send({
      operation: 'unpin',
      method: 'DELETE',
      path: `/pins/${encodeURIComponent(id)}`,
      idempotent: true,
      accept: [404],
      signal,
    })
    return res.status === 404 ? 'absent' : 'removed'
  }

  async function status(pin: Pick<PinInfo, 'cid' | 'id'>, signal?: AbortSignal): Promise<PinInfo> {
    if (pin.id === undefined) {
      const newest = (await requestsFor(pin.cid, signal)).sort((a, b) =>
        (b.created ?? '').localeCompare(a.created ?? ''),
      )[0]
      return newest !== undefined ? toInfo(newest, 'status') : { cid: pin.cid, state: 'absent' }
    }
    const res = await http.send({
      operation: 'status',
      method: 'GET',
      path: `/pins/${encodeURIComponent(pin.id)}`,
      idempotent: true,
      accept: [404],
      signal,
    })
    if (res.status === 404) return { cid: pin.cid, id: pin.id, state: 'absent' }
    return toInfo(http.parse<PinStatus>('status', res), 'status', pin.cid)
  }

  return {
    id: config.id,

    pin: (cid, tags, opts) =>
      explained(() => post('pin', '/pins', pinBody(cid, tags, opts?.origins), cid, opts?.signal)),

    replace: (old, cid, tags, opts) =>
      explained(() => {
        if (old.id === undefined) throw fail('replace', 'replacing needs the request id')
        return post(
          'replace',
          `/pins/${encodeURIComponent(old.id)}`,
          pinBody(cid, tags, opts?.origins),
          cid,
          opts?.signal,
        )
      }),

    status: (pin, opts) => explained(() => status(pin, opts?.signal)),

    unpin: (pin, opts) =>
      explained(async () => {
        const ids = new Set((await requestsFor(pin.cid, opts?.signal)).map((s) => s.requestid))
        if (pin.id !== undefined) ids.add(pin.id)
        let removed = false
        for (const id of ids) {
          if (id === undefined) continue
          const outcome = await deleteRequest(id, opts?.signal)
          removed ||= outcome === 'removed'
        }
        return removed ? 'removed' : 'absent'
      }),

    remove: (pin, opts) =>
      explained(async () => {
        if (pin.id === undefined) throw fail('unpin', 'removing one request needs its request id')
        return deleteRequest(pin.id, opts?.signal)
      }),

    async *list(filter: ListFilter, opts): AsyncIterable<ListedPin> {
      const query: Record<string, string> = {}
      if (filter.name !== undefined) query.name = filter.name
      if (filter.cid !== undefined) query.cid = filter.cid
      // Each request is its own record with one scope (never merged): exact match works.
      const meta = {
        ...filter.metadata,
        ...(filter.scope !== undefined ? { [TAG.scope]: filter.scope } : {}),
      }
      if (Object.keys(meta).length > 0) query.meta = JSON.stringify(meta)
      let it = pages(query, opts?.signal)[Symbol.asyncIterator]()
      let first = true
      for (;;) {
        let next: IteratorResult<PinStatus>
        try {
          next = await explained(() => it.next())
        } catch (err) {
          // Some services choke on the `meta` filter (the reference mock answers 500): the
          // filter is applied here anyway, so list without it.
          if (!first || query.meta === undefined || !(err instanceof ProviderError)) throw err
          if (err.status === undefined || err.status === 401 || err.status === 403) throw err
          deps.log?.(
            `${config.id}: the service refused the meta filter (${err.short()}); listing without it`,
          )
          delete query.meta
          it = pages(query, opts?.signal)[Symbol.asyncIterator]()
          first = false
          continue
        }
        first = false
        if (next.done === true) return
        const s = next.value
        const meta = stringValues(s.pin?.meta)
        if (!matchesFilter(filter, s.pin?.name, meta, s.pin?.cid)) continue
        yield {
          ...toInfo(s, 'list'),
          ...(s.pin?.name !== undefined ? { name: s.pin.name } : {}),
          metadata: meta,
          ...(s.created !== undefined ? { created: s.created } : {}),
        }
      }
    },
  }
}
