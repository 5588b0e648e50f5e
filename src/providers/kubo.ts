/**
 * A Kubo node's RPC API (`/api/v0`, POST only; docs/providers/kubo.md), for a node you run.
 *
 * - upload: `dag/import` with the CAR and `pin-roots=true`: the node stores exactly our blocks
 *   and pins the root in one call; it reports the root from the CAR header and any pin error.
 * - pin: `pin/add` (with `progress` so a long fetch keeps bytes moving past the stall watchdog).
 * - status: `pin/ls --type=recursive`; unpin: `pin/rm`.
 * - origins: the public addresses `id` reports, for pin-only services to fetch from.
 *
 * Kubo answers every application error with HTTP 500 and `{"Message","Code","Type"}`. "not
 * pinned" is an answer (status, unpin); the rest is treated by the retry policy like any 5xx:
 * retried (a node restarting, a deadline inside the node) unless the words mark a permanent
 * input error (src/http/policy.ts).
 */
import type { CID } from 'multiformats/cid'
import { authHeader, type HttpAuth } from '../http/auth.js'
import { createHttpClient, streamError, type HttpResponse } from '../http/client.js'
import type { Operation } from '../http/policy.js'
import { carFilePart } from '../http/multipart.js'
import { cidText } from './ipld-json.js'
import { publicOrigins } from './origins.js'
import { needUrl, optionalAuth } from '../inputs/read.js'
import {
  defineProvider,
  type PinInfo,
  type Provider,
  type ProviderDeps,
  type ProviderOptions,
} from './types.js'

export interface KuboOptions extends ProviderOptions {
  readonly id: 'kubo'
  /** The RPC API's base URL (without `/api/v0`). */
  readonly url: string
  readonly auth?: HttpAuth
}

export const kubo = defineProvider({
  family: 'provider',
  id: 'kubo',
  title: 'A Kubo node you run (RPC API)',
  docs: 'docs/providers/kubo.md',
  inputs: [
    { name: 'kubo-url' },
    { name: 'kubo-basic-auth', secret: true },
    { name: 'kubo-token', secret: true },
  ],
  credentials: ['kubo-token', 'kubo-basic-auth'],
  credentialsOptional: true,
  traits: { kind: 'upload', keepsLabels: false },
  read: (ctx): KuboOptions => ({
    id: 'kubo',
    url: needUrl(ctx, 'kubo-url', 'provider "kubo"'),
    auth: optionalAuth(ctx, 'kubo-basic-auth', 'kubo-token'),
  }),
  create: (options, deps) => createKuboProvider(options, deps),
})

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

export function createKuboProvider(config: KuboOptions, deps: ProviderDeps): Provider {
  const http = createHttpClient({
    ...deps,
    credentials: config.credentials,
    provider: 'kubo',
    baseUrl: `${config.url}/api/v0`,
    headers: authHeader(config.auth, deps.setSecret),
  })
  /** Kubo's "not pinned" (a 500 with its JSON error) is an answer to status and unpin. */
  const notPinned = (status: number, body: string): boolean =>
    status === 500 && /not pinned/i.test(kuboError(body)?.Message ?? '')
  const call = <T>(
    operation: Operation,
    path: string,
    arg: string,
    extra: Record<string, string | boolean>,
    decode: (res: HttpResponse) => T,
    signal?: AbortSignal,
  ): Promise<T> =>
    http.request(
      { operation, method: 'POST', path, query: { arg, ...extra }, accept: notPinned, signal },
      decode,
    )
  const { fail, said } = http

  return {
    id: 'kubo',

    async uploadCar(car, _tags, opts) {
      // Kubo keeps no pin names or metadata for dag/import; the tags are for providers that do.
      const part = carFilePart(car)
      // The same CAR imported twice is the same content: safe to repeat.
      const { root, cid } = await http.request(
        {
          operation: 'upload-car',
          method: 'POST',
          path: '/dag/import',
          query: { 'pin-roots': true, stats: false },
          headers: part.headers,
          body: part.body,
          signal: opts?.signal,
          progress: opts?.progress,
        },
        (res) => {
          const root = http
            .lines('upload-car', res, 'node')
            .map((l) => (l as { Root?: { Cid?: unknown; PinErrorMsg?: string } }).Root)
            .find((r) => r !== undefined)
          const cid = cidText(root?.Cid)
          if (root === undefined || cid === undefined)
            throw http.malformed('upload-car', `the response names no root: ${said(res.text)}`, res)
          return { root, cid }
        },
      )
      if (root.PinErrorMsg !== undefined && root.PinErrorMsg !== '') {
        return { cid, state: 'failed', detail: said(root.PinErrorMsg, 500) }
      }
      return { cid, state: 'pinned' }
    },

    async pin(cid: CID, _tags, opts): Promise<PinInfo> {
      const got = await http.request(
        {
          operation: 'pin',
          method: 'POST',
          path: '/pin/add',
          query: { arg: cid.toString(), progress: true },
          signal: opts?.signal,
        },
        (res) => {
          // With progress, an error after the 200 header comes in the X-Stream-Error trailer.
          const trailer = streamError(res)
          if (trailer !== undefined)
            throw fail('pin', `the node reported: ${said(trailer)}`, res.status)
          const lines = http.lines('pin', res, 'node') as Array<{ Pins?: unknown[] }>
          const pinned = lines.flatMap((l) => l.Pins ?? []).map(cidText)[0]
          if (pinned === undefined)
            throw http.malformed(
              'pin',
              `the node did not confirm the pin: ${deps.redact(res.text).slice(-200)}`,
              res,
            )
          return pinned
        },
      )
      return { cid: got, state: 'pinned' }
    },

    async status(pin, opts) {
      return call(
        'status',
        '/pin/ls',
        pin.cid,
        { type: 'recursive' },
        (res): PinInfo => {
          if (res.status === 500)
            return {
              cid: pin.cid,
              state: 'absent',
              detail: said(kuboError(res.text)?.Message ?? ''),
            }
          const keys = http.parse<{ Keys?: Record<string, unknown> }>('status', res).Keys ?? {}
          return Object.keys(keys).length > 0
            ? { cid: Object.keys(keys)[0] ?? pin.cid, state: 'pinned' }
            : { cid: pin.cid, state: 'absent' }
        },
        opts?.signal,
      )
    },

    async unpin(pin, opts) {
      const res = await call('unpin', '/pin/rm', pin.cid, {}, (r) => r, opts?.signal)
      return { outcome: res.status === 500 ? 'absent' : 'removed' }
    },

    async origins(opts) {
      const { value: id } = await http.json<{ ID?: unknown; Addresses?: unknown }>({
        operation: 'origins',
        method: 'POST',
        path: '/id',
        signal: opts?.signal,
      })
      return publicOrigins(
        Array.isArray(id.Addresses) ? id.Addresses : [],
        typeof id.ID === 'string' ? id.ID : undefined,
      )
    },
  }
}
