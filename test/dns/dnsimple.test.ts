/** DNSimple against its double: the DNS contract, and what only DNSimple does. */
import { describe, expect, it } from 'vitest'
import { setDnslink } from '../../src/dns/dnslink.js'
import { dnsimple, relativeName } from '../../src/dns/dnsimple.js'
import { startDnsimpleDouble } from '../doubles/dnsimple.js'
import { testDeps } from '../support/deps.js'
import { dnsContract } from '../support/dns-contract.js'

const TOKEN = 'dnsimple-token-9f8e7d6c'
const ACCOUNT = 1010

dnsContract({
  descriptor: dnsimple,
  async start() {
    const d = await startDnsimpleDouble({
      token: TOKEN,
      accountId: ACCOUNT,
      zones: ['example.org', 'preview.example.org'],
    })
    const zoneOf = (fqdn: string) =>
      [...d.zones]
        .sort((a, b) => b.name.length - a.name.length)
        .find((z) => fqdn === z.name || fqdn.endsWith(`.${z.name}`))
    let n = 900_000
    return {
      double: d,
      inputs: { 'dnsimple-token': TOKEN, 'dnsimple-api-url': d.url },
      wrong: { 'dnsimple-token': 'dnsimple-wrong-token', 'dnsimple-api-url': d.url },
      secrets: [TOKEN],
      txt: (fqdn) => {
        const z = zoneOf(fqdn)
        if (z === undefined) return []
        const rel = relativeName(fqdn, z.name)
        return d.records
          .filter((r) => r.type === 'TXT' && r.zone_id === z.name && r.name === rel)
          .map((r) => ({ id: String(r.id), content: r.content }))
      },
      seed: (fqdn, content) => {
        const z = zoneOf(fqdn)
        if (z === undefined) throw new Error(`no zone for ${fqdn}`)
        d.records.push({
          id: n++,
          zone_id: z.name,
          name: relativeName(fqdn, z.name),
          type: 'TXT',
          content,
          ttl: 3600,
        })
      },
      seedCname: (fqdn, target) => {
        const z = zoneOf(fqdn)
        if (z === undefined) throw new Error(`no zone for ${fqdn}`)
        d.records.push({
          id: n++,
          zone_id: z.name,
          name: relativeName(fqdn, z.name),
          type: 'CNAME',
          content: target,
          ttl: 3600,
        })
      },
      tooMany: { body: JSON.stringify({ message: 'quota exceeded' }) },
    }
  },
})

describe('dnsimple', () => {
  it('writes names relative to the zone, finds the account with /whoami, and sends no regions', async () => {
    const d = await startDnsimpleDouble({
      token: TOKEN,
      accountId: ACCOUNT,
      zones: ['example.org'],
    })
    try {
      const options = dnsimple.read({
        raw: (n) =>
          (({ 'dnsimple-token': TOKEN, 'dnsimple-api-url': d.url }) as Record<string, string>)[n] ??
          '',
        secret: () => undefined,
      })
      const dns = dnsimple.create(options, testDeps([TOKEN]).deps)
      expect(
        await setDnslink(dns, 'pr-3.preview.example.org', '/ipfs/bafkqaaa', { dryRun: false }),
      ).toMatchObject({
        action: 'created',
      })
      expect(d.server.requests[0]?.url).toBe('/v2/whoami')
      const post = d.server.requests.find((r) => r.method === 'POST')
      expect(post?.url).toBe(`/v2/${ACCOUNT}/zones/example.org/records`)
      expect(JSON.parse(post?.body.toString() ?? '{}')).toEqual({
        name: '_dnslink.pr-3.preview',
        type: 'TXT',
        content: 'dnslink=/ipfs/bafkqaaa',
        ttl: 60,
      })
      expect(
        await setDnslink(dns, 'pr-3.preview.example.org', '/ipfs/bafkqaab', { dryRun: false }),
      ).toMatchObject({
        action: 'updated',
      })
      const patch = d.server.requests.find((r) => r.method === 'PATCH')
      const sent = JSON.parse(patch?.body.toString() ?? '{}') as Record<string, unknown>
      expect(Object.keys(sent).sort()).toEqual(['content'])
    } finally {
      await d.close()
    }
  })

  it('takes a 404 ("Record not found") on update as "the record went away": re-lists and creates, and shows DNSimple\'s words, not its JSON', async () => {
    const d = await startDnsimpleDouble({
      token: TOKEN,
      accountId: ACCOUNT,
      zones: ['example.org'],
    })
    try {
      const dns = dnsimple.create(
        dnsimple.read({
          raw: (n) =>
            (({ 'dnsimple-token': TOKEN, 'dnsimple-api-url': d.url }) as Record<string, string>)[
              n
            ] ?? '',
          secret: () => undefined,
        }),
        testDeps([TOKEN]).deps,
      )
      const dnslink = () =>
        d.records.filter((r) => r.type === 'TXT' && r.name === '_dnslink').map((r) => r.content)
      d.records.push({
        id: 500,
        zone_id: 'example.org',
        name: '_dnslink',
        type: 'TXT',
        content: 'dnslink=/ipfs/bafkqaaa',
        ttl: 3600,
      })
      d.fault = (_n, _path, method) => {
        if (method === 'PATCH')
          d.records.splice(
            d.records.findIndex((r) => r.id === 500),
            1,
          )
        return undefined
      }
      const c = await setDnslink(dns, 'example.org', '/ipfs/bafkqaab', { dryRun: false })
      expect(c).toMatchObject({ action: 'updated', from: '/ipfs/bafkqaaa' })
      expect(dnslink()).toEqual(['dnslink=/ipfs/bafkqaab'])

      d.fault = () => ({
        status: 400,
        body: JSON.stringify({
          message: 'Validation failed',
          errors: { content: ['is too long'] },
        }),
      })
      const bad = await setDnslink(dns, 'example.org', '/ipfs/bafkqaac', { dryRun: false })
      expect(bad.error).toMatch(/DNSimple answered Validation failed; content: is too long/)
      expect(bad.error).not.toMatch(/[{}]/)
    } finally {
      await d.close()
    }
  })

  it('names a record relative to its zone, the apex as ""', () => {
    expect(relativeName('_dnslink.www.example.org', 'example.org')).toBe('_dnslink.www')
    expect(relativeName('example.org', 'example.org')).toBe('')
    expect(() => relativeName('a.example.com', 'example.org')).toThrow(/not in the zone/)
  })
})
