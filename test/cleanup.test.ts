/**
 * Cleanup against local doubles seeded with pins from several scopes (ours, another
 * repository's, another environment's, untagged): each run must leave exactly the pins it
 * should. Through the whole run() with a recording host.
 */
import { createHash } from 'node:crypto'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { create as digest } from 'multiformats/hashes/digest'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { startClusterDouble, type ClusterDouble } from './doubles/cluster.js'
import { startKuboDouble, type KuboDouble } from './doubles/kubo.js'
import { startPinataDouble, type PinataDouble } from './doubles/pinata.js'
import { startPsaDouble, type PsaDouble } from './doubles/psa.js'
import { startSagittariusDouble, type SagittariusDouble } from './doubles/sagittarius.js'
import { scratch } from './support/fs-tree.js'
import { runRecorded, type Ran } from './support/recorded-run.js'

const tmp = scratch('cleanup')
afterAll(tmp.remove)

const PLANETS = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
/** A distinct CIDv1 per label (raw leaves of the label's bytes). */
const cidOf = (label: string): string =>
  CID.create(1, raw.code, digest(0x12, createHash('sha256').update(label).digest())).toString()

const OLD1 = cidOf('production-1')
const OLD2 = cidOf('production-2')
const OLD3 = cidOf('production-3')
const OTHER_REPO = cidOf('other-repo')
const STAGING = cidOf('staging')
const UNTAGGED = cidOf('untagged')

