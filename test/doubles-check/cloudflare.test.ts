/** The Cloudflare double enforces what docs/names/cloudflare.md#test-double says. */
import { afterEach, describe, expect, it } from 'vitest'
import { startCloudflareDouble, type CloudflareDouble } from '../doubles/cloudflare.js'

const TOKEN = 'cf-test-token'
let cf: CloudflareDouble
afterEach(async () => {
  await cf.close()
})
const start = async (): Promise<CloudflareDouble> =>
  (cf = await startCloudflareDouble({ token: TOKEN, zones: ['example.com', 'Other.org'] }))

interface Answer {
  status: number
  headers: Headers
  json: {
    success: boolean
    result: unknown
    errors: Array<{ code: number; message: string }>
    messages: unknown[]
    result_info?: {
      page: number
      per_page: number
      count: number
      total_count: number
      total_pages: number
    }
  }
}
async function call(
  method: string,
  path: string,
  body?: unknown,
  token: string | null = TOKEN,
): Promise<Answer> {
  const res = await fetch(`${cf.url}${path}`, {
    method,
    headers: {
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  return { status: res.status, headers: res.headers, json: (await res.json()) as Answer['json'] }
}
const zoneId = (name: string): string => cf.zones.find((z) => z.name === name)?.id ?? ''
const records = (path: string): string => `/zones/${zoneId('example.com')}/dns_records${path}`
const txt = (name: string, content: string, ttl = 60): unknown => ({
  type: 'TXT',
  name,
  content,
  ttl,
})

describe('Cloudflare double', () => {
  it('serves under /client/v4 and takes only its Bearer token', async () => {
    await start()
    expect(new URL(cf.url).pathname).toBe('/client/v4')
    for (const token of [null, 'wrong']) {
      const r = await call('GET', '/zones', undefined, token)
      expect(r.status).toBe(403)
      expect(r.json).toMatchObject({
        success: false,
        errors: [{ code: 10000, message: 'Authentication error' }],
      })
    }
    const ok = await call('GET', '/zones')
    expect(ok.json).toMatchObject({ success: true, errors: [], messages: [] })
  })

  it('finds a zone by exact name whatever its case, and pages the zone list', async () => {
    await start()
    const one = await call('GET', '/zones?name=EXAMPLE.com')
    expect(one.json.result).toEqual([
      { id: zoneId('example.com'), name: 'example.com', status: 'active' },
    ])
    expect(zoneId('example.com')).toMatch(/^[0-9a-f]{32}$/)
    expect((await call('GET', '/zones?name=ample.com')).json.result).toEqual([])
    cf.perPageMax = 1
    const p1 = await call('GET', '/zones?per_page=50')
    const p2 = await call('GET', '/zones?per_page=50&page=2')
    expect(p1.json.result_info).toEqual({
      page: 1,
      per_page: 1,
      count: 1,
      total_count: 2,
      total_pages: 2,
    })
    expect([p1.json.result, p2.json.result].flat()).toHaveLength(2)
  })

  it('creates a TXT record, keeping it quoted, and refuses an identical one with 81058', async () => {
    await start()
    const made = await call('POST', records(''), {
      ...(txt('_dnslink.example.com', 'dnslink=/ipfs/bafyone') as object),
      comment: 'repo@sha',
    })
    expect(made.status).toBe(200)
    expect(made.json.result).toMatchObject({
      name: '_dnslink.example.com',
      type: 'TXT',
      content: '"dnslink=/ipfs/bafyone"',
      ttl: 60,
      comment: 'repo@sha',
      zone_id: zoneId('example.com'),
    })
    expect(cf.records[0]?.content).toBe('"dnslink=/ipfs/bafyone"')
    const again = await call(
      'POST',
      records(''),
      txt('_DNSLINK.example.com', '"dnslink=/ipfs/bafyone"'),
    )
    expect(again.status).toBe(400)
    expect(again.json.errors).toEqual([
      { code: 81058, message: 'An identical record already exists.' },
    ])
    // Another content on the same name is allowed (the format allows several records).
    expect(
      (await call('POST', records(''), txt('_dnslink.example.com', 'dnslink=/ipfs/two'))).status,
    ).toBe(200)
    expect(cf.records).toHaveLength(2)
  })

  it('validates TTL, full names and quotes', async () => {
    await start()
    for (const ttl of [30, 86401, 1.5]) {
      const r = await call('POST', records(''), txt('_dnslink.example.com', 'x', ttl))
      expect([r.status, r.json.errors[0]?.code]).toEqual([400, 9021])
    }
    expect((await call('POST', records(''), txt('a.example.com', 'x', 1))).status).toBe(200)
    expect((await call('POST', records(''), txt('_dnslink.pr-1', 'x'))).status).toBe(400)
    expect((await call('POST', records(''), txt('b.other.org', 'x'))).status).toBe(400)
    expect((await call('POST', records(''), txt('c.example.com', 'say "hi'))).status).toBe(400)
    expect((await call('POST', records(''), { type: 'TXT', name: 'd.example.com' })).status).toBe(
      400,
    )
    expect(cf.records.map((r) => r.name)).toEqual(['a.example.com'])
  })

  it('lists records by type and exact name, case-insensitively, page by page', async () => {
    await start()
    for (let i = 0; i < 5; i++)
      await call('POST', records(''), txt('_dnslink.pr-1.example.com', `dnslink=/ipfs/c${i}`))
    await call('POST', records(''), txt('x._dnslink.pr-1.example.com', 'dnslink=/ipfs/other'))
    await call('POST', records(''), {
      type: 'A',
      name: '_dnslink.pr-1.example.com',
      content: '192.0.2.1',
      ttl: 60,
    })
    cf.perPageMax = 2
    const contents: string[] = []
    for (let page = 1; page <= 10; page++) {
      const r = await call(
        'GET',
        records(`?type=TXT&name.exact=_DNSLINK.PR-1.example.com&per_page=100&page=${page}`),
      )
      expect(r.json.result_info).toMatchObject({
        page,
        per_page: 2,
        total_count: 5,
        total_pages: 3,
      })
      contents.push(...(r.json.result as Array<{ content: string }>).map((x) => x.content))
      if (page >= (r.json.result_info?.total_pages ?? 0)) break
    }
    expect(contents).toEqual([0, 1, 2, 3, 4].map((i) => `"dnslink=/ipfs/c${i}"`))
    const plain = await call(
      'GET',
      records('?type=TXT&name=_dnslink.pr-1.example.com&per_page=2&page=3'),
    )
    expect(plain.json.result_info).toMatchObject({ count: 1, total_count: 5 })
    const any = await call('GET', records('?name=_dnslink.pr-1.example.com'))
    expect(any.json.result_info?.total_count).toBe(6)
    const none = await call('GET', records('?type=TXT&name=nothing.example.com'))
    expect(none.json.result_info).toMatchObject({ count: 0, total_count: 0, total_pages: 0 })
  })

  it('overwrites, patches and deletes; unknown records and zones are 404', async () => {
    await start()
    const made = await call('POST', records(''), txt('_dnslink.example.com', 'dnslink=/ipfs/a'))
    const id = (made.json.result as { id: string }).id
    const patched = await call('PATCH', records(`/${id}`), { content: 'dnslink=/ipfs/b' })
    expect(patched.json.result).toMatchObject({ content: '"dnslink=/ipfs/b"', ttl: 60 })
    const put = await call(
      'PUT',
      records(`/${id}`),
      txt('_dnslink.example.com', 'dnslink=/ipfs/c', 120),
    )
    expect(put.json.result).toMatchObject({ content: '"dnslink=/ipfs/c"', ttl: 120 })
    expect((await call('PUT', records(`/${id}`), { content: 'x' })).status).toBe(400)
    const missing = await call('PATCH', records('/0123456789abcdef0123456789abcdef'), {
      content: 'x',
    })
    expect([missing.status, missing.json.errors]).toEqual([
      404,
      [{ code: 81044, message: 'Record does not exist.' }],
    ])
    const gone = await call('DELETE', records(`/${id}`))
    expect([gone.status, gone.json.result]).toEqual([200, { id }])
    expect(cf.records).toEqual([])
    expect((await call('DELETE', records(`/${id}`))).json.errors[0]?.code).toBe(81044)
    const zone = await call('GET', '/zones/ffffffffffffffffffffffffffffffff/dns_records')
    expect([zone.status, zone.json.success, zone.json.errors[0]?.code]).toEqual([404, false, 7003])
  })

  it('returns TXT content as sent when quoteOnRead is off, quoted when on', async () => {
    await start()
    cf.records.push({
      id: 'seeded',
      zone_id: zoneId('example.com'),
      type: 'TXT',
      name: '_dnslink.example.com',
      content: 'dnslink=/ipfs/bare',
      ttl: 60,
    })
    const read = async (): Promise<string[]> =>
      ((await call('GET', records('?type=TXT'))).json.result as Array<{ content: string }>).map(
        (r) => r.content,
      )
    expect(await read()).toEqual(['"dnslink=/ipfs/bare"'])
    cf.quoteOnRead = false
    await call('POST', records(''), txt('_dnslink.example.com', 'dnslink=/ipfs/sent'))
    expect(await read()).toEqual(['dnslink=/ipfs/bare', 'dnslink=/ipfs/sent'])
    // Identical means identical content, quotes aside.
    expect(
      (await call('POST', records(''), txt('_dnslink.example.com', '"dnslink=/ipfs/bare"'))).status,
    ).toBe(400)
  })

  it('answers 429 with the rate-limit headers after rateLimitAfter requests', async () => {
    await start()
    cf.rateLimitAfter = 2
    expect((await call('GET', '/zones')).status).toBe(200)
    expect((await call('GET', '/zones')).status).toBe(200)
    const r = await call('GET', '/zones')
    expect(r.status).toBe(429)
    expect(r.json.success).toBe(false)
    expect(r.headers.get('retry-after')).toBe('1')
    expect(r.headers.get('x-ratelimit-remaining')).toBe('0')
    expect(r.headers.get('x-ratelimit-limit')).toBe('2')
    expect(new Date(r.headers.get('x-ratelimit-reset') ?? '').getTime()).toBeGreaterThan(0)
    expect(cf.server.requests.map((q) => q.url)).toEqual([
      '/client/v4/zones',
      '/client/v4/zones',
      '/client/v4/zones',
    ])
  })
})
