/**
 * A Gandi LiveDNS (API v5) double on 127.0.0.1:0 (docs/names/gandi.md#test-double): Personal
 * Access Token as `Authorization: Bearer` (a legacy `Apikey` only when the test enables it; 401
 * `HTTPUnauthorized` otherwise, and for every call after `expireAfter` requests, as an expired
 * PAT), 403 `HTTPForbidden` for a domain outside the token's organisation, `Content-Type:
 * application/json` required on bodies (415 otherwise), the domains list (`page`/`per_page`,
 * `total-count` and `Link: rel="next"` headers), one domain (404 `HTTPNotFound`), RRsets by zone,
 * by name and by name and type. RRsets hold one TTL and an array of values; TXT values are kept
 * and returned in quoted presentation form whatever was sent. A PUT creates or replaces a set and
 * answers 201 `{"message":"DNS Record Created"}`; a PUT without `rrset_ttl` sets the default
 * 10800 (Gandi's reset); a POST of an existing set is 409; DELETE is 204, a missing set 404
 * `dns-record`; a TTL outside 300..2592000 is 400 in the `{status, errors}` shape. A switchable
 * 429 with `Retry-After`, and labels that may be matched case-sensitively as Gandi's updates are.
 * Every request is recorded.
 */
import type { ServerResponse } from 'node:http'
import {
  jsonObjectBody,
  pageOf,
  sendJson,
  serveDnsDouble,
  type DnsDoubleBase,
  type DnsRequest,
} from './dns-common.js'

export interface GandiRrset {
  /** The domain (zone) it is in, lower case. */
  zone: string
  /** Relative to the zone, `@` for the apex, in the case it was first written. */
  name: string
  type: string
  ttl: number
  /** Presentation form: TXT values quoted (`"dnslink=/ipfs/…"`). */
  values: string[]
}

/** `url` is the API base, `http://127.0.0.1:<port>/v5/livedns`; `pageIgnored`: every listing. */
export interface GandiDouble extends DnsDoubleBase {
  readonly token: string
  readonly domains: string[]
  readonly rrsets: GandiRrset[]
  /** Domains the token's organisation may not touch: 403 HTTPForbidden. */
  readonly forbidden: Set<string>
  /** A legacy API key accepted as `Authorization: Apikey <key>` (unset: refused). */
  apiKey?: string
  /** TXT values returned quoted (default true, as Gandi does); false returns them bare. */
  quoteOnRead: boolean
  /** Largest page of a collection served (default 100). */
  perPageMax: number
  /** After this many requests every request answers 429 with `Retry-After: 1`. */
  rateLimitAfter?: number
  /** After this many requests the token is expired: every request answers 401. */
  expireAfter?: number
  /** Writes match labels case-sensitively (Gandi's update quirk, docs/names/gandi.md#writing). */
  caseSensitiveLabels: boolean
}

const BASE = '/v5/livedns'
export const GANDI_DEFAULT_TTL = 10800
export const GANDI_MIN_TTL = 300
export const GANDI_MAX_TTL = 2_592_000

const send = (
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void => sendJson(res, status, body, { headers })
const unauthorized = {
  code: 401,
  message:
    'The server could not verify that you authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad api key), or your access token has expired',
  object: 'HTTPUnauthorized',
  cause: 'Unauthorized',
}
const forbiddenBody = {
  code: 403,
  message: 'Access was denied to this resource.',
  object: 'HTTPForbidden',
  cause: 'Forbidden',
}
const notFound = {
  code: 404,
  message: 'The resource could not be found.',
  object: 'HTTPNotFound',
  cause: 'Not Found',
}
const invalid = (res: ServerResponse, name: string, description: string): void =>
  send(res, 400, { status: 'error', errors: [{ location: 'body', name, description }] })

/** A TXT value in RFC 1035 presentation form: kept when already quoted, else quoted and escaped. */
export function presentTxt(v: string): string {
  if (/^"(?:[^"\\]|\\.)*"(?:\s+"(?:[^"\\]|\\.)*")*$/.test(v)) return v
  return `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`
}
/** Presentation form back to the text (strings joined, escapes undone). */
export function bareTxt(v: string): string {
  const strings = v.match(/"((?:[^"\\]|\\.)*)"/g)
  if (strings === null) return v
  return strings.map((s) => s.slice(1, -1).replace(/\\(.)/g, '$1')).join('')
}

