/**
 * Publishing an IPNS name from CI against the Delegated Routing V1 and Kubo doubles, which check
 * every record with their own code (signature, name ↔ key, expiry, sequence): the first publish,
 * the next one above it, what another publisher's record does, unreadable targets, refused and
 * lost puts, faults, an offline node, dry runs, republishing, and what cleanup protects.
 */
import { generateKeyPair, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { createIPNSRecordWithExpiration, marshalIPNSRecord, unmarshalIPNSRecord } from 'ipns'
import { afterEach, describe, expect, it } from 'vitest'
import { readIpnsKey, type PrivateKey } from '../../src/ipns/key.js'
import { delegatedRouting, type DelegatedRoutingOptions } from '../../src/ipns/delegated-routing.js'
import { kuboPublisher, type KuboPublisherOptions } from '../../src/ipns/kubo.js'
import { ipnsUrls, nameTarget, publishName, type IpnsConfig } from '../../src/ipns/publish.js'
import { rfc3339Nano } from '../../src/ipns/record.js'
import { openSession, type Session } from '../../src/http/session.js'
import { startKuboDouble, type KuboDouble } from '../doubles/kubo.js'
import { startRoutingDouble, type RoutingDouble } from '../doubles/routing.js'
import { fakeClock, type FakeClock } from '../support/clock.js'

const CID_A = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'
const CID_B = 'bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4'
const HOUR = 3_600_000

let routers: RoutingDouble[] = []
let node: KuboDouble | undefined
afterEach(async () => {
  await Promise.all([...routers.map((r) => r.close()), node?.close()])
  routers = []
  node = undefined
})

interface World {
  ipns: IpnsConfig
  key: PrivateKey
  name: string
  clock: FakeClock
  session: Session
  logs: string[]
  warnings: string[]
}

async function world(
  o: { routers?: number; kubo?: boolean; retries?: number } = {},
): Promise<World> {
  const clock = fakeClock(Date.now())
  for (let i = 0; i < (o.routers ?? 1); i++)
    routers.push(await startRoutingDouble({ now: () => clock.now() }))
  if (o.kubo === true) node = await startKuboDouble({ now: () => clock.now() })
  const key = await generateKeyPair('Ed25519')
  const raw = Buffer.from(privateKeyToProtobuf(key)).toString('base64')
  const secrets: string[] = [raw]
  const parsed = readIpnsKey(raw, (v) => secrets.push(v))
  const logs: string[] = []
  const warnings: string[] = []
  const session = openSession(
    { secrets, requestTimeoutMs: 2000, timeoutMs: 10 * 60_000, retries: o.retries ?? 2 },
    { info: (m) => logs.push(m), setSecret: () => undefined },
    { clock },
  )
  const publishers: IpnsConfig['publishers'] = [
    ...(routers.length > 0
      ? [
          {
            id: 'delegated-routing',
            descriptor: delegatedRouting,
            options: {
              id: 'delegated-routing',
              routers: routers.map((r) => `${r.url}/routing/v1`),
            } satisfies DelegatedRoutingOptions as DelegatedRoutingOptions,
          },
        ]
      : []),
    ...(node !== undefined
      ? [
          {
            id: 'kubo',
            descriptor: kuboPublisher,
            options: {
              id: 'kubo',
              node: { id: 'kubo', url: node.url },
            } satisfies KuboPublisherOptions as KuboPublisherOptions,
          },
        ]
      : []),
  ]
  return {
    ipns: { key: parsed, publishers, validityMs: 48 * HOUR, ttlMs: 300_000 },
    key,
    name: parsed.name,
    clock,
    session,
    logs,
    warnings,
  }
}

const publish = (w: World, value: string | undefined, dryRun = false) =>
  publishName(w.ipns, value, w.session, {
    gateway: 'https://dweb.link',
    dryRun,
    log: (m) => w.logs.push(m),
    warn: (m) => w.warnings.push(m),
  })

/** A record of the same key made elsewhere (another publisher), with the ipns library. */
async function elsewhere(w: World, seq: bigint, value: string, eolMs = w.clock.now() + 48 * HOUR) {
  return marshalIPNSRecord(
    await createIPNSRecordWithExpiration(w.key, value, seq, rfc3339Nano(eolMs), {
      v1Compatible: true,
    }),
  )
}

/** Another publisher's record lands on the router between this run's read and its PUT. */
function raceOurPut(rt: RoutingDouble, name: string, theirs: Uint8Array): void {
  let raced = false
  rt.early = (_n, method) => {
    if (method === 'PUT' && !raced) {
      raced = true
      rt.records.set(name, theirs)
    }
    return undefined
  }
}

const held = (r: RoutingDouble | Map<string, Uint8Array>, name: string) => {
  const bytes = (r instanceof Map ? r : r.records).get(name)
  return bytes === undefined ? undefined : unmarshalIPNSRecord(bytes)
}

describe('publishName', () => {
  it('publishes to every router and the node, reads each back, and reports the links', async () => {
    const w = await world({ routers: 2, kubo: true })
    const r = await publish(w, `/ipfs/${CID_A}`)
    expect(r.failure).toBeUndefined()
    const seq = BigInt(r.sequence)
    // No record anywhere: the sequence starts from the clock (Unix seconds).
    expect(seq).toBe(BigInt(Math.floor(w.clock.now() / 1000)))
    for (const rt of routers)
      expect(held(rt, w.name)).toMatchObject({ value: `/ipfs/${CID_A}`, sequence: seq })
    expect(held(node?.ipnsRecords ?? new Map(), w.name)?.sequence).toBe(seq)
    expect(r.targets.map((t) => t.status)).toEqual(['published', 'published', 'published'])
    expect(r.targets.map((t) => t.target)).toEqual([
      `${routers[0]?.url.replace('http://', '')}/routing/v1`,
      `${routers[1]?.url.replace('http://', '')}/routing/v1`,
      'kubo',
    ])
    expect(r.url).toBe(`https://${w.name}.ipns.dweb.link`)
    expect(r.pathUrl).toBe(`https://dweb.link/ipns/${w.name}`)
    expect(r.validity).toBe(rfc3339Nano(w.clock.now() + 48 * HOUR))
    // The node got the record, never the key: routing/put only, then routing/get and name/resolve.
    expect(node?.server.requests.map((q) => q.url.split('?')[0])).toEqual([
      '/api/v0/routing/get',
      '/api/v0/routing/put',
      '/api/v0/routing/get',
      '/api/v0/name/resolve',
    ])
  })

  it('signs above the highest sequence any target holds, expired records included', async () => {
    const w = await world({ routers: 2 })
    const far = BigInt(Math.floor(w.clock.now() / 1000)) + 1000n
    routers[0]?.records.set(w.name, await elsewhere(w, far, `/ipfs/${CID_B}`))
    // An expired record's sequence still counts: the next one must be above it.
    routers[1]?.records.set(
      w.name,
      await elsewhere(w, far + 5n, `/ipfs/${CID_B}`, w.clock.now() + 1000),
    )
    w.clock.advance(2000)
    const r = await publish(w, `/ipfs/${CID_A}`)
    expect(r.failure).toBeUndefined()
    expect(r.sequence).toBe(String(far + 6n))
    for (const rt of routers) expect(held(rt, w.name)?.sequence).toBe(far + 6n)
  })

  it('publishes nothing anywhere when one target cannot be read', async () => {
    const w = await world({ routers: 1, kubo: true })
    const rt = routers[0]
    if (rt === undefined) throw new Error('no router')
    rt.fault = (_n, _path, method) => (method === 'GET' ? { status: 503, body: 'down' } : undefined)
    const r = await publish(w, `/ipfs/${CID_A}`)
    expect(r.failure).toMatch(
      /not published: the current record could not be read from 127\.0\.0\.1:\d+\/routing\/v1 \(.*HTTP 503.*\), so a new sequence number could not be known to be higher/,
    )
    expect(rt.server.requests.filter((q) => q.method === 'PUT')).toEqual([])
    expect(node?.ipnsRecords.size).toBe(0)
    // Bounded: the first attempt and the `retries` (2) more.
    expect(rt.server.requests.filter((q) => q.method === 'GET')).toHaveLength(3)
  })

  it('reports another publisher that wrote a higher sequence after the read, and does not overwrite it', async () => {
    const w = await world({ routers: 1 })
    const rt = routers[0]
    if (rt === undefined) throw new Error('no router')
    const now = BigInt(Math.floor(w.clock.now() / 1000))
    // The router holds a record when this run reads the name…
    rt.records.set(w.name, await elsewhere(w, now - 10n, `/ipfs/${CID_B}`))
    const theirs = await elsewhere(w, now + 50n, `/ipfs/${CID_B}`)
    // …and between our read and our put, someone else publishes above it.
    rt.early = (_n, method) => {
      if (method === 'PUT') rt.records.set(w.name, theirs)
      return undefined
    }
    const r = await publish(w, `/ipfs/${CID_A}`)
    expect(r.failure).toMatch(
      /another publisher wrote sequence \d+ \(\/ipfs\/bafkreifj.*\) after this run read the name; it was not overwritten/,
    )
    expect(rt.records.get(w.name)).toEqual(theirs)
  })

  it('does not claim another publisher wrote after the read when the first answer held no record: says what was seen', async () => {
    const w = await world({ routers: 1 })
    const rt = routers[0]
    if (rt === undefined) throw new Error('no router')
    const theirs = await elsewhere(
      w,
      BigInt(Math.floor(w.clock.now() / 1000)) + 50n,
      `/ipfs/${CID_B}`,
    )
    // The first read answers "no record" (404); a higher record shows on the read-back.
    raceOurPut(rt, w.name, theirs)
    const r = await publish(w, `/ipfs/${CID_A}`)
    expect(r.failure).not.toMatch(/after this run read the name/)
    expect(r.failure).toMatch(
      /it now answers sequence \d+ \(\/ipfs\/bafkreifj.*\), not below this run's \d+, though it answered no record when this run read the name: .*it was not overwritten/,
    )
    expect(rt.records.get(w.name)).toEqual(theirs)
  })

  it('fails clearly at the largest sequence (2^64 − 1), naming the name and the sequence, and sends nothing', async () => {
    const w = await world({ routers: 1 })
    const rt = routers[0]
    if (rt === undefined) throw new Error('no router')
    rt.records.set(w.name, await elsewhere(w, 2n ** 64n - 1n, `/ipfs/${CID_B}`))
    for (const value of [`/ipfs/${CID_A}`, undefined]) {
      const r = await publish(w, value)
      expect(r.failure).toBe(
        `IPNS ${w.name}: not published: the current record (on ${rt.url.replace('http://', '')}/routing/v1) has sequence 18446744073709551615, the largest an IPNS record can hold, so no record can be signed above it and the name cannot change any more. Publish under a new key (a new name) and point your links and DNSLink at it.`,
      )
    }
    expect(rt.server.requests.filter((q) => q.method === 'PUT')).toEqual([])
  })

  it('fails closed when a router answers 500 for a name it has never seen, and says how to make the first publish', async () => {
    const w = await world({ routers: 1 })
    const rt = routers[0]
    if (rt === undefined) throw new Error('no router')
    // The Helia-based server's answer for an unknown name: a 500 that says nothing of "not found".
    rt.fault = (_n, _p, method) =>
      method === 'GET' ? { status: 500, body: 'Internal Server Error' } : undefined
    const r = await publish(w, `/ipfs/${CID_A}`)
    expect(r.failure).toMatch(/could not be read from .*HTTP 500/)
    expect(r.failure).toMatch(
      /If this is the name's first publish .* "ipns-publish: kubo" .* for one run; later runs read the record there/,
    )
    expect(rt.server.requests.filter((q) => q.method === 'PUT')).toEqual([])
  })

  it('takes the read-back as the judge: a PUT refused by a router that loses it fails after bounded reads', async () => {
    const w = await world({ routers: 1 })
    const rt = routers[0]
    if (rt === undefined) throw new Error('no router')
    rt.rejectPuts = true
    const r = await publish(w, `/ipfs/${CID_A}`)
    expect(r.failure).toMatch(
      /the record was refused \(.*delegate error: failed to find any peer in table.*\); it answers no record after 5 reads/,
    )
    expect(rt.server.requests.filter((q) => q.method === 'PUT')).toHaveLength(3)
    // Read-back waits come from the clock, bounded: 250, 500, 1000, 2000 ms.
    expect(w.clock.sleeps.slice(-4)).toEqual([250, 500, 1000, 2000])
  })

  it('rides out 429 with Retry-After, a reset and a 500 on the put', async () => {
    const w = await world({ routers: 1, retries: 3 })
    const rt = routers[0]
    if (rt === undefined) throw new Error('no router')
    let puts = 0
    rt.fault = (_n, _path, method) => {
      if (method !== 'PUT') return undefined
      puts++
      return puts === 1
        ? { status: 429, body: 'slow down', headers: { 'retry-after': '7' } }
        : puts === 2
          ? 'reset'
          : puts === 3
            ? { status: 500, body: 'delegate error: context deadline exceeded' }
            : undefined
    }
    const r = await publish(w, `/ipfs/${CID_A}`)
    expect(r.failure).toBeUndefined()
    expect(w.clock.sleeps).toContain(7000)
    expect(held(rt, w.name)?.value).toBe(`/ipfs/${CID_A}`)
  })

  it('says so when the node is offline, without retrying a refusal', async () => {
    const w = await world({ routers: 0, kubo: true })
    if (node === undefined) throw new Error('no node')
    node.offline = true
    const r = await publish(w, `/ipfs/${CID_A}`)
    expect(r.failure).toMatch(/kubo: .*the node is offline and keeps records to itself/)
    expect(
      node.server.requests.filter((q) => q.url.startsWith('/api/v0/routing/put')),
    ).toHaveLength(1)
  })

  it('ignores, with a warning, a record that is not the name’s', async () => {
    const w = await world({ routers: 1 })
    const other = await generateKeyPair('Ed25519')
    const forged = marshalIPNSRecord(
      await createIPNSRecordWithExpiration(
        other,
        `/ipfs/${CID_B}`,
        10n ** 12n,
        rfc3339Nano(w.clock.now() + HOUR),
        {
          v1Compatible: true,
        },
      ),
    )
    routers[0]?.records.set(w.name, forged)
    const r = await publish(w, `/ipfs/${CID_A}`)
    expect(w.warnings.join('\n')).toMatch(/answered a record that is not this name's/)
    // The forged sequence does not count; ours replaced it (the double holds only valid ones).
    expect(BigInt(r.sequence)).toBeLessThan(10n ** 12n)
    expect(r.failure).toBeUndefined()
  })

  it('signs but sends nothing in a dry run', async () => {
    const w = await world({ routers: 1, kubo: true })
    const r = await publish(w, `/ipfs/${CID_A}`, true)
    expect(r.failure).toBeUndefined()
    expect(r.dryRun).toBe(true)
    expect(r.targets.map((t) => t.status)).toEqual(['dry-run', 'dry-run'])
    expect(routers[0]?.server.requests.map((q) => q.method)).toEqual(['GET'])
    expect(node?.ipnsRecords.size).toBe(0)
  })

  it('republishes the current value with a higher sequence and a fresh end of life', async () => {
    const w = await world({ routers: 1, kubo: true })
    const first = await publish(w, `/ipfs/${CID_A}`)
    w.clock.advance(40 * HOUR)
    const again = await publish(w, undefined)
    expect(again.failure).toBeUndefined()
    expect(again.republish).toBe(true)
    expect(again.value).toBe(`/ipfs/${CID_A}`)
    expect(BigInt(again.sequence)).toBeGreaterThan(BigInt(first.sequence))
    expect(held(routers[0] as RoutingDouble, w.name)?.validity).toBe(
      rfc3339Nano(w.clock.now() + 48 * HOUR),
    )
    expect(held(node?.ipnsRecords ?? new Map(), w.name)?.sequence).toBe(BigInt(again.sequence))
  })

  it('has nothing to republish once every record expired, and says how to publish again', async () => {
    const w = await world({ routers: 1 })
    await publish(w, `/ipfs/${CID_A}`)
    w.clock.advance(49 * HOUR)
    const r = await publish(w, undefined)
    expect(r.failure).toMatch(
      /nothing to republish: .* hold only expired records for it\. Publish it with a deploy/,
    )
    // Nothing was signed or sent.
    expect(routers[0]?.server.requests.filter((q) => q.method === 'PUT')).toHaveLength(1)
  })

  it('tells cleanup what the name points to, and fails rather than guess when it cannot read', async () => {
    const w = await world({ routers: 1 })
    expect(await nameTarget(w.ipns, w.session)).toEqual({})
    await publish(w, `/ipfs/${CID_A}`)
    expect(await nameTarget(w.ipns, w.session)).toEqual({ cid: CID_A, value: `/ipfs/${CID_A}` })
    const rt = routers[0]
    if (rt === undefined) throw new Error('no router')
    rt.fault = () => ({ status: 500, body: 'boom' })
    expect((await nameTarget(w.ipns, w.session)).error).toMatch(/could not be read from/)
  })

  it('reads a 404 and boxo’s 500 "routing: not found" as no record, and any other 500 as a failure', async () => {
    const w = await world({ routers: 2 })
    const [a, b] = routers
    if (a === undefined || b === undefined) throw new Error('no router')
    b.notFoundStatus = 500
    expect((await publish(w, `/ipfs/${CID_A}`)).failure).toBeUndefined()
    const v = await world({ routers: 1 })
    const rt = routers[2]
    if (rt === undefined) throw new Error('no router')
    // someguy joins its routers' errors: one of them not finding it says nothing of the others.
    rt.fault = (_n, _p, method) =>
      method === 'GET'
        ? {
            status: 500,
            body: '2 errors occurred: routing: not found; dht: context deadline exceeded',
          }
        : undefined
    const r = await publish(v, `/ipfs/${CID_A}`)
    expect(r.failure).toMatch(/could not be read from .*context deadline exceeded/)
    expect(rt.server.requests.filter((q) => q.method === 'PUT')).toEqual([])
  })

  it('takes a 200 of another media type as no record when publishing, and as a failure for cleanup', async () => {
    const w = await world({ routers: 1 })
    const rt = routers[0]
    if (rt === undefined) throw new Error('no router')
    await publish(w, `/ipfs/${CID_A}`)
    rt.fault = (_n, _p, method) =>
      method === 'GET'
        ? { status: 200, body: '<html>login</html>', headers: { 'content-type': 'text/html' } }
        : undefined
    const protect = await nameTarget(w.ipns, w.session)
    expect(protect.error).toMatch(
      /HTTP 200 with "text\/html", not an IPNS record; check "ipns-routers"/,
    )
  })

  it('refuses a record larger than 10 KiB from a router', async () => {
    const w = await world({ routers: 1 })
    const rt = routers[0]
    if (rt === undefined) throw new Error('no router')
    rt.fault = (_n, _p, method) =>
      method === 'GET'
        ? {
            status: 200,
            body: 'x'.repeat(10 * 1024 + 1),
            headers: { 'content-type': 'application/vnd.ipfs.ipns-record' },
          }
        : undefined
    const r = await publish(w, `/ipfs/${CID_A}`)
    expect(r.failure).toMatch(/the record is larger than 10240 bytes/)
  })

  it('reports a router that refuses our put for a newer one (500 "delegate error") as another publisher', async () => {
    const w = await world({ routers: 1 })
    const rt = routers[0]
    if (rt === undefined) throw new Error('no router')
    rt.lowerSequence = 'error'
    const now = BigInt(Math.floor(w.clock.now() / 1000))
    rt.records.set(w.name, await elsewhere(w, now - 5n, `/ipfs/${CID_B}`))
    const theirs = await elsewhere(w, now + 9n, `/ipfs/${CID_B}`)
    raceOurPut(rt, w.name, theirs)
    const r = await publish(w, `/ipfs/${CID_A}`)
    expect(r.failure).toMatch(
      /the record was refused \(.*can't replace a newer value with an older value.*\); another publisher|another publisher wrote sequence/,
    )
    expect(rt.records.get(w.name)).toEqual(theirs)
  })

  it('says another publisher won when a run in the same second signed the same sequence with another value', async () => {
    const w = await world({ routers: 1 })
    const rt = routers[0]
    if (rt === undefined) throw new Error('no router')
    const same = BigInt(Math.floor(w.clock.now() / 1000))
    rt.records.set(w.name, await elsewhere(w, same - 5n, `/ipfs/${CID_B}`))
    // Same sequence, later end of life: it wins over ours.
    const theirs = await elsewhere(w, same, `/ipfs/${CID_B}`, w.clock.now() + 49 * HOUR)
    raceOurPut(rt, w.name, theirs)
    const r = await publish(w, `/ipfs/${CID_A}`)
    expect(r.failure).toMatch(/another publisher wrote sequence \d+ .* "concurrency" group/)
    // Found on the first read back: no waiting out five reads.
    expect(w.clock.sleeps.filter((x) => x >= 250)).toEqual([])
  })

  it('fails on a Kubo error that is not "routing: not found" instead of reading it as no record', async () => {
    const w = await world({ routers: 0, kubo: true })
    if (node === undefined) throw new Error('no node')
    node.fault = (_n, p) =>
      p === '/api/v0/routing/get'
        ? {
            status: 500,
            body: JSON.stringify({
              Message: 'failed to find any peer in table',
              Code: 0,
              Type: 'error',
            }),
          }
        : undefined
    const r = await publish(w, `/ipfs/${CID_A}`)
    expect(r.failure).toMatch(/could not be read from kubo .*failed to find any peer in table/)
    expect(node.ipnsRecords.size).toBe(0)
  })

  it('keeps protecting what an expired name pointed to', async () => {
    const w = await world({ routers: 1 })
    await publish(w, `/ipfs/${CID_A}`)
    w.clock.advance(49 * HOUR)
    expect(await nameTarget(w.ipns, w.session)).toEqual({ cid: CID_A, value: `/ipfs/${CID_A}` })
  })

  it('gives the path form under a gateway addressed by IP or localhost', () => {
    expect(ipnsUrls('http://127.0.0.1:8080', 'k51x')).toEqual({
      url: 'http://127.0.0.1:8080/ipns/k51x',
      pathUrl: 'http://127.0.0.1:8080/ipns/k51x',
    })
    expect(ipnsUrls('https://dweb.link', 'k51x').url).toBe('https://k51x.ipns.dweb.link')
  })
})
