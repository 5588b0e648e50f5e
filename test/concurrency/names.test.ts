/**
 * Names under concurrent runs (docs/concurrency.md), against the Pinata double (its uploads are
 * pinned at once, so a run goes straight from its upload to its names), a Cloudflare double for
 * DNSLink and a Delegated Routing double for IPNS:
 * - an older release whose names come after a newer release's cleanup leaves the names to the
 *   newer one (they never move back to a CID that cleanup is removing);
 * - right before each unpin, every name's target is read again: a CID a name points to at that
 *   moment stays, whoever moved the name;
 * - two releases, the older naming first: the newer moves the name on and removes the older;
 * - three releases at once with keep 2: the names end on one of the two that stay.
 * Every case forces its order (an outcome left to the machine's scheduling is not a test).
 */
import { generateKeyPair, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { createIPNSRecordWithExpiration, marshalIPNSRecord, unmarshalIPNSRecord } from 'ipns'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startCloudflareDouble, type CloudflareDouble } from '../doubles/cloudflare.js'
import { startRoutingDouble, type RoutingDouble } from '../doubles/routing.js'
import { scratch } from '../support/fs-tree.js'
import { after, byRun, traffic, type Match, type Traffic } from '../support/interleave.js'
import type { Ran } from '../support/recorded-run.js'
import { at, envOf, green, key, start, startFamily, type Family } from './world.js'

const tmp = scratch('concurrency-names')
afterAll(tmp.remove)

const CF_TOKEN = 'concurrency-cf-token-81'
const NAME = 'example.org'

let f: Family
let cf: CloudflareDouble
let router: RoutingDouble
let ipnsKey: Awaited<ReturnType<typeof generateKeyPair>>
beforeEach(async () => {
  f = await startFamily('pinata', tmp)
  cf = await startCloudflareDouble({ token: CF_TOKEN, zones: [NAME] })
  // The router checks record validity on the runs' clocks, not the wall clock.
  router = await startRoutingDouble({ now: () => at(60) })
  ipnsKey = await generateKeyPair('Ed25519')
})
afterEach(() => Promise.all([f.close(), cf.close(), router.close()]))

type Kind = 'dnslink' | 'ipns'

/** The names inputs of `run`, through its own aliases. */
async function nameInputs(kind: Kind, t: Traffic, run: string): Promise<Record<string, string>> {
  if (kind === 'dnslink')
    return {
      dnslink: NAME,
      'dns-provider': 'cloudflare',
      'cloudflare-token': CF_TOKEN,
      'cloudflare-api-url': `${await t.url(cf.server, 'dns', run)}/client/v4`,
    }
  return {
    'ipns-key': Buffer.from(privateKeyToProtobuf(ipnsKey)).toString('base64'),
    'ipns-publish': 'delegated-routing',
    'ipns-routers': `${await t.url(router.server, 'ipns', run)}/routing/v1`,
  }
}

/** `run`'s writes of the name (a DNS record created or changed, an IPNS record put). */
const nameWrite =
  (run: string): Match =>
  (r) =>
    r.run === run &&
    ((r.service === 'dns' && ['POST', 'PATCH', 'PUT'].includes(r.method)) ||
      (r.service === 'ipns' && r.method === 'PUT'))

