/**
 * Pin by CID on Pinata's v3 Files API (docs/providers/pinata-v3.md), for the `pinata-v3`
 * provider: `POST /v3/files/public/pin_by_cid` only queues a job, so the queue
 * (`GET …/pin_by_cid?cid=`) is followed until the job leaves it as a file (found by CID, this
 * run's claim merged in when the file lacks it), ends in a failure status (a clear error), or a
 * bounded wait ends: the job is then returned as `job:<id>`, which `status` follows and `unpin`
 * cancels (`DELETE …/pin_by_cid/{id}`).
 */
import { CID } from 'multiformats/cid'
import { sameCid } from '../cid.js'
import type { HttpClient, HttpResponse, QueryValue } from '../http/client.js'
import type { Clock } from '../http/deadline.js'
import type { Operation } from '../http/policy.js'
import { holdsClaim, mergedMetadata } from '../tags.js'
import { stringValues } from './list.js'
import type { CallOptions, PinInfo, PinOptions, PinState, PinTags } from './types.js'

/**
 * Reads of the pin-by-CID queue before `pin` returns the job still running (at once, then 1 s,
 * ×1.5: about 30 s); status then follows it (the deploy's `wait-timeout`).
 */
const JOB_READS = 8
/** Pages of one CID's jobs read to find a job (newest first where `order` is honoured). */
const JOB_PAGES = 10
/** Peers Pinata takes as `host_nodes` (its legacy pinByHash: up to 5). */
const MAX_HOST_NODES = 5
/** Pinata's limit on keyvalues per file. */
const MAX_KEYVALUES = 10
/** How a job id is written where a file id could be: status and unpin tell them apart. */
const JOB = 'job:'

/** Pin-by-CID job statuses (docs/providers/pinata-v3.md): where the job is, or why it failed. */
const JOB_STATES: Readonly<Record<string, PinState>> = {
  prechecking: 'queued',
  backfilled: 'queued',
  searching: 'queued',
  retrieving: 'pinning',
  // The OpenAPI's spelling.
  retreiving: 'pinning',
  expired: 'failed',
  over_free_limit: 'failed',
  over_max_size: 'failed',
  invalid_object: 'failed',
  bad_host_node: 'failed',
}
/** What a failed job's status means, in words a user can act on. */
const JOB_FAILURES: Readonly<Record<string, string>> = {
  expired: 'Pinata could not find the content on the IPFS network in time',
  over_free_limit: "the account's plan limit is reached",
  over_max_size: "the content is larger than Pinata's pin-by-CID maximum",
  invalid_object: 'Pinata found no valid IPFS object at this CID',
  bad_host_node: 'Pinata could not use a peer address given as host_nodes',
}

/**
 * One page of a v3 listing: the list under `data.<key>` (`files`, or a CID's `jobs`) and the
 * next page's token; an answer without the list is malformed.
 */
export function v3Page<T>(
  api: HttpClient,
  operation: Operation,
  key: 'files' | 'jobs',
  res: HttpResponse,
): { items: T[]; next?: string } {
  const v = api.parse<{ data?: Record<string, unknown> }>(operation, res)
  const items = v.data?.[key]
  if (!Array.isArray(items))
    throw api.malformed(operation, `the answer has no "${key}": ${api.said(res.text)}`, res)
  const next = v.data?.next_page_token
  return { items: items as T[], ...(typeof next === 'string' && next !== '' ? { next } : {}) }
}

/** A pin-by-CID job as the queue shows it. */
interface V3Job {
  id?: unknown
  cid?: unknown
  status?: unknown
}

/** A v3 file record; `cid` reads `pending` while an import is processed. */
export interface V3File {
  id?: unknown
  name?: unknown
  cid?: unknown
  keyvalues?: unknown
  created_at?: unknown
  is_duplicate?: unknown
}

/** Whether `v` is a CID (a v3 file's `cid` reads `pending` while Pinata imports a CAR). */
export const isCid = (v: unknown): v is string => {
  if (typeof v !== 'string') return false
  try {
    CID.parse(v)
    return true
  } catch {
    return false
  }
}

/** The job id in a pin's id written `job:<id>`, if it is one. */
export const jobIdOf = (id: string | undefined): string | undefined =>
  id?.startsWith(JOB) === true ? id.slice(JOB.length) : undefined

/** What the jobs need of the provider: its API client and the file calls it shares. */
export interface JobContext {
  readonly api: HttpClient
  readonly clock: Clock
  /** Adds what a 401/403 means on v3 to the error. */
  readonly explained: <T>(p: Promise<T>) => Promise<T>
  /** Every file matching the query, through the cursor (bounded). */
  readonly files: (query: Record<string, QueryValue>, opts?: CallOptions) => AsyncIterable<V3File>
  /** `PUT /v3/files/public/{id}` with keyvalues (merged by Pinata). */
  readonly relabel: (
    id: string,
    keyvalues: Record<string, string>,
    opts?: CallOptions,
  ) => Promise<void>
  /** The run's labels as keyvalues, refused above Pinata's limit before anything is sent. */
  readonly keyvalues: (tags: PinTags, operation: Operation) => Record<string, string>
}

