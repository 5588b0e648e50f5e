/**
 * The IPFS Pinning Service API client (spec v1.0.0; docs/providers/psa.md), written once for
 * `psa` and every preset (Pinata PSA, Filebase, 4EVERLAND, web3.storage, Cluster's pinsvcapi).
 * Bearer token (Cluster's endpoint also takes Basic).
 *
 * - pin: `POST /pins` {cid, name, meta, origins}; status: `GET /pins/{requestid}`;
 *   replace: `POST /pins/{requestid}`; unpin: every request id holding the CID (looked up with
 *   all four statuses, across pages), each `DELETE /pins/{requestid}`.
 * - remove: one request id (cleanup of one scope's request, other scopes' requests stay).
 * - list: `GET /pins` with name/meta/status filters, paged with `before` = the oldest `created`.
 *
 * Tolerated deviations (docs/providers/psa.md#deviations): any 2xx on add/replace/delete, empty
 * or `text/plain` DELETE bodies, a missing `name`, requestid equal to the CID (Cluster), `limit`,
 * ordering and `count` ignored, no default status filter: every filter is also applied here,
 * and paging stops when a page brings nothing new.
 */
import type { CID } from 'multiformats/cid'
import { ProviderError } from '../errors.js'
import { authHeader, type HttpAuth } from '../http/auth.js'
import { createHttpClient } from '../http/client.js'
import type { Operation } from '../http/policy.js'
import { TAG } from '../tags.js'
import { survivor } from './claims.js'
import { MAX_PAGES, matchesFilter, stringValues } from './list.js'
import type {
  ListFilter,
  ListedPin,
  PinInfo,
  PinOptions,
  PinState,
  PinTags,
  Provider,
  ProviderDeps,
  ProviderOptions,
  UnpinOutcome,
} from './types.js'

export interface PsaConfig extends ProviderOptions {
  readonly id: 'psa' | 'pinata-psa' | 'filebase' | '4everland' | 'web3-storage' | 'cluster-psa'
  /** Service root; the client appends `/pins`. */
  readonly endpoint: string
  readonly auth: HttpAuth
}

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

/** Newest first, by `created`. */
const byNewest = (xs: readonly PinStatus[]): PinStatus[] =>
  [...xs].sort((a, b) => (b.created ?? '').localeCompare(a.created ?? ''))

/**
 * Whether a request was made by this run (a re-run of a job keeps its run id). Outside CI there
 * is no run id: the run's time label, written once per run on every pin, tells it apart.
 */
const sameRun = (s: PinStatus, tags: PinTags): boolean => {
  const meta = stringValues(s.pin?.meta)
  const run = tags.metadata[TAG.run]
  const time = tags.metadata[TAG.time]
  return (
    (run !== undefined ? meta[TAG.run] === run : time !== undefined && meta[TAG.time] === time) &&
    meta[TAG.scope] === tags.metadata[TAG.scope] &&
    meta[TAG.sha] === tags.metadata[TAG.sha]
  )
}

const WEB3_STORAGE_GONE =
  'web3.storage shut down its Pinning Service API on 2024-01-09 (its successor, Storacha, has no such API); ' +
  'choose another provider, e.g. pinata-psa, filebase or 4everland.'