/** The CID the name points to now (DNSLink record, or IPNS record value). */
function target(kind: Kind): string | undefined {
  if (kind === 'dnslink') {
    const values = cf.records
      .filter((r) => r.name === `_dnslink.${NAME}`)
      .map((r) => r.content.replace(/^"|"$/g, ''))
    expect(values.length, 'one dnslink record').toBeLessThanOrEqual(1)
    const v = values[0]
    return v === undefined ? undefined : key(v.replace(/^dnslink=\/ipfs\//, ''))
  }
  const [bytes] = [...router.records.values()]
  if (bytes === undefined) return undefined
  return key(unmarshalIPNSRecord(bytes).value.replace(/^\/ipfs\//, ''))
}

/** Points the name at `cid` from outside the runs (by hand, another workflow). */
async function pointAt(kind: Kind, cid: string): Promise<void> {
  if (kind === 'dnslink') {
    const r = cf.records.find((x) => x.name === `_dnslink.${NAME}`)
    if (r === undefined) throw new Error('no dnslink record to change')
    r.content = `"dnslink=/ipfs/${cid}"`
    return
  }
  const [name, bytes] = [...router.records.entries()][0] ?? []
  if (name === undefined || bytes === undefined) throw new Error('no IPNS record to change')
  const seq = unmarshalIPNSRecord(bytes).sequence + 1n
  const eol = new Date(at(60) + 48 * 3_600_000).toISOString().replace('Z', '000000Z')
  router.records.set(
    name,
    marshalIPNSRecord(
      await createIPNSRecordWithExpiration(ipnsKey, `/ipfs/${cid}`, seq, eol, {
        v1Compatible: true,
      }),
    ),
  )
}

describe.each(['dnslink', 'ipns'] as const)('%s: names under concurrent releases', (kind) => {
  const release = async (
    t: Traffic,
    run: string,
    version: string,
    minute: number,
    keep: number,
  ): Promise<Ran> =>
    start(
      tmp,
      t,
      run,
      {
        ...(await f.inputs(run, t)),
        ...(await nameInputs(kind, t, run)),
        ...f.content(version),
        'unpin-previous': 'true',
        keep: String(keep),
      },
      envOf(run),
      minute,
    )

  it('an older release whose names come after the newer release cleaned up leaves the names to it', async () => {
    const t = traffic()
    green(await release(t, 'R1', 'v1', 0, 1))
    await Promise.all(['A', 'B'].map((r) => Promise.all([f.inputs(r, t), nameInputs(kind, t, r)])))
    // B sees A's release when it cleans up; A goes on from its upload only once B has ended.
    t.hold('B lists after A uploaded', f.listScope('B'), { answered: f.write('A') })
    t.hold('A goes on after B ended', after(f.write('A'), byRun('A')), { ended: 'B' })
    const [a, b] = await Promise.all([release(t, 'A', 'v2', 10, 1), release(t, 'B', 'v3', 11, 1)])
    green(a)
    const v3 = green(b)
    expect(target(kind)).toBe(v3)
    expect(f.live()).toEqual([v3])
    expect(a.host.text()).toContain('the names were left to it')
    // The forced order did happen (checked last: the state above is what matters).
    expect(t.unmet()).toEqual([])
  })

  it('keeps a CID the name points to at the moment of the unpin, whoever moved the name', async () => {
    const t = traffic()
    const v1 = green(await release(t, 'R1', 'v1', 0, 5))
    const v2 = green(await release(t, 'R2', 'v2', 5, 5))
    await Promise.all([f.inputs('B', t), nameInputs(kind, t, 'B')])
    // B has set the names to v3 and lists its scope to clean up: right then, someone points the
    // name back at v2 (a rollback by hand, another workflow).
    t.on('the name is moved back to v2', after(nameWrite('B'), f.listScope('B')), () =>
      pointAt(kind, v2),
    )
    const b = await release(t, 'B', 'v3', 10, 1)
    const v3 = green(b)
    expect(target(kind)).toBe(v2)
    expect(f.live()).toEqual([v2, v3].sort())
    expect(f.live()).not.toContain(v1)
    expect(b.host.text()).toMatch(/points to it/)
    // The forced order did happen (checked last: the state above is what matters).
    expect(t.unmet()).toEqual([])
  })

  it('two releases with a name, the older naming first: the newer moves the name on and removes the older', async () => {
    const t = traffic()
    const v1 = green(await release(t, 'R1', 'v1', 0, 1))
    await Promise.all(['A', 'B'].map((r) => Promise.all([f.inputs(r, t), nameInputs(kind, t, r)])))
    // A has set its names when B deploys: B sees A's release, names its own, and removes A's.
    t.hold("B deploys after A's names are set", f.write('B'), { answered: nameWrite('A') })
    const [a, b] = await Promise.all([release(t, 'A', 'v2', 10, 1), release(t, 'B', 'v3', 11, 1)])
    const v2 = green(a)
    const v3 = green(b)
    expect(target(kind)).toBe(v3)
    expect(f.live()).toEqual([v3])
    expect([v1, v2]).not.toContain(v3)
    // The forced order did happen (checked last: the state above is what matters).
    expect(t.unmet()).toEqual([])
  })

  it('unpins nothing more when a name cannot be read right before an unpin, and fails', async () => {
    const t = traffic()
    const v1 = green(await release(t, 'R1', 'v1', 0, 1))
    await Promise.all([f.inputs('B', t), nameInputs(kind, t, 'B')])
    // Once B has set its names and lists its scope, the name's service stops answering reads.
    t.on('the name becomes unreadable', after(nameWrite('B'), f.listScope('B')), () => {
      const down = { status: 503, body: 'unavailable' }
      if (kind === 'dnslink') cf.fault = (_n, _p, method) => (method === 'GET' ? down : undefined)
      else router.fault = (_n, _p, method) => (method === 'GET' ? down : undefined)
    })
    const b = await release(t, 'B', 'v2', 10, 1)
    expect(b.error?.message).toContain('Nothing more was unpinned')
    expect(f.live()).toContain(v1)
    expect(t.unmet()).toEqual([])
  })

  it('keep 2, three releases at once: the name ends on one of the two that stay', async () => {
    const t = traffic()
    green(await release(t, 'R1', 'v1', 0, 2))
    const runs = ['B2', 'B3', 'B4']
    await Promise.all(runs.map((r) => Promise.all([f.inputs(r, t), nameInputs(kind, t, r)])))
    for (const r of runs)
      t.hold(`${r} lists after the others uploaded`, f.listScope(r), {
        all: runs.filter((o) => o !== r).map((o) => ({ answered: f.write(o) })),
      })
    // The oldest goes on from its upload only after the two newer ones ended.
    t.hold('B2 goes on after B3 and B4 ended', after(f.write('B2'), byRun('B2')), {
      all: [{ ended: 'B3' }, { ended: 'B4' }],
    })
    t.hold('B3 goes on after B4 uploaded', after(f.write('B3'), byRun('B3')), {
      answered: f.write('B4'),
    })
    const [r2, r3, r4] = await Promise.all([
      release(t, 'B2', 'v2', 10, 2),
      release(t, 'B3', 'v3', 11, 2),
      release(t, 'B4', 'v4', 12, 2),
    ])
    green(r2)
    const [v3, v4] = [green(r3), green(r4)]
    expect(f.live()).toEqual([v3, v4].sort())
    expect(target(kind)).toBe(v4)
    // The forced order did happen (checked last: the state above is what matters).
    expect(t.unmet()).toEqual([])
  })
})
