/**
 * The Pinning Service API client, written once, against two servers:
 * - `mock-ipfs-pinning-service` (third-party, run as a real server on loopback);
 * - our spec-faithful double (test/doubles/psa.ts) for what the mock does not do, and its
 *   Pinata-PSA and Cluster-pinsvc modes for the deviations real services show.
 */
import type { Server } from 'node:http'
import { CID } from 'multiformats/cid'
import { afterEach, describe, expect, it } from 'vitest'
import type { ProviderError } from '../../src/errors.js'
import { createPsaProvider, type PsaConfig } from '../../src/providers/psa-client.js'
import type { ListedPin, PinInfo, PinTags, Provider } from '../../src/providers/types.js'
import { startPsaDouble, type PsaDouble } from '../doubles/psa.js'
import { testDeps } from '../support/deps.js'
import { startPsaMock } from '../support/psa-mock.js'
import { psaProviders } from '../../src/providers/psa.js'
import { providerContract } from '../support/contract.js'

const TOKEN = 'psa-token-4b9a1c7e'
const A = CID.parse('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')
const B = CID.parse('bafkreidon73zkcrwdb5iafqtijxildoonbwnpv7dyd6ef3qdgads2jc4su')
const TAGS = { name: 'site-0123456', metadata: { scope: 'acme/site@production' } }

function client(endpoint: string, id: PsaConfig['id'] = 'psa', token = TOKEN): Provider {
  return createPsaProvider(
    { id, endpoint, auth: { kind: 'bearer', token }, credentials: ['psa-token'] },
    testDeps([TOKEN], { retries: 1 }).deps,
  )
}

/** Polls until the pin settles; bounded. */
async function settle(p: Provider, info: PinInfo): Promise<PinInfo> {
  for (let i = 0; i < 50 && (info.state === 'queued' || info.state === 'pinning'); i++) {
    await new Promise((r) => setTimeout(r, 20))
    info = (await p.status?.(info)) ?? info
  }
  return info
}

async function listAll(p: Provider, filter = {}): Promise<ListedPin[]> {
  const out: ListedPin[] = []
  for await (const x of p.list?.(filter) ?? []) out.push(x)
  return out
}

describe('PSA client against mock-ipfs-pinning-service', () => {
  let server: Server | undefined
  afterEach(() => {
    server?.close()
    server = undefined
  })

  async function mock(): Promise<string> {
    const m = await startPsaMock(TOKEN)
    server = m.server
    return m.url
  }

  it('pins, reads status, lists by name, and unpins every request for the CID', async () => {
    const p = client(await mock())
    // The mock decides the status by name prefix.
    const info = await p.pin?.(A, { name: 'pinned-site', metadata: { scope: 's1' } })
    expect(info).toMatchObject({ cid: A.toString(), state: 'pinned' })
    expect(info?.id).toMatch(/^req-\d+$/)
    expect(await p.status?.({ cid: A.toString(), id: info?.id })).toMatchObject({
      state: 'pinned',
    })
    const queued = await p.pin?.(B, { name: 'queued-other', metadata: { scope: 's2' } })
    expect(queued?.state).toBe('queued')
    expect((await listAll(p, { metadata: { scope: 's1' } })).map((x) => x.cid)).toEqual([
      A.toString(),
    ])
    expect((await p.unpin?.({ cid: A.toString() }))?.outcome).toBe('removed')
    expect((await p.status?.({ cid: A.toString(), id: info?.id }))?.state).toBe('absent')
    expect((await p.unpin?.({ cid: A.toString() }))?.outcome).toBe('absent')
  })

  it('fails on a wrong token with the service words and no retry', async () => {
    const p = client(await mock(), 'psa', 'wrong-token-xyz')
    const err = (await p.pin?.(A, TAGS).catch((e: unknown) => e)) as ProviderError
    expect(err.status).toBe(401)
    expect(err.message).toMatch(
      /^psa: (listing pins|creating the pin request) failed: HTTP 401: .*access token is invalid.*check "psa-token"/,
    )
  })
})

