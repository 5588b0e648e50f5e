/**
 * A DNSimple API v2 double on 127.0.0.1:0 (docs/names/dnsimple.md#test-double): Bearer token
 * (401 `{"message":"Authentication failed"}` otherwise), `GET /whoami` for an account token,
 * zones listed (`name_like`, paged) or read by name, zone records listed with exact relative
 * `name`, `name_like` and `type` filters and `{data, pagination}` paging (`per_page` capped at
 * 100, lower when a test says so), created (201), updated by PATCH (412 when `regions` is sent on
 * a plan without regions), deleted (204), 404 for an unknown account, zone or record, 400
 * `Validation failed` with per-field errors, and `X-RateLimit-*` headers on every answer with a
 * switchable 429. Each zone starts with its SOA and NS system records, as DNSimple's do, so a
 * client meets them in listings. Every request is recorded.
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

export interface DnsimpleRecord {
  id: number
  /** The zone name, as DNSimple reports `zone_id`. */
  zone_id: string
  /** Relative to the zone, '' for the apex, kept as sent (DNSimple appends the zone). */
  name: string
  type: string
  content: string
  ttl: number
  priority?: number | null
  regions?: string[]
  /** SOA and NS records DNSimple makes itself. */
  system_record?: boolean
}

/** `url` is the API base, `http://127.0.0.1:<port>/v2`. */
export interface DnsimpleDouble extends DnsDoubleBase {
  readonly token: string
  readonly accountId: number
  readonly zones: Array<{ id: number; name: string }>
  /** Every zone's records (system records first); tests may seed or inspect them. */
  readonly records: DnsimpleRecord[]
  /** The account's plan has record regions; without them a `regions` field answers 412. */
  regionsPlan: boolean
  /** Return TXT content wrapped in double quotes (default false: as stored). */
  quoteOnRead: boolean
  /** Largest page served (default 100, DNSimple's maximum; tests lower it to force paging). */
  perPageMax: number
  /** After this many requests every request answers 429 `quota exceeded`. */
  rateLimitAfter?: number
}

const TYPES = new Set(['A', 'AAAA', 'ALIAS', 'CAA', 'CNAME', 'MX', 'NS', 'PTR', 'SRV', 'TXT'])
const STAMP = '2026-01-01T00:00:00Z'

const send = (res: ServerResponse, status: number, body?: unknown): void =>
  sendJson(res, status, body, { type: 'application/json; charset=utf-8' })
const invalid = (res: ServerResponse, errors: Record<string, string[]>): void =>
  send(res, 400, { message: 'Validation failed', errors })

/** `page`/`per_page` paging; DNSimple's default page size is 30, its largest 100. */
function paged<T>(
  items: T[],
  url: URL,
  max: number,
  ignorePage = false,
): { data: T[]; pagination: Record<string, number> } | string {
  const p = pageOf(items, url, { perPage: 30, max: Math.min(max, 100), ignorePage })
  if ('bad' in p) return p.bad
  return {
    data: p.items,
    pagination: {
      current_page: p.page,
      per_page: p.perPage,
      total_entries: p.total,
      total_pages: p.pages,
    },
  }
}

