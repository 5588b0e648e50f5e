/**
 * Cloudflare's API v4 for DNS records (docs/names/cloudflare.md), with an API token (Bearer):
 * "Zone: DNS Edit" on the zone, and "Zone: Zone Read" unless `cloudflare-zone-id` is given.
 *
 * - zone: `cloudflare-zone-id`, or `GET /zones?name=` for `dns-zone` or each parent of the
 *   domain, longest first.
 * - records: `GET /zones/{zone}/dns_records?type=TXT&name.exact=<fqdn>`, paged; `POST` to create
 *   (content sent quoted, as Cloudflare stores TXT), `PATCH /{id}`, `DELETE /{id}`.
 * - every answer is `{success, errors, result, result_info}`; `success: false` is a failure with
 *   the errors' codes and messages. A create answered 81057/81058 (the record exists) is taken
 *   as done: the next read shows it.
 */
import { InputError } from '../errors.js'
import { createHttpClient, type HttpResponse, type RequestSpec } from '../http/client.js'
import { need, needUrl } from '../providers/read.js'
import type { ProviderDeps } from '../providers/types.js'
import {
  defineDnsProvider,
  unquote,
  zoneCandidates,
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

const EXISTS = [81057, 81058]
const MAX_PAGES = 100

export const cloudflare = defineDnsProvider({
  family: 'dns',
  id: 'cloudflare',
  title: 'Cloudflare DNS (API token)',
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

  /**
   * Sends, and checks the envelope: `success: false` is a failure with its codes, unless
   * `tolerate` takes it (a record that exists, one already gone). A 400 or 404 is read for its
   * codes; other statuses fail or are retried by the policy as usual.
   */
  function call<T>(
    spec: RequestSpec<Envelope<T>>,
    tolerate: (status: number, e: Envelope<T>) => boolean = () => false,
  ): Promise<Envelope<T>> {
    return http.request(
      { ...spec, accept: (status) => status === 400 || status === 404 },
      (res: HttpResponse) => {
        const e = http.parse<Envelope<T>>(spec.operation, res)
        if (e.success === true && res.status < 300) return e
        if (tolerate(res.status, e)) return e
        throw fail(
          spec.operation,
          `HTTP ${res.status}: Cloudflare answered ${said(words(e) || res.text)}`,
          res.status,
        )
      },
    )
  }

  async function zoneByName(name: string, signal?: AbortSignal): Promise<Zone | undefined> {
    const e = await call<Array<{ id?: string; name?: string }>>({
      operation: 'dns-read',
      method: 'GET',
      path: '/zones',
      query: { name, per_page: 50 },
      signal,
    })
    const z = (e.result ?? []).find((x) => x.name?.toLowerCase() === name.toLowerCase())
    return z?.id !== undefined ? { id: z.id, name } : undefined
  }

  return {
    id: 'cloudflare',

    async zoneOf(domain, opts) {
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
    },

    async listTxt(zone, fqdn, opts) {
      const out: Array<{ id: string; content: string }> = []
      for (let page = 1; page <= MAX_PAGES; page++) {
        const e = await call<
          Array<{ id?: string; name?: string; type?: string; content?: string }>
        >({
          operation: 'dns-read',
          method: 'GET',
          path: `/zones/${encodeURIComponent(zone.id)}/dns_records`,
          query: { type: 'TXT', 'name.exact': fqdn, per_page: 100, page },
          signal: opts?.signal,
        })
        for (const r of e.result ?? [])
          if (
            r.id !== undefined &&
            r.type === 'TXT' &&
            r.name?.toLowerCase() === fqdn.toLowerCase()
          )
            out.push({ id: r.id, content: unquote(r.content ?? '') })
        const total = e.result_info?.total_pages ?? 1
        if (page >= total || (e.result ?? []).length === 0) return out
      }
      throw fail('dns-read', `more than ${MAX_PAGES} pages of TXT records at ${fqdn}`)
    },

    async createTxt(zone, fqdn, content, opts) {
      await call(
        {
          operation: 'dns-create',
          method: 'POST',
          path: `/zones/${encodeURIComponent(zone.id)}/dns_records`,
          body: () =>
            JSON.stringify({
              type: 'TXT',
              name: fqdn,
              content: `"${content}"`,
              ttl: o.ttl,
              comment: 'ipfs-pin-action',
            }),
          signal: opts?.signal,
          // A create whose answer was lost: the record may be there, the next read says.
          recover: () => Promise.resolve(undefined),
        },
        (_status, e) => (e.errors ?? []).some((x) => EXISTS.includes(x.code ?? 0)),
      )
    },

    async updateTxt(zone, record, _fqdn, content, opts) {
      await call({
        operation: 'dns-write',
        method: 'PATCH',
        path: `/zones/${encodeURIComponent(zone.id)}/dns_records/${encodeURIComponent(record.id)}`,
        body: () => JSON.stringify({ content: `"${content}"`, ttl: o.ttl }),
        signal: opts?.signal,
      })
    },

    async deleteTxt(zone, record, opts) {
      await call(
        {
          operation: 'dns-write',
          method: 'DELETE',
          path: `/zones/${encodeURIComponent(zone.id)}/dns_records/${encodeURIComponent(record.id)}`,
          signal: opts?.signal,
        },
        (status) => status === 404,
      )
    },
  }
}