describe('PSA client against the spec-faithful double', () => {
  let d: PsaDouble | undefined
  afterEach(async () => {
    await d?.close()
    d = undefined
  })
  const start = async (mode: PsaDouble['mode'] = 'spec'): Promise<PsaDouble> => {
    d = await startPsaDouble(TOKEN)
    d.mode = mode
    return d
  }

  it('follows queued → pinning → pinned over time, sends name, meta and origins', async () => {
    const s = await start()
    // Stepped by status reads, not by time: the same on an idle and a busy machine.
    s.stepped = { queued: 2, pinning: 2 }
    const p = client(s.url)
    const origins = ['/ip4/203.0.113.9/tcp/4001/p2p/12D3KooWOrigin']
    const first = (await p.pin?.(A, TAGS, { origins })) as PinInfo
    expect(first.state).toBe('queued')
    const seen: string[] = [first.state]
    let info = first
    for (let i = 0; i < 10 && info.state !== 'pinned'; i++) {
      info = (await p.status?.(info)) as PinInfo
      seen.push(info.state)
    }
    expect(seen).toEqual(['queued', 'queued', 'queued', 'pinning', 'pinning', 'pinned'])
    expect(s.pins[0]).toMatchObject({ name: 'site-0123456', meta: TAGS.metadata, origins })
  })

  it('gets a new request id per add, reports failed pins, and says 409 clearly', async () => {
    const s = await start()
    const p = client(s.url)
    const one = await p.pin?.(A, TAGS)
    const two = await p.pin?.(A, TAGS)
    expect(one?.id).not.toBe(two?.id)
    s.failing.add(B.toString())
    expect((await settle(p, (await p.pin?.(B, TAGS)) as PinInfo)).state).toBe('failed')
    s.broke = true
    await expect(p.pin?.(A, TAGS)).rejects.toThrow(/HTTP 409: .*INSUFFICIENT_FUNDS/)
  })

  it('unpins a CID by deleting every request holding it, in any status', async () => {
    const s = await start()
    const p = client(s.url)
    s.seed(A.toString())
    s.failing.add(A.toString())
    s.seed(A.toString())
    s.queuedMs = 60_000
    s.seed(A.toString(), { born: Date.now() })
    s.seed(B.toString())
    expect((await p.unpin?.({ cid: A.toString() }))?.outcome).toBe('removed')
    expect(s.pins.map((x) => x.cid)).toEqual([B.toString()])
    const lookups = s.server.requests.filter((r) => r.method === 'GET')
    expect(lookups[0]?.url).toContain('status=queued%2Cpinning%2Cpinned%2Cfailed')
  })

  it('pages with `before` through more than 1,000 pins, newest first, each once', async () => {
    const s = await start()
    const p = client(s.url)
    for (let i = 0; i < 2500; i++)
      s.seed(i % 2 === 0 ? A.toString() : B.toString(), {
        name: `n${i}`,
        meta: i % 5 === 0 ? { scope: 'other' } : TAGS.metadata,
      })
    const mine = await listAll(p, { metadata: TAGS.metadata })
    expect(mine).toHaveLength(2000)
    expect(new Set(mine.map((x) => x.id)).size).toBe(2000)
    expect(mine[0]?.name).toBe('n2499')
    const gets = s.server.requests.filter((r) => r.url.startsWith('/pins?'))
    // Two full pages; `count` (the total) says there is no third.
    expect(gets).toHaveLength(2)
    expect(gets[1]?.url).toMatch(/before=/)
  })

  it('replaces a pin in one call: new request id, the old one gone', async () => {
    const s = await start()
    const p = client(s.url)
    const old = (await p.pin?.(A, TAGS)) as PinInfo
    const next = (await p.replace?.(old, B, TAGS)) as PinInfo
    expect(next).toMatchObject({ cid: B.toString() })
    expect(next.id).not.toBe(old.id)
    expect((await p.status?.(old))?.state).toBe('absent')
  })

  it('tolerates Pinata PSA: add 200, DELETE 200 text/plain OK, limit and before ignored, no name', async () => {
    const s = await start('pinata')
    const p = client(s.url, 'pinata-psa')
    for (let i = 0; i < 30; i++) s.seed(A.toString(), { meta: TAGS.metadata })
    s.seed(B.toString(), { meta: TAGS.metadata })
    expect(await listAll(p, { metadata: TAGS.metadata })).toHaveLength(31)
    expect((await listAll(p))[0]?.name).toBeUndefined()
    expect((await p.pin?.(B, TAGS))?.state).toBe('pinned')
    expect((await p.unpin?.({ cid: A.toString() }))?.outcome).toBe('removed')
    expect(s.pins.filter((x) => x.cid === A.toString())).toHaveLength(0)
  })

  it('tolerates Cluster pinsvc: request id = CID, re-pin keeps it, unordered lists', async () => {
    const s = await start('cluster')
    const p = client(s.url, 'cluster-psa')
    const one = await p.pin?.(A, TAGS)
    const two = await p.pin?.(A, TAGS)
    expect(one?.id).toBe(A.toString())
    expect(two?.id).toBe(A.toString())
    for (let i = 0; i < 40; i++)
      s.seed(`bafkrei${String(i).padStart(52, 'a')}`, { meta: TAGS.metadata })
    expect(await listAll(p, { metadata: TAGS.metadata })).toHaveLength(41)
    expect((await p.unpin?.({ cid: A.toString() }))?.outcome).toBe('removed')
  })

  it('web3-storage: an endpoint that no longer answers as a PSA fails with the explanation', async () => {
    const s = await start()
    s.fault = () => ({
      status: 404,
      body: '<html><title>Not Found</title></html>',
      headers: { 'content-type': 'text/html' },
    })
    const err = (await client(s.url, 'web3-storage')
      .pin?.(A, TAGS)
      .catch((e: unknown) => e)) as ProviderError
    expect(err.message).toMatch(
      /^web3-storage: (listing pins|creating the pin request) failed: HTTP 404: HTML page "Not Found".*shut down its Pinning Service API on 2024-01-09/,
    )
  })
})