/** Unquoted text, or paired quoted strings: a lone or escaped quote is refused. */
const txtOk = (s: string): boolean => !s.includes('\\"') && (s.match(/"/g) ?? []).length % 2 === 0

export async function startDnsimpleDouble(opts: {
  token: string
  accountId: number
  zones: string[]
  regionsPlan?: boolean
}): Promise<DnsimpleDouble> {
  const zones = opts.zones.map((name, i) => ({ id: i + 1, name: name.toLowerCase() }))
  const records: DnsimpleRecord[] = []
  let nextId = 1
  for (const z of zones) {
    records.push({
      id: nextId++,
      zone_id: z.name,
      name: '',
      type: 'SOA',
      content: `ns1.dnsimple.com admin.dnsimple.com 1 86400 7200 604800 300`,
      ttl: 3600,
      system_record: true,
    })
    for (const ns of ['ns1.dnsimple.com', 'ns2.dnsimple-edge.net'])
      records.push({
        id: nextId++,
        zone_id: z.name,
        name: '',
        type: 'NS',
        content: ns,
        ttl: 3600,
        system_record: true,
      })
  }
  const state = {
    token: opts.token,
    accountId: opts.accountId,
    zones,
    records,
    regionsPlan: opts.regionsPlan ?? false,
    quoteOnRead: false,
    perPageMax: 100,
    pageIgnored: false,
  } as unknown as DnsimpleDouble
  const account = (): unknown => ({
    id: opts.accountId,
    email: 'account@example.com',
    plan_identifier: state.regionsPlan ? 'dnsimple-teams' : 'dnsimple-solo',
    created_at: STAMP,
    updated_at: STAMP,
  })
  const zoneView = (z: { id: number; name: string }): unknown => ({
    id: z.id,
    account_id: opts.accountId,
    name: z.name,
    reverse: false,
    created_at: STAMP,
    updated_at: STAMP,
  })
  const view = (r: DnsimpleRecord): unknown => ({
    id: r.id,
    zone_id: r.zone_id,
    parent_id: null,
    name: r.name,
    content:
      r.type === 'TXT' && state.quoteOnRead && !r.content.startsWith('"')
        ? `"${r.content}"`
        : r.content,
    ttl: r.ttl,
    priority: r.priority ?? null,
    type: r.type,
    regions: r.regions ?? ['global'],
    system_record: r.system_record ?? false,
    created_at: STAMP,
    updated_at: STAMP,
  })

  /** Field errors of a create (`full`) or update body; empty when it is valid. */
  const check = (body: Record<string, unknown>, full: boolean): Record<string, string[]> => {
    const errors: Record<string, string[]> = {}
    const add = (f: string, m: string): void => void (errors[f] = [...(errors[f] ?? []), m])
    if (full || body.name !== undefined)
      if (typeof body.name !== 'string') add('name', "can't be blank")
    if (full) {
      if (typeof body.type !== 'string' || !TYPES.has(body.type.toUpperCase()))
        add('record_type', 'unsupported')
    }
    if (full || body.content !== undefined) {
      if (typeof body.content !== 'string' || body.content === '') add('content', "can't be blank")
      else if (
        (typeof body.type === 'string' ? body.type.toUpperCase() : '') === 'TXT' &&
        !txtOk(body.content)
      )
        add('content', 'contains unpaired or escaped quotes')
    }
    if (body.ttl !== undefined && (typeof body.ttl !== 'number' || !Number.isInteger(body.ttl)))
      add('ttl', 'is not a number')
    return errors
  }

  const handle = (r: DnsRequest): void => {
    const { req, res, n, url, method } = r
    const limit = state.rateLimitAfter ?? 2400
    rateLimitHeaders(res, 'x-ratelimit', limit, Math.max(0, limit - n))
    if (state.rateLimitAfter !== undefined && n > state.rateLimitAfter)
      return send(res, 429, { message: 'quota exceeded' })
    if (bearerToken(req) !== opts.token) return send(res, 401, { message: 'Authentication failed' })
    if (!url.pathname.startsWith('/v2/')) return send(res, 404, { message: 'Not Found' })
    const parts = url.pathname.slice(4).split('/').map(decodeURIComponent)
    const body = jsonObjectBody(r, ['POST', 'PATCH'])
    if (body === undefined) return send(res, 400, { message: 'Invalid JSON body' })

    if (parts.length === 1 && parts[0] === 'whoami' && method === 'GET')
      return send(res, 200, { data: { user: null, account: account() } })
    if (parts.length === 1 && parts[0] === 'accounts' && method === 'GET')
      return send(res, 200, { data: [account()] })
    if (parts[0] !== String(opts.accountId) || parts[1] !== 'zones')
      return send(res, 404, { message: 'Not Found' })

    if (parts.length === 2 && method === 'GET') {
      const like = url.searchParams.get('name_like')?.toLowerCase()
      const found = zones
        .filter((z) => like === undefined || z.name.includes(like))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      const p = paged(found, url, state.perPageMax)
      if (typeof p === 'string') return invalid(res, { [p]: ['must be a positive integer'] })
      return send(res, 200, { data: p.data.map(zoneView), pagination: p.pagination })
    }
    const zoneName = parts[2]?.toLowerCase() ?? ''
    const zone = zones.find((z) => z.name === zoneName)
    if (zone === undefined)
      return send(res, 404, { message: `Zone \`${parts[2] ?? ''}\` not found` })
    if (parts.length === 3 && method === 'GET') return send(res, 200, { data: zoneView(zone) })
    if (parts[3] !== 'records' || parts.length > 5) return send(res, 404, { message: 'Not Found' })

    if (parts.length === 4 && method === 'GET') {
      const name = url.searchParams.get('name')
      const like = url.searchParams.get('name_like')
      const type = url.searchParams.get('type')?.toUpperCase()
      const found = records.filter(
        (r) =>
          r.zone_id === zone.name &&
          (name === null || r.name === name) &&
          (like === null || r.name.includes(like)) &&
          (type === undefined || r.type === type),
      )
      const p = paged(found, url, state.perPageMax, state.pageIgnored)
      if (typeof p === 'string') return invalid(res, { [p]: ['must be a positive integer'] })
      return send(res, 200, { data: p.data.map(view), pagination: p.pagination })
    }
    if (parts.length === 4 && method === 'POST') {
      if (body.regions !== undefined && !state.regionsPlan)
        return send(res, 412, {
          message:
            'The zone record regions feature is not available on the current plan for the account account@example.com',
        })
      const errors = check(body, true)
      if (Object.keys(errors).length > 0) return invalid(res, errors)
      const rec: DnsimpleRecord = {
        id: nextId++,
        zone_id: zone.name,
        name: String(body.name),
        type: String(body.type).toUpperCase(),
        content: String(body.content),
        ttl: typeof body.ttl === 'number' ? body.ttl : 3600,
        priority: typeof body.priority === 'number' ? body.priority : null,
        ...(Array.isArray(body.regions) ? { regions: body.regions.map(String) } : {}),
      }
      records.push(rec)
      return send(res, 201, { data: view(rec) })
    }
    if (parts.length === 4) return send(res, 405, { message: 'Method not allowed' })

    const id = Number(parts[4])
    const at = records.findIndex((r) => r.id === id && r.zone_id === zone.name)
    const rec = records[at]
    if (rec === undefined)
      return send(res, 404, { message: `Record \`${parts[4] ?? ''}\` not found` })
    if (method === 'GET') return send(res, 200, { data: view(rec) })
    if (method === 'DELETE') {
      records.splice(at, 1)
      return send(res, 204)
    }
    if (method === 'PATCH') {
      if (body.regions !== undefined && !state.regionsPlan)
        return send(res, 412, {
          message:
            'The zone record regions feature is not available on the current plan for the account account@example.com',
        })
      const errors = check({ ...body, type: rec.type }, false)
      if (Object.keys(errors).length > 0) return invalid(res, errors)
      const next: DnsimpleRecord = {
        ...rec,
        ...(typeof body.name === 'string' ? { name: body.name } : {}),
        ...(typeof body.content === 'string' ? { content: body.content } : {}),
        ...(typeof body.ttl === 'number' ? { ttl: body.ttl } : {}),
        ...(typeof body.priority === 'number' ? { priority: body.priority } : {}),
        ...(Array.isArray(body.regions) ? { regions: body.regions.map(String) } : {}),
      }
      records[at] = next
      return send(res, 200, { data: view(next) })
    }
    return send(res, 405, { message: 'Method not allowed' })
  }

  return serveDnsDouble(state, '/v2', handle)
}