export function pinataV3Jobs(ctx: JobContext): {
  pin(cid: CID, tags: PinTags, opts?: PinOptions): Promise<PinInfo>
  status(cid: string, id: string, opts?: CallOptions): Promise<PinInfo>
  cancel(id: string, opts?: CallOptions): Promise<boolean>
} {
  const { api, clock, explained, files, relabel } = ctx
  const keyvaluesOf = ctx.keyvalues

  /** `GET /v3/files/public/pin_by_cid?cid=…`: the job `id`, looked for through its pages (bounded). */
  async function jobOf(cid: string, id: string, opts?: CallOptions): Promise<V3Job | undefined> {
    const seen = new Set<string>()
    let token: string | undefined
    for (let n = 0; n < JOB_PAGES; n++) {
      const p = await explained(
        api.request(
          {
            operation: 'status',
            method: 'GET',
            path: '/v3/files/public/pin_by_cid',
            query: { cid, order: 'DESC', limit: 100, pageToken: token },
            signal: opts?.signal,
          },
          (res) => v3Page<V3Job>(api, 'status', 'jobs', res),
        ),
      )
      const job = p.items.find((j) => typeof j === 'object' && j !== null && j.id === id)
      if (job !== undefined) return job
      if (p.items.length === 0 || p.next === undefined || seen.has(p.next)) return undefined
      seen.add(p.next)
      token = p.next
    }
    return undefined
  }

  /** A job's status as a pin state; a failure status is a clear error naming it. */
  const jobState = (job: V3Job, id: string, cid: string): PinInfo => {
    const status = typeof job.status === 'string' ? job.status : 'unknown'
    const state = JOB_STATES[status] ?? 'queued'
    const said = api.said(status, 40)
    const detail =
      state === 'failed'
        ? `Pinata's pin-by-CID job ${id} ended "${said}": ${JOB_FAILURES[status] ?? 'the job failed'}`
        : `Pinata's pin-by-CID job ${id} is ${said}`
    return { cid, id: `${JOB}${id}`, state, detail }
  }

  /**
   * The file holding `cid` once its job left the queue, with this run's claim (merged in when
   * the file lacks it: Pinata may have kept an existing record's keyvalues). Undefined if none.
   */
  async function fileFor(cid: string, tags: PinTags | undefined, opts?: CallOptions) {
    const held: V3File[] = []
    for await (const f of files({ cid }, opts)) {
      if (typeof f.id === 'string' && isCid(f.cid) && sameCid(f.cid, cid)) held.push(f)
      if (held.length >= 100) break
    }
    if (tags === undefined || held.length === 0) return held[0]
    const mine = held.find((f) => holdsClaim(stringValues(f.keyvalues), tags.metadata))
    if (mine !== undefined) return mine
    const first = held[0] as V3File
    const existing = stringValues(first.keyvalues)
    await relabel(
      String(first.id),
      mergedMetadata(existing, tags.metadata, { maxKeys: MAX_KEYVALUES }),
      opts,
    )
    return first
  }

  /** A job's state now: in the queue, a file (the job done), or neither (absent). */
  async function jobStatus(cid: string, id: string, opts?: CallOptions): Promise<PinInfo> {
    const job = await jobOf(cid, id, opts)
    if (job !== undefined) return jobState(job, id, cid)
    const file = await fileFor(cid, undefined, opts)
    return file !== undefined
      ? { cid: String(file.cid), id: String(file.id), state: 'pinned' }
      : {
          cid,
          state: 'absent',
          detail: `Pinata's pin-by-CID job ${id} left the queue without a file`,
        }
  }

  async function pin(cid: CID, tags: PinTags, opts?: PinOptions): Promise<PinInfo> {
    const wanted = cid.toString()
    const keyvalues = keyvaluesOf(tags, 'pin')
    const hostNodes = (opts?.origins ?? []).slice(0, MAX_HOST_NODES)
    const body = JSON.stringify({
      cid: wanted,
      name: tags.name,
      keyvalues,
      ...(hostNodes.length > 0 ? { host_nodes: hostNodes } : {}),
    })
    const queued = await explained(
      api.request(
        {
          operation: 'pin',
          method: 'POST',
          path: '/v3/files/public/pin_by_cid',
          headers: { 'content-type': 'application/json' },
          body: () => body,
          signal: opts?.signal,
        },
        (res) => {
          const v = api.parse<{ data?: V3Job }>('pin', res)
          if (typeof v.data !== 'object' || v.data === null || typeof v.data.id !== 'string')
            throw api.malformed('pin', `the answer names no job id: ${api.said(res.text)}`, res)
          return v.data
        },
      ),
    )
    const id = String(queued.id)
    let info = jobState(queued, id, wanted)
    let pause = 1000
    for (let n = 0; n < JOB_READS; n++) {
      if (info.state === 'failed') throw api.fail('pin', info.detail ?? 'the job failed')
      if (n > 0) {
        await clock.sleep(pause, opts?.signal)
        pause = Math.min(15_000, pause * 1.5)
      }
      const job = await jobOf(wanted, id, opts)
      if (job !== undefined) {
        info = jobState(job, id, wanted)
        continue
      }
      // Gone from the queue: done, as a file of the CID (a job just queued may not be listed
      // yet: then neither is the file, and the queue is read again).
      const file = await fileFor(wanted, tags, opts)
      if (file !== undefined) return { cid: String(file.cid), id: String(file.id), state: 'pinned' }
    }
    if (info.state === 'failed') throw api.fail('pin', info.detail ?? 'the job failed')
    return info
  }

  /** Cancels a job still queued: false when the queue no longer holds it. */
  async function cancel(id: string, opts?: CallOptions): Promise<boolean> {
    const res = await explained(
      api.send({
        operation: 'unpin',
        method: 'DELETE',
        path: `/v3/files/public/pin_by_cid/${encodeURIComponent(id)}`,
        accept: [404],
        signal: opts?.signal,
      }),
    )
    return res.status !== 404
  }

  return { pin, status: jobStatus, cancel }
}
