/** Cloudflare against its double: the DNS contract, and what only Cloudflare does. */
import { describe, expect, it } from 'vitest'
import { cloudflare } from '../../src/dns/cloudflare.js'
import { setDnslink } from '../../src/dns/dnslink.js'
import { startCloudflareDouble, type CloudflareRecord } from '../doubles/cloudflare.js'
import { testDeps } from '../support/deps.js'
import { dnsContract } from '../support/dns-contract.js'

const TOKEN = 'cf-token-0123456789abcdef'
const rawOf =
  (m: Record<string, string>) =>
  (n: string): string =>
    m[n] ?? ''

dnsContract({
  descriptor: cloudflare,
  async start() {
    const d = await startCloudflareDouble({
      token: TOKEN,
      zones: ['example.org', 'preview.example.org'],
    })
    const zoneOf = (fqdn: string) =>
      [...d.zones]
        .sort((a, b) => b.name.length - a.name.length)
        .find((z) => fqdn === z.name || fqdn.endsWith(`.${z.name}`))
    const unquote = (t: string): string =>
      t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t
    let n = 0
    return {
      double: d,
      inputs: { 'cloudflare-token': TOKEN, 'cloudflare-api-url': d.url },
      wrong: { 'cloudflare-token': 'cf-wrong-token', 'cloudflare-api-url': d.url },
      secrets: [TOKEN],
      txt: (fqdn) =>
        d.records
          .filter((r) => r.type === 'TXT' && r.name === fqdn)
          .map((r) => ({ id: r.id, content: unquote(r.content) })),
      seed: (fqdn, content) =>
        d.records.push({
          id: `seed${n++}`.padEnd(32, '0'),
          zone_id: zoneOf(fqdn)?.id ?? '',
          type: 'TXT',
          name: fqdn,
          content: `"${content}"`,
          ttl: 1,
        }),
      seedCname: (fqdn, target) =>
        d.records.push({
          id: `cname${n++}`.padEnd(32, '0'),
          zone_id: zoneOf(fqdn)?.id ?? '',
          type: 'CNAME',
          name: fqdn,
          content: target,
          ttl: 1,
        }),
      tooMany: {
        body: JSON.stringify({
          success: false,
          errors: [
            { code: 971, message: 'Please wait and consider throttling your request speed' },
          ],
          messages: [],
          result: null,
        }),
      },
    }
  },
})

