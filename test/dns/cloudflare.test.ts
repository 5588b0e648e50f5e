/** Cloudflare against its double: the DNS contract, and what only Cloudflare does. */
import { describe, expect, it } from 'vitest'
import { cloudflare } from '../../src/dns/cloudflare.js'
import { setDnslink } from '../../src/dns/dnslink.js'
import { startCloudflareDouble } from '../doubles/cloudflare.js'
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
