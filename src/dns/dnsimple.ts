/**
 * DNSimple's API v2 for zone records (docs/names/dnsimple.md), with a Bearer token (an account
 * token is best).
 *
 * - account: `dnsimple-account-id`, or the token's account from `GET /whoami`.
 * - zone: `GET /{account}/zones/{name}` for `dns-zone` or each parent of the domain, longest
 *   first (404 means not that one).
 * - records: names are relative to the zone (`_dnslink.pr-1.preview` in `example.org`, `''` for
 *   the apex): `GET /{account}/zones/{zone}/records?name=&type=TXT`, paged; `POST` (201),
 *   `PATCH /{id}` (content and TTL only: sending `regions` fails on plans without them),
 *   `DELETE /{id}` (204).
 * - answers are `{data, pagination}`; failures carry `message` (and `errors` on validation).
 */
import { InputError } from '../errors.js'
import { createHttpClient } from '../http/client.js'
import { need, needUrl } from '../providers/read.js'
import type { ProviderDeps } from '../providers/types.js'
import {
  defineDnsProvider,
  unquote,
  zoneCandidates,
  type DnsOptions,
  type DnsProvider,
  type TxtRecord,
  type Zone,
} from './types.js'

export interface DnsimpleOptions extends DnsOptions {
  readonly id: 'dnsimple'
  readonly apiUrl: string
  readonly token: string
  readonly accountId?: string
}

const MAX_PAGES = 100

export const dnsimple = defineDnsProvider({
  family: 'dns',
  id: 'dnsimple',
  title: 'DNSimple (API v2 token)',
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
  let account: Promise<string> | undefined

  const accountId = (signal?: AbortSignal): Promise<string> =>
    (account ??=
      o.accountId !== undefined
        ? Promise.resolve(o.accountId)
        : http
            .json<{ data?: { account?: { id?: number } | null } }>({
              operation: 'dns-read',
              method: 'GET',
              path: '/whoami',
              signal,
            })
            .then(({ value }) => {
              const id = value.data?.account?.id
              if (id === undefined)
                throw fail(
                  'dns-read',
                  'the token is a user token, not an account token: set "dnsimple-account-id"',
                )
              return String(id)
            }))

  const records = (acct: string, zone: Zone): string =>
    `/${encodeURIComponent(acct)}/zones/${encodeURIComponent(zone.name)}/records`

  async function listTxt(
    zone: Zone,
    fqdn: string,
    opts?: { signal?: AbortSignal },
  ): Promise<TxtRecord[]> {
    const acct = await accountId(opts?.signal)
    const name = relativeName(fqdn, zone.name)
    const out: Array<{ id: string; content: string }> = []
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { value } = await http.json<{
        data?: Array<{ id?: number; name?: string; type?: string; content?: string }>
        pagination?: { total_pages?: number }
      }>({
        operation: 'dns-read',
        method: 'GET',
        path: records(acct, zone),
        query: { name, type: 'TXT', per_page: 100, page },
        signal: opts?.signal,
      })
      const data = value.data ?? []
      for (const r of data)
        if (r.id !== undefined && r.type === 'TXT' && r.name === name)
          out.push({ id: String(r.id), content: unquote(r.content ?? '') })
      if (page >= (value.pagination?.total_pages ?? 1) || data.length === 0) return out
    }
    throw fail('dns-read', `more than ${MAX_PAGES} pages of TXT records at ${fqdn}`)
  }

  return {
    id: 'dnsimple',

    async zoneOf(domain, opts) {
      const acct = await accountId(opts?.signal)
      const names = o.zone !== undefined ? [o.zone] : zoneCandidates(domain)
      for (const name of names) {
        const found = await http.request(
          {
            operation: 'dns-read',
            method: 'GET',
            path: `/${encodeURIComponent(acct)}/zones/${encodeURIComponent(name)}`,
            accept: [404],
            signal: opts?.signal,
          },
          (res) =>
            res.status === 404
              ? undefined
              : http.parse<{ data?: { name?: string; id?: number } }>('dns-read', res).data,
        )
        if (found?.name !== undefined)
          return { id: String(found.id ?? found.name), name: found.name }
      }
      throw fail(
        'dns-read',
        o.zone !== undefined
          ? `the account has no zone "${o.zone}" (check "dns-zone" and "dnsimple-account-id")`
          : `no zone of the account holds ${domain} (tried ${names.join(', ')}); set "dns-zone"`,
      )
    },

    listTxt,

    async createTxt(zone, fqdn, content, opts) {
      const acct = await accountId(opts?.signal)
      const name = relativeName(fqdn, zone.name)
      await http.request(
        {
          operation: 'dns-create',
          method: 'POST',
          path: records(acct, zone),
          body: () => JSON.stringify({ name, type: 'TXT', content, ttl: o.ttl }),
          signal: opts?.signal,
          // A create whose answer was lost: look before making a second record.
          recover: async () =>
            (await listTxt(zone, fqdn, opts)).some((r) => r.content === content) ? true : undefined,
        },
        () => true,
      )
    },

    async updateTxt(zone, record, _fqdn, content, opts) {
      const acct = await accountId(opts?.signal)
      await http.send({
        operation: 'dns-write',
        method: 'PATCH',
        path: `${records(acct, zone)}/${encodeURIComponent(record.id)}`,
        body: () => JSON.stringify({ content, ttl: o.ttl }),
        signal: opts?.signal,
      })
    },

    async deleteTxt(zone, record, opts) {
      const acct = await accountId(opts?.signal)
      await http.send({
        operation: 'dns-write',
        method: 'DELETE',
        path: `${records(acct, zone)}/${encodeURIComponent(record.id)}`,
        accept: [404],
        signal: opts?.signal,
      })
    },
  }
}
