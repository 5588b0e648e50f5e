/**
 * The in-memory provider (test/support/memory-provider.ts), added by the steps of
 * docs/adding-a-provider.md, meets the same contract as the others; and with it, deploy and
 * cleanup run as units: no network, a driven clock, milliseconds each.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { claimsOf } from '../../src/tags.js'
import { fakeClock } from '../support/clock.js'
import { providerContract } from '../support/contract.js'
import { scratch, writeTree } from '../support/fs-tree.js'
import { MemoryStore, memoryProvider, withMemory } from '../support/memory-provider.js'
import { runRecorded } from '../support/recorded-run.js'

providerContract({
  descriptor: memoryProvider(new MemoryStore()),
  http: false,
  profile: 'unixfs-v1-2025',
  start() {
    const store = new MemoryStore()
    return Promise.resolve({
      double: store,
      inputs: { provider: 'memory' },
      secrets: [],
      holds: (cid) => store.pins.has(cid),
      seed: (cid, tags) =>
        void store.pins.set(cid, {
          name: tags.name,
          metadata: { ...tags.metadata },
          created: tags.metadata['ipfs-pin.time'] ?? '',
        }),
      lie: (cid) => (store.lie = cid),
      writePath: /^$/,
      registry: withMemory(store),
    })
  },
})

const tmp = scratch('memory-runs')
afterAll(tmp.remove)

describe('deploy and cleanup as units, on the in-memory provider', () => {
  const site = (n: number): string => writeTree(tmp.next('site'), { 'index.html': `v${n}` })
  const ENV = { IPFS_PIN_REPOSITORY: 'acme/site', IPFS_PIN_SHA: 'a'.repeat(40) }
  const PR = { ...ENV, IPFS_PIN_PR: '4' }

  function world() {
    const store = new MemoryStore()
    const clock = fakeClock(Date.UTC(2026, 11, 1))
    // Every deploy a minute after the last: the claim times order them.
    const deploy = async (dir: string, env = ENV, inputs: Record<string, string> = {}) => {
      clock.advance(60_000)
      store.now = () => new Date(clock.now()).toISOString()
      const r = await runRecorded(
        { path: dir, provider: 'memory', ...inputs },
        tmp.next('run'),
        env,
        { clock, registry: withMemory(store) },
      )
      return r
    }
    return { store, deploy }
  }

  it('keeps the newest `keep` of the scope and unpins the rest', async () => {
    const w = world()
    const cids: string[] = []
    let unpinned: unknown
    for (let i = 1; i <= 4; i++) {
      const r = await w.deploy(site(i), ENV, i === 4 ? { 'unpin-previous': 'true', keep: '2' } : {})
      expect(r.error).toBeUndefined()
      cids.push(r.host.outputs.cid ?? '')
      unpinned = JSON.parse(r.host.outputs.unpinned ?? '[]')
    }
    expect([...w.store.pins.keys()].sort()).toEqual([cids[2], cids[3]].sort())
    expect(unpinned).toEqual([
      { provider: 'memory', cid: cids[1], action: 'unpinned' },
      { provider: 'memory', cid: cids[0], action: 'unpinned' },
    ])
  })

  it("keeps a preview's claim on a release's CID, and releases only its own on close", async () => {
    const w = world()
    const v1 = site(1)
    const one = (await w.deploy(v1)).host.outputs.cid ?? ''
    expect((await w.deploy(v1, PR)).error).toBeUndefined()
    expect(claimsOf(w.store.pins.get(one)?.metadata ?? {}).map((c) => c.scope)).toEqual([
      'acme/site@production',
      'acme/site#pr-4',
    ])
    const closed = await w.deploy(site(9), PR, { mode: 'cleanup', path: '' })
    expect(closed.error).toBeUndefined()
    expect(claimsOf(w.store.pins.get(one)?.metadata ?? {}).map((c) => c.scope)).toEqual([
      'acme/site@production',
    ])
  })

  it('dry-run plans the cleanup and changes nothing', async () => {
    const w = world()
    await w.deploy(site(1))
    const before = [...w.store.pins.keys()]
    const r = await w.deploy(site(2), ENV, { 'unpin-previous': 'true', 'dry-run': 'true' })
    expect(r.error).toBeUndefined()
    expect([...w.store.pins.keys()]).toEqual(before)
    expect(JSON.parse(r.host.outputs.unpinned ?? '[]')).toEqual([
      expect.objectContaining({ provider: 'memory', cid: before[0], dryRun: true }),
    ])
  })

  it('leaves earlier deployments alone when the deploy fails, and says so', async () => {
    const w = world()
    const first = (await w.deploy(site(1))).host.outputs.cid ?? ''
    w.store.fail = 'upload'
    const r = await w.deploy(site(2), ENV, { 'unpin-previous': 'true' })
    expect(r.error?.message).toMatch(/memory: upload failed/)
    expect([...w.store.pins.keys()]).toEqual([first])
    expect(r.host.text()).toContain('Earlier deployments were left pinned')
  })
})
