/**
 * DigitalOcean DNS (API v2) records (docs/names/digitalocean.md), with a token whose custom
 * scopes are `domain:read` + `domain:update` (records created, updated and deleted; never
 * domains). One record per TXT value: the DNSLink operations come from src/dns/per-record.ts.
 *
 * - zone: `dns-zone`, or `GET /domains/{candidate}` from the longest candidate down (a subdomain
 *   can be a domain of its own; 404: not this one); cached for the run.
 * - records: `GET /domains/{zone}/records?name=<FQDN>`: the filter takes the **fully qualified**
 *   name while records are written and answered with **relative** ones (`@` at the apex); no
 *   `type`, so a CNAME at the name (a delegated DNSLink) is seen; paged (`links.pages.next`,
 *   `links: {}` on a single page). TXT `data` is raw: sent unquoted, one pair of quotes stripped
 *   on read. `POST` (201, with the TTL, at least 30 s), `PATCH /{id}` with the data only (its TTL
 *   stays), `DELETE /{id}` (204; 404 = already gone). A 404 on update means the record went
 *   away: re-list and create.
 * - failures carry `{id, message}`, which messages show instead of the JSON.
 */
import { ProviderError } from '../errors.js'
import { createHttpClient, type HttpResponse, type RequestSpec } from '../http/client.js'
import { need, needUrl } from '../inputs/read.js'
import type { CallOptions, ProviderDeps } from '../http/deps.js'
import { findTxt, perRecord, type ApiRecord } from './per-record.js'
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

export interface DigitalOceanOptions extends DnsOptions {
  readonly id: 'digitalocean'
  readonly apiUrl: string
  readonly token: string
}

/** Record per value; a TTL under 30 s is refused with 422 (docs/names/digitalocean.md#writing). */
const CAPABILITIES: DnsCapabilities = {
  model: 'record',
  compareAndSwap: false,
  minTtl: 30,
  syncWait: false,
}
const PER_PAGE = 200

export const digitalocean = defineDnsProvider({
  family: 'dns-provider',
  id: 'digitalocean',
  title: 'DigitalOcean DNS (token with domain:read and domain:update)',
  docs: 'docs/names/digitalocean.md',
  inputs: [{ name: 'digitalocean-token', secret: true }, { name: 'digitalocean-api-url' }],
  credentials: ['digitalocean-token'],
  traits: {},
  read(ctx): DigitalOceanOptions {
    const token = need(ctx, 'digitalocean-token', 'dns-provider "digitalocean"')
    ctx.secret(`Bearer ${token}`)
    return {
      id: 'digitalocean',
      apiUrl: needUrl(ctx, 'digitalocean-api-url', 'dns-provider "digitalocean"'),
      token,
      ttl: 60,
    }
  },
  create: (options: DigitalOceanOptions, deps) => createDigitalOceanProvider(options, deps),
})

/** A name relative to its domain, as DigitalOcean writes and answers it (`@` for the apex). */
export function relativeTo(fqdn: string, zone: string): string {
  if (fqdn === zone) return '@'
  if (!fqdn.endsWith(`.${zone}`)) throw new Error(`${fqdn} is not in the domain ${zone}`)
  return fqdn.slice(0, fqdn.length - zone.length - 1)
}

interface DoRecord {
  id?: number
  type?: string
  name?: string
  data?: string
  ttl?: number
}

