/**
 * The contract every DNS provider meets (the DNS plugin family's suite, as test/support/contract.ts
 * is the pinning providers'): each provider's test file calls `dnsContract` with a subject that
 * starts its double. Through DNSLink (src/dns/dnslink.ts) and the provider object:
 *
 * - the zone found as the longest one the token can see, or the one `dns-zone` names;
 * - `_dnslink.<name>` created, left alone when it already says the same (no write), updated in
 *   place (same record), extra `dnslink=` records removed, other TXT records at the name untouched;
 *   removed on cleanup; read back in either quoting;
 * - pages of records followed; a dry run writes nothing;
 * - a wrong token: one request, a failure naming the input to check, no retry; 429 waited out;
 * - no credential byte in any message.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { readDnslink, removeDnslink, setDnslink } from '../../src/dns/dnslink.js'
import type { AnyDnsDescriptor } from '../../src/dns/registry.js'
import type { DnsOptions, DnsProvider } from '../../src/dns/types.js'
import type { ContractDouble } from './contract.js'
import { testDeps } from './deps.js'
import type { TestServer } from './server.js'

export interface DnsStarted {
  readonly double: ContractDouble & {
    readonly server: TestServer
    perPageMax: number
    rateLimitAfter?: number
    quoteOnRead: boolean
  }
  /** The descriptor's raw inputs (URL, token); `zone` is what `dns-zone` would say. */
  readonly inputs: Record<string, string>
  readonly wrong: Record<string, string>
  readonly secrets: readonly string[]
  /** The TXT contents (unquoted) the double holds at `fqdn`, with their record ids. */
  txt(fqdn: string): Array<{ id: string; content: string }>
  /** Puts a TXT record in the double's zone of `fqdn`. */
  seed(fqdn: string, content: string): void
}

export interface DnsSubject {
  readonly descriptor: AnyDnsDescriptor
  /** Zones the double has: `example.org` and `preview.example.org`. */
  start(): Promise<DnsStarted>
}

const A = '/ipfs/bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const B = '/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'

