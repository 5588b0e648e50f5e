/** The IPFS Cluster provider against the Cluster double: contract, quirks, faults, secrets. */
import path from 'node:path'
import type { CID } from 'multiformats/cid'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ClusterOptions } from '../../src/providers/cluster.js'
import type { CarResult } from '../../src/content/car.js'
import type { ProviderError } from '../../src/errors.js'
import { createClusterProvider, foldPeerStatuses } from '../../src/providers/cluster.js'
import type { Provider } from '../../src/providers/types.js'
import { CLUSTER_IPFS_ID, startClusterDouble, type ClusterDouble } from '../doubles/cluster.js'
import { ROOT } from '../support/action-harness.js'
import { testDeps } from '../support/deps.js'
import { carOf, scratch } from '../support/fs-tree.js'
import { cluster as clusterProvider } from '../../src/providers/cluster.js'
import { providerContract } from '../support/contract.js'
import { TAG, scopesOf } from '../../src/tags.js'

const tmp = scratch('cluster')
afterAll(tmp.remove)
const PASSWORD = 'clu5ter-pa55-word'
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.cluster.jwt-signature'
const TAGS = { name: 'site-0123456', metadata: { repo: 'acme/site', sha: '0123456' } }

let car: CarResult
let cluster: ClusterDouble
beforeAll(async () => {
  car = await carOf(path.join(ROOT, 'examples', 'planets'), tmp.next('car'))
})
afterEach(async () => cluster.close())

async function provider(
  over: Partial<ClusterOptions> = {},
  retries = 2,
  stallMs = 2000,
): Promise<{ p: Provider; logs: string[] }> {
  cluster = await startClusterDouble({ basic: { user: 'ci', password: PASSWORD }, token: TOKEN })
  const { deps, logs } = testDeps([PASSWORD, TOKEN], { retries, stallMs })
  const p = createClusterProvider(
    {
      id: 'cluster',
      url: cluster.url,
      auth: { kind: 'basic', username: 'ci', password: PASSWORD },
      ...over,
    },
    deps,
  )
  return { p, logs }
}

const carFile = (): { path: string; size: number; root: CID } => ({
  path: car.carPath,
  size: car.carSize,
  root: car.root,
})

