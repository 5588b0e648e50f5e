/**
 * Gandi LiveDNS (API v5) record sets (docs/names/gandi.md), with a Personal Access Token
 * (Bearer) allowed to "Manage domain name technical configurations" and "See and renew domain
 * names" on the domain.
 *
 * - zone: `dns-zone`, or `GET /domains/{candidate}` from the longest candidate down (404 or 403:
 *   not this one); names in it are relative (`_dnslink.pr-1.preview`, `_dnslink` at the apex).
 * - read: `GET /domains/{zone}/records/{name}`, every type at the name, so a CNAME (a delegated
 *   DNSLink) shows; TXT values come back quoted and are parsed (docs/names/gandi.md#reading).
 * - write: one `PUT …/{name}/TXT` of the whole value list with the set's TTL (a PUT without
 *   `rrset_ttl` resets it to 10800, docs/names/gandi.md#writing), `DELETE` when nothing remains.
 *   Gandi has no compare-and-swap: the set is read again after a write, and DNSLink reports
 *   success only when that read holds the value written (src/dns/dnslink.ts).
 * - TTL: 300 to 2,592,000 seconds (docs/names/gandi.md#ttl).
 */
import { ProviderError } from '../errors.js'
import { createHttpClient, type HttpResponse, type RequestSpec } from '../http/client.js'
import { need, needUrl } from '../inputs/read.js'
import type { CallOptions, ProviderDeps } from '../http/deps.js'
import { parseTxt, presentTxt } from './txt.js'
import {
  cached,
  clampTtl,
  defineDnsProvider,
  dnslinkValues,
  DNSLINK_PREFIX,
  isDnslink,
  zoneCandidates,
  type DnsCapabilities,
  type DnsOptions,
  type DnsProvider,
  type DnslinkWrite,
  type TxtState,
  type Zone,
} from './types.js'

export interface GandiOptions extends DnsOptions {
  readonly id: 'gandi'
  readonly apiUrl: string
  readonly token: string
}

/** One set per name; TTL 300 to 2,592,000 s (docs/names/gandi.md#ttl); no compare-and-swap. */
const CAPABILITIES: DnsCapabilities = {
  model: 'rrset',
  compareAndSwap: false,
  minTtl: 300,
  maxTtl: 2_592_000,
  syncWait: false,
}

export const gandi = defineDnsProvider({
  family: 'dns-provider',
  id: 'gandi',
  title: 'Gandi LiveDNS (Personal Access Token)',
  docs: 'docs/names/gandi.md',
  inputs: [{ name: 'gandi-token', secret: true }, { name: 'gandi-api-url' }],
  credentials: ['gandi-token'],
  traits: {},
  read(ctx): GandiOptions {
    const token = need(ctx, 'gandi-token', 'dns-provider "gandi"')
    ctx.secret(`Bearer ${token}`)
    return {
      id: 'gandi',
      apiUrl: needUrl(ctx, 'gandi-api-url', 'dns-provider "gandi"'),
      token,
      ttl: 300,
    }
  },
  create: (options: GandiOptions, deps) => createGandiProvider(options, deps),
})

interface Rrset {
  rrset_name?: string
  rrset_type?: string
  rrset_ttl?: number
  rrset_values?: unknown
}
/** What a read keeps to write back: the label as Gandi stored it, the values exactly as read. */
interface Snapshot {
  readonly label: string
  readonly raw: readonly string[]
}