export async function startGandiDouble(opts: {
  token: string
  domains: string[]
}): Promise<GandiDouble> {
  const state = {
    token: opts.token,
    domains: opts.domains.map((d) => d.toLowerCase()),
    rrsets: [] as GandiRrset[],
    forbidden: new Set<string>(),
    quoteOnRead: true,
    perPageMax: 100,
    caseSensitiveLabels: false,
    pageIgnored: false,
  } as unknown as GandiDouble
  for (const zone of state.domains)
    state.rrsets.push(
      {
        zone,
        name: '@',
        type: 'SOA',
        ttl: 10800,
        values: [`ns1.gandi.net. hostmaster.gandi.net. 1 10800 3600 604800 10800`],
      },
      { zone, name: '@', type: 'NS', ttl: 10800, values: ['ns-1.gandi.net.', 'ns-2.gandi.net.'] },
    )

  const origin = (): string => state.server.url
  const domainView = (d: string): unknown => ({
    fqdn: d,
    automatic_snapshots: true,
    domain_href: `${origin()}${BASE}/domains/${d}`,
    domain_records_href: `${origin()}${BASE}/domains/${d}/records`,
    domain_keys_href: `${origin()}${BASE}/domains/${d}/keys`,
  })
  const view = (r: GandiRrset): unknown => ({
    rrset_name: r.name,
    rrset_type: r.type,
    rrset_ttl: r.ttl,
    rrset_href: `${origin()}${BASE}/domains/${r.zone}/records/${encodeURIComponent(r.name)}/${r.type}`,
    rrset_values: r.type === 'TXT' && !state.quoteOnRead ? r.values.map(bareTxt) : [...r.values],
  })
  /** Reads match labels whatever their case; writes, with the switch on, only in the stored case. */
  const sameLabel = (a: string, b: string, write = false): boolean =>
    write && state.caseSensitiveLabels ? a === b : a.toLowerCase() === b.toLowerCase()

  /** One page of a collection, with Gandi's `total-count` and `Link` headers. */
  const page = <T>(res: ServerResponse, url: URL, items: T[], map: (x: T) => unknown): void => {
    const got = pageOf(items, url, {
      perPage: 100,
      max: state.perPageMax,
      ignorePage: state.pageIgnored,
    })
    if ('bad' in got) return invalid(res, got.bad, `${got.value} is less than minimum value 1`)
    const { page: p, perPage: per } = got
    const headers: Record<string, string> = { 'total-count': String(items.length) }
    if (p * per < items.length) {
      const next = new URL(url.toString())
      next.searchParams.set('page', String(p + 1))
      next.searchParams.set('per_page', String(per))
      headers.link = `<${origin()}${next.pathname}${next.search}>; rel="next"`
    }
    send(res, 200, got.items.map(map), headers)
  }

  /** Checks an RRset body; returns an error already sent, or the parsed fields. */
  const readSet = (
    res: ServerResponse,
    body: Record<string, unknown>,
    type: string,
  ): { ttl?: number; values: string[] } | undefined => {
    const values = body.rrset_values
    if (
      !Array.isArray(values) ||
      values.length === 0 ||
      values.some((v) => typeof v !== 'string')
    ) {
      invalid(res, 'rrset_values', 'Required, a non-empty list of strings')
      return undefined
    }
    const ttl = body.rrset_ttl
    if (ttl !== undefined) {
      if (typeof ttl !== 'number' || !Number.isInteger(ttl)) {
        invalid(res, 'rrset_ttl', `${JSON.stringify(ttl)} is not a number`)
        return undefined
      }
      if (ttl < GANDI_MIN_TTL) {
        invalid(res, 'rrset_ttl', `${ttl} is less than minimum value ${GANDI_MIN_TTL}`)
        return undefined
      }
      if (ttl > GANDI_MAX_TTL) {
        invalid(res, 'rrset_ttl', `${ttl} is greater than maximum value ${GANDI_MAX_TTL}`)
        return undefined
      }
    }
    const stored = (values as string[]).map((v) => (type === 'TXT' ? presentTxt(v) : v))
    if (new Set(stored).size !== stored.length) {
      invalid(res, 'rrset_values', 'Duplicate values')
      return undefined
    }
    return { ...(typeof ttl === 'number' ? { ttl } : {}), values: stored }
  }

  const handle = (r: DnsRequest): void => {
    const { req, res, n, url, method } = r
    if (state.rateLimitAfter !== undefined && n > state.rateLimitAfter)
      return send(
        res,
        429,
        {
          code: 429,
          message: 'Too Many Requests',
          object: 'HTTPTooManyRequests',
          cause: 'Too Many Requests',
        },
        { 'retry-after': '1' },
      )
    const auth = req.headers.authorization ?? ''
    const authed =
      auth === `Bearer ${opts.token}` ||
      (state.apiKey !== undefined && auth === `Apikey ${state.apiKey}`)
    if (!authed || (state.expireAfter !== undefined && n > state.expireAfter))
      return send(res, 401, unauthorized, { 'www-authenticate': 'Bearer' })
    if (!url.pathname.startsWith(`${BASE}/`)) return send(res, 404, notFound)
    if (
      (method === 'PUT' || method === 'POST') &&
      !/^application\/json\b/i.test(req.headers['content-type'] ?? '')
    )
      return send(res, 415, {
        code: 415,
        message:
          'The request payload is in a format not supported by this method on the target resource.',
        object: 'HTTPUnsupportedMediaType',
        cause: 'Unsupported Media Type',
      })
    const body = jsonObjectBody(r, ['PUT', 'POST'])
    if (body === undefined)
      return send(res, 400, {
        status: 'error',
        errors: [{ location: 'body', name: '', description: 'Invalid JSON body' }],
      })
    const parts = url.pathname
      .slice(BASE.length + 1)
      .split('/')
      .map(decodeURIComponent)
    if (parts[0] !== 'domains') return send(res, 404, notFound)
    if (parts.length === 1) {
      if (method !== 'GET')
        return send(res, 405, {
          code: 405,
          message: 'Method Not Allowed',
          object: 'HTTPMethodNotAllowed',
          cause: 'Method Not Allowed',
        })
      return page(res, url, [...state.domains].sort(), domainView)
    }
    const zone = (parts[1] ?? '').toLowerCase()
    if (!state.domains.includes(zone)) return send(res, 404, notFound)
    if (state.forbidden.has(zone)) return send(res, 403, forbiddenBody)
    if (parts.length === 2)
      return method === 'GET' ? send(res, 200, domainView(zone)) : send(res, 405, {})
    if (parts[2] !== 'records' || parts.length > 5) return send(res, 404, notFound)
    const inZone = state.rrsets.filter((r) => r.zone === zone)
    if (parts.length === 3) {
      if (method === 'GET') return page(res, url, inZone, view)
      return send(res, 405, {})
    }
    const label = parts[3] === '%40' ? '@' : (parts[3] ?? '')
    if (parts.length === 4) {
      const at = inZone.filter((r) => sameLabel(r.name, label, method !== 'GET'))
      if (method === 'GET') return send(res, 200, at.map(view))
      if (method === 'DELETE') {
        for (const r of at) state.rrsets.splice(state.rrsets.indexOf(r), 1)
        return send(res, 204)
      }
      if (method === 'PUT') {
        // Replaces every type at the name with `items`.
        const items = body.items
        if (!Array.isArray(items)) return invalid(res, 'items', 'Required')
        const next: GandiRrset[] = []
        for (const it of items as Array<Record<string, unknown>>) {
          const type = (typeof it.rrset_type === 'string' ? it.rrset_type : '').toUpperCase()
          const set = readSet(res, it, type)
          if (set === undefined) return
          next.push({
            zone,
            name: label,
            type,
            ttl: set.ttl ?? GANDI_DEFAULT_TTL,
            values: set.values,
          })
        }
        for (const r of at) state.rrsets.splice(state.rrsets.indexOf(r), 1)
        state.rrsets.push(...next)
        return send(res, 201, { message: 'DNS Record Created' })
      }
      return send(res, 405, {})
    }
    const type = (parts[4] ?? '').toUpperCase()
    const found = inZone.find((r) => sameLabel(r.name, label, method !== 'GET') && r.type === type)
    const missing = (): void =>
      send(res, 404, {
        code: 404,
        message: `Can't find the DNS record ${label}/${type} in the zone`,
        object: 'dns-record',
        cause: 'Not Found',
      })
    if (method === 'GET') return found === undefined ? missing() : send(res, 200, view(found))
    if (method === 'DELETE') {
      if (found === undefined) return missing()
      state.rrsets.splice(state.rrsets.indexOf(found), 1)
      return send(res, 204)
    }
    if (method === 'PUT' || method === 'POST') {
      if (method === 'POST' && found !== undefined)
        return send(res, 409, {
          code: 409,
          message: 'A DNS record with this name and type already exists',
          object: 'HTTPConflict',
          cause: 'Conflict',
        })
      // A CNAME stands alone at its name (RFC 1034), either way round.
      const clash = inZone.find(
        (r) =>
          sameLabel(r.name, label) && r.type !== type && (r.type === 'CNAME' || type === 'CNAME'),
      )
      if (clash !== undefined)
        return send(res, 409, {
          code: 409,
          message: `A CNAME record cannot coexist with other records at ${label}`,
          object: 'HTTPConflict',
          cause: 'Conflict',
        })
      const set = readSet(res, body, type)
      if (set === undefined) return
      const ttl = set.ttl ?? GANDI_DEFAULT_TTL
      if (found !== undefined) {
        found.values = set.values
        found.ttl = ttl
      } else state.rrsets.push({ zone, name: label, type, ttl, values: set.values })
      return send(res, 201, { message: 'DNS Record Created' })
    }
    return send(res, 405, {})
  }

  return serveDnsDouble(state, BASE, handle)
}
