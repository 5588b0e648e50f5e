/**
 * The Gandi LiveDNS double enforces what docs/names/gandi.md#test-double says. Gandi publishes no
 * official JavaScript client; the answers checked here are the shapes of its API reference and of
 * recorded live answers (docs/names/gandi.md#sources): domain and RRset objects, 201
 * `DNS Record Created`, the two error shapes, values quoted on read.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { bareTxt, presentTxt, startGandiDouble, type GandiDouble } from '../doubles/gandi.js'

const PAT = 'gandi-pat-0123456789abcdef'
let g: GandiDouble
afterEach(async () => {
  await g.close()
})
const start = async (): Promise<GandiDouble> =>
  (g = await startGandiDouble({ token: PAT, domains: ['example.org', 'example.net', 'other.com'] }))

async function call(
  method: string,
  path: string,
  body?: unknown,
  opts: { auth?: string | null; type?: string | null } = {},
): Promise<{ status: number; headers: Headers; text: string; json: unknown }> {
  const auth = opts.auth === undefined ? `Bearer ${PAT}` : opts.auth
  const type = opts.type === undefined ? 'application/json' : opts.type
  const res = await fetch(`${g.url}${path}`, {
    method,
    headers: {
      ...(auth !== null ? { authorization: auth } : {}),
      ...(body !== undefined && type !== null ? { 'content-type': type } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  const text = await res.text()
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: text === '' ? undefined : JSON.parse(text),
  }
}
const rrset = (name: string, type = 'TXT'): string => `/domains/example.org/records/${name}/${type}`

describe('Gandi LiveDNS double', () => {
  it('takes the PAT as Bearer (and a legacy Apikey only when enabled), 401 otherwise and once expired', async () => {
    await start()
    expect(new URL(g.url).pathname).toBe('/v5/livedns')
    for (const auth of [null, 'Bearer wrong', `Apikey ${PAT}`]) {
      const r = await call('GET', '/domains', undefined, { auth })
      expect(r.status).toBe(401)
      expect(r.json).toMatchObject({ code: 401, object: 'HTTPUnauthorized', cause: 'Unauthorized' })
    }
    g.apiKey = 'legacy-key'
    expect((await call('GET', '/domains', undefined, { auth: 'Apikey legacy-key' })).status).toBe(
      200,
    )
    g.expireAfter = g.server.requests.length + 1
    expect((await call('GET', '/domains')).status).toBe(200)
    expect((await call('GET', '/domains')).json).toMatchObject({
      message: /access token has expired/,
    })
  })

  it('lists domains paged with total-count and Link rel=next, reads one, 404 and 403 as Gandi shapes them', async () => {
    await start()
    g.perPageMax = 2
    const p1 = await call('GET', '/domains')
    expect(p1.headers.get('total-count')).toBe('3')
    expect(p1.json).toMatchObject([{ fqdn: 'example.net' }, { fqdn: 'example.org' }])
    const next = /<([^>]+)>; rel="next"/.exec(p1.headers.get('link') ?? '')?.[1] ?? ''
    const p2 = await fetch(next, { headers: { authorization: `Bearer ${PAT}` } })
    expect(await p2.json()).toMatchObject([{ fqdn: 'other.com' }])
    expect(p2.headers.get('link')).toBeNull()
    expect((await call('GET', '/domains/example.org')).json).toMatchObject({
      fqdn: 'example.org',
      domain_records_href: `${g.url}/domains/example.org/records`,
    })
    expect((await call('GET', '/domains/nope.org')).json).toEqual({
      code: 404,
      message: 'The resource could not be found.',
      object: 'HTTPNotFound',
      cause: 'Not Found',
    })
    g.forbidden.add('other.com')
    const denied = await call('GET', '/domains/other.com/records')
    expect([denied.status, (denied.json as { object: string }).object]).toEqual([
      403,
      'HTTPForbidden',
    ])
  })

  it('PUT creates or replaces a set (201 DNS Record Created), keeps values quoted, and resets the TTL when left out', async () => {
    await start()
    const put = await call('PUT', rrset('_dnslink.www'), {
      rrset_values: ['dnslink=/ipfs/a', '"v=spf1 -all"'],
      rrset_ttl: 3600,
    })
    expect([put.status, put.json]).toEqual([201, { message: 'DNS Record Created' }])
    const read = await call('GET', rrset('_dnslink.www'))
    expect(read.json).toMatchObject({
      rrset_name: '_dnslink.www',
      rrset_type: 'TXT',
      rrset_ttl: 3600,
      rrset_values: ['"dnslink=/ipfs/a"', '"v=spf1 -all"'],
      rrset_href: `${g.url}/domains/example.org/records/_dnslink.www/TXT`,
    })
    // A PUT without rrset_ttl sets Gandi's default, 10800, whatever the set had.
    await call('PUT', rrset('_dnslink.www'), { rrset_values: ['"dnslink=/ipfs/b"'] })
    expect((await call('GET', rrset('_dnslink.www'))).json).toMatchObject({
      rrset_ttl: 10800,
      rrset_values: ['"dnslink=/ipfs/b"'],
    })
    // All types at a name, and the apex as @ or %40.
    await call('PUT', rrset('%40'), { rrset_values: ['"apex"'], rrset_ttl: 300 })
    const apex = (await call('GET', '/domains/example.org/records/@')).json as Array<{
      rrset_type: string
    }>
    expect(apex.map((r) => r.rrset_type).sort()).toEqual(['NS', 'SOA', 'TXT'])
    expect((await call('GET', '/domains/example.org/records/nothing')).json).toEqual([])
  })

  it('refuses a POST of an existing set (409), a TTL outside 300..2592000 (400), a body without JSON type (415), empty values (400)', async () => {
    await start()
    expect((await call('POST', rrset('x'), { rrset_values: ['"a"'], rrset_ttl: 300 })).status).toBe(
      201,
    )
    expect((await call('POST', rrset('x'), { rrset_values: ['"b"'], rrset_ttl: 300 })).status).toBe(
      409,
    )
    const low = await call('PUT', rrset('x'), { rrset_values: ['"a"'], rrset_ttl: 60 })
    expect([low.status, low.json]).toEqual([
      400,
      {
        status: 'error',
        errors: [
          { location: 'body', name: 'rrset_ttl', description: '60 is less than minimum value 300' },
        ],
      },
    ])
    expect(
      (await call('PUT', rrset('x'), { rrset_values: ['"a"'], rrset_ttl: 2_592_001 })).status,
    ).toBe(400)
    expect(
      (
        await call(
          'PUT',
          rrset('x'),
          { rrset_values: ['"a"'], rrset_ttl: 300 },
          { type: 'text/plain' },
        )
      ).status,
    ).toBe(415)
    expect((await call('PUT', rrset('x'), { rrset_values: [], rrset_ttl: 300 })).status).toBe(400)
    expect(g.rrsets.find((r) => r.name === 'x')?.values).toEqual(['"a"'])
  })

  it('deletes a set with 204 and nothing else at the name; a missing set is 404 dns-record', async () => {
    await start()
    await call('PUT', rrset('n'), { rrset_values: ['"a"'], rrset_ttl: 300 })
    await call('PUT', rrset('n', 'A'), { rrset_values: ['192.0.2.1'], rrset_ttl: 300 })
    const del = await call('DELETE', rrset('n'))
    expect([del.status, del.text]).toEqual([204, ''])
    expect(g.rrsets.filter((r) => r.name === 'n').map((r) => r.type)).toEqual(['A'])
    const again = await call('DELETE', rrset('n'))
    expect([again.status, again.json]).toEqual([
      404,
      {
        code: 404,
        message: "Can't find the DNS record n/TXT in the zone",
        object: 'dns-record',
        cause: 'Not Found',
      },
    ])
  })

  it('refuses TXT beside a CNAME, can match labels case-sensitively on writes, can answer bare values, and rate-limits with Retry-After', async () => {
    await start()
    await call('PUT', rrset('_dnslink.cdn', 'CNAME'), {
      rrset_values: ['x.example.net.'],
      rrset_ttl: 300,
    })
    expect(
      (await call('PUT', rrset('_dnslink.cdn'), { rrset_values: ['"a"'], rrset_ttl: 300 })).status,
    ).toBe(409)
    await call('PUT', rrset('_DNSLink.Mixed'), { rrset_values: ['"a"'], rrset_ttl: 300 })
    expect((await call('GET', rrset('_dnslink.mixed'))).status).toBe(200)
    g.caseSensitiveLabels = true
    expect((await call('GET', rrset('_dnslink.mixed'))).json).toMatchObject({
      rrset_name: '_DNSLink.Mixed',
    })
    expect((await call('DELETE', rrset('_dnslink.mixed'))).status).toBe(404)
    const same = { rrset_values: ['"a"'], rrset_ttl: 300 }
    expect((await call('PUT', rrset('_DNSLink.Mixed'), same)).status).toBe(201)
    g.quoteOnRead = false
    expect((await call('GET', rrset('_DNSLink.Mixed'))).json).toMatchObject({ rrset_values: ['a'] })
    g.rateLimitAfter = g.server.requests.length
    const r = await call('GET', '/domains')
    expect([r.status, r.headers.get('retry-after')]).toEqual([429, '1'])
    expect(presentTxt('say "hi"')).toBe('"say \\"hi\\""')
    expect(bareTxt('"ab" "cd"')).toBe('abcd')
  })
})
