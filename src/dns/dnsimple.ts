/**
 * DNSimple's API v2 for zone records (docs/names/dnsimple.md), with a Bearer token (an account
 * token is best). One record per TXT value: the DNSLink operations come from
 * src/dns/per-record.ts.
 *
 * - account: `dnsimple-account-id`, or the token's account from `GET /whoami`; cached.
 * - zone: `GET /{account}/zones/{name}` for `dns-zone` or each parent of the domain, longest
 *   first (404 means not that one); cached for the run.
 * - records: names are relative to the zone (`_dnslink.pr-1.preview` in `example.org`, `''` for
 *   the apex): `GET /{account}/zones/{zone}/records?name=` (every type: a CNAME at the name is
 *   seen), paged; `POST` (201, with the TTL), `PATCH /{id}` with the content only (its TTL
 *   stays; sending `regions` fails on plans without them), `DELETE /{id}` (204). A 404 on
 *   update ("Record not found") means the record went away: re-list and create.
 * - answers are `{data, pagination}`; failures carry `message` (and `errors` on validation),
 *   which messages show instead of the JSON.
 */
import { InputError, ProviderError } from '../errors.js'
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

export interface DnsimpleOptions extends DnsOptions {
  readonly id: 'dnsimple'
  readonly apiUrl: string
  readonly token: string
  readonly accountId?: string
}

/** Record per value; DNSimple's minimum TTL is 60 s (docs/names/dnsimple.md). */
const CAPABILITIES: DnsCapabilities = {
  model: 'record',
  compareAndSwap: false,
  minTtl: 60,
  syncWait: false,
}

export const dnsimple = defineDnsProvider({
  family: 'dns-provider',
  id: 'dnsimple',
  title: 'DNSimple (API v2 token)',
  docs: 'docs/names/dnsimple.md',
  inputs: [
    { name: 'dnsimple-token', secret: true },
    { name: 'dnsimple-api-url' },
    { name: 'dnsimple-account-id' },
  ],
  credentials: ['dnsimple-token'],
  traits: {},
  read(ctx): DnsimpleOptions {
    const account = ctx.raw('dnsimple-account-id')
    if (account !== '' && !/^\d+$/.test(account))
      throw new InputError(
        'dnsimple-account-id',
        `Input "dnsimple-account-id" is not a DNSimple account id (a number, shown in the account's URL).`,
      )
    const token = need(ctx, 'dnsimple-token', 'dns-provider "dnsimple"')
    ctx.secret(`Bearer ${token}`)
    return {
      id: 'dnsimple',
      apiUrl: needUrl(ctx, 'dnsimple-api-url', 'dns-provider "dnsimple"'),
      token,
      ttl: 60,
      ...(account !== '' ? { accountId: account } : {}),
    }
  },
  create: (options: DnsimpleOptions, deps) => createDnsimpleProvider(options, deps),
})

/** A name relative to its zone, as DNSimple takes it (`''` for the apex). */
export function relativeName(fqdn: string, zone: string): string {
  const f = fqdn.toLowerCase()
  const z = zone.toLowerCase()
  if (f === z) return ''
  if (!f.endsWith(`.${z}`)) throw new Error(`${fqdn} is not in the zone ${zone}`)
  return fqdn.slice(0, fqdn.length - z.length - 1)
}

