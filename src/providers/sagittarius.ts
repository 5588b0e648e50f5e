/**
 * Sagittarius A* (`https://api.sgr-a.xyz`; docs/providers/sagittarius.md): a hosted IPFS Cluster,
 * pin-only, `x-api-key`. Pins are records of (API key, CID), counted per key:
 *
 * - pin: `POST /ipfs/pin/add/{cid}`; "Pin already exists for this CID and API key" is success.
 * - status: `GET /ipfs/pin/status/{cid}`, `peer_map` an array of per-peer statuses (folded like
 *   Cluster's); list: `GET /ipfs/pin/ls` (shape undocumented: read defensively).
 * - unpin: `DELETE /ipfs/pin/rm/{cid}`: "removed" when this key was the last holder,
 *   "released-for-this-key" when other keys keep it pinned.
 *
 * Answers echo the API key (`apiKey`): registered as a secret. `X-RateLimit-*` and
 * `X-DailyLimit-*` headers are read on every answer: with none left, the next call waits for the
 * reset (per minute) or fails clearly (per day) instead of collecting 429s. Status codes are not
 * documented, so success is judged by the message as much as by the code.
 */
import type { CID } from 'multiformats/cid'
import {
  createHttpClient,
  retryAfterMs,
  type HttpResponse,
  type RequestSpec,
} from '../http/client.js'
import { deadlineOf, systemClock, waitReaches } from '../http/deadline.js'
import { isoTime } from '../http/retry.js'
import { foldPeerStatuses } from './cluster.js'
import { matchesFilter } from './list.js'
import { need, needUrl } from '../inputs/read.js'
import {
  defineProvider,
  type ListedPin,
  type PinInfo,
  type Provider,
  type ProviderDeps,
  type ProviderOptions,
} from './types.js'

export interface SagittariusOptions extends ProviderOptions {
  readonly id: 'sagittarius'
  readonly apiUrl: string
  readonly apiKey: string
}

export const sagittarius = defineProvider({
  family: 'provider',
  id: 'sagittarius',
  title: 'Sagittarius A* (a hosted IPFS Cluster, pin by CID)',
  docs: 'docs/providers/sagittarius.md',
  inputs: [{ name: 'sagittarius-api-key', secret: true }, { name: 'sagittarius-api-url' }],
  credentials: ['sagittarius-api-key'],
  traits: { kind: 'pin-only', keepsLabels: false },
  read: (ctx): SagittariusOptions => ({
    id: 'sagittarius',
    apiUrl: needUrl(ctx, 'sagittarius-api-url', 'provider "sagittarius"'),
    apiKey: need(ctx, 'sagittarius-api-key', 'provider "sagittarius"'),
  }),
  create: (options, deps) => createSagittariusProvider(options, deps),
})

interface Answer {
  message?: string
  error?: unknown
  apiKey?: unknown
  result?: unknown
}

const header = (res: HttpResponse, name: string): string | undefined => {
  const v = res.headers[name]
  return Array.isArray(v) ? v[0] : v
}

const ALREADY = /already exists/i
const OTHERS_KEEP = /remains pinned|other instances/i
const NOT_PINNED = /not found|no pin|does not exist|not pinned/i

/** Longest pause for a per-minute limit before the next call; beyond it the call fails. */
const MAX_RATE_WAIT_MS = 65_000

