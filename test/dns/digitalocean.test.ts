/** DigitalOcean against its double: the DNS contract, and what only DigitalOcean does. */
import { describe, expect, it } from 'vitest'
import { digitalocean, relativeTo } from '../../src/dns/digitalocean.js'
import { removeDnslink, setDnslink } from '../../src/dns/dnslink.js'
import { startDigitalOceanDouble, type DigitalOceanDouble } from '../doubles/digitalocean.js'
import { testDeps } from '../support/deps.js'
import { dnsContract } from '../support/dns-contract.js'

const TOKEN = 'dop_v1_4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c'
const A = '/ipfs/bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const B = '/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'

const zoneOf = (d: DigitalOceanDouble, fqdn: string): string => {
  const z = [...d.domains]
    .sort((a, b) => b.length - a.length)
    .find((x) => fqdn === x || fqdn.endsWith(`.${x}`))
  if (z === undefined) throw new Error(`no domain for ${fqdn}`)
  return z
}
let seq = 90_000_000

dnsContract({
  descriptor: digitalocean,
  async start() {
    const d = await startDigitalOceanDouble({
      token: TOKEN,
      domains: ['example.org', 'preview.example.org'],
    })
    const push = (fqdn: string, type: string, data: string): void => {
      const domain = zoneOf(d, fqdn)
      d.records.push({
        id: seq++,
        domain,
        type,
        name: relativeTo(fqdn, domain),
        data,
        ttl: 3600,
        priority: null,
        port: null,
        weight: null,
        flags: null,
        tag: null,
      })
    }
    return {
      double: d,
      inputs: { 'digitalocean-token': TOKEN, 'digitalocean-api-url': d.url },
      wrong: { 'digitalocean-token': 'dop_v1_wrong', 'digitalocean-api-url': d.url },
      secrets: [TOKEN],
      txt: (fqdn) => {
        const domain = zoneOf(d, fqdn)
        const rel = relativeTo(fqdn, domain)
        return d.records
          .filter((r) => r.type === 'TXT' && r.domain === domain && r.name === rel)
          .map((r) => ({ id: String(r.id), content: r.data }))
      },
      seed: (fqdn, content) => push(fqdn, 'TXT', content),
      seedCname: (fqdn, target) => push(fqdn, 'CNAME', `${target}.`),
      tooMany: {
        body: JSON.stringify({ id: 'too_many_requests', message: 'API rate limit exceeded.' }),
      },
    }
  },
})

describe('digitalocean', () => {
  it('filters by the full name, writes the relative one unquoted, and updates the record in place', async () => {
    const d = await startDigitalOceanDouble({ token: TOKEN, domains: ['example.org'] })
    try {
      const { deps } = testDeps([TOKEN])
      const dns = digitalocean.create(
        digitalocean.read({
          raw: (n) =>
            ({ 'digitalocean-token': TOKEN, 'digitalocean-api-url': d.url })[n as string] ?? '',
          secret: () => undefined,
        }),
        deps,
      )
      expect(await setDnslink(dns, 'pr-3.example.org', A, { dryRun: false })).toMatchObject({
        action: 'created',
      })
      const post = d.server.requests.find((r) => r.method === 'POST')
      expect(JSON.parse(post?.body.toString() ?? '')).toEqual({
        type: 'TXT',
        name: '_dnslink.pr-3',
        data: `dnslink=${A}`,
        ttl: 60,
      })
      const list = d.server.requests.find((r) => r.method === 'GET' && r.url.includes('/records?'))
      expect(new URL(list?.url ?? '', 'http://x').searchParams.get('name')).toBe(
        '_dnslink.pr-3.example.org',
      )
      const id = d.records.find((r) => r.type === 'TXT')?.id
      expect(await setDnslink(dns, 'pr-3.example.org', B, { dryRun: false })).toMatchObject({
        action: 'updated',
        from: A,
      })
      expect(d.server.requests.filter((r) => r.method === 'PATCH')).toMatchObject([
        { url: `/v2/domains/example.org/records/${id}` },
      ])
      expect(d.records.find((r) => r.type === 'TXT')).toMatchObject({
        id,
        data: `dnslink=${B}`,
        ttl: 60,
      })
      // The apex: `@` in answers, the domain itself in the filter.
      await setDnslink(dns, 'example.org', A, { dryRun: false })
      expect(d.records.find((r) => r.name === '_dnslink')?.data).toBe(`dnslink=${A}`)
      expect(await removeDnslink(dns, 'pr-3.example.org', { dryRun: false })).toMatchObject({
        action: 'deleted',
      })
      expect(d.records.filter((r) => r.name === '_dnslink.pr-3')).toEqual([])
    } finally {
      await d.close()
    }
  })

  it("a token without domain:update fails naming the input and DigitalOcean's words, after nothing was changed", async () => {
    const d = await startDigitalOceanDouble({
      token: TOKEN,
      scopes: ['domain:read'],
      domains: ['example.org'],
    })
    try {
      const { deps } = testDeps([TOKEN])
      const dns = digitalocean.create(
        digitalocean.read({
          raw: (n) =>
            ({ 'digitalocean-token': TOKEN, 'digitalocean-api-url': d.url })[n as string] ?? '',
          secret: () => undefined,
        }),
        deps,
      )
      const c = await setDnslink(dns, 'example.org', A, { dryRun: false })
      expect(c.action).toBe('failed')
      expect(c.error).toMatch(
        /HTTP 403: DigitalOcean answered forbidden: You do not have permission.*check "digitalocean-token"/,
      )
      expect(d.records.filter((r) => r.type === 'TXT')).toEqual([])
    } finally {
      await d.close()
    }
  })

  it('warns when the token does not look like a DigitalOcean token', () => {
    const { deps, logs } = testDeps([])
    digitalocean.create(
      { id: 'digitalocean', apiUrl: 'http://127.0.0.1:9', token: 'ghp_notthis', ttl: 60 },
      deps,
    )
    expect(logs.join('\n')).toMatch(/does not look like a DigitalOcean token/)
    expect(logs.join('\n')).not.toContain('ghp_notthis')
  })
})