export function createDigitalOceanProvider(
  o: DigitalOceanOptions,
  deps: ProviderDeps,
): DnsProvider {
  // docs/names/digitalocean.md#auth: personal access tokens start dop_v1_ (OAuth doo_v1_).
  if (!/^do[opr]_v1_[0-9a-f]{16,}$/.test(o.token))
    deps.log?.(
      'digitalocean: "digitalocean-token" does not look like a DigitalOcean token (dop_v1_…); check that the right secret is set',
    )
  const http = createHttpClient({
    ...deps,
    provider: 'digitalocean',
    baseUrl: o.apiUrl,
    headers: {
      authorization: `Bearer ${o.token}`,
      accept: 'application/json',
      'content-type': 'application/json',
    },
    credentials: o.credentials ?? ['digitalocean-token'],
  })
  const { fail, said } = http

  /** The request; a failure shows DigitalOcean's `id: message` instead of its JSON. */
  async function send<T>(spec: RequestSpec<T>, decode: (res: HttpResponse) => T): Promise<T> {
    try {
      return await http.request(spec, decode)
    } catch (err) {
      if (!(err instanceof ProviderError) || !err.body) throw err
      const id = /"id"\s*:\s*"([a-z_]+)"/.exec(err.body)?.[1]
      const message = /"message"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(err.body)?.[1]
      if (id === undefined || message === undefined) throw err
      const words = `DigitalOcean answered ${id}: ${said(message, 300)}`
      err.message = err.message.replace(err.body, words)
      err.reason = err.reason.replace(err.body, words)
      throw err
    }
  }
  const parse = <T>(res: HttpResponse): T => http.parse<T>('dns-read', res)

  const domainNamed = cached(async (name: string, signal?: AbortSignal) =>
    send(
      {
        operation: 'dns-read',
        method: 'GET',
        path: `/domains/${encodeURIComponent(name)}`,
        accept: [404],
        signal,
      },
      (res) =>
        res.status === 404 ? undefined : parse<{ domain?: { name?: string } }>(res).domain?.name,
    ),
  )

  async function zoneOf(domain: string, opts?: CallOptions): Promise<Zone> {
    const names = o.zone !== undefined ? [o.zone] : zoneCandidates(domain.toLowerCase())
    for (const name of names) {
      const found = await domainNamed(name, opts?.signal)
      if (found !== undefined) return { id: found.toLowerCase(), name: found.toLowerCase() }
    }
    throw fail(
      'dns-read',
      o.zone !== undefined
        ? `the account has no domain "${o.zone}" (check "dns-zone")`
        : `no zone the token can see holds ${domain} (tried ${names.join(', ')}); set "dns-zone"`,
    )
  }

  const records = (zone: Zone): string => `/domains/${encodeURIComponent(zone.name)}/records`
  const view = (r: DoRecord): ApiRecord | undefined =>
    typeof r.id !== 'number'
      ? undefined
      : {
          id: String(r.id),
          type: (r.type ?? '').toUpperCase(),
          content: r.type === 'TXT' ? unquote(r.data ?? '') : (r.data ?? ''),
          ...(typeof r.ttl === 'number' ? { ttl: r.ttl } : {}),
        }

  async function page(zone: Zone, fqdn: string, n: number, opts: CallOptions) {
    const rel = relativeTo(fqdn, zone.name)
    const value = await send(
      {
        operation: 'dns-read',
        method: 'GET',
        path: records(zone),
        // docs/names/digitalocean.md#reading: the name filter takes the full name.
        query: { name: fqdn, per_page: PER_PAGE, page: n },
        signal: opts.signal,
      },
      (res) => parse<{ domain_records?: DoRecord[]; links?: { pages?: { next?: string } } }>(res),
    )
    const got = (value.domain_records ?? [])
      .filter((r) => r.name?.toLowerCase() === rel)
      .flatMap((r) => view(r) ?? [])
    return { records: got, more: typeof value.links?.pages?.next === 'string' }
  }

  const ops = perRecord({
    id: 'digitalocean',
    capabilities: CAPABILITIES,
    ttl: o.ttl,
    zoneOf,
    fail: (m) => fail('dns-read', m),
    api: {
      page,

      async create(zone, fqdn, text, ttl, opts) {
        const name = relativeTo(fqdn, zone.name)
        const made = await send<{ id?: string }>(
          {
            operation: 'dns-create',
            method: 'POST',
            path: records(zone),
            body: () => JSON.stringify({ type: 'TXT', name, data: text, ttl }),
            signal: opts.signal,
            // A create whose answer was lost: look before making a second record.
            recover: () => findTxt(page, zone, fqdn, text, opts),
          },
          (res) => ({ id: view(parse<{ domain_record?: DoRecord }>(res).domain_record ?? {})?.id }),
        )
        return { outcome: 'created', ...(made.id !== undefined ? { id: made.id } : {}) }
      },

      async update(zone, record, text, opts) {
        return send(
          {
            operation: 'dns-write',
            method: 'PATCH',
            path: `${records(zone)}/${encodeURIComponent(record.id)}`,
            body: () => JSON.stringify({ data: text }),
            accept: [404],
            signal: opts.signal,
          },
          (res) => (res.status === 404 ? 'gone' : 'updated'),
        )
      },

      async remove(zone, record, opts) {
        await send(
          {
            operation: 'dns-write',
            method: 'DELETE',
            path: `${records(zone)}/${encodeURIComponent(record.id)}`,
            accept: [404],
            signal: opts.signal,
          },
          () => undefined,
        )
      },
    },
  })

  return { id: 'digitalocean', capabilities: CAPABILITIES, zoneOf, ...ops }
}
