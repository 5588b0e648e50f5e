/**
 * A DigitalOcean API v2 DNS double on 127.0.0.1:0 (docs/names/digitalocean.md#test-double):
 * Bearer tokens with custom scopes (401 `unauthorized` for an unknown token, 403 `forbidden` for
 * a verb outside the token's scopes: GET needs `domain:read`, POST `domain:create` or
 * `domain:update`, PUT/PATCH `domain:update`, DELETE `domain:delete` or `domain:update`), the
 * domains list and one domain (404 `not_found`), domain records filtered by `type` and by a
 * **fully qualified** `name` (a relative name finds nothing), paged by `page`/`per_page` (default
 * 20, at most 200) with `links.pages` (`first`/`prev`/`next`/`last` as they apply; `links: {}` on a
 * single page) and `meta.total`, answers with relative names (`@` for the apex), `data` kept and
 * returned verbatim (TXT not quoted), identical duplicates allowed, POST 201, PUT/PATCH 200,
 * DELETE 204 (404 when unknown), 422 for a TTL under 30 or TXT data with a backslash, and the
 * `ratelimit-*` headers on every answer with a switchable 429 (`retry-after`). Each domain starts
 * with its three NS records, as DigitalOcean's do. Every request is recorded.
 */
import type { ServerResponse } from 'node:http'
import {
  bearerToken,
  jsonObjectBody,
  pageOf,
  rateLimitHeaders,
  sendJson,
  serveDnsDouble,
  type DnsDoubleBase,
  type DnsRequest,
} from './dns-common.js'

export interface DoRecord {
  id: number
  /** The domain it belongs to, lower case. */
  domain: string
  type: string
  /** Relative to the domain, `@` for the apex. */
  name: string
  data: string
  ttl: number
  priority: number | null
  port: number | null
  weight: number | null
  flags: number | null
  tag: string | null
}

/** `url` is the API base, `http://127.0.0.1:<port>/v2`; `pageIgnored` applies to every listing. */
export interface DigitalOceanDouble extends DnsDoubleBase {
  /** Tokens and their scopes (the first one given to the double is the test's token). */
  readonly tokens: Map<string, Set<string>>
  readonly domains: string[]
  readonly records: DoRecord[]
  /** TXT data returned wrapped in quotes (default false: as stored, DigitalOcean keeps it raw). */
  quoteOnRead: boolean
  /** Largest page served whatever `per_page` asks (default 200). */
  perPageMax: number
  /** After this many requests every request answers 429 `too_many_requests`, `retry-after: 1`. */
  rateLimitAfter?: number
}

export const DO_MIN_TTL = 30
/** The scopes the product documents as enough (docs/names/digitalocean.md#auth). */
export const DO_SCOPES = ['domain:read', 'domain:update']
const LIMIT = 5000

const send = (res: ServerResponse, status: number, body?: unknown): void =>
  sendJson(res, status, body, { type: 'application/json; charset=utf-8' })
const error = (res: ServerResponse, status: number, id: string, message: string): void =>
  send(res, status, { id, message, request_id: `req-${status}-${id}` })

/** The scopes that allow a method on the domain endpoints (any one of them). */
const NEEDS: Record<string, string[]> = {
  GET: ['domain:read'],
  POST: ['domain:create', 'domain:update'],
  PUT: ['domain:update'],
  PATCH: ['domain:update'],
  DELETE: ['domain:delete', 'domain:update'],
}
const TYPES = new Set(['A', 'AAAA', 'CAA', 'CNAME', 'MX', 'NS', 'SOA', 'SRV', 'TXT'])