export function createPsaProvider(config: PsaConfig, deps: ProviderDeps): Provider {
  const http = createHttpClient({
    ...deps,
    credentials: config.credentials,
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
        { status: err.status, body: err.body, transient: false, reason: err.reason },
        { cause: err },
      )
    }
  }

  const toInfo = (s: PinStatus, operation: Operation, fallbackCid?: string): PinInfo => {
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

  /**
   * `POST /pins` or `POST /pins/{id}`: each makes a new request, so neither is sent twice
   * blindly. After a failure the service may have taken it, `recover` looks for a request of
   * this CID, name and run, and it is adopted (src/http/policy.ts, `create`).
   */
  async function post(
    operation: 'create-pin' | 'replace-pin',
    path: string,
    cid: CID,
    tags: PinTags,
    opts: PinOptions | undefined,
    isNew: (s: PinStatus) => boolean,
  ): Promise<PinInfo> {
    const body = pinBody(cid, tags, opts?.origins)
    return http.request<PinInfo>(
      {
        operation,
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        body: () => body,
        signal: opts?.signal,
        recover: async () => {
          const mine = (await requestsFor(cid.toString(), opts?.signal, tags.metadata)).filter(
            (s) => s.pin?.name === tags.name.slice(0, 255) && sameRun(s, tags) && isNew(s),
          )
          const newest = byNewest(mine)[0]
          return newest !== undefined ? toInfo(newest, operation) : undefined
        },
      },
      (res) => {
        const value = http.parse<PinStatus>(operation, res)
        if (typeof value !== 'object' || value === null || typeof value.requestid !== 'string')
          throw http.malformed(operation, `the answer is not a PinStatus: ${said(res.text)}`, res)
        return toInfo(value, operation, cid.toString())
      },
    )
  }

  /** `POST /pins/{id}`: request `id` replaced by one for `cid` with `tags`. */
  const replaceRequest = (
    id: string,
    cid: CID,
    tags: PinTags,
    opts: PinOptions | undefined,
  ): Promise<PinInfo> =>
    post(
      'replace-pin',
      `/pins/${encodeURIComponent(id)}`,
      cid,
      tags,
      opts,
      (s) => s.requestid !== id,
    )

  /** Every PinStatus matching `query`, all pages, each once. */
  async function* pages(
    query: Record<string, string>,
    signal?: AbortSignal,
  ): AsyncIterable<PinStatus> {
    const seen = new Set<string>()
    let before: string | undefined
    for (let page = 0; page < MAX_PAGES; page++) {
      const { value } = await http.json<{ count?: number; results?: PinStatus[] }>({
        // The first page filtered by labels is a probe: a service that refuses the filter is
        // listed without it at once (listing), not after a round of retries.
        operation: page === 0 && query.meta !== undefined ? 'list-probe' : 'list',
        method: 'GET',
        path: '/pins',
        query: { status: ALL_STATUSES, limit: 1000, ...query, before },
        signal,
      })
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
      // `count` may be the matches of this query (`before` included) or of all pages: either way,
      // a page holding `count` results holds every remaining one.
      if (typeof value.count === 'number' && value.results.length >= value.count) return
      before = oldest
    }
    throw fail('list', `more than ${MAX_PAGES} pages of pins; stopped`)
  }

  /**
   * Requests holding `cid`, in any status; with `meta`, only those whose labels claim the same
   * scope (asked of the service with the `meta` filter, and checked here).
   */
  async function requestsFor(
    cid: string,
    signal?: AbortSignal,
    meta?: Readonly<Record<string, string>>,
  ): Promise<PinStatus[]> {
    const scope = meta?.[TAG.scope]
    const found: PinStatus[] = []
    for await (const s of listing({ cid, ...(scope !== undefined ? { scope } : {}) }, signal))
      found.push(s)
    return found
  }

  /** The listing behind `list`: filters asked of the service, then checked here. */
  async function* listing(filter: ListFilter, signal?: AbortSignal): AsyncIterable<PinStatus> {
    const query: Record<string, string> = {}
    if (filter.name !== undefined) query.name = filter.name
    if (filter.cid !== undefined) query.cid = filter.cid
    // Each request is its own record with one scope (never merged): exact match works.
    const meta = {
      ...filter.metadata,
      ...(filter.scope !== undefined ? { [TAG.scope]: filter.scope } : {}),
    }
    if (Object.keys(meta).length > 0) query.meta = JSON.stringify(meta)
    let it = pages(query, signal)[Symbol.asyncIterator]()
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
        it = pages(query, signal)[Symbol.asyncIterator]()
        first = false
        continue
      }
      first = false
      if (next.done === true) return
      const s = next.value
      if (matchesFilter(filter, s.pin?.name, stringValues(s.pin?.meta), s.pin?.cid)) yield s
    }
  }

  async function deleteRequest(id: string, signal?: AbortSignal): Promise<UnpinOutcome> {
    const res = await http.send({
      operation: 'unpin',
      method: 'DELETE',
      path: `/pins/${encodeURIComponent(id)}`,
      accept: [404],
      signal,
    })
    return res.status === 404 ? 'absent' : 'removed'
  }

  async function status(pin: Pick<PinInfo, 'cid' | 'id'>, signal?: AbortSignal): Promise<PinInfo> {
    if (pin.id === undefined) {
      const newest = byNewest(await requestsFor(pin.cid, signal))[0]
      return newest !== undefined ? toInfo(newest, 'status') : { cid: pin.cid, state: 'absent' }
    }
    const found = await http.request(
      {
        operation: 'status',
        method: 'GET',
        path: `/pins/${encodeURIComponent(pin.id)}`,
        accept: [404],
        signal,
      },
      (res) => (res.status === 404 ? undefined : http.parse<PinStatus>('status', res)),
    )
    if (found !== undefined) return toInfo(found, 'status', pin.cid)
    // The request went away: another run of the scope may have kept another one for the CID
    // (pin, above). The content's state is then that request's.
    const newest = byNewest(
      (await requestsFor(pin.cid, signal)).filter((s) => s.status !== 'failed'),
    )[0]
    return newest !== undefined
      ? toInfo(newest, 'status')
      : { cid: pin.cid, id: pin.id, state: 'absent' }
  }

  /** A PinStatus as a listed pin (for the survivor rule of src/providers/claims.ts). */
  const listedOf = (s: PinStatus): ListedPin => ({
    cid: s.pin?.cid ?? '',
    ...(s.requestid !== undefined ? { id: s.requestid } : {}),
    state: STATES[s.status ?? ''] ?? 'queued',
    metadata: stringValues(s.pin?.meta),
    ...(s.created !== undefined ? { created: s.created } : {}),
  })

  /**
   * Pins `cid` for this run's scope, converging on one live request per CID and scope however
   * often it runs, and however many runs of the scope do it at once: a request this scope
   * already holds for the CID is adopted (the same run, a re-run after a cancel: its labels are
   * this run's) or replaced with this run's labels (a later deploy of the same content: the time
   * must be the new one); a new request is made only when there is none. Then the scope's
   * requests for the CID are listed again, and all but one go: the survivor is the one with the
   * newest claim, then the oldest (`survivor`, src/providers/claims.ts), so that two runs that
   * each made a request at the same moment keep the same one (docs/concurrency.md).
   */
  async function pin(cid: CID, tags: PinTags, opts?: PinOptions): Promise<PinInfo> {
    const scope = tags.metadata[TAG.scope]
    const signal = opts?.signal
    const held = scope === undefined ? [] : await requestsFor(cid.toString(), signal, tags.metadata)
    const live = byNewest(held.filter((s) => s.status !== 'failed'))
    const keep = live[0]
    let info: PinInfo
    if (keep === undefined) {
      info = await post('create-pin', '/pins', cid, tags, opts, () => true)
    } else if (sameRun(keep, tags)) {
      deps.log?.(`${config.id}: this run already made request ${keep.requestid ?? '?'}; using it`)
      info = toInfo(keep, 'create-pin', cid.toString())
    } else {
      const id = keep.requestid ?? ''
      try {
        info = await replaceRequest(id, cid, tags, opts)
      } catch (err) {
        // Another run replaced or removed that request first: make one of our own.
        if (!(err instanceof ProviderError) || err.status !== 404) throw err
        deps.log?.(`${config.id}: request ${id} went away meanwhile; making a new one`)
        info = await post('create-pin', '/pins', cid, tags, opts, () => true)
      }
    }
    if (scope === undefined) return info
    // One live request per CID and scope, whatever other runs made meanwhile.
    const now = await requestsFor(cid.toString(), signal, tags.metadata)
    const listed = now.map(listedOf)
    if (!now.some((s) => s.requestid === info.id))
      listed.push({ cid: info.cid, id: info.id, state: info.state, metadata: tags.metadata })
    const kept = survivor(listed, scope)
    const gone = new Set([...held, ...now].flatMap((s) => (s.requestid ? [s.requestid] : [])))
    for (const id of gone) {
      if (id === kept?.id) continue
      try {
        await deleteRequest(id, signal)
      } catch (err) {
        deps.log?.(
          `${config.id}: could not remove the extra request ${id} (${err instanceof ProviderError ? err.short() : String(err)}); cleanup will`,
        )
      }
    }
    if (kept === undefined || kept.id === info.id) return info
    deps.log?.(
      `${config.id}: another run of this scope holds request ${kept.id ?? '?'} for the CID; keeping that one`,
    )
    const other = now.find((s) => s.requestid === kept.id)
    return other !== undefined ? toInfo(other, 'create-pin', cid.toString()) : info
  }

  return {
    id: config.id,

    pin: (cid, tags, opts) => explained(() => pin(cid, tags, opts)),

    replace: (old, cid, tags, opts) =>
      explained(() => {
        if (old.id === undefined) throw fail('replace-pin', 'replacing needs the request id')
        return replaceRequest(old.id, cid, tags, opts)
      }),

    status: (pin, opts) => explained(() => status(pin, opts?.signal)),

    unpin: (pin, opts) =>
      explained(async () => {
        const ids = new Set(
          (await requestsFor(pin.cid, opts?.signal)).flatMap((s) =>
            s.requestid !== undefined ? [s.requestid] : [],
          ),
        )
        if (pin.id !== undefined) ids.add(pin.id)
        const removed: string[] = []
        for (const id of ids)
          if ((await deleteRequest(id, opts?.signal)) === 'removed') removed.push(id)
        return { outcome: removed.length > 0 ? 'removed' : 'absent', ids: removed }
      }),

    remove: (pin, opts) =>
      explained(async () => {
        if (pin.id === undefined) throw fail('unpin', 'removing one request needs its request id')
        return deleteRequest(pin.id, opts?.signal)
      }),

    async *list(filter: ListFilter, opts): AsyncIterable<ListedPin> {
      for await (const s of listing(filter, opts?.signal)) {
        yield {
          ...toInfo(s, 'list'),
          ...(s.pin?.name !== undefined ? { name: s.pin.name } : {}),
          metadata: stringValues(s.pin?.meta),
          ...(s.created !== undefined ? { created: s.created } : {}),
        }
      }
    },
  }
}
