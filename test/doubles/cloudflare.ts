/**
 * A Cloudflare API v4 DNS double on 127.0.0.1:0 (docs/names/cloudflare.md#test-double): Bearer
 * token only (403 code 10000 otherwise), the `{result, success, errors, messages, result_info}`
 * envelope, `GET /zones` with an exact case-insensitive `name`, `GET /zones/{id}/dns_records`
 * filtered by `type`, `name`/`name.exact` (and `name.contains|startswith|endswith`,
 * `content`/`content.exact`) and paged by `page`/`per_page` under a cap tests lower to force
 * paging, create/overwrite/patch/delete with Cloudflare's error codes (81058 identical record,
 * 81044 unknown record, 7003 unknown zone, 9021 bad TTL), TXT content quoted as Cloudflare
 * keeps it, and a switchable 429 with the rate-limit headers. Every request is recorded.
 */
import { createHash } from 'node:crypto'
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

export interface CloudflareRecord {
  id: string
  zone_id: string
  type: string
  /** The full name (FQDN), lower case, as Cloudflare keeps it. */
  name: string
  content: string
  ttl: number
  comment?: string
  /** When it was made (ISO 8601); records a test seeds without one read as made first. */
  created_on?: string
}

/** `url` is the API base, `http://127.0.0.1:<port>/client/v4`. */
export interface CloudflareDouble extends DnsDoubleBase {
  readonly token: string
  /** The zones the token sees; ids are 32 hex digits derived from the name. */
  readonly zones: Array<{ id: string; name: string }>
  /** The records of every zone; tests may seed or inspect them directly. */
  readonly records: CloudflareRecord[]
  /** Largest page served whatever `per_page` asks (default 100; tests set 2 to force paging). */
  perPageMax: number
  /**
   * TXT content is normalised to its quoted form: stored quoted when written unquoted, and read
   * back quoted even when a seeded record holds it bare (default true). False keeps and returns
   * content exactly as sent (docs/names/cloudflare.md#txt-quoting: which one Cloudflare does for
   * unquoted input is unverified, so clients must handle both).
   */
  quoteOnRead: boolean
  /** After this many requests, every request answers 429 with the rate-limit headers. */
  rateLimitAfter?: number
}

const BASE = '/client/v4'
const hex32 = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 32)
const STAMP = '2026-01-01T00:00:00.000000Z'

interface CfError {
  code: number
  message: string
}

const ok = (res: ServerResponse, result: unknown, status = 200, info?: unknown): void =>
  sendJson(res, status, {
    result,
    success: true,
    errors: [],
    messages: [],
    ...(info !== undefined ? { result_info: info } : {}),
  })
const fail = (res: ServerResponse, status: number, ...errors: CfError[]): void =>
  sendJson(res, status, { result: null, success: false, errors, messages: [] })

/** Content without one surrounding pair of double quotes. */
const bare = (s: string): string =>
  s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s
const quoted = (s: string): string => (s.startsWith('"') ? s : `"${s}"`)

/** A page of `items` by `page` (1-based) and `per_page`, with Cloudflare's `result_info`. */
function paged<T>(
  items: T[],
  url: URL,
  o: { max: number; perPage: number; ignorePage?: boolean },
): { page: T[]; info: Record<string, number> } | CfError {
  const p = pageOf(items, url, o)
  if ('bad' in p)
    return { code: 1004, message: `${p.bad} must be a positive integer, got ${String(p.value)}` }
  return {
    page: p.items,
    info: {
      page: p.page,
      per_page: p.perPage,
      count: p.items.length,
      total_count: p.total,
      total_pages: p.pages,
    },
  }
}

/** A name filter: `name=` and `name.exact=` match exactly, the others as their names say. */
function nameMatches(url: URL, field: 'name' | 'content', value: string): boolean {
  const v = field === 'name' ? value.toLowerCase() : bare(value)
  const norm = (s: string): string => (field === 'name' ? s.toLowerCase() : bare(s))
  const checks: Array<[string, (a: string, b: string) => boolean]> = [
    [field, (a, b) => a === b],
    [`${field}.exact`, (a, b) => a === b],
    [`${field}.contains`, (a, b) => a.includes(b)],
    [`${field}.startswith`, (a, b) => a.startsWith(b)],
    [`${field}.endswith`, (a, b) => a.endsWith(b)],
  ]
  return checks.every(([param, test]) => {
    const want = url.searchParams.get(param)
    return want === null || test(v, norm(want))
  })
}

