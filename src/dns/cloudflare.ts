/**
 * Cloudflare's API v4 for DNS records (docs/names/cloudflare.md), with an API token (Bearer):
 * "Zone: DNS Edit" on the zone, and "Zone: Zone Read" unless `cloudflare-zone-id` is given.
 * One record per TXT value: the DNSLink operations come from src/dns/per-record.ts.
 *
 * - zone: `cloudflare-zone-id`, or `GET /zones?name=` for `dns-zone` or each parent of the
 *   domain, longest first; cached for the run.
 * - records: `GET /zones/{zone}/dns_records?name.exact=<fqdn>` (every type: a CNAME at the name
 *   is seen), paged; `POST` to create (content sent quoted, as Cloudflare stores TXT, with the
 *   TTL and a comment), `PATCH /{id}` with the content only (TTL and comment kept),
 *   `DELETE /{id}`.
 * - every answer is `{success, errors, result, result_info}`; `success: false` is a failure
 *   shown by its codes and messages (never the raw JSON). On create, 81057 ("record already
 *   exists") means re-list and update, 81058 ("an identical record already exists") means the
 *   value is there; on update, a 404 (81044) means the record went away: re-list and create.
 */
import { InputError, ProviderError } from '../errors.js'
import { createHttpClient, type HttpResponse, type RequestSpec } from '../http/client.js'
import type { Operation } from '../http/policy.js'
import { need, needUrl } from '../inputs/read.js'
import type { CallOptions, ProviderDeps } from '../http/deps.js'
import { perRecord, type ApiRecord, type CreateAnswer, type UpdateAnswer } from './per-record.js'
import {
  cached,
  defineDnsProvider,
  unquote,
  zoneCandidates,
  type DnsCapabilities,
  type DnsOptions,
  type DnsProvider,
  type Zone,
} from './types.js'

export interface CloudflareOptions extends DnsOptions {
  readonly id: 'cloudflare'
  readonly apiUrl: string
  readonly token: string
  readonly zoneId?: string
}

interface Envelope<T> {
  success?: boolean
  errors?: Array<{ code?: number; message?: string }>
  result?: T
  result_info?: { page?: number; total_pages?: number }
}

interface CfRecord {
  id?: string
  name?: string
  type?: string
  content?: string
  ttl?: number
  created_on?: string
}

/** Record per value; TTL 60–86400, or 1 for "automatic" (30 on Enterprise: not assumed). */
const CAPABILITIES: DnsCapabilities = {
  model: 'record',
  compareAndSwap: false,
  minTtl: 60,
  maxTtl: 86_400,
  syncWait: false,
}

export const cloudflare = defineDnsProvider({
  family: 'dns-provider',
  id: 'cloudflare',
  title: 'Cloudflare DNS (API token)',
  docs: 'docs/names/cloudflare.md',
  inputs: [
    { name: 'cloudflare-token', secret: true },
    { name: 'cloudflare-api-url' },
    { name: 'cloudflare-zone-id' },
  ],
  credentials: ['cloudflare-token'],
  traits: {},
  read(ctx): CloudflareOptions {
    const zoneId = ctx.raw('cloudflare-zone-id')
    if (zoneId !== '' && !/^[a-f0-9]{32}$/i.test(zoneId))
      throw new InputError(
        'cloudflare-zone-id',
        `Input "cloudflare-zone-id" is not a Cloudflare zone id (32 hexadecimal characters, shown on the zone's overview page).`,
      )
    const token = need(ctx, 'cloudflare-token', 'dns-provider "cloudflare"')
    ctx.secret(`Bearer ${token}`)
    return {
      id: 'cloudflare',
      apiUrl: needUrl(ctx, 'cloudflare-api-url', 'dns-provider "cloudflare"'),
      token,
      ttl: 60,
      ...(zoneId !== '' ? { zoneId } : {}),
    }
  },
  create: (options: CloudflareOptions, deps) => createCloudflareProvider(options, deps),
})

/** A Cloudflare error body's codes and messages (`81057 Record already exists.`), if it is one. */
export function cloudflareWords(body: string): string | undefined {
  // The body may come cut short (an excerpt): read the pairs, not the JSON.
  const pairs = [...body.matchAll(/"code"\s*:\s*(\d+)\s*,\s*"message"\s*:\s*"((?:[^"\\]|\\.)*)"/g)]
  if (pairs.length === 0) return undefined
  return pairs.map((m) => `${m[1] ?? ''} ${(m[2] ?? '').replace(/\\(.)/g, '$1')}`).join('; ')
}