export function dnsContract(subject: DnsSubject): void {
  const id = subject.descriptor.id
  describe(`DNS provider contract: ${id}`, () => {
    let s: DnsStarted | undefined
    afterEach(async () => {
      await s?.double.close()
      s = undefined
    })
    const provider = (
      d: DnsStarted,
      inputs = d.inputs,
      zone?: string,
    ): { dns: DnsProvider; logs: string[] } => {
      const { deps, logs } = testDeps(d.secrets, { retries: 2 })
      const options = subject.descriptor.read({
        raw: (n) => inputs[n] ?? '',
        secret: () => undefined,
      }) as DnsOptions
      return {
        dns: subject.descriptor.create(
          { ...options, ...(zone !== undefined ? { zone } : {}) },
          deps,
        ),
        logs,
      }
    }
    const writes = (d: DnsStarted): number =>
      d.double.server.requests.filter((r) => r.method !== 'GET').length
    const opts = { dryRun: false }

    it('finds the longest zone the token can see, or the one named', async () => {
      const d = (s = await subject.start())
      const { dns } = provider(d)
      expect((await dns.zoneOf('pr-1.preview.example.org')).name).toBe('preview.example.org')
      expect((await dns.zoneOf('www.example.org')).name).toBe('example.org')
      expect(
        (await provider(d, d.inputs, 'example.org').dns.zoneOf('pr-1.preview.example.org')).name,
      ).toBe('example.org')
      await expect(dns.zoneOf('example.com')).rejects.toThrow(/no zone .* holds example\.com/)
    })

    it('creates the record, writes nothing when it already says the same, updates it in place', async () => {
      const d = (s = await subject.start())
      const { dns } = provider(d)
      const name = 'pr-7.preview.example.org'
      const fqdn = `_dnslink.${name}`
      d.seed(fqdn, 'google-site-verification=abc123')
      expect(await setDnslink(dns, name, A, opts)).toMatchObject({ action: 'created', value: A })
      const made = d.txt(fqdn).find((r) => r.content.startsWith('dnslink='))
      expect(made?.content).toBe(`dnslink=${A}`)
      const before = writes(d)
      expect(await setDnslink(dns, name, A, opts)).toMatchObject({ action: 'unchanged', from: A })
      expect(writes(d)).toBe(before)
      expect(await setDnslink(dns, name, B, opts)).toMatchObject({
        action: 'updated',
        from: A,
        value: B,
      })
      const after = d.txt(fqdn)
      expect(after.filter((r) => r.content.startsWith('dnslink='))).toEqual([
        { id: made?.id, content: `dnslink=${B}` },
      ])
      expect(after.map((r) => r.content)).toContain('google-site-verification=abc123')
      expect(await readDnslink(dns, name)).toBe(B)
    })

    it('keeps exactly one dnslink record, reads either quoting, and removes only its own', async () => {
      const d = (s = await subject.start())
      const { dns } = provider(d)
      const name = 'example.org'
      const fqdn = `_dnslink.${name}`
      d.seed(fqdn, `dnslink=${A}`)
      d.seed(fqdn, `dnslink=${B}`)
      d.seed(fqdn, 'v=spf1 -all')
      for (const quoted of [true, false]) {
        d.double.quoteOnRead = quoted
        expect(await readDnslink(dns, name)).toBe(A)
      }
      expect(await setDnslink(dns, name, B, opts)).toMatchObject({ action: 'updated' })
      expect(
        d
          .txt(fqdn)
          .map((r) => r.content)
          .sort(),
      ).toEqual([`dnslink=${B}`, 'v=spf1 -all'])
      expect(await removeDnslink(dns, name, opts)).toMatchObject({ action: 'deleted', from: B })
      expect(d.txt(fqdn).map((r) => r.content)).toEqual(['v=spf1 -all'])
      expect(await removeDnslink(dns, name, opts)).toMatchObject({ action: 'absent' })
      expect(await readDnslink(dns, name)).toBeUndefined()
    })

    it('follows pages of records, and writes nothing in a dry run', async () => {
      const d = (s = await subject.start())
      d.double.perPageMax = 2
      const { dns } = provider(d)
      const name = 'www.example.org'
      const fqdn = `_dnslink.${name}`
      for (let i = 0; i < 5; i++) d.seed(fqdn, `note-${i}`)
      d.seed(fqdn, `dnslink=${A}`)
      expect(await readDnslink(dns, name)).toBe(A)
      const before = writes(d)
      expect(await setDnslink(dns, name, B, { dryRun: true })).toMatchObject({
        action: 'updated',
        dryRun: true,
        from: A,
      })
      expect(await removeDnslink(dns, name, { dryRun: true })).toMatchObject({ dryRun: true })
      expect(writes(d)).toBe(before)
      expect(await readDnslink(dns, name)).toBe(A)
    })

    it('fails on a wrong token after one request, naming the input, never the token', async () => {
      const d = (s = await subject.start())
      const { dns } = provider(d, d.wrong)
      const c = await setDnslink(dns, 'example.org', A, opts)
      expect(c.action).toBe('failed')
      expect(c.error).toMatch(
        new RegExp(`^${id}: [a-zA-Z ]+ failed: HTTP 40[13].*check "${id}-token"`),
      )
      expect(d.double.server.requests).toHaveLength(1)
      for (const secret of [...d.secrets, d.wrong[`${id}-token`] ?? ''])
        expect(c.error).not.toContain(secret)
    })

    it('waits out a rate limit and goes on', async () => {
      const d = (s = await subject.start())
      const { dns, logs } = provider(d)
      let n = 0
      d.double.fault = () =>
        n++ === 0 ? { status: 429, body: '{}', headers: { 'retry-after': '0' } } : undefined
      expect(await setDnslink(dns, 'example.org', A, opts)).toMatchObject({ action: 'created' })
      expect(logs.join('\n')).toMatch(/retrying/)
    })
  })
}