export function createSagittariusProvider(
  config: SagittariusOptions,
  deps: ProviderDeps,
): Provider {
  const http = createHttpClient({
    ...deps,
    credentials: config.credentials,
    provider: 'sagittarius',
    baseUrl: config.apiUrl,
    headers: { 'x-api-key': config.apiKey },
  })
  const { fail, said } = http
  const clock = deps.clock ?? systemClock
  /** When the per-minute budget allows the next call; why the daily budget forbids it. */
  let notBefore = 0
  let dailyExhausted: string | undefined

  function readLimits(res: HttpResponse): void {
    if (header(res, 'x-ratelimit-remaining') === '0') {
      const wait = retryAfterMs(res.headers, clock.now()) ?? 60_000
      notBefore = clock.now() + Math.min(wait, MAX_RATE_WAIT_MS)
    }
    if (header(res, 'x-dailylimit-remaining') === '0') {
      const reset = header(res, 'x-dailylimit-reset')
      const inMs =
        reset !== undefined ? retryAfterMs({ 'x-ratelimit-reset': reset }, clock.now()) : undefined
      const when =
        inMs !== undefined
          ? `; it resets at ${isoTime(clock.now() + inMs)}`
          : reset !== undefined
            ? `; it resets at ${said(reset, 40)}`
            : ''
      dailyExhausted = `the API key's daily request limit (${said(header(res, 'x-dailylimit-limit') ?? '?', 20)}) is used up${when}`
    }
  }

  /** Sends with the rate gates applied, reads the limits, and parses the JSON answer. */
  async function call(
    spec: RequestSpec<{ res: HttpResponse; body: Answer }>,
  ): Promise<{ res: HttpResponse; body: Answer }> {
    if (dailyExhausted !== undefined) throw fail(spec.operation, dailyExhausted, 429)
    const wait = notBefore - clock.now()
    if (wait > 0) {
      const deadline = waitReaches(deadlineOf(spec.signal), wait, clock)
      if (deadline !== undefined)
        throw fail(
          spec.operation,
          `the API key's per-minute request limit is used up until ${isoTime(notBefore)}, after the limit set by "${deadline.input}" (${isoTime(deadline.at)})`,
          429,
        )
      deps.log?.(`sagittarius: rate limit reached; waiting ${Math.ceil(wait / 1000)} s`)
      await clock.sleep(wait, spec.signal)
    }
    return http.request(spec, (res) => {
      readLimits(res)
      let body: Answer = {}
      if (res.text.trim() !== '') body = http.parse<Answer>(spec.operation, res)
      if (typeof body.apiKey === 'string' && body.apiKey !== '') deps.setSecret(body.apiKey)
      return { res, body }
    })
  }

  const words = (b: Answer): string =>
    typeof b.message === 'string'
      ? b.message
      : typeof b.error === 'string'
        ? b.error
        : JSON.stringify(b.error ?? b)

  /** A 4xx whose message still counts as an answer (already exists, not pinned…). */
  const answered =
    (pattern: RegExp) =>
    (status: number, text: string): boolean =>
      status >= 400 &&
      status < 500 &&
      status !== 401 &&
      status !== 403 &&
      status !== 429 &&
      pattern.test(text)

  return {
    id: 'sagittarius',

    async pin(cid: CID, _tags, opts): Promise<PinInfo> {
      // Sagittarius keeps no names or metadata: the CID and the key are the whole record.
      const { res, body } = await call({
        operation: 'pin',
        method: 'POST',
        path: `/ipfs/pin/add/${cid.toString()}`,
        accept: answered(ALREADY),
        signal: opts?.signal,
      })
      const message = words(body)
      if (res.status >= 400 && !ALREADY.test(message))
        throw fail('pin', `HTTP ${res.status}: ${said(message)}`, res.status)
      const result = body.result as { cid?: unknown } | undefined
      return {
        cid: typeof result?.cid === 'string' ? result.cid : cid.toString(),
        state: 'queued',
        detail: said(message, 120),
      }
    },

    async status(pin, opts) {
      const { res, body } = await call({
        operation: 'status',
        method: 'GET',
        path: `/ipfs/pin/status/${encodeURIComponent(pin.cid)}`,
        accept: answered(NOT_PINNED),
        signal: opts?.signal,
      })
      if (res.status >= 400) return { cid: pin.cid, state: 'absent', detail: said(words(body)) }
      const result = body.result as
        | {
            cid?: unknown
            peer_map?: Array<{ status?: string }> | Record<string, { status?: string }>
          }
        | undefined
      const peers = Array.isArray(result?.peer_map)
        ? result.peer_map
        : Object.values(result?.peer_map ?? {})
      const folded = foldPeerStatuses(peers.map((p) => p.status ?? 'undefined'))
      return {
        cid: typeof result?.cid === 'string' ? result.cid : pin.cid,
        state: folded.state,
        ...(folded.detail !== undefined ? { detail: folded.detail } : {}),
      }
    },

    async unpin(pin, opts) {
      const { res, body } = await call({
        operation: 'unpin',
        method: 'DELETE',
        path: `/ipfs/pin/rm/${encodeURIComponent(pin.cid)}`,
        accept: answered(NOT_PINNED),
        signal: opts?.signal,
      })
      const message = words(body)
      if (res.status >= 400 || NOT_PINNED.test(message)) return { outcome: 'absent' }
      return { outcome: OTHERS_KEEP.test(message) ? 'released-for-this-key' : 'removed' }
    },

    async *list(filter, opts): AsyncIterable<ListedPin> {
      const { body } = await call({
        operation: 'list',
        method: 'GET',
        path: '/ipfs/pin/ls',
        signal: opts?.signal,
      })
      // Undocumented shape: an array of CIDs or of records, directly or under `pins`/`cids`.
      const r = body.result
      const rows: unknown[] = Array.isArray(r)
        ? r
        : typeof r === 'object' && r !== null
          ? (Object.values(r).find(Array.isArray) ?? [])
          : []
      for (const row of rows) {
        const cid =
          typeof row === 'string'
            ? row
            : typeof row === 'object' &&
                row !== null &&
                typeof (row as { cid?: unknown }).cid === 'string'
              ? (row as { cid: string }).cid
              : undefined
        if (cid === undefined || !matchesFilter(filter, undefined, {}, cid)) continue
        const ts =
          typeof row === 'object' && row !== null
            ? (row as { timestamp?: unknown }).timestamp
            : undefined
        yield {
          cid,
          state: 'pinned',
          metadata: {},
          ...(typeof ts === 'string' ? { created: ts } : {}),
        }
      }
    },
  }
}