export function createCloudflareProvider(o: CloudflareOptions, deps: ProviderDeps): DnsProvider {
  const http = createHttpClient({
    ...deps,
    provider: 'cloudflare',
    baseUrl: o.apiUrl,
    headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
    credentials: o.credentials ?? ['cloudflare-token'],
  })
  const { fail, said } = http

  const words = (e: Envelope<unknown>): string =>
    (e.errors ?? []).map((x) => `${x.code ?? '?'} ${x.message ?? ''}`.trim()).join('; ')
  const codes = (e: Envelope<unknown>): number[] => (e.errors ?? []).map((x) => x.code ?? 0)

  /**
   * Sends, and checks the envelope: `success: false` is a failure with its codes. A 400 or 404
   * is read for its codes, which `answer` may take (a record that exists, one already gone);
   * other statuses fail or are retried by the policy as usual, and their message shows
   * Cloudflare's codes and words instead of the JSON.
   */
  async function call<T, R = Envelope<T>>(
    spec: RequestSpec<R>,
    answer: (status: number, e: Envelope<T>) => R | undefined = () => undefined,
  ): Promise<R> {
    try {
      return await http.request<R>(
        { ...spec, accept: (status) => status === 400 || status === 404 },
        (res: HttpResponse) => {
          const e = http.parse<Envelope<T>>(spec.operation, res)
          const taken = answer(res.status, e)
          if (taken !== undefined) return taken
          if (e.success === true && res.status < 300) return e as R
          throw fail(
            spec.operation,
            `HTTP ${res.status}: Cloudflare answered ${said(words(e) || res.text)}`,
            res.status,
          )
        },
      )
    } catch (err) {
      const w = err instanceof ProviderError && err.body ? cloudflareWords(err.body) : undefined
      if (err instanceof ProviderError && err.body && w !== undefined) {
        err.message = err.message.replace(err.body, `Cloudflare answered ${w}`)
        err.reason = err.reason.replace(err.body, `Cloudflare answered ${w}`)
      }
      throw err
    }
  }

  const zoneByName = cached(async (name: string, signal?: AbortSignal) => {
    const e = await call<Array<{ id?: string; name?: string }>>({
      operation: 'dns-read',
      method: 'GET',
      path: '/zones',
      query: { name, per_page: 50 },
      signal,
    })
    const z = (e.result ?? []).find((x) => x.name?.toLowerCase() === name.toLowerCase())
    return z?.id !== undefined ? { id: z.id, name } : undefined
  })

  async function zoneOf(domain: string, opts?: CallOptions): Promise<Zone> {
    if (o.zoneId !== undefined) return { id: o.zoneId, name: o.zone ?? domain }
    const names = o.zone !== undefined ? [o.zone] : zoneCandidates(domain)
    for (const name of names) {
      const z = await zoneByName(name, opts?.signal)
      if (z !== undefined) return z
    }
    throw fail(
      'dns-read',
      o.zone !== undefined
        ? `the token cannot see the zone "${o.zone}" (check "dns-zone", and that the token has Zone Read on it)`
        : `no zone the token can see holds ${domain} (tried ${names.join(', ')}); set "dns-zone" or "cloudflare-zone-id"`,
    )
  }

  const records = (zone: Zone): string => `/zones/${encodeURIComponent(zone.id)}/dns_records`
  const failAs = (operation: Operation) => (message: string) => fail(operation, message)

  const ops = perRecord({
    id: 'cloudflare',
    capabilities: CAPABILITIES,
    ttl: o.ttl,
    zoneOf,
    fail: failAs('dns-read'),
    api: {
      async page(zone, fqdn, page, opts) {
        const e = await call<CfRecord[]>({
          operation: 'dns-read',
          method: 'GET',
          path: records(zone),
          query: { 'name.exact': fqdn, per_page: 100, page },
          signal: opts.signal,
        })
        const got: ApiRecord[] = []
        for (const r of e.result ?? [])
          if (r.id !== undefined && r.name?.toLowerCase() === fqdn)
            got.push({
              id: r.id,
              type: (r.type ?? '').toUpperCase(),
              content: r.type === 'TXT' ? unquote(r.content ?? '') : (r.content ?? ''),
              ...(r.ttl !== undefined ? { ttl: r.ttl } : {}),
              ...(r.created_on !== undefined ? { created: r.created_on } : {}),
            })
        return { records: got, more: page < (e.result_info?.total_pages ?? 1) }
      },

      async create(zone, fqdn, text, ttl, opts) {
        return call<CfRecord, CreateAnswer>(
          {
            operation: 'dns-create',
            method: 'POST',
            path: records(zone),
            body: () =>
              JSON.stringify({
                type: 'TXT',
                name: fqdn,
                content: `"${text}"`,
                ttl,
                comment: 'ipfs-pin-action',
              }),
            signal: opts.signal,
            // A create whose answer was lost is sent again: Cloudflare refuses a second identical
            // record (81058), which is taken as done below.
            recover: () => Promise.resolve(undefined),
          },
          (status, e) => {
            if (e.success === true && status < 300)
              return { outcome: 'created', ...(e.result?.id ? { id: e.result.id } : {}) }
            if (codes(e).includes(81058)) return { outcome: 'identical' }
            if (codes(e).includes(81057)) return { outcome: 'exists' }
            return undefined
          },
        )
      },

      async update(zone, record, text, opts) {
        return call<CfRecord, UpdateAnswer>(
          {
            operation: 'dns-write',
            method: 'PATCH',
            path: `${records(zone)}/${encodeURIComponent(record.id)}`,
            body: () => JSON.stringify({ content: `"${text}"` }),
            signal: opts.signal,
          },
          (status, e) => {
            if (e.success === true && status < 300) return 'updated'
            if (status === 404 || codes(e).includes(81044)) return 'gone'
            if (codes(e).includes(81058)) return 'identical'
            return undefined
          },
        )
      },

      async remove(zone, record, opts) {
        await call(
          {
            operation: 'dns-write',
            method: 'DELETE',
            path: `${records(zone)}/${encodeURIComponent(record.id)}`,
            signal: opts.signal,
          },
          (status, e) => (status === 404 ? e : undefined),
        )
      },
    },
  })

  return { id: 'cloudflare', capabilities: CAPABILITIES, zoneOf, ...ops }
}
