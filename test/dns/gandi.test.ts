/** Gandi LiveDNS against its double: the DNS contract, and what only Gandi does. */
import { describe, expect, it } from 'vitest'
import { setDnslink, removeDnslink } from '../../src/dns/dnslink.js'
import { gandi } from '../../src/dns/gandi.js'
import { bareTxt, startGandiDouble, type GandiDouble } from '../doubles/gandi.js'
import { testDeps } from '../support/deps.js'
import { dnsContract } from '../support/dns-contract.js'

const PAT = 'gandi-pat-7c6b5a4f3e2d1c0b'
const A = '/ipfs/bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const B = '/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'

/** The zone of `fqdn` in the double (Gandi zones are registered domains) and its label. */
function where(d: GandiDouble, fqdn: string): { zone: string; label: string } {
  const zone = [...d.domains]
    .sort((a, b) => b.length - a.length)
    .find((z) => fqdn === z || fqdn.endsWith(`.${z}`))
  if (zone === undefined) throw new Error(`no domain for ${fqdn}`)
  return { zone, label: fqdn === zone ? '@' : fqdn.slice(0, fqdn.length - zone.length - 1) }
}
const setAt = (d: GandiDouble, fqdn: string, type = 'TXT') => {
  const { zone, label } = where(d, fqdn)
  return d.rrsets.find((r) => r.zone === zone && r.name.toLowerCase() === label && r.type === type)
}

dnsContract({
  descriptor: gandi,
  async start() {
    const d = await startGandiDouble({
      token: PAT,
      domains: ['example.org', 'preview.example.org'],
    })
    return {
      double: d,
      inputs: { 'gandi-token': PAT, 'gandi-api-url': d.url },
      wrong: { 'gandi-token': 'gandi-wrong-pat', 'gandi-api-url': d.url },
      secrets: [PAT],
      txt: (fqdn) => (setAt(d, fqdn)?.values ?? []).map((v) => ({ content: bareTxt(v) })),
      seed: (fqdn, content) => {
        const set = setAt(d, fqdn)
        const value = `"${content.replace(/[\\"]/g, (c) => `\\${c}`)}"`
        if (set !== undefined) set.values.push(value)
        else
          d.rrsets.push({
            ...where(d, fqdn),
            name: where(d, fqdn).label,
            type: 'TXT',
            ttl: 3600,
            values: [value],
          })
      },
      seedCname: (fqdn, target) =>
        d.rrsets.push({
          zone: where(d, fqdn).zone,
          name: where(d, fqdn).label,
          type: 'CNAME',
          ttl: 3600,
          values: [`${target}.`],
        }),
      tooMany: {
        body: JSON.stringify({
          code: 429,
          message: 'Too Many Requests',
          object: 'HTTPTooManyRequests',
          cause: 'Too Many Requests',
        }),
      },
    }
  },
})

describe('gandi', () => {
  const start = async (): Promise<{
    d: GandiDouble
    dns: ReturnType<typeof gandi.create>
    logs: string[]
  }> => {
    const d = await startGandiDouble({ token: PAT, domains: ['example.org'] })
    const { deps, logs } = testDeps([PAT])
    const options = gandi.read({
      raw: (n) => ({ 'gandi-token': PAT, 'gandi-api-url': d.url })[n as string] ?? '',
      secret: () => undefined,
    })
    return { d, dns: gandi.create(options, deps), logs }
  }

  it('sends one PUT with every other value and the set TTL (a PUT without it would reset it to 10800)', async () => {
    const { d, dns } = await start()
    try {
      d.rrsets.push({
        zone: 'example.org',
        name: '_dnslink.www',
        type: 'TXT',
        ttl: 1800,
        values: ['"v=spf1 -all"', `"dnslink=${A}"`],
      })
      expect(await setDnslink(dns, 'www.example.org', B, { dryRun: false })).toMatchObject({
        action: 'updated',
        from: A,
      })
      const puts = d.server.requests.filter((r) => r.method === 'PUT')
      expect(puts).toHaveLength(1)
      expect(puts[0]?.url).toBe('/v5/livedns/domains/example.org/records/_dnslink.www/TXT')
      expect(puts[0]?.headers['content-type']).toBe('application/json')
      expect(JSON.parse(puts[0]?.body.toString() ?? '')).toEqual({
        rrset_values: ['"v=spf1 -all"', `"dnslink=${B}"`],
        rrset_ttl: 1800,
      })
      expect(setAt(d, '_dnslink.www.example.org')).toMatchObject({ ttl: 1800 })
      // Removing keeps the other value and the TTL; with nothing left, the set is deleted.
      expect(await removeDnslink(dns, 'www.example.org', { dryRun: false })).toMatchObject({
        action: 'deleted',
      })
      expect(setAt(d, '_dnslink.www.example.org')).toMatchObject({
        ttl: 1800,
        values: ['"v=spf1 -all"'],
      })
      d.rrsets.push({
        zone: 'example.org',
        name: '_dnslink',
        type: 'TXT',
        ttl: 600,
        values: [`"dnslink=${A}"`],
      })
      await removeDnslink(dns, 'example.org', { dryRun: false })
      expect(d.server.requests.at(-2)).toMatchObject({
        method: 'DELETE',
        url: '/v5/livedns/domains/example.org/records/_dnslink/TXT',
      })
      expect(setAt(d, '_dnslink.example.org')).toBeUndefined()
    } finally {
      await d.close()
    }
  })

  it('raises a new set TTL to the 300 s floor, saying so, and writes labels in the case Gandi stored them', async () => {
    const { d, dns, logs } = await start()
    try {
      d.caseSensitiveLabels = true
      expect(await dns.setDnslink('_dnslink.new.example.org', A, { ttl: 60 })).toMatchObject({
        outcome: 'created',
        after: [A],
      })
      expect(setAt(d, '_dnslink.new.example.org')).toMatchObject({ ttl: 300 })
      expect(logs.join('\n')).toMatch(/TTL 60 s is outside .*300 s is used/)
      d.rrsets.push({
        zone: 'example.org',
        name: '_DNSLink.Mixed',
        type: 'TXT',
        ttl: 900,
        values: [`"dnslink=${A}"`],
      })
      // Gandi answers a lower-case name lookup with the stored label; the PUT must use that label.
      d.caseSensitiveLabels = false
      const state = await dns.readTxt('_dnslink.mixed.example.org')
      d.caseSensitiveLabels = true
      expect(
        await dns.setDnslink('_dnslink.mixed.example.org', B, { expect: state }),
      ).toMatchObject({ after: [B] })
      expect(d.server.requests.at(-2)?.url).toBe(
        '/v5/livedns/domains/example.org/records/_DNSLink.Mixed/TXT',
      )
    } finally {
      await d.close()
    }
  })

  it('an expired token fails naming the input and what to do, without the token or JSON', async () => {
    const { d, dns } = await start()
    try {
      d.expireAfter = 0
      const c = await setDnslink(dns, 'example.org', A, { dryRun: false })
      expect(c.action).toBe('failed')
      expect(c.error).toMatch(
        /HTTP 401: Gandi answered .*access token has expired.*check "gandi-token"/,
      )
      expect(c.error).not.toContain(PAT)
    } finally {
      await d.close()
    }
  })

  it('sends the token as Bearer, never as a legacy Apikey', async () => {
    const { d, dns } = await start()
    try {
      d.apiKey = PAT
      await dns.readTxt('_dnslink.example.org')
      expect(d.server.requests.every((r) => r.headers.authorization === `Bearer ${PAT}`)).toBe(true)
    } finally {
      await d.close()
    }
  })
})
