/**
 * The contract every DNS provider meets: the DNS plugin family's suite (as test/support/contract.ts
 * is the pinning providers'). A new provider passes it before it is registered: its test file
 * calls `dnsContract` with a subject that starts its double (docs/names/dns-providers.md says
 * what the double must do). Through DNSLink (src/dns/dnslink.ts) and the provider object
 * (src/dns/types.ts):
 *
 * - zones: the longest one the token can see, or the one `dns-zone` names; each looked up once;
 * - set: created; no write when it already says the same; replaced (record per value: the same
 *   record, updated in place); every `dnslink=` value of any namespace replaced by one; every
 *   other TXT value kept byte for byte through set and remove; values read in either quoting;
 *   what the write returns as `after` is what the service holds;
 * - remove: only the `dnslink=` values `onlyIf` accepts; absent when there is none;
 * - listings: pages followed; a pager that repeats its pages refused before any write;
 * - a CNAME at `_dnslink.<name>`: reported, never written through;
 * - another writer between this run's read and its write, and two runs writing one name at once
 *   (the first write held until the second is answered): the name ends with exactly one
 *   `dnslink=` value, and a run reports success only for the value the name holds;
 * - a dry run writes nothing; a wrong token fails after one request, naming the input, never
 *   showing the token; a 429 is waited out for as long as `Retry-After` says.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { readDnslink, removeDnslink, setDnslink } from '../../src/dns/dnslink.js'
import type { AnyDnsDescriptor } from '../../src/dns/registry.js'
import type { DnsOptions, DnsProvider } from '../../src/dns/types.js'
import type { Clock } from '../../src/http/deadline.js'
import { fakeClock } from './clock.js'
import type { ContractDouble } from './contract.js'
import { testDeps } from './deps.js'
import type { TestServer } from './server.js'

/** What the contract needs of a provider's double. */
export interface DnsDouble extends ContractDouble {
  readonly server: TestServer
  /** Largest page it serves: the contract lowers it to force paging. */
  perPageMax: number
  /** Whether TXT text is read back wrapped in quotes. */
  quoteOnRead: boolean
  /** Listings ignore the page asked for and serve the first page again (a broken pager). */
  pageIgnored: boolean
  /** Awaited before a request is served: holds one run's request to force an interleaving. */
  gate?: (n: number, path: string, method: string) => Promise<void> | undefined
}

export interface DnsStarted {
  readonly double: DnsDouble
  /** The descriptor's raw inputs (URL, token). */
  readonly inputs: Record<string, string>
  readonly wrong: Record<string, string>
  readonly secrets: readonly string[]
  /** The TXT values (unquoted) the double holds at `fqdn`, with their record ids if any. */
  txt(fqdn: string): Array<{ id?: string; content: string }>
  /** Adds a TXT value at `fqdn` in the double (as another tool or run would). */
  seed(fqdn: string, content: string): void
  /** Makes `fqdn` a CNAME to `target` in the double. */
  seedCname(fqdn: string, target: string): void
  /** A body the service sends with a 429, and the headers besides `retry-after`. */
  readonly tooMany: { body: string; headers?: Record<string, string> }
}

export interface DnsSubject {
  readonly descriptor: AnyDnsDescriptor
  /** Zones the double has: `example.org` and `preview.example.org`. */
  /** `clock`: the run's, for a double that judges time (a SigV4 signature's age). */
  start(o?: { clock?: Clock }): Promise<DnsStarted>
}

