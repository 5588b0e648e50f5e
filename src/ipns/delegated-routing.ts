/**
 * Delegated Routing V1, IPNS part (docs/names/delegated-routing.md): `GET` and `PUT
 * /routing/v1/ipns/{name}` with the record media type. Each endpoint in `ipns-routers` is one
 * target. No credentials: the record's signature is the authority.
 *
 * - GET: 200 with the record media type is a record; 404, a 200 of another type, and a 500 whose
 *   text says not found (boxo's server in some versions) mean "no record".
 * - PUT: 200 is taken; anything else after retries is a failure. A 500 after a PUT is not proof
 *   either way: the read-back that follows decides (src/ipns/publish.ts).
 */
import { parseHttpUrl, parseList } from '../inputs/parse.js'
import { InputError } from '../errors.js'
import { createHttpClient } from '../http/client.js'
import type { ProviderDeps } from '../http/deps.js'
import { MAX_RECORD_BYTES } from './value.js'
import { definePublisher, type NameTarget, type PublisherOptions } from './types.js'

const RECORD_TYPE = 'application/vnd.ipfs.ipns-record'

export interface DelegatedRoutingOptions extends PublisherOptions {
  readonly id: 'delegated-routing'
  /** Base URLs, each ending in `/routing/v1`. */
  readonly routers: readonly string[]
}

export const delegatedRouting = definePublisher({
  family: 'ipns-publish',
  id: 'delegated-routing',
  title: 'Delegated Routing V1 endpoints (PUT /routing/v1/ipns/{name})',
  docs: 'docs/names/delegated-routing.md',
  inputs: [{ name: 'ipns-routers' }],
  credentials: [],
  credentialsOptional: true,
  traits: {},
  read: (ctx): DelegatedRoutingOptions => {
    const routers = parseList(ctx.raw('ipns-routers')).map((u) =>
      parseHttpUrl('ipns-routers', u).replace(/\/+$/, ''),
    )
    if (routers.length === 0)
      throw new InputError(
        'ipns-routers',
        `Input "ipns-routers" is empty, and "ipns-publish" names "delegated-routing". Allowed: one or more http(s) URLs of Delegated Routing V1 endpoints (ending in /routing/v1), such as https://delegated-ipfs.dev/routing/v1.`,
      )
    return { id: 'delegated-routing', routers }
  },
  create: (o: DelegatedRoutingOptions, deps) => o.routers.map((r) => routerTarget(r, deps)),
})

/** How an endpoint is named in messages: its host and path, without the scheme. */
const labelOf = (url: string): string => url.replace(/^https?:\/\//, '')

export function routerTarget(baseUrl: string, deps: ProviderDeps): NameTarget {
  const label = labelOf(baseUrl)
  const http = createHttpClient({ ...deps, provider: label, baseUrl })
  const path = (name: string): string => `/ipns/${encodeURIComponent(name)}`
  // 404, or boxo's 500 whose whole text is its "not found" (a joined error naming other
  // failures too is a failure: the record may be there).
  const notFound = (status: number, body: string): boolean =>
    status === 404 ||
    (status === 500 && /^(delegate error: )?routing: not found$/i.test(body.trim()))
  return {
    label,
    async get(name, opts) {
      return http.stream<Uint8Array | undefined>(
        {
          operation: 'ipns-read',
          method: 'GET',
          path: path(name),
          headers: { accept: RECORD_TYPE },
          accept: notFound,
          signal: opts?.signal,
        },
        async (body, res) => {
          const type = String(res.headers['content-type'] ?? '')
          const chunks: Uint8Array[] = []
          let size = 0
          for await (const chunk of body) {
            size += chunk.length
            // Read past the limit only far enough to know it is too large.
            if (size > MAX_RECORD_BYTES) break
            chunks.push(chunk)
          }
          // A 200 of another media type is the spec's "no record"; when it matters that a record
          // is not missed (cleanup), it is not believed: a wrong URL answers HTML with 200 too.
          if (!type.toLowerCase().includes(RECORD_TYPE)) {
            if (opts?.strict === true)
              throw http.fail(
                'ipns-read',
                `HTTP ${res.status} with ${type !== '' ? `"${http.said(type, 60)}"` : 'no media type'}, not an IPNS record; check "ipns-routers"`,
              )
            return undefined
          }
          if (size > MAX_RECORD_BYTES)
            throw http.fail('ipns-read', `the record is larger than ${MAX_RECORD_BYTES} bytes`)
          return Buffer.concat(chunks)
        },
        () => undefined,
      )
    },
    async put(name, record, opts) {
      await http.send({
        operation: 'ipns-publish',
        method: 'PUT',
        path: path(name),
        headers: { 'content-type': RECORD_TYPE },
        body: () => record,
        signal: opts?.signal,
      })
    },
  }
}