export async function startDigitalOceanDouble(opts: {
  token: string
  scopes?: string[]
  domains: string[]
}): Promise<DigitalOceanDouble> {
  const state = {
    tokens: new Map([[opts.token, new Set(opts.scopes ?? DO_SCOPES)]]),
    domains: opts.domains.map((d) => d.toLowerCase()),
    records: [] as DoRecord[],
    quoteOnRead: false,
    perPageMax: 200,
    pageIgnored: false,
  } as unknown as DigitalOceanDouble
  let nextId = 28448429
  const blank = { priority: null, port: null, weight: null, flags: null, tag: null }
  for (const domain of state.domains)
    for (const ns of ['ns1', 'ns2', 'ns3'])
      state.records.push({
        id: nextId++,
        domain,
        type: 'NS',
        name: '@',
        data: `${ns}.digitalocean.com`,
        ttl: 1800,
        ...blank,
      })

  const view = (r: DoRecord): unknown => {
    const { domain: _domain, ...rest } = r
    return {
      ...rest,
      data:
        r.type === 'TXT' && state.quoteOnRead && !r.data.startsWith('"') ? `"${r.data}"` : r.data,
    }
  }
  const fqdn = (r: DoRecord): string => (r.name === '@' ? r.domain : `${r.name}.${r.domain}`)

  /** A page of `items`, with `links.pages` as DigitalOcean builds them and `meta.total`. */
  const paged = <T>(
    res: ServerResponse,
    url: URL,
    key: string,
    items: T[],
    map: (x: T) => unknown,
  ): void => {
    const p = pageOf(items, url, {
      perPage: 20,
      max: Math.min(200, state.perPageMax),
      ignorePage: state.pageIgnored,
    })
    if ('bad' in p) return error(res, 400, 'bad_request', 'invalid pagination parameters')
    const { page, perPage: per } = p
    const last = Math.max(1, p.pages)
    const link = (n: number): string => {
      const u = new URL(`${state.server.url}${url.pathname}${url.search}`)
      u.searchParams.set('page', String(n))
      u.searchParams.set('per_page', String(per))
      return u.toString()
    }
    const pages: Record<string, string> = {}
    if (page > 1) {
      pages.first = link(1)
      pages.prev = link(page - 1)
    }
    if (page < last) {
      pages.next = link(page + 1)
      pages.last = link(last)
    }
    send(res, 200, {
      [key]: p.items.map(map),
      links: Object.keys(pages).length > 0 ? { pages } : {},
      meta: { total: items.length },
    })
  }

  /** Checks a record body (`full` for create and PUT); an error string, or the fields. */
  const check = (
    body: Record<string, unknown>,
    full: boolean,
    type: string,
  ): string | undefined => {
    if (full && (typeof body.type !== 'string' || !TYPES.has(body.type.toUpperCase())))
      return 'type is invalid'
    if ((full || body.name !== undefined) && (typeof body.name !== 'string' || body.name === ''))
      return 'name is required'
    if (full || body.data !== undefined) {
      if (typeof body.data !== 'string' || body.data === '') return 'data is required'
      if (type === 'TXT' && body.data.includes('\\')) return 'data contains invalid characters'
    }
    if (body.ttl !== undefined) {
      if (typeof body.ttl !== 'number' || !Number.isInteger(body.ttl)) return 'ttl is invalid'
      if (body.ttl < DO_MIN_TTL) return `record ttl must be at least ${DO_MIN_TTL}`
    }
    return undefined
  }

  const handle = (r: DnsRequest): void => {
    const { req, res, n, url, method } = r
    const limited = state.rateLimitAfter !== undefined && n > state.rateLimitAfter
    rateLimitHeaders(res, 'ratelimit', LIMIT, limited ? 0 : Math.max(0, LIMIT - n))
    if (limited) {
      res.setHeader('retry-after', '1')
      return error(res, 429, 'too_many_requests', 'API rate limit exceeded.')
    }
    const auth = bearerToken(req)
    const scopes = auth !== undefined ? state.tokens.get(auth) : undefined
    if (scopes === undefined) return error(res, 401, 'unauthorized', 'Unable to authenticate you.')
    if (!url.pathname.startsWith('/v2/'))
      return error(res, 404, 'not_found', 'The resource you requested could not be found.')
    const needs = NEEDS[method]
    if (needs === undefined) return error(res, 405, 'method_not_allowed', 'Method not allowed')
    if (!needs.some((s) => scopes.has(s)) && !scopes.has('*'))
      return error(res, 403, 'forbidden', 'You do not have permission to perform this action.')
    const parts = url.pathname.slice(4).split('/').map(decodeURIComponent)
    if (parts[0] !== 'domains')
      return error(res, 404, 'not_found', 'The resource you requested could not be found.')
    const body = jsonObjectBody(r, ['POST', 'PUT', 'PATCH'])
    if (body === undefined) return error(res, 400, 'bad_request', 'error parsing request body')
    if (parts.length === 1) {
      if (method !== 'GET') return error(res, 405, 'method_not_allowed', 'Method not allowed')
      return paged(res, url, 'domains', [...state.domains].sort(), (d) => ({
        name: d,
        ttl: 1800,
        zone_file: `$ORIGIN ${d}.\n`,
      }))
    }
    const domain = (parts[1] ?? '').toLowerCase()
    if (!state.domains.includes(domain))
      return error(res, 404, 'not_found', 'The resource you requested could not be found.')
    if (parts.length === 2)
      return method === 'GET'
        ? send(res, 200, { domain: { name: domain, ttl: 1800, zone_file: `$ORIGIN ${domain}.\n` } })
        : error(res, 405, 'method_not_allowed', 'Method not allowed')
    if (parts[2] !== 'records' || parts.length > 4)
      return error(res, 404, 'not_found', 'The resource you requested could not be found.')
    if (parts.length === 3) {
      if (method === 'GET') {
        const name = url.searchParams.get('name')?.toLowerCase()
        const type = url.searchParams.get('type')?.toUpperCase()
        const found = state.records.filter(
          (r) =>
            r.domain === domain &&
            (name === undefined || fqdn(r) === name) &&
            (type === undefined || r.type === type),
        )
        return paged(res, url, 'domain_records', found, view)
      }
      if (method === 'POST') {
        const type = typeof body.type === 'string' ? body.type.toUpperCase() : ''
        const bad = check(body, true, type)
        if (bad !== undefined) return error(res, 422, 'unprocessable_entity', bad)
        const rec: DoRecord = {
          id: nextId++,
          domain,
          type,
          name: String(body.name).toLowerCase(),
          data: String(body.data),
          ttl: typeof body.ttl === 'number' ? body.ttl : 1800,
          priority: typeof body.priority === 'number' ? body.priority : null,
          port: typeof body.port === 'number' ? body.port : null,
          weight: typeof body.weight === 'number' ? body.weight : null,
          flags: typeof body.flags === 'number' ? body.flags : null,
          tag: typeof body.tag === 'string' ? body.tag : null,
        }
        state.records.push(rec)
        return send(res, 201, { domain_record: view(rec) })
      }
      return error(res, 405, 'method_not_allowed', 'Method not allowed')
    }
    const id = Number(parts[3])
    const at = state.records.findIndex((r) => r.id === id && r.domain === domain)
    const rec = state.records[at]
    if (rec === undefined)
      return error(res, 404, 'not_found', 'The resource you requested could not be found.')
    if (method === 'GET') return send(res, 200, { domain_record: view(rec) })
    if (method === 'DELETE') {
      state.records.splice(at, 1)
      return send(res, 204)
    }
    if (method === 'PUT' || method === 'PATCH') {
      const full = method === 'PUT'
      const type = typeof body.type === 'string' ? body.type.toUpperCase() : rec.type
      if (type !== rec.type)
        return error(res, 422, 'unprocessable_entity', 'type cannot be changed')
      const bad = check(full ? { type, ...body } : body, full, type)
      if (bad !== undefined) return error(res, 422, 'unprocessable_entity', bad)
      const next: DoRecord = {
        ...rec,
        ...(typeof body.name === 'string' ? { name: body.name.toLowerCase() } : {}),
        ...(typeof body.data === 'string' ? { data: body.data } : {}),
        ...(typeof body.ttl === 'number' ? { ttl: body.ttl } : {}),
      }
      state.records[at] = next
      return send(res, 200, { domain_record: view(next) })
    }
    return error(res, 405, 'method_not_allowed', 'Method not allowed')
  }

  return serveDnsDouble(state, '/v2', handle)
}
