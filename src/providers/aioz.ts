/**
 * AIOZ W3IPFS / AIOZ Pin (docs/providers/aioz.md), headers `pinning_api_key` and
 * `pinning_secret_key`, base URL configurable (the service has moved hosts several times).
 *
 * - upload: `POST /pinning/` (201), one `file` part per file under one root folder and a
 *   `metadata` string field (name, keyvalues). AIOZ builds the DAG itself; it documents no CID
 *   options and answers CIDv1 with raw leaves (the `kubo-cid-v1` profile).
 * - pin: `POST /pinning/pinByHash/`; status: `GET /pinning/{pinId}`; list: `GET /pinning/pins/`
 *   by offset and limit; unpin: `DELETE /pinning/unpin/{pinId}`, the pin ids found by CID.
 *
 * Every answer is `{"data": …, "status": "success"}`; anything else is a failure carrying
 * `message`. `pinned: true` (or status `DONE`) means pinned; a `date_unpinned` other than Go's
 * zero time (`0001-01-01T00:00:00Z`) means the pin was removed. Trailing slashes are kept as
 * documented: without them the service redirects to an HTML page.
 */
import type { CID } from 'multiformats/cid'
import { sameCid } from '../cid.js'
import { createHttpClient, type RequestSpec } from '../http/client.js'
import { formRequest } from '../http/multipart.js'
import { fileParts } from './files.js'
import { MAX_PAGES, matchesFilter, stringValues } from './list.js'
import { need, needUrl } from '../inputs/read.js'
import {
  defineProvider,
  type ListFilter,
  type ListedPin,
  type PinInfo,
  type PinTags,
  type Provider,
  type ProviderDeps,
  type ProviderOptions,
} from './types.js'

export interface AiozOptions extends ProviderOptions {
  readonly id: 'aioz'
  readonly apiUrl: string
  readonly apiKey: string
  readonly secretKey: string
}

export const aioz = defineProvider({
  family: 'provider',
  id: 'aioz',
  title: 'AIOZ W3IPFS (files uploaded, DAG built by AIOZ)',
  docs: 'docs/providers/aioz.md',
  inputs: [
    { name: 'aioz-api-key', secret: true },
    { name: 'aioz-secret-key', secret: true },
    { name: 'aioz-api-url' },
  ],
  credentials: ['aioz-api-key', 'aioz-secret-key'],
  // AIOZ documents no import options and answers CIDv1 with raw leaves, assumed to be kubo's
  // 256 KiB chunker (docs/providers/aioz.md): the CID check catches a wrong assumption.
  traits: { kind: 'upload', keepsLabels: true, serverImport: ['kubo-cid-v1'] },
  read: (ctx): AiozOptions => ({
    id: 'aioz',
    apiUrl: needUrl(ctx, 'aioz-api-url', 'provider "aioz"'),
    apiKey: need(ctx, 'aioz-api-key', 'provider "aioz"'),
    secretKey: need(ctx, 'aioz-secret-key', 'provider "aioz"'),
  }),
  create: (options, deps) => createAiozProvider(options, deps),
})

/** A pin as AIOZ describes it (fields read; others ignored). */
interface AiozPin {
  id?: string
  cid?: string
  pinned?: boolean
  status?: string
  date_pinned?: string
  date_unpinned?: string
  created_at?: string
  metadata?: { name?: string; keyvalues?: unknown }
}

const PAGE = 100

/** Go's zero time, and anything before 1971, means "never". */
export function isNever(time: string | undefined): boolean {
  if (time === undefined || time === '') return true
  const t = Date.parse(time)
  return Number.isNaN(t) || t < Date.UTC(1971, 0, 1)
}

