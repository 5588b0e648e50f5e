/**
 * A CID two scopes share keeps each scope's own claim and time (src/tags.ts): release v1,
 * release v2, a preview that reverts to v1's content, release v3 with keep 2. Production must
 * keep v3 and v2 on Pinata and Cluster (one record per CID), and v1 stays pinned for the
 * preview. Through run() against the Pinata and Cluster doubles.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { startClusterDouble, type ClusterDouble } from './doubles/cluster.js'
import { startPinataDouble, type PinataDouble } from './doubles/pinata.js'
import { scratch, writeTree } from './support/fs-tree.js'
import { runRecorded } from './support/recorded-run.js'
import { claimsOf, mergedMetadata, releasedMetadata } from '../src/tags.js'

const tmp = scratch('claims')
afterAll(tmp.remove)

const JWT = 'claims-pinata-jwt-0d1e'
const PROD = { IPFS_PIN_REPOSITORY: 'acme/site', IPFS_PIN_SHA: 'a'.repeat(40) }
const PREVIEW = { ...PROD, IPFS_PIN_PR: '7', IPFS_PIN_SHA: 'b'.repeat(40) }

let pinata: PinataDouble
let cluster: ClusterDouble
afterEach(async () => {
  await Promise.all([pinata.close(), cluster.close()])
})

const site = (version: string): string =>
  writeTree(tmp.next(`site-${version}`), { 'index.html': `<h1>release ${version}</h1>` })

describe('claims of several scopes on one record', () => {
  it('keeps each scope its own time: a preview of old content does not make it the newest release', async () => {
    pinata = await startPinataDouble({ jwt: JWT })
    cluster = await startClusterDouble()
    const inputs = {
      provider: 'pinata, cluster',
      'pinata-jwt': JWT,
      'pinata-api-url': pinata.url,
      'cluster-url': cluster.url,
      retries: '1',
    }
    const deploy = async (
      dir: string,
      env: Record<string, string>,
      more: Record<string, string> = {},
    ): Promise<string> => {
      const r = await runRecorded({ ...inputs, path: dir, ...more }, tmp.next('run'), env)
      expect(r.error).toBeUndefined()
      return r.host.outputs.cid ?? ''
    }
    const v1dir = site('1')
    const v1 = await deploy(v1dir, PROD)
    const v2 = await deploy(site('2'), PROD)
    // A pull request reverting to v1's content: the same CID, another scope.
    expect(await deploy(v1dir, PREVIEW)).toBe(v1)
    const v3 = await deploy(site('3'), PROD, { 'unpin-previous': 'true', keep: '2' })

    // Production keeps v3 and v2; v1 only loses production's claim: the preview still serves it.
    expect([...cluster.pins.keys()].sort()).toEqual([v1, v2, v3].sort())
    expect(
      pinata.pins
        .filter((p) => p.dateUnpinned === null)
        .map((p) => p.cid)
        .sort(),
    ).toEqual([v1, v2, v3].sort())
    const clusterV1 = cluster.pins.get(v1)?.metadata ?? {}
    const pinataV1 = pinata.pins.find((p) => p.cid === v1)?.keyvalues ?? {}
    for (const labels of [clusterV1, pinataV1]) {
      expect(claimsOf(labels).map((c) => c.scope)).toEqual(['acme/site#pr-7'])
      // The labels the preview did not write stay as production wrote them.
      expect(labels['ipfs-pin.sha']).toBe('a'.repeat(40))
      expect(labels['ipfs-pin.env']).toBe('production')
    }

    // Closing the pull request then removes v1; production's v2 and v3 stay.
    const closed = await runRecorded({ ...inputs, mode: 'cleanup' }, tmp.next('run'), PREVIEW)
    expect(closed.error).toBeUndefined()
    expect([...cluster.pins.keys()].sort()).toEqual([v2, v3].sort())
  })
})

describe('claim labels', () => {
  const run = (scope: string, time: string, extra: Record<string, string> = {}) => ({
    'ipfs-pin.scope': scope,
    'ipfs-pin.time': time,
    'ipfs-pin.env': scope.includes('#') ? 'preview' : 'production',
    ...extra,
  })

  it('adds a claim with its own time and refreshes only its own', () => {
    const prod = run('a/s@production', '2026-10-01T00:00:00.000Z', { note: 'v1' })
    const both = mergedMetadata(prod, run('a/s#pr-7', '2026-10-05T00:00:00.000Z', { note: 'pr' }))
    expect(claimsOf(both)).toEqual([
      { scope: 'a/s@production', time: '2026-10-01T00:00:00.000Z' },
      { scope: 'a/s#pr-7', time: '2026-10-05T00:00:00.000Z' },
    ])
    expect(both).toMatchObject({ 'ipfs-pin.env': 'production', note: 'v1' })
    const again = mergedMetadata(both, run('a/s@production', '2026-10-09T00:00:00.000Z'))
    expect(claimsOf(again)).toEqual([
      { scope: 'a/s#pr-7', time: '2026-10-05T00:00:00.000Z' },
      { scope: 'a/s@production', time: '2026-10-09T00:00:00.000Z' },
    ])
    expect(claimsOf(releasedMetadata(again, 'a/s#pr-7') ?? {})).toEqual([
      { scope: 'a/s@production', time: '2026-10-09T00:00:00.000Z' },
    ])
  })

  it('gives no claim the single time of a record written before claims had their own', () => {
    expect(
      claimsOf({ 'ipfs-pin.scope': 'a/s@production a/s#pr-7', 'ipfs-pin.time': '2026-10-05' }),
    ).toEqual([{ scope: 'a/s@production' }, { scope: 'a/s#pr-7' }])
    expect(claimsOf({ 'ipfs-pin.scope': 'a/s@production', 'ipfs-pin.time': '2026-10-05' })).toEqual(
      [{ scope: 'a/s@production', time: '2026-10-05' }],
    )
  })

  it("stays within Pinata's ten keyvalues, dropping this run's additions, never a claim", () => {
    const theirs: Record<string, string> = run('a/s@production', '2026-10-01T00:00:00.000Z')
    for (let i = 0; i < 7; i++) theirs[`k${i}`] = 'x'
    const mine = run('a/s#pr-7', '2026-10-05T00:00:00.000Z', { 'ipfs-pin.pr': '7', mine: 'y' })
    const merged = mergedMetadata(theirs, mine, { maxKeys: 10 })
    expect(Object.keys(merged)).toHaveLength(10)
    expect(claimsOf(merged).map((c) => c.scope)).toEqual(['a/s@production', 'a/s#pr-7'])
    expect(merged.mine).toBeUndefined()
  })
})
