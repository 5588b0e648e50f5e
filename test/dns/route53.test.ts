/**
 * Route 53 against its double: the DNS contract; requests equal to what the official SDK
 * (`@aws-sdk/client-route-53`) sends for the same operations; and what only Route 53 does
 * (compare-and-swap batches, waiting for INSYNC on the run's clock, throttling, IAM policy,
 * duplicate zones, 255-byte strings).
 */
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53'
import { afterEach, describe, expect, it } from 'vitest'
import { removeDnslink, setDnslink } from '../../src/dns/dnslink.js'
import { signingRegion } from '../../src/dns/route53-api.js'
import { route53 } from '../../src/dns/route53.js'
import { parseTxt, presentTxt } from '../../src/dns/txt.js'
import type { DnsProvider } from '../../src/dns/types.js'
import { awsError, canonName, startRoute53Double, type Route53Double } from '../doubles/route53.js'
import { fakeClock, type FakeClock } from '../support/clock.js'
import { testDeps } from '../support/deps.js'
import { dnsContract } from '../support/dns-contract.js'

const KEY = 'AKIAROUTE53CONTRACT'
const SECRET = 'r53/secret+Key0123456789abcdefghijklmno'
const A = '/ipfs/bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const B = '/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'

const zoneFor = (d: Route53Double, fqdn: string) =>
  [...d.zones]
    .filter((z) => !z.private)
    .sort((a, b) => b.name.length - a.name.length)
    .find((z) => canonName(fqdn) === z.name || canonName(fqdn).endsWith(`.${z.name}`))
const txtSet = (d: Route53Double, fqdn: string) =>
  d.rrsets.find((r) => r.name === canonName(fqdn) && r.type === 'TXT')
const inputs = (d: Route53Double, more: Record<string, string> = {}): Record<string, string> => ({
  'aws-access-key-id': KEY,
  'aws-secret-access-key': SECRET,
  'route53-api-url': d.url,
  'route53-wait': 'none',
  'route53-wait-timeout': '2m',
  ...more,
})

dnsContract({
  descriptor: route53,
  async start(o) {
    const d = await startRoute53Double({
      accessKeyId: KEY,
      secretAccessKey: SECRET,
      zones: ['example.org', 'preview.example.org'],
      ...(o?.clock !== undefined ? { clock: o.clock } : {}),
    })
    const add = (fqdn: string, type: string, value: string): void => {
      const set = d.rrsets.find((r) => r.name === canonName(fqdn) && r.type === type)
      if (set !== undefined) set.values.push(value)
      else
        d.rrsets.push({
          zoneId: zoneFor(d, fqdn)?.id ?? '',
          name: canonName(fqdn),
          type,
          ttl: 300,
          values: [value],
        })
    }
    return {
      double: Object.assign(d, { quoteOnRead: true }),
      inputs: inputs(d),
      wrong: inputs(d, { 'aws-secret-access-key': 'not-the-secret-key' }),
      secrets: [KEY, SECRET],
      txt: (fqdn) =>
        (txtSet(d, fqdn)?.values ?? []).map((v) => ({ content: parseTxt(v, 'octal') })),
      seed: (fqdn, content) => add(fqdn, 'TXT', presentTxt(content, 'octal')),
      seedCname: (fqdn, target) => add(fqdn, 'CNAME', `${target}.`),
      tooMany: awsError(400, 'Throttling', 'Rate exceeded') as { body: string },
    }
  },
})