function toInfo(pin: AiozPin, fallbackCid: string): PinInfo {
  const cid = pin.cid ?? fallbackCid
  const id = pin.id !== undefined ? { id: pin.id } : {}
  if (!isNever(pin.date_unpinned)) return { cid, ...id, state: 'absent', detail: 'unpinned' }
  if (pin.pinned === true || pin.status === 'DONE') return { cid, ...id, state: 'pinned' }
  if (pin.status !== undefined && /fail|error|invalid/i.test(pin.status))
    return { cid, ...id, state: 'failed', detail: pin.status }
  return { cid, ...id, state: 'pinning', ...(pin.status ? { detail: pin.status } : {}) }
}

const alreadyExists = (text: string): boolean => /already exist/i.test(text)

export function createAiozProvider(config: AiozOptions, deps: ProviderDeps): Provider {
  const http = createHttpClient({
    ...deps,
    credentials: config.credentials,
    provider: 'aioz',
    baseUrl: config.apiUrl,
    headers: { pinning_api_key: config.apiKey, pinning_secret_key: config.secretKey },
  })
  const { fail, said } = http

  /** Sends, checks the `{data, status: "success"}` wrapper, and returns `data`. */
  function call<T>(spec: RequestSpec<T>): Promise<T> {
    return http.request(spec, (response) => {
      const value = http.parse<{ data?: T; status?: string; message?: string }>(
        spec.operation,
        response,
      )
      if (typeof value !== 'object' || value === null)
        throw http.malformed(
          spec.operation,
          `the answer is not an object: ${said(response.text)}`,
          response,
        )
      if (value.status !== 'success')
        throw fail(
          spec.operation,
          `AIOZ answered ${said(value.message ?? response.text)}`,
          response.status,
        )
      if (value.data === undefined || value.data === null)
        throw http.malformed(
          spec.operation,
          `the answer has no data: ${said(response.text)}`,
          response,
        )
      return value.data
    })
  }

  const metadataOf = (tags: PinTags): { name: string; keyvalues: Record<string, string> } => ({
    name: tags.name,
    keyvalues: { ...tags.metadata },
  })

  async function* pins(filter: ListFilter, signal?: AbortSignal): AsyncIterable<AiozPin> {
    const seen = new Set<string>()
    for (let page = 0, offset = 0; page < MAX_PAGES; page++) {
      const data = await call<{ totals?: { files?: number }; pins?: AiozPin[] }>({
        operation: 'list',
        method: 'GET',
        path: '/pinning/pins/',
        query: {
          offset,
          limit: PAGE,
          pinned: 'all',
          sortBy: 'created_at',
          sortOrder: 'DESC',
        },
        signal,
      })
      const rows = Array.isArray(data.pins) ? data.pins : []
      let fresh = 0
      for (const p of rows) {
        const key = p.id ?? `${p.cid ?? ''}@${p.date_pinned ?? ''}`
        if (seen.has(key)) continue
        seen.add(key)
        fresh++
        if (!isNever(p.date_unpinned)) continue
        if (!matchesFilter(filter, p.metadata?.name, stringValues(p.metadata?.keyvalues), p.cid))
          continue
        yield p
      }
      offset += rows.length
      const total = data.totals?.files
      if (rows.length === 0 || fresh === 0 || (typeof total === 'number' && offset >= total)) return
    }
    throw fail('list', `more than ${MAX_PAGES} pages of pins; stopped`)
  }

  /** AIOZ has no CID filter: the pins holding `cid` are found by paging through them all. */
  async function byCid(cid: string, signal?: AbortSignal): Promise<AiozPin[]> {
    const found: AiozPin[] = []
    for await (const p of pins({}, signal))
      if (p.cid !== undefined && (p.cid === cid || sameCid(p.cid, cid))) found.push(p)
    return found
  }

  /** "Already exists": the pin is there from an earlier run or attempt; report that one. */
  async function existing(cid: string, signal?: AbortSignal): Promise<PinInfo | undefined> {
    const [p] = await byCid(cid, signal)
    return p !== undefined ? toInfo(p, cid) : undefined
  }

  return {
    id: 'aioz',

    async uploadFiles(upload, tags, opts) {
      const metadata = JSON.stringify(metadataOf(tags))
      const form = formRequest(() => [
        ...fileParts(upload, upload.wrapWithDirectory),
        { name: 'metadata', value: metadata },
      ])
      try {
        const data = await call<AiozPin>({
          operation: 'upload-files',
          method: 'POST',
          path: '/pinning/',
          headers: form.headers,
          body: form.body,
          // Keyed by content: a repeat is the same pin (or "already exists", handled below).
          signal: opts?.signal,
          progress: opts?.progress,
        })
        if (data.cid === undefined) throw fail('upload-files', 'the answer names no cid')
        return toInfo(data, data.cid)
      } catch (err) {
        const found =
          upload.expected !== undefined && alreadyExists(String((err as Error).message))
            ? await existing(upload.expected, opts?.signal)
            : undefined
        if (found !== undefined) {
          // AIOZ has no call to relabel a pin: the earlier run's name and keyvalues stay.
          deps.log?.(
            `aioz: this content was already pinned (pin ${found.id ?? '?'}); it keeps the name and metadata it was pinned with`,
          )
          return found
        }
        throw err
      }
    },

    async pin(cid: CID, tags, opts) {
      const body = JSON.stringify({ hash_to_pin: cid.toString(), metadata: metadataOf(tags) })
      try {
        const data = await call<AiozPin>({
          operation: 'pin',
          method: 'POST',
          path: '/pinning/pinByHash/',
          headers: { 'content-type': 'application/json' },
          body: () => body,
          signal: opts?.signal,
        })
        return toInfo(data, cid.toString())
      } catch (err) {
        const found = alreadyExists(String((err as Error).message))
          ? await existing(cid.toString(), opts?.signal)
          : undefined
        if (found !== undefined) return found
        throw err
      }
    },

    async status(pin, opts) {
      if (pin.id === undefined) {
        const [p] = await byCid(pin.cid, opts?.signal)
        return p !== undefined ? toInfo(p, pin.cid) : { cid: pin.cid, state: 'absent' }
      }
      const id = pin.id
      return http.request(
        {
          operation: 'status',
          method: 'GET',
          path: `/pinning/${encodeURIComponent(id)}`,
          accept: [404],
          signal: opts?.signal,
        },
        (res): PinInfo => {
          if (res.status === 404) return { cid: pin.cid, id, state: 'absent' }
          const v = http.parse<{ data?: AiozPin; status?: string; message?: string }>('status', res)
          if (v.status !== 'success')
            throw fail('status', `AIOZ answered ${said(v.message ?? res.text)}`, res.status)
          if (v.data === undefined)
            throw http.malformed('status', `the answer has no data: ${said(res.text)}`, res)
          return toInfo(v.data, pin.cid)
        },
      )
    },

    async unpin(pin, opts) {
      const ids =
        pin.id !== undefined
          ? [pin.id]
          : (await byCid(pin.cid, opts?.signal)).flatMap((p) => (p.id !== undefined ? [p.id] : []))
      const removed: string[] = []
      for (const id of ids) {
        const res = await http.send({
          operation: 'unpin',
          method: 'DELETE',
          path: `/pinning/unpin/${encodeURIComponent(id)}`,
          accept: [404],
          signal: opts?.signal,
        })
        if (res.status !== 404) removed.push(id)
      }
      return { outcome: removed.length > 0 ? 'removed' : 'absent', ids: removed }
    },

    async *list(filter, opts): AsyncIterable<ListedPin> {
      for await (const p of pins(filter, opts?.signal)) {
        if (p.cid === undefined) continue
        const created = p.created_at ?? p.date_pinned
        yield {
          ...toInfo(p, p.cid),
          ...(p.metadata?.name !== undefined ? { name: p.metadata.name } : {}),
          metadata: stringValues(p.metadata?.keyvalues),
          ...(created !== undefined ? { created } : {}),
        }
      }
    },
  }
}