export function createGandiProvider(o: GandiOptions, deps: ProviderDeps): DnsProvider {
  const http = createHttpClient({
    ...deps,
    provider: 'gandi',
    baseUrl: o.apiUrl,
    headers: {
      authorization: `Bearer ${o.token}`,
      accept: 'application/json',
      'content-type': 'application/json',
    },
    credentials: o.credentials ?? ['gandi-token'],
  })
  const { fail } = http

  /** Gandi's words for a failure (`message`, or each field error), instead of its JSON. */
  function words(body: string): string | undefined {
    try {
      const e = JSON.parse(body) as {
        message?: unknown
        errors?: Array<{ name?: unknown; description?: unknown }>
      }
      if (Array.isArray(e.errors))
        return e.errors.map((x) => `${String(x.name)}: ${String(x.description)}`).join('; ')
      return typeof e.message === 'string' ? e.message : undefined
    } catch {
      return /"message"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(body)?.[1]
    }
  }
  async function send<T>(spec: RequestSpec<T>, decode: (res: HttpResponse) => T): Promise<T> {
    try {
      return await http.request(spec, decode)
    } catch (err) {
      if (!(err instanceof ProviderError) || !err.body) throw err
      const w = words(err.body)
      if (w === undefined) throw err
      // docs/names/gandi.md#auth: Personal Access Tokens expire, and nothing renews them.
      const expiry =
        err.status === 401 || err.status === 403
          ? " (a Personal Access Token expires: if this one worked before, make a new one in Gandi's admin)"
          : ''
      err.message = err.message.replace(err.body, `Gandi answered ${http.said(w, 300)}${expiry}`)
      err.reason = err.reason.replace(err.body, `Gandi answered ${http.said(w, 300)}`)
      throw err
    }
  }
  const domain = cached(async (name: string, signal?: AbortSignal) =>
    send(
      {
        operation: 'dns-read',
        method: 'GET',
        path: `/domains/${encodeURIComponent(name)}`,
        // 403: a domain outside the token's organisation or permissions: not this one.
        accept: [403, 404],
        signal,
      },
      (res) =>
        res.status >= 400 ? undefined : http.parse<{ fqdn?: string }>('dns-read', res).fqdn,
    ),
  )

  async function zoneOf(name: string, opts?: CallOptions): Promise<Zone> {
    const names = o.zone !== undefined ? [o.zone] : zoneCandidates(name.toLowerCase())
    for (const candidate of names) {
      const found = await domain(candidate, opts?.signal)
      if (found !== undefined) return { id: found.toLowerCase(), name: found.toLowerCase() }
    }
    throw fail(
      'dns-read',
      o.zone !== undefined
        ? `the token cannot see the domain "${o.zone}" on LiveDNS (check "dns-zone", the token's organisation and its domains)`
        : `no zone the token can see holds ${name} (tried ${names.join(', ')}): not in this token's organisation or permissions, or not on LiveDNS; set "dns-zone"`,
    )
  }
  const relative = (fqdn: string, zone: string): string =>
    fqdn === zone ? '@' : fqdn.slice(0, fqdn.length - zone.length - 1)
  const setPath = (zone: string, label: string): string =>
    `/domains/${encodeURIComponent(zone)}/records/${encodeURIComponent(label)}/TXT`

  async function readTxt(fqdn: string, opts: CallOptions = {}): Promise<TxtState> {
    const name = fqdn.toLowerCase().replace(/\.$/, '')
    const zone = await zoneOf(name, opts)
    const label = relative(name, zone.name)
    const sets = await send(
      {
        operation: 'dns-read',
        method: 'GET',
        path: `/domains/${encodeURIComponent(zone.name)}/records/${encodeURIComponent(label)}`,
        accept: [404],
        signal: opts.signal,
      },
      (res) => {
        if (res.status === 404) return []
        const body = http.parse<unknown>('dns-read', res)
        if (!Array.isArray(body))
          throw http.malformed(
            'dns-read',
            `the record sets at ${name} are not a list: ${http.said(res.text, 120)}`,
            res,
          )
        return body as Rrset[]
      },
    )
    const cname = sets.find((s) => s.rrset_type === 'CNAME')
    const txt = sets.find((s) => s.rrset_type === 'TXT')
    const raw = Array.isArray(txt?.rrset_values)
      ? (txt.rrset_values as unknown[]).filter((v): v is string => typeof v === 'string')
      : []
    const cnameTarget: unknown = Array.isArray(cname?.rrset_values)
      ? (cname.rrset_values as unknown[])[0]
      : undefined
    return {
      fqdn: name,
      zone,
      values: raw.map((v) => ({ text: parseTxt(v, 'decimal') })),
      ...(typeof txt?.rrset_ttl === 'number' ? { ttl: txt.rrset_ttl } : {}),
      ...(cname !== undefined
        ? {
            delegatedTo: (typeof cnameTarget === 'string' ? cnameTarget : '')
              .toLowerCase()
              .replace(/\.$/, ''),
          }
        : {}),
      snapshot: { label: txt?.rrset_name ?? label, raw } satisfies Snapshot,
    }
  }

  /**
   * Writes `values` (presentation form) as the whole set with `ttl`, or deletes the set when
   * none remain; then reads it back (Gandi cannot refuse a concurrent change: the read says).
   */
  async function write(
    state: TxtState,
    values: string[],
    ttl: number,
    signal?: AbortSignal,
  ): Promise<TxtState> {
    const { label } = state.snapshot as Snapshot
    const path = setPath(state.zone.name, label)
    if (values.length === 0)
      await send({ operation: 'dns-write', method: 'DELETE', path, accept: [404], signal }, () => 0)
    else
      await send(
        {
          operation: 'dns-write',
          method: 'PUT',
          path,
          // docs/names/gandi.md#writing: without rrset_ttl the set's TTL resets to 10800.
          body: () => JSON.stringify({ rrset_values: values, rrset_ttl: ttl }),
          signal,
        },
        () => 0,
      )
    return readTxt(state.fqdn, { signal })
  }

  function notDelegated(state: TxtState): void {
    if (state.delegatedTo !== undefined)
      throw fail(
        'dns-read',
        `${state.fqdn} is a CNAME to ${state.delegatedTo}: its DNSLink is delegated there, so nothing is written at ${state.fqdn}. Write the record at the target (its name, without "_dnslink.", in "dnslink"), or remove the CNAME`,
      )
  }
  const rawOf = (state: TxtState): readonly string[] => (state.snapshot as Snapshot).raw

  return {
    id: 'gandi',
    capabilities: CAPABILITIES,
    zoneOf,
    readTxt,

    async setDnslink(fqdn, value, opts = {}): Promise<DnslinkWrite> {
      const state = opts.expect ?? (await readTxt(fqdn, opts))
      notDelegated(state)
      const before = dnslinkValues(state)
      const base = { fqdn: state.fqdn, before, duplicatesRemoved: Math.max(0, before.length - 1) }
      if (before.length === 1 && before[0] === value)
        return { ...base, outcome: 'unchanged', after: before, duplicatesRemoved: 0 }
      const keep = rawOf(state).filter((v) => !isDnslink(parseTxt(v, 'decimal')))
      const asked = opts.ttl ?? o.ttl
      const ttl = state.ttl ?? clampTtl(asked, CAPABILITIES)
      if (state.ttl === undefined && ttl !== asked)
        deps.log?.(
          `gandi: TTL ${asked} s is outside what LiveDNS accepts (300 to 2592000 s); ${ttl} s is used`,
        )
      const want = presentTxt(`${DNSLINK_PREFIX}${value}`, 'decimal')
      const after = await write(state, [...keep, want], ttl, opts.signal)
      return {
        ...base,
        outcome: before.length === 0 ? 'created' : 'updated',
        after: dnslinkValues(after),
      }
    },

    async removeDnslink(fqdn, opts = {}): Promise<DnslinkWrite> {
      const state = opts.expect ?? (await readTxt(fqdn, opts))
      notDelegated(state)
      const before = dnslinkValues(state)
      const onlyIf = opts.onlyIf ?? (() => true)
      const keep = rawOf(state).filter((v) => {
        const t = parseTxt(v, 'decimal')
        return !isDnslink(t) || !onlyIf(t.slice(DNSLINK_PREFIX.length))
      })
      const base = { fqdn: state.fqdn, before, duplicatesRemoved: 0 }
      if (keep.length === rawOf(state).length)
        return { ...base, outcome: before.length === 0 ? 'absent' : 'unchanged', after: before }
      const after = await write(state, keep, state.ttl ?? o.ttl, opts.signal)
      return { ...base, outcome: 'removed', after: dnslinkValues(after) }
    },
  }
}