describe('route53', () => {
  let d: Route53Double
  afterEach(async () => {
    await d.close()
  })
  const start = async (clock?: FakeClock, session?: string): Promise<Route53Double> =>
    (d = await startRoute53Double({
      accessKeyId: KEY,
      secretAccessKey: SECRET,
      ...(session !== undefined ? { sessionToken: session } : {}),
      zones: ['example.org', 'preview.example.org'],
      ...(clock !== undefined ? { clock } : {}),
    }))
  const make = (
    more: Record<string, string> = {},
    clock?: FakeClock,
  ): { dns: DnsProvider; logs: string[]; registered: string[] } => {
    const { deps, logs, registered } = testDeps([SECRET], {
      ...(clock !== undefined ? { clock } : {}),
    })
    const all = inputs(d, more)
    const options = route53.read({ raw: (n) => all[n] ?? '', secret: (v) => deps.setSecret(v) })
    return { dns: route53.create(options, deps), logs, registered }
  }
  const batches = (): string[][] =>
    d.batches.map((b) => b.changes.map((c) => `${c.action} ${c.values.length}`))

  it('sends what the official SDK sends for the same four operations', async () => {
    await start()
    const { dns } = make()
    const fqdn = '_dnslink.www.example.org'
    d.rrsets.push({
      zoneId: zoneFor(d, fqdn)?.id ?? '',
      name: `${fqdn}.`,
      type: 'TXT',
      ttl: 300,
      values: ['"v=spf1 -all"', `"dnslink=${A}"`],
    })
    const state = await dns.readTxt(fqdn)
    const w = await dns.setDnslink(fqdn, B, { expect: state })
    await dns.waitForSync?.(w, { timeoutMs: 60_000 })
    const ours = d.server.requests.map((r) => ({
      method: r.method,
      url: new URL(r.url, 'http://x'),
      body: r.body.toString(),
      type: r.headers['content-type'],
    }))
    d.server.requests.length = 0
    // The SDK, asked the same: its zone search, listing, the batch we sent, the change.
    const sdk = new Route53Client({
      endpoint: d.url,
      region: 'us-east-1',
      credentials: { accessKeyId: KEY, secretAccessKey: SECRET },
      maxAttempts: 1,
    })
    const q = (u: URL): Record<string, string> => Object.fromEntries(u.searchParams)
    const zoneAsk = ours.find((r) => r.url.pathname.endsWith('/hostedzonesbyname'))
    await sdk.send(
      new ListHostedZonesByNameCommand({
        DNSName: zoneAsk?.url.searchParams.get('dnsname') ?? '',
        MaxItems: Number(zoneAsk?.url.searchParams.get('maxitems')),
      }),
    )
    await sdk.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: state.zone.id,
        StartRecordName: `${fqdn}.`,
        MaxItems: 20,
      }),
    )
    const batch = d.batches.find((b) => b.applied)
    await sdk
      .send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: `/hostedzone/${state.zone.id}`,
          ChangeBatch: {
            Comment: 'ipfs-pin-action DNSLink',
            Changes: (batch?.changes ?? []).map((c) => ({
              Action: c.action as 'DELETE',
              ResourceRecordSet: {
                Name: c.name,
                Type: 'TXT',
                TTL: c.ttl,
                ResourceRecords: c.values.map((Value) => ({ Value })),
              },
            })),
          },
        }),
      )
      .catch(() => undefined)
    await sdk.send(new GetChangeCommand({ Id: `/change/${w.syncToken ?? ''}` }))
    const theirs = d.server.requests.map((r) => ({
      method: r.method,
      url: new URL(r.url, 'http://x'),
      body: r.body.toString(),
      type: r.headers['content-type'],
    }))
    // Same calls (the SDK's batch is refused: the set changed, so its DELETE is stale, as it should be).
    const pick = (xs: typeof ours, pred: (x: (typeof ours)[number]) => boolean) => xs.find(pred)
    for (const pred of [
      (x: (typeof ours)[number]) => x.url.pathname === '/2013-04-01/hostedzonesbyname',
      (x: (typeof ours)[number]) => x.method === 'GET' && x.url.pathname.endsWith('/rrset'),
      (x: (typeof ours)[number]) => x.method === 'POST',
      (x: (typeof ours)[number]) => x.url.pathname.startsWith('/2013-04-01/change/'),
    ]) {
      const a = pick(ours, pred)
      const b = pick(theirs, pred)
      expect(a, 'our request').toBeDefined()
      expect({
        method: a?.method,
        path: a?.url.pathname,
        query: q(a?.url ?? new URL('http://x')),
        body: a?.body,
      }).toEqual({
        method: b?.method,
        path: b?.url.pathname,
        query: q(b?.url ?? new URL('http://x')),
        body: b?.body,
      })
      if (a?.method === 'POST') expect(a.type).toBe(b?.type)
    }
    // Signed for us-east-1, as the SDK signs for Route 53's global endpoint.
    expect(
      d.server.requests.every((r) =>
        /\/us-east-1\/route53\/aws4_request/.test(r.headers.authorization ?? ''),
      ),
    ).toBe(true)
  })

  it('swaps the set in one DELETE + CREATE batch, and on a concurrent change reads again instead of overwriting blindly', async () => {
    await start()
    const { dns, logs } = make()
    const fqdn = '_dnslink.example.org'
    d.rrsets.push({
      zoneId: zoneFor(d, fqdn)?.id ?? '',
      name: `${fqdn}.`,
      type: 'TXT',
      ttl: 900,
      values: ['"keep me"', `"dnslink=${A}"`],
    })
    let n = 0
    d.beforeChange = () => {
      if (n++ === 0) txtSet(d, fqdn)?.values.push('"added by someone else"')
    }
    expect(await setDnslink(dns, 'example.org', B, { dryRun: false })).toMatchObject({
      action: 'updated',
      from: A,
    })
    expect(batches()).toEqual([
      ['DELETE 2', 'CREATE 2'],
      ['DELETE 3', 'CREATE 3'],
    ])
    expect(d.batches.map((b) => b.applied)).toEqual([false, true])
    expect(txtSet(d, fqdn)).toMatchObject({
      ttl: 900,
      values: ['"keep me"', '"added by someone else"', `"dnslink=${B}"`],
    })
    expect(logs.join('\n')).toMatch(/changed since it was read; reading it again/)
    // Never UPSERT.
    expect(d.batches.flatMap((b) => b.changes.map((c) => c.action))).not.toContain('UPSERT')
  })

  it('gives up after 3 stale reads, having overwritten nothing', async () => {
    await start()
    const { dns } = make()
    const fqdn = '_dnslink.example.org'
    d.rrsets.push({
      zoneId: zoneFor(d, fqdn)?.id ?? '',
      name: `${fqdn}.`,
      type: 'TXT',
      ttl: 60,
      values: [`"dnslink=${A}"`],
    })
    let k = 0
    d.beforeChange = () => void txtSet(d, fqdn)?.values.push(`"other-${k++}"`)
    const c = await setDnslink(dns, 'example.org', B, { dryRun: false })
    expect(c.action).toBe('failed')
    expect(c.error).toMatch(/changed between reading and writing 3 times .*nothing was overwritten/)
    expect(d.batches.map((b) => b.applied)).toEqual([false, false, false])
    expect(txtSet(d, fqdn)?.values).toContain(`"dnslink=${A}"`)
  })

  it('waits for INSYNC, polling every 3 s on the run clock, and fails past route53-wait-timeout', async () => {
    const clock = fakeClock(Date.now())
    await start(clock)
    d.pendingPolls = 2
    const { dns } = make({ 'route53-wait': 'insync', 'route53-wait-timeout': '10s' }, clock)
    expect(await setDnslink(dns, 'example.org', A, { dryRun: false })).toMatchObject({
      action: 'created',
    })
    expect(d.server.requests.filter((r) => r.url.startsWith('/2013-04-01/change/')).length).toBe(3)
    expect(clock.sleeps).toEqual([3000, 3000])
    // A removal does not wait.
    const polls = d.server.requests.length
    expect(await removeDnslink(dns, 'example.org', { dryRun: false })).toMatchObject({
      action: 'deleted',
    })
    expect(
      d.server.requests.slice(polls).some((r) => r.url.startsWith('/2013-04-01/change/')),
    ).toBe(false)
    d.pendingPolls = 1000
    const c = await setDnslink(dns, 'example.org', B, { dryRun: false })
    expect(c).toMatchObject({ action: 'failed' })
    expect(c.error).toMatch(/still PENDING after 10 s \("route53-wait-timeout"\)/)
    expect(txtSet(d, '_dnslink.example.org')?.values).toEqual([`"dnslink=${B}"`])
  })

  it('retries Throttling and PriorRequestNotComplete (HTTP 400) by the one policy', async () => {
    await start()
    const { dns, logs } = make()
    let n = 0
    d.fault = (_k, _path, method) =>
      method === 'POST' && n++ < 2
        ? n === 1
          ? awsError(400, 'Throttling', 'Rate exceeded')
          : awsError(
              400,
              'PriorRequestNotComplete',
              'The request was rejected because Route 53 was still processing a prior request.',
            )
        : undefined
    expect(await setDnslink(dns, 'example.org', A, { dryRun: false })).toMatchObject({
      action: 'created',
    })
    expect(logs.filter((l) => /retrying/.test(l))).toHaveLength(2)
    const bad = make()
    d.fault = () => awsError(400, 'InvalidInput', 'nope')
    expect((await setDnslink(bad.dns, 'www.example.org', A, { dryRun: false })).error).toMatch(
      /HTTP 400: Route 53 answered InvalidInput: nope/,
    )
  })

  it('works within the least-privilege IAM policy of the docs, and a name outside it is refused naming the credentials', async () => {
    await start(undefined, 'session-token-from-oidc')
    d.policy = {
      names: ['_dnslink.example.org', '_dnslink.*.preview.example.org'],
      types: ['TXT'],
      actions: ['CREATE', 'DELETE'],
    }
    const { dns, registered } = make({ 'aws-session-token': 'session-token-from-oidc' })
    expect(registered).toContain('session-token-from-oidc')
    for (const name of ['example.org', 'pr-4.preview.example.org']) {
      expect(await setDnslink(dns, name, A, { dryRun: false })).toMatchObject({ action: 'created' })
      expect(await setDnslink(dns, name, B, { dryRun: false })).toMatchObject({ action: 'updated' })
      expect(await removeDnslink(dns, name, { dryRun: false })).toMatchObject({ action: 'deleted' })
    }
    const c = await setDnslink(dns, 'www.example.org', A, { dryRun: false })
    expect(c.error).toMatch(
      /HTTP 403: Route 53 answered AccessDenied: .*not authorized to perform: route53:ChangeResourceRecordSets.*check "aws-access-key-id"/,
    )
    expect(c.error).not.toContain('session-token-from-oidc')
  })

  it('finds the public zone by exact name, ignores a private twin, and refuses to guess between two public ones', async () => {
    await start()
    d.addZone('example.org', { private: true })
    d.addZone('ample.org')
    expect((await make().dns.zoneOf('www.example.org')).id).toBe(zoneFor(d, 'example.org')?.id)
    d.addZone('preview.example.org')
    const c = await setDnslink(make().dns, 'pr-1.preview.example.org', A, { dryRun: false })
    expect(c.error).toMatch(
      /2 public hosted zones are named preview\.example\.org .*"route53-hosted-zone-id"/,
    )
    const id = d.zones.filter((z) => z.name === 'preview.example.org.').at(-1)?.id ?? ''
    const pinned = make({ 'route53-hosted-zone-id': id })
    const before = d.server.requests.length
    expect(
      await setDnslink(pinned.dns, 'pr-1.preview.example.org', A, { dryRun: false }),
    ).toMatchObject({ action: 'created' })
    expect(d.server.requests.slice(before).some((r) => r.url.includes('hostedzonesbyname'))).toBe(
      false,
    )
    expect(d.rrsets.find((r) => r.zoneId === id && r.type === 'TXT')).toBeDefined()
    expect(() =>
      route53.read({
        raw: (n) => inputs(d, { 'route53-hosted-zone-id': 'example.org' })[n] ?? '',
        secret: () => undefined,
      }),
    ).toThrow(/Input "route53-hosted-zone-id" is not a Route 53 hosted zone id/)
  })

  it('writes a value over 255 bytes as several strings and reads it back whole; other values go back byte for byte', async () => {
    await start()
    const { dns } = make()
    const fqdn = '_dnslink.long.example.org'
    const odd = '"say \\"hi\\" \\342\\202\\254" "and more"'
    d.rrsets.push({
      zoneId: zoneFor(d, fqdn)?.id ?? '',
      name: `${fqdn}.`,
      type: 'TXT',
      ttl: 60,
      values: [odd],
    })
    const long = `/ipns/example.net/${'a'.repeat(300)}`
    expect(await dns.setDnslink(fqdn, long)).toMatchObject({ outcome: 'created', after: [long] })
    const written = txtSet(d, fqdn)?.values ?? []
    expect(written[0]).toBe(odd)
    expect(written[1]?.match(/"[^"]*"/g)?.map((x) => x.length - 2)).toEqual([255, 71])
    expect((await dns.readTxt(fqdn)).values.map((v) => v.text)).toEqual([
      'say "hi" €and more',
      `dnslink=${long}`,
    ])
  })

  it('refuses a pager that repeats its pages across the types at a name', async () => {
    await start()
    const fqdn = '_dnslink.www.example.org'
    const zoneId = zoneFor(d, fqdn)?.id ?? ''
    d.rrsets.push({ zoneId, name: `${fqdn}.`, type: 'A', ttl: 60, values: ['192.0.2.1'] })
    d.rrsets.push({ zoneId, name: `${fqdn}.`, type: 'TXT', ttl: 60, values: [`"dnslink=${A}"`] })
    d.perPageMax = 1
    const { dns } = make()
    expect((await dns.readTxt(fqdn)).values.map((v) => v.text)).toEqual([`dnslink=${A}`])
    d.pageIgnored = true
    const c = await setDnslink(dns, 'www.example.org', B, { dryRun: false })
    expect(c.error).toMatch(/repeats itself/)
    expect(d.batches).toEqual([])
  })

  it('signs in the partition of the endpoint, never in AWS_REGION', () => {
    expect(signingRegion('https://route53.amazonaws.com')).toBe('us-east-1')
    expect(signingRegion('https://route53.amazonaws.com.cn')).toBe('cn-northwest-1')
    expect(signingRegion('https://route53.us-gov.amazonaws.com')).toBe('us-gov-west-1')
  })
})