const A = '/ipfs/bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const B = '/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'
const C = '/ipfs/bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4'
const IPNS = '/ipns/k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8'
const SPF = 'v=spf1 include:_spf.example.org -all'
const VERIFY = 'google-site-verification=abc123=='

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
      o: {
        inputs?: Record<string, string>
        zone?: string
        clock?: ReturnType<typeof fakeClock>
      } = {},
    ): { dns: DnsProvider; logs: string[] } => {
      const { deps, logs } = testDeps(d.secrets, {
        retries: 2,
        ...(o.clock !== undefined ? { clock: o.clock } : {}),
      })
      const inputs = o.inputs ?? d.inputs
      const options = subject.descriptor.read({
        raw: (n) => inputs[n] ?? '',
        secret: () => undefined,
      }) as DnsOptions
      return {
        dns: subject.descriptor.create(
          { ...options, ...(o.zone !== undefined ? { zone: o.zone } : {}) },
          deps,
        ),
        logs,
      }
    }
    const writes = (d: DnsStarted): number =>
      d.double.server.requests.filter((r) => r.method !== 'GET').length
    const links = (d: DnsStarted, fqdn: string): string[] =>
      d
        .txt(fqdn)
        .map((r) => r.content)
        .filter((t) => t.startsWith('dnslink='))
        .map((t) => t.slice('dnslink='.length))
    const others = (d: DnsStarted, fqdn: string): string[] =>
      d
        .txt(fqdn)
        .map((r) => r.content)
        .filter((t) => !t.startsWith('dnslink='))
        .sort()
    const opts = { dryRun: false }

    it('finds the longest zone the token can see, or the one named, and looks each up once', async () => {
      const d = (s = await subject.start())
      const { dns } = provider(d)
      expect((await dns.zoneOf('pr-1.preview.example.org')).name).toBe('preview.example.org')
      expect((await dns.zoneOf('www.example.org')).name).toBe('example.org')
      const asked = d.double.server.requests.length
      expect((await dns.zoneOf('pr-1.preview.example.org')).name).toBe('preview.example.org')
      expect((await dns.readTxt('_dnslink.pr-1.preview.example.org')).zone.name).toBe(
        'preview.example.org',
      )
      // The record listing only: no zone is looked up again.
      expect(d.double.server.requests.length - asked).toBe(1)
      expect(
        (await provider(d, { zone: 'example.org' }).dns.zoneOf('pr-1.preview.example.org')).name,
      ).toBe('example.org')
      await expect(dns.zoneOf('example.com')).rejects.toThrow(/no zone .* holds example\.com/)
    })

    it('creates the value, writes nothing when it already says the same, replaces it keeping the other values', async () => {
      const d = (s = await subject.start())
      const { dns } = provider(d)
      const name = 'pr-7.preview.example.org'
      const fqdn = `_dnslink.${name}`
      d.seed(fqdn, VERIFY)
      expect(await setDnslink(dns, name, A, opts)).toMatchObject({ action: 'created', value: A })
      expect(links(d, fqdn)).toEqual([A])
      const made = d.txt(fqdn).find((r) => r.content.startsWith('dnslink='))
      const before = writes(d)
      expect(await setDnslink(dns, name, A, opts)).toMatchObject({ action: 'unchanged', from: A })
      expect(writes(d)).toBe(before)

      const w = await dns.setDnslink(fqdn, B)
      expect(w).toMatchObject({ outcome: 'updated', before: [A], after: [B] })
      expect(links(d, fqdn)).toEqual([B])
      expect(others(d, fqdn)).toEqual([VERIFY])
      if (dns.capabilities.model === 'record')
        expect(d.txt(fqdn).find((r) => r.content.startsWith('dnslink='))?.id).toBe(made?.id)
      const state = await dns.readTxt(fqdn)
      expect(state.fqdn).toBe(fqdn)
      expect(state.values.map((v) => v.text).sort()).toEqual([`dnslink=${B}`, VERIFY].sort())
      expect(await readDnslink(dns, name)).toEqual([B])
    })

    it('replaces every dnslink= value of any namespace by one, reads either quoting, and keeps other values byte for byte', async () => {
      const d = (s = await subject.start())
      const { dns } = provider(d)
      const name = 'example.org'
      const fqdn = `_dnslink.${name}`
      d.seed(fqdn, `dnslink=${A}`)
      d.seed(fqdn, `dnslink=${IPNS}`)
      d.seed(fqdn, SPF)
      d.seed(fqdn, VERIFY)
      for (const quoted of [true, false]) {
        d.double.quoteOnRead = quoted
        expect((await readDnslink(dns, name)).sort()).toEqual([A, IPNS].sort())
        expect((await dns.readTxt(fqdn)).values.map((v) => v.text)).toContain(SPF)
      }
      const set = await setDnslink(dns, name, B, opts)
      expect(set).toMatchObject({ action: 'updated', duplicatesRemoved: 1 })
      expect(links(d, fqdn)).toEqual([B])
      expect(others(d, fqdn)).toEqual([SPF, VERIFY].sort())

      d.seed(fqdn, `dnslink=${C}`)
      const kept = await removeDnslink(dns, name, { ...opts, onlyIf: (v) => v === C })
      expect(kept).toMatchObject({ action: 'deleted' })
      expect(links(d, fqdn)).toEqual([B])
      expect(await removeDnslink(dns, name, { ...opts, onlyIf: (v) => v === C })).toMatchObject({
        action: 'unchanged',
      })
      expect(await removeDnslink(dns, name, opts)).toMatchObject({ action: 'deleted', from: B })
      expect(links(d, fqdn)).toEqual([])
      expect(others(d, fqdn)).toEqual([SPF, VERIFY].sort())
      expect(await removeDnslink(dns, name, opts)).toMatchObject({ action: 'absent' })
      expect(await readDnslink(dns, name)).toEqual([])
    })

    it('follows pages of records, and writes nothing in a dry run', async () => {
      const d = (s = await subject.start())
      d.double.perPageMax = 2
      const { dns } = provider(d)
      const name = 'www.example.org'
      const fqdn = `_dnslink.${name}`
      for (let i = 0; i < 5; i++) d.seed(fqdn, `note-${i}`)
      d.seed(fqdn, `dnslink=${A}`)
      expect(await readDnslink(dns, name)).toEqual([A])
      const before = writes(d)
      expect(await setDnslink(dns, name, B, { dryRun: true })).toMatchObject({
        action: 'updated',
        dryRun: true,
        from: A,
      })
      expect(await removeDnslink(dns, name, { dryRun: true })).toMatchObject({ dryRun: true })
      expect(writes(d)).toBe(before)
      expect(await dns.setDnslink(fqdn, B)).toMatchObject({ after: [B] })
      expect(links(d, fqdn)).toEqual([B])
      expect(others(d, fqdn)).toHaveLength(5)
    })

    it('refuses a pager that repeats its pages, before any write, and loses nothing', async (ctx) => {
      const d = (s = await subject.start())
      // A record set holds all of a name's TXT values in one answer: no page can lose part of
      // them. Record-set plugins test their own paging (across types and names) in their file.
      if (provider(d).dns.capabilities.model === 'rrset') ctx.skip()
      d.double.perPageMax = 1
      d.double.pageIgnored = true
      const { dns } = provider(d)
      const name = 'www.example.org'
      const fqdn = `_dnslink.${name}`
      d.seed(fqdn, `dnslink=${A}`)
      d.seed(fqdn, SPF)
      const before = writes(d)
      const c = await setDnslink(dns, name, B, opts)
      expect(c.action).toBe('failed')
      expect(c.error).toMatch(/repeats itself/)
      expect(await removeDnslink(dns, name, opts)).toMatchObject({ action: 'failed' })
      await expect(readDnslink(dns, name)).rejects.toThrow(/repeats itself/)
      expect(writes(d)).toBe(before)
      expect(links(d, fqdn)).toEqual([A])
      expect(others(d, fqdn)).toEqual([SPF])
    })

    it('never writes through a CNAME at _dnslink.<name>, and says where it points', async () => {
      const d = (s = await subject.start())
      const { dns } = provider(d)
      const name = 'docs.example.org'
      d.seedCname(`_dnslink.${name}`, '_dnslink.docs.example.net')
      expect((await dns.readTxt(`_dnslink.${name}`)).delegatedTo).toBe('_dnslink.docs.example.net')
      for (const dryRun of [true, false]) {
        const c = await setDnslink(dns, name, A, { dryRun })
        expect(c.action).toBe('failed')
        expect(c.error).toMatch(/CNAME to _dnslink\.docs\.example\.net/)
      }
      expect((await removeDnslink(dns, name, opts)).error).toMatch(/CNAME/)
      await expect(readDnslink(dns, name)).rejects.toThrow(/CNAME/)
      expect(writes(d)).toBe(0)
    })

    for (const existing of [false, true])
      it(`another writer between this run's read and its write (${existing ? 'a value there' : 'no value yet'}): one dnslink= value remains, and the result says whose`, async () => {
        const d = (s = await subject.start())
        const { dns } = provider(d)
        const name = 'race.example.org'
        const fqdn = `_dnslink.${name}`
        d.seed(fqdn, SPF)
        if (existing) d.seed(fqdn, `dnslink=${A}`)
        let done = false
        d.double.fault = (_n, _path, method) => {
          if (method !== 'GET' && !done) {
            done = true
            d.seed(fqdn, `dnslink=${C}`)
          }
          return undefined
        }
        const c = await setDnslink(dns, name, B, opts)
        const now = links(d, fqdn)
        expect(now).toHaveLength(1)
        expect(others(d, fqdn)).toEqual([SPF])
        if (now[0] === B) expect(c.action).toBe(existing ? 'updated' : 'created')
        else {
          expect(c.action).toBe('failed')
          expect(c.error).toContain(`another run wrote dnslink=${now[0] ?? ''}`)
        }
      })

    it('two runs setting one name at once (the first write held until the second is answered) leave one dnslink= value', async () => {
      const d = (s = await subject.start())
      const name = 'both.example.org'
      const fqdn = `_dnslink.${name}`
      d.seed(fqdn, SPF)
      let release: (() => void) | undefined
      let held = 0
      d.double.gate = (_n, _path, method) => {
        if (method === 'GET') return undefined
        if (held++ === 0) return new Promise<void>((r) => (release = r))
        // The second write: served now, then the first goes on.
        setImmediate(() => release?.())
        return undefined
      }
      const [x, y] = await Promise.all([
        setDnslink(provider(d).dns, name, A, opts),
        setDnslink(provider(d).dns, name, B, opts),
      ])
      expect(held).toBeGreaterThanOrEqual(2)
      const now = links(d, fqdn)
      expect(now).toHaveLength(1)
      expect(others(d, fqdn)).toEqual([SPF])
      const [won, lost] = now[0] === A ? [x, y] : [y, x]
      expect(won.action).toBe('created')
      if (provider(d).dns.capabilities.model === 'record') {
        expect(lost.action).toBe('failed')
        expect(lost.error).toContain(`another run wrote dnslink=${now[0] ?? ''}`)
      }
    })

    it('fails on a wrong token after one request, naming the input, never the token', async () => {
      const d = (s = await subject.start())
      const { dns } = provider(d, { inputs: d.wrong })
      const c = await setDnslink(dns, 'example.org', A, opts)
      expect(c.action).toBe('failed')
      // The first credential input is named (`<id>-token`, or the pair AWS signs with).
      const input = subject.descriptor.credentials[0] ?? `${id}-token`
      expect(c.error).toMatch(
        new RegExp(`^${id}: [a-zA-Z ]+ failed: HTTP 40[13].*check "${input}"`),
      )
      expect(c.error).not.toMatch(/[{}]/)
      expect(d.double.server.requests).toHaveLength(1)
      const wrong = subject.descriptor.credentials.map((n) => d.wrong[n] ?? '').filter(Boolean)
      for (const secret of [...d.secrets, ...wrong]) expect(c.error).not.toContain(secret)
    })

    it('waits out a 429 for as long as Retry-After says, and goes on', async () => {
      const clock = fakeClock()
      const d = (s = await subject.start({ clock }))
      const { dns, logs } = provider(d, { clock })
      let n = 0
      d.double.fault = () =>
        n++ === 0
          ? {
              status: 429,
              body: d.tooMany.body,
              headers: { ...d.tooMany.headers, 'retry-after': '1' },
            }
          : undefined
      expect(await setDnslink(dns, 'example.org', A, opts)).toMatchObject({ action: 'created' })
      expect(logs.join('\n')).toMatch(/retrying in 1\.0 s/)
      expect(clock.sleeps[0]).toBe(1000)
    })
  })
}