const PROD = 'acme/site@production'
const label = (scope: string, time: string): Record<string, string> => ({
  'ipfs-pin.scope': scope,
  'ipfs-pin.repo': scope.split(/[@#]/)[0] ?? '',
  'ipfs-pin.time': time,
})
const ENV = { IPFS_PIN_REPOSITORY: 'acme/site', IPFS_PIN_SHA: 'a'.repeat(40) }
const PSA_TOKEN = 'cleanup-psa-token-5a'
const SGR_KEY = 'cleanup-sgr-key-6b'
const OTHER_KEY = 'cleanup-sgr-other-key'

let cluster: ClusterDouble
let psa: PsaDouble
let kubo: KuboDouble
let sgr: SagittariusDouble
let pinata: PinataDouble | undefined
afterEach(async () => {
  await Promise.all([cluster.close(), psa.close(), kubo.close(), sgr.close(), pinata?.close()])
  pinata = undefined
})

/** Four providers, seeded alike: three production deployments of ours, and pins not ours. */
async function world(): Promise<Record<string, string>> {
  cluster = await startClusterDouble()
  psa = await startPsaDouble(PSA_TOKEN)
  kubo = await startKuboDouble()
  sgr = await startSagittariusDouble([SGR_KEY, OTHER_KEY])
  const ours: Array<[string, string]> = [
    [OLD1, '2026-10-01T00:00:00Z'],
    [OLD2, '2026-10-02T00:00:00Z'],
    [OLD3, '2026-10-03T00:00:00Z'],
  ]
  for (const [cid, time] of ours) {
    cluster.seed(cid, `site-${cid.slice(-6)}`, label(PROD, time))
    psa.seed(cid, { name: `site-${cid.slice(-6)}`, meta: label(PROD, time) })
    kubo.pins.add(cid)
    sgr.records.add(`${SGR_KEY} ${cid}`)
    sgr.cluster.set(cid, 9)
  }
  cluster.seed(OTHER_REPO, 'other', label('other/site@production', '2026-09-01T00:00:00Z'))
  cluster.seed(STAGING, 'staging', label('acme/site@staging', '2026-09-01T00:00:00Z'))
  cluster.seed(UNTAGGED, 'manual', {})
  psa.seed(OTHER_REPO, { meta: label('other/site@production', '2026-09-01T00:00:00Z') })
  psa.seed(STAGING, { meta: label('acme/site@staging', '2026-09-01T00:00:00Z') })
  psa.seed(UNTAGGED)
  kubo.pins.add(OTHER_REPO)
  kubo.pins.add(UNTAGGED)
  // Another API key also pins OLD1 on Sagittarius: only our key's record may go.
  sgr.records.add(`${OTHER_KEY} ${OLD1}`)
  return {
    provider: 'cluster, kubo, psa, sagittarius',
    'cluster-url': cluster.url,
    'kubo-url': kubo.url,
    'psa-endpoint': psa.url,
    'psa-token': PSA_TOKEN,
    'sagittarius-api-url': sgr.url,
    'sagittarius-api-key': SGR_KEY,
    retries: '1',
    'request-timeout': '2s',
    'wait-timeout': '20s',
  }
}

interface Held {
  cluster: string[]
  psa: string[]
  kubo: string[]
  sagittarius: string[]
}
const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort()
function held(): Held {
  return {
    cluster: sorted([...cluster.pins.keys()]),
    psa: sorted(psa.pins.map((p) => p.cid)),
    kubo: sorted(kubo.pins),
    sagittarius: sorted(
      [...sgr.records].filter((r) => r.startsWith(`${SGR_KEY} `)).map((r) => r.split(' ')[1] ?? ''),
    ),
  }
}
const unpinned = (
  r: Ran,
): Array<{ provider: string; cid: string; action: string; dryRun?: boolean }> =>
  JSON.parse(r.host.outputs.unpinned ?? '[]') as Array<{
    provider: string
    cid: string
    action: string
    dryRun?: boolean
  }>

const deploy = (inputs: Record<string, string>, env = ENV): Promise<Ran> =>
  runRecorded({ path: 'examples/planets', ...inputs }, tmp.next('run'), env)

describe('unpin-previous after a release', () => {
  it('keeps only the new deployment of this scope on every provider, and touches nothing else', async () => {
    const inputs = await world()
    const r = await deploy({ ...inputs, 'unpin-previous': 'true' })
    expect(r.error).toBeUndefined()
    const left = held()
    for (const gone of [OLD1, OLD2, OLD3])
      for (const [provider, cids] of Object.entries(left))
        expect(cids, `${provider} still holds ${gone}`).not.toContain(gone)
    expect(left.cluster).toEqual(sorted([PLANETS, OTHER_REPO, STAGING, UNTAGGED]))
    expect(left.psa).toEqual(sorted([PLANETS, OTHER_REPO, STAGING, UNTAGGED]))
    expect(left.kubo).toEqual(sorted([PLANETS, OTHER_REPO, UNTAGGED]))
    expect(left.sagittarius).toEqual([PLANETS])
    // The other key's record of OLD1 stays, so the cluster keeps OLD1 for it.
    expect(sgr.records.has(`${OTHER_KEY} ${OLD1}`)).toBe(true)
    const u = unpinned(r)
    expect(u).toHaveLength(12)
    expect(u.filter((x) => x.provider === 'sagittarius' && x.cid === OLD1)).toEqual([
      expect.objectContaining({ action: 'released-for-this-key' }),
    ])
    // The new pins carry the labels a later run finds them by.
    const mine = psa.pins.find((p) => p.cid === PLANETS)
    expect(mine?.meta).toMatchObject({ 'ipfs-pin.scope': PROD, 'ipfs-pin.repo': 'acme/site' })
    expect(r.host.text()).toContain('Cleanup of scope `acme/site@production`')
  })

  it('keeps the newest `keep` (the new one included)', async () => {
    const inputs = await world()
    const r = await deploy({ ...inputs, 'unpin-previous': 'true', keep: '3' })
    expect(r.error).toBeUndefined()
    const left = held()
    expect(left.psa).toEqual(sorted([PLANETS, OLD3, OLD2, OTHER_REPO, STAGING, UNTAGGED]))
    expect(left.cluster).not.toContain(OLD1)
    expect(left.kubo).toEqual(sorted([PLANETS, OLD2, OLD3, OTHER_REPO, UNTAGGED]))
  })

  it('dry-run reports what would go and changes nothing', async () => {
    const inputs = await world()
    const before = held()
    const r = await deploy({ ...inputs, 'unpin-previous': 'true', 'dry-run': 'true' })
    expect(r.error).toBeUndefined()
    expect(held()).toEqual(before)
    expect(cluster.pins.has(PLANETS)).toBe(false)
    const u = unpinned(r)
    expect(u.length).toBeGreaterThan(0)
    expect(u.every((x) => x.dryRun === true)).toBe(true)
    expect(sorted(u.map((x) => x.cid))).toEqual(sorted([OLD1, OLD2, OLD3]))
    const writes = [cluster, psa, kubo, sgr].flatMap((d) =>
      d.server.requests.filter((q) => q.method === 'DELETE' || q.url.includes('/rm')),
    )
    expect(writes).toEqual([])
  })

  it('fails instead of unpinning more than max-unpin, and unpins nothing', async () => {
    const inputs = await world()
    const r = await deploy({ ...inputs, 'unpin-previous': 'true', 'max-unpin': '2' })
    expect(r.error?.message).toMatch(
      /Would unpin 3 CIDs .*more than "max-unpin" \(2\); nothing was unpinned/,
    )
    const left = held()
    for (const cid of [OLD1, OLD2, OLD3]) {
      expect(left.psa).toContain(cid)
      expect(left.kubo).toContain(cid)
    }
    expect(unpinned(r)).toEqual([])
  })

  it('never unpins a CID listed in protect', async () => {
    const inputs = await world()
    const r = await deploy({ ...inputs, 'unpin-previous': 'true', protect: OLD1 })
    expect(r.error).toBeUndefined()
    const left = held()
    expect(left.psa).toContain(OLD1)
    expect(left.cluster).toContain(OLD1)
    expect(left.kubo).toContain(OLD1)
    expect(left.psa).not.toContain(OLD2)
  })

  it('leaves earlier deployments alone when the deploy failed', async () => {
    const inputs = await world()
    kubo.fault = (_n, path) =>
      path.includes('dag/import')
        ? { status: 500, body: '{"Message":"disk full","Code":0,"Type":"error"}' }
        : undefined
    const r = await deploy({ ...inputs, 'unpin-previous': 'true' })
    expect(r.error?.message).toMatch(/disk full/)
    expect(held().psa).toEqual(expect.arrayContaining([OLD1, OLD2, OLD3]))
    expect(r.host.text()).toMatch(/Earlier deployments were left pinned/)
  })

  it('a provider failing mid-cleanup does not stop the others; the step fails', async () => {
    const inputs = await world()
    psa.fault = (_n, path) =>
      path.startsWith('/pins/') && psa.server.requests.at(-1)?.method === 'DELETE'
        ? { status: 503, body: 'maintenance' }
        : undefined
    const r = await deploy({ ...inputs, 'unpin-previous': 'true' })
    expect(r.error?.message).toMatch(/psa: unpinning b\S+ failed/)
    const left = held()
    expect(left.psa).toEqual(expect.arrayContaining([OLD1, OLD2, OLD3]))
    expect(left.cluster).toEqual(sorted([PLANETS, OTHER_REPO, STAGING, UNTAGGED]))
    expect(left.kubo).toEqual(sorted([PLANETS, OTHER_REPO, UNTAGGED]))
    expect(left.psa).toEqual(expect.arrayContaining([OTHER_REPO, STAGING, UNTAGGED]))
  })
})

describe('mode: cleanup for a closed pull request', () => {
  const PR_ENV = { ...ENV, IPFS_PIN_PR: '7' }
  const PR = 'acme/site#pr-7'
  const PR_ONLY = cidOf('pr-7-only')
  const SHARED = cidOf('shared-with-production')

  it("unpins the PR's pins everywhere, and only releases a CID production also deploys", async () => {
    const inputs = await world()
    for (const [cid, time] of [
      [PR_ONLY, '2026-11-01T00:00:00Z'],
      [SHARED, '2026-11-02T00:00:00Z'],
    ] as const) {
      psa.seed(cid, { meta: label(PR, time) })
      kubo.pins.add(cid)
      sgr.records.add(`${SGR_KEY} ${cid}`)
    }
    cluster.seed(PR_ONLY, 'pr', label(PR, '2026-11-01T00:00:00Z'))
    // Production deployed SHARED too: its own PSA request, and a merged label on Cluster.
    psa.seed(SHARED, { meta: label(PROD, '2026-11-03T00:00:00Z') })
    cluster.seed(SHARED, 'shared', {
      ...label(PROD, '2026-11-03T00:00:00Z'),
      'ipfs-pin.scope': `${PR} ${PROD}`,
    })
    const { path: _p, ...rest } = { path: '', ...inputs }
    const r = await runRecorded({ ...rest, mode: 'cleanup' }, tmp.next('run'), PR_ENV)
    expect(r.error).toBeUndefined()
    const left = held()
    expect(left.psa).not.toContain(PR_ONLY)
    expect(left.cluster).not.toContain(PR_ONLY)
    expect(left.kubo).not.toContain(PR_ONLY)
    expect(left.sagittarius).not.toContain(PR_ONLY)
    // SHARED: the PR's PSA request went, production's stayed; Cluster keeps it for production.
    expect(psa.pins.filter((p) => p.cid === SHARED).map((p) => p.meta['ipfs-pin.scope'])).toEqual([
      PROD,
    ])
    expect(cluster.pins.get(SHARED)?.metadata['ipfs-pin.scope']).toBe(PROD)
    expect(left.kubo).toContain(SHARED)
    expect(left.sagittarius).toContain(SHARED)
    // Production's own deployments were not in scope.
    expect(left.psa).toEqual(expect.arrayContaining([OLD1, OLD2, OLD3]))
    expect(r.host.outputs.cid).toBe('')
    expect(r.host.text()).toMatch(/also deployed by acme\/site@production/)
  })
})

describe('the unpin list', () => {
  it('unpins the named CIDs from every provider (all PSA requests), never the protected', async () => {
    const inputs = await world()
    psa.seed(OTHER_REPO)
    const r = await deploy({ ...inputs, unpin: `${OTHER_REPO}, ${STAGING}`, protect: STAGING })
    expect(r.error).toBeUndefined()
    const left = held()
    expect(left.psa).not.toContain(OTHER_REPO)
    expect(left.cluster).not.toContain(OTHER_REPO)
    expect(left.kubo).not.toContain(OTHER_REPO)
    expect(left.psa).toContain(STAGING)
    expect(left.cluster).toContain(STAGING)
    expect(left.psa).toEqual(expect.arrayContaining([OLD1, OLD2, OLD3]))
  })

  it('lists every PSA request it removed, one entry per request id', async () => {
    const inputs = await world()
    // OTHER_REPO has three requests on the PSA service: each is removed and reported.
    const ids = [psa.pins.find((p) => p.cid === OTHER_REPO)?.requestid]
    ids.push(
      psa.seed(OTHER_REPO).requestid,
      psa.seed(OTHER_REPO, { meta: label(PROD, '2026-10-04T00:00:00Z') }).requestid,
    )
    const r = await runRecorded(
      { ...inputs, mode: 'cleanup', unpin: OTHER_REPO, 'dry-run': 'false' },
      tmp.next('run'),
      { ...ENV, IPFS_PIN_PR: '99' },
    )
    expect(r.error).toBeUndefined()
    const fromPsa = unpinned(r).filter((u) => u.provider === 'psa' && u.cid === OTHER_REPO)
    expect(sorted(fromPsa.map((u) => (u as { id?: string }).id ?? ''))).toEqual(
      sorted(ids.map(String)),
    )
    expect(held().psa).not.toContain(OTHER_REPO)
  })

  it('works with providers that keep no labels: the named CIDs only', async () => {
    const inputs = await world()
    const r = await runRecorded(
      {
        mode: 'cleanup',
        provider: 'kubo, sagittarius',
        'kubo-url': inputs['kubo-url'] ?? '',
        'sagittarius-api-url': inputs['sagittarius-api-url'] ?? '',
        'sagittarius-api-key': SGR_KEY,
        unpin: OLD2,
      },
      tmp.next('run'),
      ENV,
    )
    expect(r.error).toBeUndefined()
    const left = held()
    expect(left.kubo).not.toContain(OLD2)
    expect(left.sagittarius).not.toContain(OLD2)
    // Nothing else: without labels there is no scope to clean.
    expect(left.kubo).toEqual(sorted([OLD1, OLD3, OTHER_REPO, UNTAGGED]))
    expect(left.sagittarius).toEqual(sorted([OLD1, OLD3]))
    expect(r.host.text()).toContain('only the CIDs named in "unpin" are removed')
  })

  it.each(['kubo', 'sagittarius'] as const)(
    'works with %s alone, the only provider of the step',
    async (only) => {
      const inputs = await world()
      const own: Record<string, string> =
        only === 'kubo'
          ? { 'kubo-url': inputs['kubo-url'] ?? '' }
          : {
              'sagittarius-api-url': inputs['sagittarius-api-url'] ?? '',
              'sagittarius-api-key': SGR_KEY,
            }
      const before = held()
      const r = await runRecorded(
        { mode: 'cleanup', provider: only, ...own, unpin: OLD2 },
        tmp.next('run'),
        ENV,
      )
      expect(r.error).toBeUndefined()
      const left = held()
      expect(left[only]).toEqual(before[only].filter((c) => c !== OLD2))
      expect(unpinned(r)).toEqual([expect.objectContaining({ provider: only, cid: OLD2 })])
      // The other providers were not in the step: untouched.
      for (const other of ['cluster', 'psa', 'kubo', 'sagittarius'] as const)
        if (other !== only) expect(left[other]).toEqual(before[other])
    },
  )
})

describe('scope cleanup on a PSA service', () => {
  it("removes each of the scope's requests for a CID and lists each id", async () => {
    const inputs = await world()
    const again = psa.seed(OLD1, { meta: label(PROD, '2026-10-01T01:00:00Z') })
    const r = await runRecorded(
      { ...inputs, provider: 'psa', mode: 'cleanup' },
      tmp.next('run'),
      ENV,
    )
    expect(r.error).toBeUndefined()
    const ids = unpinned(r)
      .filter((u) => u.cid === OLD1)
      .map((u) => (u as { id?: string }).id)
    expect(ids).toHaveLength(2)
    expect(ids).toContain(again.requestid)
  })
})

describe('listing beyond one page', () => {
  it('finds every pin of the scope on Pinata past 1,000 rows (capped pages)', async () => {
    pinata = await startPinataDouble({ jwt: 'eyJ.cleanup.pinata' })
    pinata.pageCap = 500
    // The other doubles are started so afterEach can close them.
    await world()
    for (let i = 0; i < 1200; i++)
      pinata.seed({
        cid: cidOf(`bulk-${i}`),
        keyvalues: label(
          i % 4 === 0 ? 'acme/site@staging' : PROD,
          new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        ),
      })
    const r = await runRecorded(
      {
        path: 'examples/planets',
        provider: 'pinata',
        'pinata-api-url': pinata.url,
        'pinata-jwt': 'eyJ.cleanup.pinata',
        'unpin-previous': 'true',
        'dry-run': 'true',
        'max-unpin': '5000',
      },
      tmp.next('run'),
      ENV,
    )
    expect(r.error).toBeUndefined()
    const u = unpinned(r)
    expect(u).toHaveLength(900)
    expect(new Set(u.map((x) => x.cid)).size).toBe(900)
  })
})