describe('cloudflare', () => {
  it('sends TXT content quoted, as Cloudflare stores it, and takes a zone id without looking it up', async () => {
    const d = await startCloudflareDouble({ token: TOKEN, zones: ['example.org'] })
    try {
      const zoneId = d.zones[0]?.id ?? ''
      const options = cloudflare.read({
        raw: (n) =>
          (
            ({
              'cloudflare-token': TOKEN,
              'cloudflare-api-url': d.url,
              'cloudflare-zone-id': zoneId,
            }) as Record<string, string>
          )[n] ?? '',
        secret: () => undefined,
      })
      const dns = cloudflare.create(options, testDeps([TOKEN]).deps)
      expect(
        await setDnslink(dns, 'example.org', '/ipfs/bafkqaaa', { dryRun: false }),
      ).toMatchObject({
        action: 'created',
      })
      const post = d.server.requests.find((r) => r.method === 'POST')
      expect(JSON.parse(post?.body.toString() ?? '{}')).toMatchObject({
        type: 'TXT',
        name: '_dnslink.example.org',
        content: '"dnslink=/ipfs/bafkqaaa"',
        ttl: 60,
      })
      expect(d.server.requests.some((r) => r.url.startsWith('/client/v4/zones?'))).toBe(false)
    } finally {
      await d.close()
    }
  })

  const started = async () => {
    const d = await startCloudflareDouble({ token: TOKEN, zones: ['example.org'] })
    const options = cloudflare.read({
      raw: rawOf({ 'cloudflare-token': TOKEN, 'cloudflare-api-url': d.url }),
      secret: () => undefined,
    })
    const dns = cloudflare.create(options, testDeps([TOKEN]).deps)
    const zone = d.zones[0]?.id ?? ''
    const put = (id: string, content: string, extra: Partial<CloudflareRecord> = {}) =>
      d.records.push({
        id: id.padEnd(32, '0'),
        zone_id: zone,
        type: 'TXT',
        name: '_dnslink.example.org',
        content: `"${content}"`,
        ttl: 1,
        ...extra,
      })
    const links = () =>
      d.records.filter((r) => r.content.startsWith('"dnslink=')).map((r) => r.content)
    return { d, dns, put, links }
  }

  it('takes 81057 ("record already exists") on create as "re-list and update", not as done', async () => {
    const { d, dns, put, links } = await started()
    try {
      d.fault = (_n, _path, method) => {
        if (method !== 'POST') return undefined
        d.fault = undefined
        put('other', 'dnslink=/ipfs/bafkqaaa')
        return {
          status: 400,
          body: JSON.stringify({
            success: false,
            errors: [{ code: 81057, message: 'Record already exists.' }],
            messages: [],
            result: null,
          }),
        }
      }
      const c = await setDnslink(dns, 'example.org', '/ipfs/bafkqaab', { dryRun: false })
      expect(c).toMatchObject({ action: 'created', value: '/ipfs/bafkqaab' })
      expect(links()).toEqual(['"dnslink=/ipfs/bafkqaab"'])
      expect(d.server.requests.map((r) => r.method)).toContain('PATCH')
    } finally {
      await d.close()
    }
  })

  it('takes a 404 (81044) on update as "the record went away": re-lists and creates', async () => {
    const { d, dns, put, links } = await started()
    try {
      put('mine', 'dnslink=/ipfs/bafkqaaa')
      d.fault = (_n, _path, method) => {
        if (method === 'PATCH') d.records.splice(0)
        return undefined
      }
      const c = await setDnslink(dns, 'example.org', '/ipfs/bafkqaab', { dryRun: false })
      expect(c).toMatchObject({ action: 'updated', from: '/ipfs/bafkqaaa' })
      expect(links()).toEqual(['"dnslink=/ipfs/bafkqaab"'])
    } finally {
      await d.close()
    }
  })

  it('changes only the content of an existing record: its TTL and comment stay', async () => {
    const { d, dns, put } = await started()
    try {
      put('mine', 'dnslink=/ipfs/bafkqaaa', { ttl: 300, comment: 'set by hand' })
      await setDnslink(dns, 'example.org', '/ipfs/bafkqaab', { dryRun: false })
      const patch = d.server.requests.find((r) => r.method === 'PATCH')
      expect(JSON.parse(patch?.body.toString() ?? '{}')).toEqual({
        content: '"dnslink=/ipfs/bafkqaab"',
      })
      expect(d.records[0]).toMatchObject({ ttl: 300, comment: 'set by hand' })
    } finally {
      await d.close()
    }
  })

  it("shows Cloudflare's codes and words in a failure, not its JSON", async () => {
    const { d, dns } = await started()
    try {
      d.fault = () => ({
        status: 503,
        body: JSON.stringify({
          success: false,
          errors: [{ code: 10013, message: 'Service temporarily unavailable' }],
          messages: [],
          result: null,
        }),
      })
      const c = await setDnslink(dns, 'example.org', '/ipfs/bafkqaab', { dryRun: false })
      expect(c.error).toMatch(
        /^cloudflare: reading DNS records failed: HTTP 503: Cloudflare answered 10013 Service temporarily unavailable/,
      )
      expect(c.error).not.toMatch(/[{}"]/)
    } finally {
      await d.close()
    }
  })

  it('refuses a zone id that is not one, before any request', () => {
    expect(() =>
      cloudflare.read({
        raw: rawOf({
          'cloudflare-token': TOKEN,
          'cloudflare-api-url': 'https://x',
          'cloudflare-zone-id': 'example.org',
        }),
        secret: () => undefined,
      }),
    ).toThrow(/Input "cloudflare-zone-id" is not a Cloudflare zone id/)
  })
})