describe('cluster provider', () => {
  it('adds the CAR with name, metadata, replication and expiry; the pin goes pinning → pinned', async () => {
    const { p } = await provider({
      replicationMin: 2,
      replicationMax: 3,
      expireInMs: 30 * 86_400_000,
    })
    const info = await p.uploadCar?.(carFile(), TAGS)
    expect(info).toEqual({ cid: car.root.toString(), state: 'pinning' })
    expect(cluster.blocks.size).toBe(car.blocks)
    expect(cluster.pins.get(car.root.toString())).toMatchObject({
      name: 'site-0123456',
      metadata: { repo: 'acme/site', sha: '0123456' },
      replicationMin: 2,
      replicationMax: 3,
      expireIn: '2592000s',
    })
    const ref = { cid: car.root.toString() }
    expect((await p.status?.(ref))?.state).toBe('queued')
    expect((await p.status?.(ref))?.state).toBe('pinned')
  })

  it('works with a Bearer token too', async () => {
    const { p } = await provider({ auth: { kind: 'bearer', token: TOKEN } })
    expect((await p.uploadCar?.(carFile(), TAGS))?.cid).toBe(car.root.toString())
    expect(cluster.server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`)
  })

  it('accepts pre-1.0 {"/": cid} encoding', async () => {
    const { p } = await provider()
    cluster.legacyCids = true
    expect((await p.uploadCar?.(carFile(), TAGS))?.cid).toBe(car.root.toString())
    expect((await p.status?.({ cid: car.root.toString() }))?.cid).toBe(car.root.toString())
  })

  it('fails when the stream reports an error in its trailer after a 200', async () => {
    const { p } = await provider()
    cluster.streamError = 'error adding: context canceled'
    await expect(p.uploadCar?.(carFile(), TAGS)).rejects.toThrow(
      /cluster: uploading the CAR failed: the cluster reported an error after accepting the upload: error adding: context canceled/,
    )
  })

  it('reports a peer pin_error as failed, with the peer error', async () => {
    const { p } = await provider()
    await p.uploadCar?.(carFile(), TAGS)
    cluster.pinError = 'ipfs: context deadline exceeded'
    expect(await p.status?.({ cid: car.root.toString() })).toMatchObject({
      state: 'failed',
      detail: 'pin_error: ipfs: context deadline exceeded',
    })
  })

  it('pins by CID, unpins, and treats 404 as already gone', async () => {
    const { p } = await provider()
    await p.uploadCar?.(carFile(), TAGS)
    const ref = { cid: car.root.toString() }
    expect((await p.unpin?.(ref))?.outcome).toBe('removed')
    expect((await p.status?.(ref))?.state).toBe('absent')
    expect((await p.unpin?.(ref))?.outcome).toBe('absent')
    expect(await p.pin?.(car.root, TAGS)).toEqual({ cid: car.root.toString(), state: 'queued' })
    expect(cluster.server.requests.at(-1)?.url).toMatch(
      /^\/pins\/bafy\S+\?name=site-0123456&meta-repo=acme%2Fsite&meta-sha=0123456$/,
    )
  })

  /** A deploy's labels: `scope`'s claim made at `time`. */
  const claim = (scope: string, time: string) => ({
    name: 'site',
    metadata: { [TAG.scope]: scope, [TAG.time]: time },
  })
  const adds = () => cluster.server.requests.filter((r) => r.url.startsWith('/add')).length

  it('does not upload a CID Cluster already holds: pins it by CID with the labels merged', async () => {
    const { p, logs } = await provider({ replicationMin: 2, replicationMax: 3 })
    await p.uploadCar?.(carFile(), claim('a/s@production', '2026-11-01T00:00:00.000Z'))
    const ref = { cid: car.root.toString() }
    await p.status?.(ref)
    expect((await p.status?.(ref))?.state).toBe('pinned')
    expect(adds()).toBe(1)
    const before = cluster.server.requests.length
    const info = await p.uploadCar?.(carFile(), claim('a/s#pr-7', '2026-11-02T00:00:00.000Z'))
    expect(info).toEqual({ cid: car.root.toString(), state: 'queued' })
    // No bytes sent: the status read, the labels read right before, one pin by CID.
    expect(adds()).toBe(1)
    expect(
      cluster.server.requests.slice(before).map((r) => `${r.method} ${r.url.split('?')[0]}`),
    ).toEqual([`GET /pins/${ref.cid}`, `GET /allocations/${ref.cid}`, `POST /pins/${ref.cid}`])
    // The pin's options were replaced whole: both claims, and this run's replication, are there.
    const pin = cluster.pins.get(ref.cid)
    expect(scopesOf(pin?.metadata ?? {}).sort()).toEqual(['a/s#pr-7', 'a/s@production'])
    expect(pin).toMatchObject({ replicationMin: 2, replicationMax: 3 })
    expect((await p.status?.(ref))?.state).toBe('pinned')
    expect(logs.join('\n')).toMatch(/already pinned there; pinning it by CID, no upload/)
  })

  it('uploads when Cluster does not hold it (absent, or not pinned yet on every peer)', async () => {
    const { p } = await provider()
    const cid = car.root.toString()
    await p.uploadCar?.(carFile(), claim('a/s@production', '2026-11-01T00:00:00.000Z'))
    expect(adds()).toBe(1)
    expect(cluster.server.requests[0]).toMatchObject({ method: 'GET', url: `/pins/${cid}` })
    // In the pinset but still pinning on a peer: its blocks may not be there; the CAR goes again,
    // with both claims.
    cluster.peerStatuses = ['pinned', 'pinning']
    await p.uploadCar?.(carFile(), claim('a/s#pr-7', '2026-11-02T00:00:00.000Z'))
    expect(adds()).toBe(2)
    expect(scopesOf(cluster.pins.get(cid)?.metadata ?? {}).sort()).toEqual([
      'a/s#pr-7',
      'a/s@production',
    ])
    expect(
      cluster.server.requests.some((r) => r.method === 'POST' && r.url.startsWith('/pins/')),
    ).toBe(false)
  })

  it("gives its IPFS daemon's public addresses as origins, with the peer id appended", async () => {
    const { p } = await provider()
    expect(await p.origins?.()).toEqual([
      `/ip4/198.51.100.20/tcp/4001/p2p/${CLUSTER_IPFS_ID}`,
      `/ip6/2001:db8::20/udp/4001/quic-v1/p2p/${CLUSTER_IPFS_ID}`,
    ])
    expect(cluster.server.requests.at(-1)).toMatchObject({ method: 'GET', url: '/id' })
  })

  it("fails on wrong credentials with Cluster's message, without retrying", async () => {
    const { p } = await provider({
      auth: { kind: 'basic', username: 'ci', password: 'wrong-password' },
    })
    const err = (await p.uploadCar?.(carFile(), TAGS).catch((e: unknown) => e)) as ProviderError
    expect(err.status).toBe(401)
    expect(err.message).toContain('unauthorized: access denied')
    expect(cluster.server.requests).toHaveLength(1)
  })
})

describe('cluster provider under faults', () => {
  it("does not retry Cluster's own 500 that says the CAR itself is wrong", async () => {
    const { p } = await provider()
    cluster.fault = (_n, path) =>
      path === '/add'
        ? {
            status: 500,
            body: '{"code":500,"message":"a CAR for /add must have exactly one root"}',
          }
        : undefined
    await expect(p.uploadCar?.(carFile(), TAGS)).rejects.toThrow(/HTTP 500: .*exactly one root/)
    expect(cluster.server.requests.filter((r) => r.url.startsWith('/add'))).toHaveLength(1)
  })

  it('retries the 500 Cluster answers while its IPFS daemon restarts, then succeeds', async () => {
    const { p } = await provider()
    let refused = 0
    cluster.fault = (_n, path) =>
      path === '/add' && refused++ < 2
        ? {
            status: 500,
            body: '{"code":500,"message":"dial tcp 127.0.0.1:5001: connect: connection refused"}',
          }
        : undefined
    expect((await p.uploadCar?.(carFile(), TAGS))?.cid).toBe(car.root.toString())
    expect(cluster.server.requests.filter((r) => r.url.startsWith('/add'))).toHaveLength(3)
  })

  it('ignores a peer it could not reach, and fails a pin being removed', async () => {
    const { p } = await provider()
    await p.uploadCar?.(carFile(), TAGS)
    cluster.peerStatuses = ['pinned', 'cluster_error']
    expect((await p.status?.({ cid: car.root.toString() }))?.state).toBe('pinned')
    cluster.peerStatuses = ['pinned', 'unpinning']
    expect(await p.status?.({ cid: car.root.toString() })).toMatchObject({
      state: 'failed',
      detail: 'unpinning: the pin is being removed',
    })
  })

  it('masks a credential in a peer error before it reaches a detail', async () => {
    const { p } = await provider()
    await p.uploadCar?.(carFile(), TAGS)
    cluster.pinError = `dial failed: basic ${PASSWORD}`
    const info = await p.status?.({ cid: car.root.toString() })
    expect(info?.detail).toContain('dial failed: basic ***')
    expect(info?.detail).not.toContain(PASSWORD)
  })

  it('retries 429 with Retry-After and a reset, then succeeds', async () => {
    const { p, logs } = await provider()
    cluster.fault = (n) =>
      n === 1
        ? {
            status: 429,
            body: '{"code":429,"message":"slow down"}',
            headers: { 'retry-after': '0' },
          }
        : n === 2
          ? 'reset'
          : undefined
    expect((await p.uploadCar?.(carFile(), TAGS))?.cid).toBe(car.root.toString())
    expect(logs).toHaveLength(2)
  })

  it('gives up on a stall and on malformed lines, clearly', async () => {
    const stalled = await provider({}, 0, 150)
    cluster.fault = () => 'stall'
    await expect(stalled.p.status?.({ cid: car.root.toString() })).rejects.toThrow(
      /cluster: reading the pin status failed: no data moved/,
    )
    await cluster.close()
    const bad = await provider({}, 0)
    cluster.fault = () => ({ status: 200, body: 'not json\n' })
    await expect(bad.p.uploadCar?.(carFile(), TAGS)).rejects.toThrow(/not (valid )?JSON/)
  })

  it('never puts a credential in an error', async () => {
    const { p } = await provider({}, 0)
    cluster.fault = () => ({
      status: 500,
      body: `{"code":500,"message":"auth ${PASSWORD} ${TOKEN} Basic ${Buffer.from(`ci:${PASSWORD}`).toString('base64')}"}`,
    })
    const err = (await p.uploadCar?.(carFile(), TAGS).catch((e: unknown) => e)) as ProviderError
    for (const s of [PASSWORD, TOKEN, Buffer.from(`ci:${PASSWORD}`).toString('base64')]) {
      expect(err.message).not.toContain(s)
      expect(err.body ?? '').not.toContain(s)
    }
  })
})

describe('peer statuses', () => {
  it.each([
    [['pinned', 'pinned', 'remote'], 'pinned'],
    [['pinned', 'pinning'], 'pinning'],
    [['pin_queued', 'pin_queued'], 'queued'],
    [['pinned', 'pin_error'], 'failed'],
    [['unpinned', 'remote'], 'absent'],
    [['remote'], 'absent'],
  ] as const)('%j → %s', (statuses, state) => {
    expect(foldPeerStatuses(statuses).state).toBe(state)
  })
})

providerContract({
  descriptor: clusterProvider,
  http: true,
  profile: 'unixfs-v1-2025',
  async start() {
    const token = 'eyJhbGciOiJIUzI1NiJ9.contract.cluster-sig'
    const d = await startClusterDouble({ token })
    return {
      double: d,
      inputs: { provider: 'cluster', 'cluster-url': d.url, 'cluster-token': token },
      wrong: { provider: 'cluster', 'cluster-url': d.url, 'cluster-token': 'eyJ.wrong.token' },
      secrets: [token],
      lie: (cid) => (d.lieAboutRoot = cid),
      holds: (cid) => d.pins.has(cid),
      writePath: /^\/add$/,
      // The pinset is one NDJSON stream: no pages to ask for.
      seed: (cid, tags) => d.seed(cid, tags.name, { ...tags.metadata }),
    }
  },
})
