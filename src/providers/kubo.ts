/**
 * A Kubo node's RPC API (`/api/v0`, POST only), for a node you run.
 *
 * - upload: `dag/import` with the CAR and `pin-roots=true`: the node stores exactly our blocks
 *   and pins the root in one call; it reports the root from the CAR header and any pin error.
 * - pin: `pin/add` (with `progress` so a long fetch keeps bytes moving past the stall watchdog).
 * - status: `pin/ls --type=recursive`; unpin: `pin/rm`.
 * - origins: the public addresses `id` reports, for pin-only services to fetch from.
 *
 * Kubo answers every application error with HTTP 500 and `{"Message","Code","Type"}`: those are
 * final, not retried; a 500 that is not Kubo's JSON (a proxy's page) is.
 */
import type { CID } from 'multiformats/cid'
import type { ProviderConfig } from '../config/config.js'
import { authHeader } from '../http/auth.js'
import { createHttpClient, isRetryableStatus, streamError } from '../http/client.js'
import { carFilePart } from '../http/multipart.js'
import { cidText } from './ipld-json.js'
import { publicOrigins } from './origins.js'
import type { PinInfo, Provider, ProviderDeps } from './types.js'

type KuboConfig = Extract<ProviderConfig, { id: 'kubo' }>

interface KuboError {
  Message?: string
  Type?: string
}

function kuboError(text: string): KuboError | undefined {
  try {
    const v = JSON.parse(text) as unknown
    return typeof v === 'object' && v !== null && 'Message' in v ? (v as KuboError) : undefined
  } catch {
    return undefined
  }
}

export function createKuboProvider(config: KuboConfig, deps: ProviderDeps): Provider {
  const http = createHttpClient({
    ...deps,
    provider: 'kubo',
    baseUrl: `${config.url}/api/v0`,
    headers: authHeader(config.auth, deps.setSecret),
  })
  // Kubo's own errors (500 + JSON Message) are answers, not outages.
  const retryOn = (status: number, body: string): boolean =>
    status === 500 && kuboError(body) !== undefined ? false : isRetryableStatus(status)
  /** status and unpin: Kubo's own 500 error is an answer to read ("not pinned"). */
  const call = (
    operation: string,
    path: string,
    arg: string,
    extra: Record<string, string | boolean>,
    signal?: AbortSignal,
  ) =>
    http.send({
      operation,
      method: 'POST',
      path,
      query: { arg, ...extra },
      idempotent: true,
      retryOn,
      accept: (status, body) => status === 500 && kuboError(body) !== undefined,
      signal,
    })
  const { fail, said } = http

  return {
    id: 'kubo',

    async uploadCar(car, _tags, opts) {
      // Kubo keeps no pin names or metadata for dag/import; the tags are for providers that do.
      const part = carFilePart(car)
      const res = await http.send({
        operation: 'upload',
        method: 'POST',
        path: '/dag/import',
        query: { 'pin-roots': true, stats: false },
        headers: part.headers,
        body: part.body,
        // The same CAR imported twice is the same content: safe to repeat.
        idempotent: true,
        retryOn,
        signal: opts?.signal,
      })
      const roots = http
        .lines('upload', res, 'node')
        .map((l) => (l as { Root?: { Cid?: unknown; PinErrorMsg?: string } }).Root)
        .filter((r) => r !== undefined)
      const root = roots[0]
      const cid = cidText(root?.Cid)
      if (root === undefined || cid === undefined)
        throw fail('upload', `the response names no root: ${said(res.text)}`, res.status)
      if (root.PinErrorMsg !== undefined && root.PinErrorMsg !== '') {
        return { cid, state: 'failed', detail: said(root.PinErrorMsg, 500) }
      }
      return { cid, state: 'pinned' }
    },

    async pin(cid: CID, _tags, opts): Promise<PinInfo> {
      const res = await http.send({
        operation: 'pin',
        method: 'POST',
        path: '/pin/add',
        query: { arg: cid.toString(), progress: true },
        idempotent: true,
        retryOn,
        signal: opts?.signal,
      })
      // With progress, an error after the 200 header comes in the X-Stream-Error trailer.
      const trailer = streamError(res)
      if (trailer !== undefined)
        throw fail('pin', `the node reported: ${said(trailer)}`, res.status)
      const lines = http.lines('pin', res, 'node') as Array<{ Pins?: unknown[] }>
      const pins = lines.flatMap((l) => l.Pins ?? []).map(cidText)
      const got = pins[0]
      if (got === undefined)
        throw fail(
          'pin',
          `the node did not confirm the pin: ${deps.redact(res.text).slice(-200)}`,
          res.status,
        )
      return { cid: got, state: 'pinned' }
    },

    async status(pin, opts) {
      const res = await call('status', '/pin/ls', pin.cid, { type: 'recursive' }, opts?.signal)
      if (res.status === 500) {
        const e = kuboError(res.text)
        if (e?.Message !== undefined && /not pinned/i.test(e.Message))
          return { cid: pin.cid, state: 'absent', detail: said(e.Message) }
        throw fail('status', `HTTP 500: ${said(e?.Message ?? res.text)}`, 500)
      }
      const keys = http.parse<{ Keys?: Record<string, unknown> }>('status', res).Keys ?? {}
      return Object.keys(keys).length > 0
        ? { cid: Object.keys(keys)[0] ?? pin.cid, state: 'pinned' }
        : { cid: pin.cid, state: 'absent' }
    },

    async unpin(pin, opts) {
      const res = await call('unpin', '/pin/rm', pin.cid, {}, opts?.signal)
      if (res.status === 500) {
        const e = kuboError(res.text)
        if (e?.Message !== undefined && /not pinned/i.test(e.Message)) return 'absent'
        throw fail('unpin', `HTTP 500: ${said(e?.Message ?? res.text)}`, 500)
      }
      return 'removed'
    },

    async origins(opts) {
      const res = await http.send({
        operation: 'origins',
        method: 'POST',
        path: '/id',
        idempotent: true,
        retryOn,
        signal: opts?.signal,
      })
      const id = http.parse<{ ID?: unknown; Addresses?: unknown }>('origins', res)
      return publicOrigins(
        Array.isArray(id.Addresses) ? id.Addresses : [],
        typeof id.ID === 'string' ? id.ID : undefined,
      )
    },
  }
}