/** A DNSimple error body's words (`Validation failed: content: …`), if it is one. */
export function dnsimpleWords(body: string): string | undefined {
  try {
    const e = JSON.parse(body) as { message?: unknown; errors?: Record<string, unknown> }
    if (typeof e.message !== 'string') return undefined
    const fields = Object.entries(e.errors ?? {}).map(
      ([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`,
    )
    return [e.message, ...fields].join('; ')
  } catch {
    return /"message"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(body)?.[1]
  }
}

interface DsRecord {
  id?: number
  name?: string
  type?: string
  content?: string
  ttl?: number
  created_at?: string
}

export function createDnsimpleProvider(o: DnsimpleOptions, deps: ProviderDeps): DnsProvider {
  const http = createHttpClient({
    ...deps,
    provider: 'dnsimple',
    baseUrl: o.apiUrl,
    headers: {
      authorization: `Bearer ${o.token}`,
      accept: 'application/json',
      'content-type': 'application/json',
    },
    credentials: o.credentials ?? ['dnsimple-token'],
  })
  const { fail } = http

  /** The request; a failure shows DNSimple's `message` instead of its JSON. */
  async function send<T>(spec: RequestSpec<T>, decode: (res: HttpResponse) => T): Promise<T> {
    try {
      return await http.request(spec, decode)
    } catch (err) {
      const w = err instanceof ProviderError && err.body ? dnsimpleWords(err.body) : undefined
      if (err instanceof ProviderError && err.body && w !== undefined) {
        err.message = err.message.replace(err.body, `DNSimple answered ${w}`)
        err.reason = err.reason.replace(err.body, `DNSimple answered ${w}`)
      }
      throw err
    }
  }
  const parse = <T>(res: HttpResponse): T => http.parse<T>('dns-read', res)

  const account = cached(async (_: string, signal?: AbortSignal): Promise<string> => {
    if (o.accountId !== undefined) return o.accountId
    const who = await send(
      { operation: 'dns-read', method: 'GET', path: '/whoami', signal },
      (res) => parse<{ data?: { account?: { id?: number } | null } }>(res),
    )
    const id = who.data?.account?.id
    if (id === undefined)
      throw fail(
        'dns-read',
        'the token is a user token, not an account token: set "dnsimple-account-id"',
      )
    return String(id)
  })
  const accountId = (signal?: AbortSignal): Promise<string> => account('', signal)

  const zoneByName = cached(async (name: string, signal?: AbortSignal) => {
    const acct = await accountId(signal)
    const found = await send(
      {
        operation: 'dns-read',
        method: 'GET',
        path: `/${encodeURIComponent(acct)}/zones/${encodeURIComponent(name)}`,
        accept: [404],
        signal,
      },
      (res) =>
        res.status === 404 ? undefined : parse<{ data?: { name?: string; id?: number } }>(res).data,
    )
    return found?.name !== undefined
      ? { id: String(found.id ?? found.name), name: found.name }
      : undefined
  })

  async function zoneOf(domain: string, opts?: CallOptions): Promise<Zone> {
    const names = o.zone !== undefined ? [o.zone] : zoneCandidates(domain)
    for (const name of names) {
      const z = await zoneByName(name, opts?.signal)
      if (z !== undefined) return z
    }
    throw fail(
      'dns-read',
      o.zone !== undefined
        ? `the account has no zone "${o.zone}" (check "dns-zone" and "dnsimple-account-id")`
        : `no zone of the account holds ${domain} (tried ${names.join(', ')}); set "dns-zone"`,
    )
  }

  const records = async (zone: Zone, signal?: AbortSignal): Promise<string> =>
    `/${encodeURIComponent(await accountId(signal))}/zones/${encodeURIComponent(zone.name)}/records`

  const view = (r: DsRecord): ApiRecord | undefined =>
    r.id === undefined
      ? undefined
      : {
          id: String(r.id),
          type: (r.type ?? '').toUpperCase(),
          content: r.type === 'TXT' ? unquote(r.content ?? '') : (r.content ?? ''),
          ...(r.ttl !== undefined ? { ttl: r.ttl } : {}),
          ...(r.created_at !== undefined ? { created: r.created_at } : {}),
        }

  async function page(zone: Zone, fqdn: string, n: number, opts: CallOptions) {
    const name = relativeName(fqdn, zone.name)
    const value = await send(
      {
        operation: 'dns-read',
        method: 'GET',
        path: await records(zone, opts.signal),
        query: { name, per_page: 100, page: n },
        signal: opts.signal,
      },
      (res) => parse<{ data?: DsRecord[]; pagination?: { total_pages?: number } }>(res),
    )
    const got = (value.data ?? []).filter((r) => r.name === name).flatMap((r) => view(r) ?? [])
    return { records: got, more: n < (value.pagination?.total_pages ?? 1) }
  }

  const ops = perRecord({
    id: 'dnsimple',
    capabilities: CAPABILITIES,
    ttl: o.ttl,
    zoneOf,
    fail: (m) => fail('dns-read', m),
    api: {
      page,

      async create(zone, fqdn, text, ttl, opts) {
        const name = relativeName(fqdn, zone.name)
        const made = await send<{ id?: string }>(
          {
            operation: 'dns-create',
            method: 'POST',
            path: await records(zone, opts.signal),
            body: () => JSON.stringify({ name, type: 'TXT', content: text, ttl }),
            signal: opts.signal,
            // A create whose answer was lost: look before making a second record.
            recover: () => findTxt(page, zone, fqdn, text, opts),
          },
          (res) => ({ id: view(parse<{ data?: DsRecord }>(res).data ?? {})?.id }),
        )
        return { outcome: 'created', ...(made.id !== undefined ? { id: made.id } : {}) }
      },

      async update(zone, record, text, opts) {
        return send(
          {
            operation: 'dns-write',
            method: 'PATCH',
            path: `${await records(zone, opts.signal)}/${encodeURIComponent(record.id)}`,
            body: () => JSON.stringify({ content: text }),
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
            path: `${await records(zone, opts.signal)}/${encodeURIComponent(record.id)}`,
            accept: [404],
            signal: opts.signal,
          },
          () => undefined,
        )
      },
    },
  })

  return { id: 'dnsimple', capabilities: CAPABILITIES, zoneOf, ...ops }
}
