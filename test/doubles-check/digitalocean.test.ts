/**
 * The DigitalOcean DNS double enforces what docs/names/digitalocean.md#test-double says, and
 * answers in the shapes of DigitalOcean's published OpenAPI description (`digitalocean/openapi`,
 * `specification/resources/domains/`): the `domain_records` list example (`links: {}` on a single
 * page, `meta.total`, `null` for fields a type does not use), `domain_record` on create and
 * update, `{id, message}` errors, `ratelimit-*` headers, the scopes each endpoint accepts.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startDigitalOceanDouble, type DigitalOceanDouble } from '../doubles/digitalocean.js'

const TOKEN = 'dop_v1_0123456789abcdef0123456789abcdef'
let d: DigitalOceanDouble
afterEach(async () => {
  await d.close()
})
const start = async (): Promise<DigitalOceanDouble> =>
  (d = await startDigitalOceanDouble({
    token: TOKEN,
    domains: ['example.org', 'preview.example.org'],
  }))

async function call(
  method: string,
  path: string,
  body?: unknown,
  token: string | null = TOKEN,
): Promise<{ status: number; headers: Headers; text: string; json: Record<string, unknown> }> {
  const res = await fetch(path.startsWith('http') ? path : `${d.url}${path}`, {
    method,
    headers: {
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  const text = await res.text()
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  }
}
const recs = (rest = '', domain = 'example.org'): string => `/domains/${domain}/records${rest}`
const txt = (name: string, data: string, ttl = 60): unknown => ({ type: 'TXT', name, data, ttl })

describe('DigitalOcean DNS double', () => {
  it('answers the OpenAPI example shapes: records with nulls, links {} on one page, meta.total, rate-limit headers', async () => {
    await start()
    expect(new URL(d.url).pathname).toBe('/v2')
    const r = await call('GET', recs())
    expect(r.json).toEqual({
      domain_records: [1, 2, 3].map((i) => ({
        id: expect.any(Number) as number,
        type: 'NS',
        name: '@',
        data: `ns${i}.digitalocean.com`,
        priority: null,
        port: null,
        ttl: 1800,
        weight: null,
        flags: null,
        tag: null,
      })),
      links: {},
      meta: { total: 3 },
    })
    expect([r.headers.get('ratelimit-limit'), r.headers.get('ratelimit-remaining')]).toEqual([
      '5000',
      '4999',
    ])
    expect(Number(r.headers.get('ratelimit-reset'))).toBeGreaterThan(1_700_000_000)
    expect((await call('GET', '/domains/example.org')).json).toMatchObject({
      domain: { name: 'example.org', ttl: 1800 },
    })
    expect((await call('GET', '/domains/nope.org')).json).toMatchObject({ id: 'not_found' })
  })

  it('401 for an unknown token; 403 for a verb outside the scopes, as the spec lists them', async () => {
    await start()
    for (const token of [null, 'dop_v1_wrong']) {
      const r = await call('GET', '/domains', undefined, token)
      expect([r.status, r.json.id, r.json.message]).toEqual([
        401,
        'unauthorized',
        'Unable to authenticate you.',
      ])
    }
    d.tokens.set('read-only', new Set(['domain:read']))
    d.tokens.set('create-delete', new Set(['domain:read', 'domain:create', 'domain:delete']))
    const denied = await call('POST', recs(), txt('a', 'b'), 'read-only')
    expect([denied.status, denied.json.id]).toEqual([403, 'forbidden'])
    const made = await call('POST', recs(), txt('a', 'b'), 'create-delete')
    expect(made.status).toBe(201)
    const id = (made.json.domain_record as { id: number }).id
    expect((await call('PATCH', recs(`/${id}`), { data: 'c' }, 'create-delete')).status).toBe(403)
    expect((await call('DELETE', recs(`/${id}`), undefined, 'read-only')).status).toBe(403)
    expect((await call('DELETE', recs(`/${id}`), undefined, 'create-delete')).status).toBe(204)
    // The documented minimum, domain:read + domain:update, does all four.
    const m = await call('POST', recs(), txt('a', 'b'))
    const mid = (m.json.domain_record as { id: number }).id
    expect((await call('PATCH', recs(`/${mid}`), { data: 'c' })).status).toBe(200)
    expect((await call('PUT', recs(`/${mid}`), txt('a', 'd'))).status).toBe(200)
    expect((await call('DELETE', recs(`/${mid}`))).status).toBe(204)
  })

  it('filters by a fully qualified name (a relative one finds nothing), answers relative names, keeps data raw, allows duplicates', async () => {
    await start()
    const made = await call('POST', recs(), txt('_dnslink.pr-1.preview', 'dnslink=/ipfs/a'))
    expect([made.status, made.json.domain_record]).toEqual([
      201,
      expect.objectContaining({
        type: 'TXT',
        name: '_dnslink.pr-1.preview',
        data: 'dnslink=/ipfs/a',
        ttl: 60,
        priority: null,
      }),
    ])
    expect(
      (await call('POST', recs(), txt('_dnslink.pr-1.preview', 'dnslink=/ipfs/a'))).status,
    ).toBe(201)
    const full = await call('GET', recs('?type=TXT&name=_dnslink.pr-1.preview.example.org'))
    expect((full.json.domain_records as unknown[]).length).toBe(2)
    expect(
      (await call('GET', recs('?type=TXT&name=_dnslink.pr-1.preview'))).json.domain_records,
    ).toEqual([])
    await call('POST', recs(), txt('@', 'apex'))
    const apex = await call('GET', recs('?type=TXT&name=example.org'))
    expect(apex.json.domain_records).toMatchObject([{ name: '@', data: 'apex' }])
    d.quoteOnRead = true
    expect(
      (await call('GET', recs('?type=TXT&name=example.org'))).json.domain_records,
    ).toMatchObject([{ data: '"apex"' }])
  })

  it('pages with links.pages (next and last, then first and prev) and per_page capped at 200', async () => {
    await start()
    for (let i = 0; i < 4; i++) await call('POST', recs(), txt(`r${i}`, `v${i}`))
    const p1 = await call('GET', recs('?type=TXT&per_page=2'))
    const pages = (p1.json.links as { pages: Record<string, string> }).pages
    expect(Object.keys(pages).sort()).toEqual(['last', 'next'])
    expect(p1.json.meta).toEqual({ total: 4 })
    const p2 = await call('GET', pages.next ?? '')
    expect(Object.keys((p2.json.links as { pages: Record<string, string> }).pages).sort()).toEqual([
      'first',
      'prev',
    ])
    expect((p2.json.domain_records as Array<{ name: string }>).map((r) => r.name)).toEqual([
      'r2',
      'r3',
    ])
    expect((await call('GET', recs('?per_page=500'))).json.links).toEqual({})
  })

  it('validates: TTL under 30 and TXT with a backslash are 422; unknown records 404; a bad body 400', async () => {
    await start()
    const low = await call('POST', recs(), txt('a', 'b', 29))
    expect([low.status, low.json.id]).toEqual([422, 'unprocessable_entity'])
    expect((await call('POST', recs(), txt('a', 'b', 30))).status).toBe(201)
    expect((await call('POST', recs(), txt('a', 'b\\c'))).status).toBe(422)
    expect((await call('DELETE', recs('/1'))).json).toMatchObject({ id: 'not_found' })
    const res = await fetch(`${d.url}${recs()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{',
    })
    expect(res.status).toBe(400)
  })

  it('answers 429 too_many_requests with retry-after once the limit is reached', async () => {
    await start()
    d.rateLimitAfter = 1
    await call('GET', '/domains')
    const r = await call('GET', '/domains')
    expect([
      r.status,
      r.json.id,
      r.headers.get('retry-after'),
      r.headers.get('ratelimit-remaining'),
    ]).toEqual([429, 'too_many_requests', '1', '0'])
  })
})