export async function startCloudflareDouble(opts: {
  token: string
  zones: string[]
}): Promise<CloudflareDouble> {
  const zones = opts.zones.map((name) => ({ id: hex32(`zone:${name}`), name: name.toLowerCase() }))
  const records: CloudflareRecord[] = []
  let nextRecord = 1
  const state = {
    token: opts.token,
    zones,
    records,
    perPageMax: 100,
    quoteOnRead: true,
    pageIgnored: false,
  } as unknown as CloudflareDouble

  const view = (r: CloudflareRecord): unknown => {
    const zone = zones.find((z) => z.id === r.zone_id)
    return {
      id: r.id,
      zone_id: r.zone_id,
      zone_name: zone?.name ?? '',
      name: r.name,
      type: r.type,
      content: r.type === 'TXT' && state.quoteOnRead ? quoted(r.content) : r.content,
      proxiable: false,
      proxied: false,
      ttl: r.ttl,
      comment: r.comment ?? null,
      tags: [],
      settings: {},
      meta: {},
      created_on: r.created_on ?? STAMP,
      modified_on: r.created_on ?? STAMP,
    }
  }

  /** Checks a record body (all fields when `full`); an error, or the fields to store. */
  const validate = (
    zone: { id: string; name: string },
    body: Record<string, unknown>,
    full: boolean,
  ): CfError | Partial<CloudflareRecord> => {
    const out: Partial<CloudflareRecord> = {}
    for (const f of ['type', 'name', 'content'] as const) {
      const v = body[f]
      if (v === undefined) {
        if (full) return { code: 1004, message: `DNS Validation Error: ${f} is required` }
        continue
      }
      if (typeof v !== 'string' || v === '')
        return { code: 1004, message: `DNS Validation Error: ${f} must be a non-empty string` }
      out[f] = v
    }
    if (out.name !== undefined) {
      const name = out.name.toLowerCase().replace(/\.$/, '')
      // Our clients send the full name; a relative one is refused so it cannot slip through.
      if (name !== zone.name && !name.endsWith(`.${zone.name}`))
        return {
          code: 1004,
          message: `DNS Validation Error: name ${out.name} is not a full name in zone ${zone.name}`,
        }
      out.name = name
    }
    if (body.ttl !== undefined) {
      const ttl = body.ttl
      if (
        typeof ttl !== 'number' ||
        !Number.isInteger(ttl) ||
        (ttl !== 1 && (ttl < 60 || ttl > 86400))
      )
        return {
          code: 9021,
          message: 'Invalid TTL. Must be between 60 and 86400 seconds, or 1 for automatic.',
        }
      out.ttl = ttl
    } else if (full) out.ttl = 1
    if (body.comment !== undefined && body.comment !== null) {
      if (typeof body.comment !== 'string')
        return { code: 1004, message: 'DNS Validation Error: comment must be a string' }
      out.comment = body.comment
    }
    return out
  }

  /** How TXT content is kept (see `quoteOnRead`); undefined when its quotes are unbalanced. */
  const txtStored = (type: string, content: string): string | undefined => {
    if (type !== 'TXT') return content
    if ((content.match(/(?<!\\)"/g) ?? []).length % 2 !== 0) return undefined
    return state.quoteOnRead ? quoted(content) : content
  }
  const UNBALANCED: CfError = {
    code: 1004,
    message: 'DNS Validation Error: the TXT content has unbalanced quotes',
  }

  /** An identical record (same name, type and content, quotes aside) other than `except`. */
  const identical = (r: Omit<CloudflareRecord, 'id'>, except?: string): boolean =>
    records.some(
      (o) =>
        o.id !== except &&
        o.zone_id === r.zone_id &&
        o.type === r.type &&
        o.name === r.name &&
        bare(o.content) === bare(r.content),
    )

  const handle = (r: DnsRequest): void => {
    const { req, res, n, url, method } = r
    if (state.rateLimitAfter !== undefined && n > state.rateLimitAfter) {
      res.setHeader('retry-after', '1')
      rateLimitHeaders(
        res,
        'x-ratelimit',
        state.rateLimitAfter,
        0,
        new Date(Date.UTC(2026, 0, 1, 0, 5)).toUTCString(),
      )
      return fail(res, 429, {
        code: 971,
        message:
          'More than 1200 requests per 300 seconds reached. Please wait and consider throttling your request speed',
      })
    }
    if (bearerToken(req) !== opts.token)
      return fail(res, 403, { code: 10000, message: 'Authentication error' })
    if (!url.pathname.startsWith(`${BASE}/`))
      return fail(res, 400, { code: 7000, message: 'No route for that URI' })
    const path = url.pathname.slice(BASE.length)
    const body = jsonObjectBody(r, ['POST', 'PUT', 'PATCH'])
    if (body === undefined)
      return fail(res, 400, { code: 9207, message: 'Request body is invalid.' })

    if (path === '/zones' && method === 'GET') {
      const name = url.searchParams.get('name')?.toLowerCase()
      const found = zones.filter((z) => name === undefined || z.name === name)
      const p = paged(found, url, { max: state.perPageMax, perPage: 20 })
      if ('code' in p) return fail(res, 400, p)
      return ok(
        res,
        p.page.map((z) => ({ id: z.id, name: z.name, status: 'active' })),
        200,
        p.info,
      )
    }
    const m = /^\/zones\/([^/]+)\/dns_records(?:\/([^/]+))?$/.exec(path)
    const zone = m !== null ? zones.find((z) => z.id === m[1]) : undefined
    if (m === null || zone === undefined)
      return fail(
        res,
        404,
        {
          code: 7003,
          message: `Could not route to ${url.pathname}, perhaps your object identifier is invalid?`,
        },
        { code: 7000, message: 'No route for that URI' },
      )
    const id = m[2]

    if (id === undefined && method === 'GET') {
      const type = url.searchParams.get('type')?.toUpperCase()
      const found = records.filter(
        (r) =>
          r.zone_id === zone.id &&
          (type === undefined || r.type === type) &&
          nameMatches(url, 'name', r.name) &&
          nameMatches(url, 'content', r.content),
      )
      const p = paged(found, url, {
        max: state.perPageMax,
        perPage: 100,
        ignorePage: state.pageIgnored,
      })
      if ('code' in p) return fail(res, 400, p)
      return ok(res, p.page.map(view), 200, p.info)
    }
    if (id === undefined && method === 'POST') {
      const v = validate(zone, body, true)
      if ('code' in v) return fail(res, 400, v)
      const type = (v.type ?? '').toUpperCase()
      const content = txtStored(type, v.content ?? '')
      if (content === undefined) return fail(res, 400, UNBALANCED)
      const serial = nextRecord++
      const rec: CloudflareRecord = {
        id: hex32(`record:${serial}`),
        // Microseconds, as Cloudflare writes them; later records are made later.
        created_on: new Date(Date.UTC(2026, 0, 1, 0, 0, serial)).toISOString().replace('Z', '000Z'),
        zone_id: zone.id,
        type,
        name: v.name ?? '',
        content,
        ttl: v.ttl ?? 1,
        ...(v.comment !== undefined ? { comment: v.comment } : {}),
      }
      if (identical(rec))
        return fail(res, 400, { code: 81058, message: 'An identical record already exists.' })
      records.push(rec)
      return ok(res, view(rec))
    }
    if (id === undefined) return fail(res, 405, { code: 10405, message: 'Method not allowed' })

    const at = records.findIndex((r) => r.id === id && r.zone_id === zone.id)
    const rec = records[at]
    if (rec === undefined) return fail(res, 404, { code: 81044, message: 'Record does not exist.' })
    if (method === 'GET') return ok(res, view(rec))
    if (method === 'DELETE') {
      records.splice(at, 1)
      return ok(res, { id: rec.id })
    }
    if (method === 'PUT' || method === 'PATCH') {
      const v = validate(zone, body, method === 'PUT')
      if ('code' in v) return fail(res, 400, v)
      const type = (v.type ?? rec.type).toUpperCase()
      const content =
        v.content !== undefined || type !== rec.type
          ? txtStored(type, v.content ?? rec.content)
          : rec.content
      if (content === undefined) return fail(res, 400, UNBALANCED)
      const next: CloudflareRecord = {
        ...rec,
        type,
        name: v.name ?? rec.name,
        content,
        ttl: v.ttl ?? (method === 'PUT' ? 1 : rec.ttl),
      }
      if (method === 'PUT') delete next.comment
      if (v.comment !== undefined) next.comment = v.comment
      if (identical(next, rec.id))
        return fail(res, 400, { code: 81058, message: 'An identical record already exists.' })
      records[at] = next
      return ok(res, view(next))
    }
    return fail(res, 405, { code: 10405, message: 'Method not allowed' })
  }

  return serveDnsDouble(state, BASE, handle)
}