describe('PSA: one live request per CID and scope, never a blind second POST', () => {
  let d: PsaDouble | undefined
  afterEach(async () => {
    await d?.close()
    d = undefined
  })
  const labels = (run: string, time: string): PinTags => ({
    name: 'site-0123456',
    metadata: {
      'ipfs-pin.scope': 'acme/site@production',
      'ipfs-pin.sha': 'a'.repeat(40),
      'ipfs-pin.run': run,
      'ipfs-pin.time': time,
    },
  })
  const posts = (s: PsaDouble): number =>
    s.server.requests.filter((r) => r.method === 'POST').length

  it.each(['truncate', 'reset'] as const)(
    'adopts the request the service made when the answer to the POST is lost (%s)',
    async (how) => {
      const s = (d = await startPsaDouble(TOKEN))
      let cut = false
      s.after = (_n, method) => (method === 'POST' && !cut ? ((cut = true), how) : undefined)
      const p = client(s.url)
      const info = (await p.pin?.(A, labels('7', '2026-12-01T00:00:00.000Z'))) as PinInfo
      expect(s.pins).toHaveLength(1)
      expect(info.id).toBe(s.pins[0]?.requestid)
      expect(posts(s)).toBe(1)
    },
  )

  it('sends the POST again when the service never got it (reset before the request was read)', async () => {
    const s = (d = await startPsaDouble(TOKEN))
    s.fault = (n, path) => (n === 2 && path === '/pins' ? 'reset' : undefined)
    const p = client(s.url)
    const info = (await p.pin?.(A, labels('7', '2026-12-01T00:00:00.000Z'))) as PinInfo
    expect(s.pins).toHaveLength(1)
    expect(info.id).toBe(s.pins[0]?.requestid)
  })

  it('retries a truncated answer to a status read', async () => {
    const s = (d = await startPsaDouble(TOKEN))
    const p = client(s.url)
    const info = (await p.pin?.(A, labels('7', '2026-12-01T00:00:00.000Z'))) as PinInfo
    let cut = false
    s.after = (_n, method, path) =>
      method === 'GET' && path.startsWith('/pins/') && !cut ? ((cut = true), 'truncate') : undefined
    expect((await p.status?.(info))?.state).toBe('pinned')
    expect(cut).toBe(true)
  })

  it('re-runs converge: the same run adopts its request, a later deploy replaces it with fresh labels', async () => {
    const s = (d = await startPsaDouble(TOKEN))
    const p = client(s.url)
    const first = (await p.pin?.(A, labels('7', '2026-12-01T00:00:00.000Z'))) as PinInfo
    const again = (await p.pin?.(A, labels('7', '2026-12-01T00:05:00.000Z'))) as PinInfo
    expect(again.id).toBe(first.id)
    expect(posts(s)).toBe(1)
    const later = (await p.pin?.(A, labels('8', '2026-12-02T00:00:00.000Z'))) as PinInfo
    expect(s.pins).toHaveLength(1)
    expect(s.pins[0]?.requestid).toBe(later.id)
    expect(s.pins[0]?.meta['ipfs-pin.time']).toBe('2026-12-02T00:00:00.000Z')
  })

  it("removes the scope's failed and duplicate requests for the CID, and no one else's", async () => {
    const s = (d = await startPsaDouble(TOKEN))
    const mine = labels('1', '2026-11-01T00:00:00.000Z').metadata
    s.failing.add(A.toString())
    s.seed(A.toString(), { meta: { ...mine } })
    s.failing.delete(A.toString())
    s.seed(A.toString(), { meta: { ...mine } })
    s.seed(A.toString(), { meta: { ...mine } })
    const theirs = s.seed(A.toString(), {
      meta: { ...mine, 'ipfs-pin.scope': 'acme/site#pr-3' },
    })
    const p = client(s.url)
    const info = (await p.pin?.(A, labels('9', '2026-12-01T00:00:00.000Z'))) as PinInfo
    expect(s.pins.map((x) => x.requestid).sort()).toEqual([info.id, theirs.requestid].sort())
  })
})

const psaDescriptor = psaProviders.find((d) => d.id === 'psa')
if (psaDescriptor === undefined) throw new Error('no psa provider')
providerContract({
  descriptor: psaDescriptor,
  http: true,
  async start() {
    const token = 'psa-pin-contract-token-3f1'
    const d = await startPsaDouble(token)
    d.stepped = { queued: 1, pinning: 1 }
    const inputs = { provider: 'psa', 'psa-endpoint': d.url, 'psa-token': token }
    return {
      double: d,
      inputs,
      wrong: { ...inputs, 'psa-token': 'psa-wrong-token' },
      secrets: [token],
      lie: (cid) => (d.lieAboutCid = cid),
      holds: (cid) => d.pins.some((p) => p.cid === cid),
      count: (cid) => d.pins.filter((p) => p.cid === cid).length,
      writePath: /^\/pins$/,
      seed: (cid, tags) =>
        void d.seed(cid, { name: tags.name, meta: { ...tags.metadata }, born: 0, reads: 99 }),
      pageSize: (n) => (d.pageCap = n),
    }
  },
})
