/** The DNSimple double enforces what docs/names/dnsimple.md#test-double says. */
import { afterEach, describe, expect, it } from 'vitest'
import { startDnsimpleDouble, type DnsimpleDouble } from '../doubles/dnsimple.js'

const TOKEN = 'dnsimple-test-token'
const ACCOUNT = 1010
let ds: DnsimpleDouble
afterEach(async () => {
  await ds.close()
})
const start = async (regionsPlan?: boolean): Promise<DnsimpleDouble> =>
  (ds = await startDnsimpleDouble({
    token: TOKEN,
    accountId: ACCOUNT,
    zones: ['example.com', 'preview.example.com', 'other.org'],
    ...(regionsPlan !== undefined ? { regionsPlan } : {}),
  }))

interface Answer {
  status: number
  headers: Headers
  text: string
  json: {
    data?: unknown
    pagination?: {
      current_page: number
      per_page: number
      total_entries: number
      total_pages: number
    }
    message?: string
    errors?: Record<string, string[]>
  }
}
async function call(
  method: string,
  path: string,
  body?: unknown,
  token: string | null = TOKEN,
): Promise<Answer> {
  const res = await fetch(`${ds.url}${path}`, {
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
    json: text === '' ? {} : (JSON.parse(text) as Answer['json']),
  }
}
const recs = (zone = 'example.com', rest = ''): string => `/${ACCOUNT}/zones/${zone}/records${rest}`

describe('DNSimple double', () => {
  it('takes only its Bearer token and sends rate-limit headers on every answer', async () => {
    await start()
    expect(new URL(ds.url).pathname).toBe('/v2')
    for (const token of [null, 'wrong']) {
      const r = await call('GET', '/whoami', undefined, token)
      expect([r.status, r.json]).toEqual([401, { message: 'Authentication failed' }])
      expect(r.headers.get('x-ratelimit-limit')).toBe('2400')
    }
    const me = await call('GET', '/whoami')
    expect(me.json.data).toMatchObject({ user: null, account: { id: ACCOUNT } })
    expect(me.headers.get('x-ratelimit-remaining')).toBe(String(2400 - 3))
    expect(Number(me.headers.get('x-ratelimit-reset'))).toBeGreaterThan(1_700_000_000)
  })

  it('lists zones (name_like, paged) and reads one by name; unknown ones are 404', async () => {
    await start()
    const like = await call('GET', `/${ACCOUNT}/zones?name_like=example`)
    expect((like.json.data as Array<{ name: string }>).map((z) => z.name)).toEqual([
      'example.com',
      'preview.example.com',
    ])
    ds.perPageMax = 2
    const p2 = await call('GET', `/${ACCOUNT}/zones?page=2`)
    expect(p2.json.pagination).toEqual({
      current_page: 2,
      per_page: 2,
      total_entries: 3,
      total_pages: 2,
    })
    expect(p2.json.data).toMatchObject([{ name: 'preview.example.com' }])
    expect((await call('GET', `/${ACCOUNT}/zones/example.com`)).json.data).toMatchObject({
      name: 'example.com',
      account_id: ACCOUNT,
    })
    expect((await call('GET', `/${ACCOUNT}/zones/nope.com`)).status).toBe(404)
    const acct = await call('GET', `/9999/zones`)
    expect([acct.status, acct.json]).toEqual([404, { message: 'Not Found' }])
  })

  it('creates a record with a relative name and finds it by exact relative name and type', async () => {
    await start()
    const made = await call('POST', recs(), {
      name: '_dnslink.pr-12.preview',
      type: 'TXT',
      content: 'dnslink=/ipfs/bafyone',
      ttl: 60,
    })
    expect(made.status).toBe(201)
    expect(made.json.data).toMatchObject({
      zone_id: 'example.com',
      name: '_dnslink.pr-12.preview',
      content: 'dnslink=/ipfs/bafyone',
      ttl: 60,
      regions: ['global'],
      system_record: false,
    })
    const found = await call('GET', recs('example.com', '?name=_dnslink.pr-12.preview&type=TXT'))
    expect(found.json.data).toMatchObject([{ content: 'dnslink=/ipfs/bafyone' }])
    expect(found.json.pagination).toMatchObject({ total_entries: 1 })
    // The name filter is exact and relative: an FQDN or a part finds nothing.
    for (const q of ['?name=_dnslink.pr-12.preview.example.com', '?name=_dnslink', '?type=A'])
      expect((await call('GET', recs('example.com', q))).json.data).toEqual([])
    expect((await call('GET', recs('example.com', '?name_like=pr-12'))).json.data).toHaveLength(1)
    // Apex system records are there too, as DNSimple's zones have them.
    expect((await call('GET', recs('example.com', '?name='))).json.data).toHaveLength(3)
  })

  it('pages records, never more than 100 a page, fewer when the test caps it', async () => {
    await start()
    for (let i = 0; i < 4; i++)
      await call('POST', recs(), { name: `r${i}`, type: 'TXT', content: `v${i}` })
    const big = await call('GET', recs('example.com', '?per_page=500'))
    expect(big.json.pagination).toMatchObject({ per_page: 100, total_entries: 7, total_pages: 1 })
    ds.perPageMax = 2
    const names: string[] = []
    for (let page = 1; page <= 10; page++) {
      const r = await call('GET', recs('example.com', `?type=TXT&page=${page}`))
      names.push(...(r.json.data as Array<{ name: string }>).map((x) => x.name))
      if (page >= (r.json.pagination?.total_pages ?? 0)) break
    }
    expect(names).toEqual(['r0', 'r1', 'r2', 'r3'])
  })

  it('updates with PATCH, refusing regions with 412 on a plan without them', async () => {
    await start()
    const made = await call('POST', recs(), {
      name: '_dnslink',
      type: 'TXT',
      content: 'dnslink=/ipfs/a',
    })
    const id = (made.json.data as { id: number }).id
    const regions = await call('PATCH', recs('example.com', `/${id}`), {
      content: 'dnslink=/ipfs/b',
      regions: ['global'],
    })
    expect(regions.status).toBe(412)
    expect(regions.json.message).toMatch(/regions.*not available/)
    expect(
      (await call('POST', recs(), { name: 'x', type: 'TXT', content: 'y', regions: ['IAD'] }))
        .status,
    ).toBe(412)
    const ok = await call('PATCH', recs('example.com', `/${id}`), { content: 'dnslink=/ipfs/b' })
    expect([ok.status, (ok.json.data as { content: string }).content]).toEqual([
      200,
      'dnslink=/ipfs/b',
    ])
    await ds.close()
    await start(true)
    const made2 = await call('POST', recs(), { name: '_dnslink', type: 'TXT', content: 'a' })
    const id2 = (made2.json.data as { id: number }).id
    const withRegions = await call('PATCH', recs('example.com', `/${id2}`), { regions: ['IAD'] })
    expect([withRegions.status, (withRegions.json.data as { regions: string[] }).regions]).toEqual([
      200,
      ['IAD'],
    ])
  })

  it('deletes with 204 and no body; unknown records are 404', async () => {
    await start()
    const made = await call('POST', recs(), { name: '_dnslink', type: 'TXT', content: 'a' })
    const id = (made.json.data as { id: number }).id
    const gone = await call('DELETE', recs('example.com', `/${id}`))
    expect([gone.status, gone.text]).toEqual([204, ''])
    expect(ds.records.some((r) => r.id === id)).toBe(false)
    const again = await call('DELETE', recs('example.com', `/${id}`))
    expect(again.status).toBe(404)
    expect((await call('PATCH', recs('example.com', '/424242'), { content: 'x' })).status).toBe(404)
    // A record of another zone is not found through this one.
    expect((await call('GET', recs('other.org', '/1'))).status).toBe(404)
  })

  it('refuses invalid records with Validation failed and per-field errors', async () => {
    await start()
    const blank = await call('POST', recs(), { name: 'a', type: 'TXT' })
    expect([blank.status, blank.json.message, Object.keys(blank.json.errors ?? {})]).toEqual([
      400,
      'Validation failed',
      ['content'],
    ])
    const quote = await call('POST', recs(), { name: 'a', type: 'TXT', content: 'say "hi' })
    expect(quote.json.errors).toHaveProperty('content')
    expect(
      (await call('POST', recs(), { name: 'a', type: 'TXT', content: '"a" "b"' })).status,
    ).toBe(201)
    const type = await call('POST', recs(), { name: 'a', type: 'BOGUS', content: 'x' })
    expect(type.json.errors).toHaveProperty('record_type')
    const ttl = await call('POST', recs(), { name: 'a', type: 'TXT', content: 'x', ttl: '60' })
    expect(ttl.json.errors).toHaveProperty('ttl')
  })

  it('can return TXT content quoted, and answers 429 after rateLimitAfter requests', async () => {
    await start()
    await call('POST', recs(), { name: '_dnslink', type: 'TXT', content: 'dnslink=/ipfs/a' })
    ds.quoteOnRead = true
    const r = await call('GET', recs('example.com', '?type=TXT'))
    expect(r.json.data).toMatchObject([{ content: '"dnslink=/ipfs/a"' }])
    expect(ds.records.find((x) => x.type === 'TXT')?.content).toBe('dnslink=/ipfs/a')
    ds.rateLimitAfter = 2
    const limited = await call('GET', '/whoami')
    expect([limited.status, limited.json]).toEqual([429, { message: 'quota exceeded' }])
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0')
    expect(ds.server.requests).toHaveLength(3)
  })
})
