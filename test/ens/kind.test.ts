/**
 * The ENS name kind (src/ens/kind.ts) on a local anvil with the real ENS contracts
 * (test/support/ens-chain.ts), from raw inputs as the run will pass them: several names set
 * with one key, a name the key may not write failing alone, a dry run that sends nothing, a Safe
 * proposal through the Transaction Service double, and the record each name holds read back for
 * cleanup in whatever form it was written. Outputs and summary carry no secret; untrusted text
 * there is inert.
 */
import { encode as oracleEncode } from '@ensdomains/content-hash'
import { CID } from 'multiformats/cid'
import { namehash } from 'viem/ens'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  ensPublish,
  ensReport,
  ensTargets,
  parseEnsOptions,
  type EnsDeps,
  type EnsOptions,
  type RawInputs,
} from '../../src/ens/index.js'
import { startSafeService, type SafeServiceDouble } from '../doubles/safe-service.js'
import { startAnvil, type Anvil } from '../support/anvil.js'
import { testDeps } from '../support/deps.js'
import { ACCOUNTS, RESOLVER_ABI, deployEns, keyOf, type EnsWorld } from '../support/ens-chain.js'

const V1 = 'bafybeibj6lixxzqtsb45ysdjnupvqkufgdvzqbnvmhw2kf7cfkesy7r7d4'
const V0 = 'QmRAQB6YaCyidP37UdDnjFY5vQuiBrcqdyoW1CuDgwxkD4'
const OTHER = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'
const K51 = 'k51qzi5uqu5dihst24f3rp2ej4co9berxohfkxaenbq1wjty7nrd5e9xp4afx1'
const API_KEY = 'kind-safe-api-key-secret'
const { alice, owner1, deployer } = ACCOUNTS

let anvil: Anvil
let w: EnsWorld
let service: SafeServiceDouble
let restore: () => Promise<void>

beforeAll(async () => {
  anvil = await startAnvil()
  w = await deployEns(anvil.url)
  service = await startSafeService(w.url)
})
afterAll(async () => {
  await service?.close()
  await anvil?.stop()
})
beforeEach(async () => {
  restore = await w.snapshot()
  service.transactions.length = 0
  service.apiKey = API_KEY
})
afterEach(async () => restore())

function harness(): { deps: EnsDeps; text: () => string; options: (raw: RawInputs) => EnsOptions } {
  const t = testDeps([], { clock: w.miningClock() })
  const warnings: string[] = []
  return {
    deps: { ...t.deps, warn: (m) => warnings.push(m), pollMs: 1000 },
    text: () => [...t.logs, ...warnings].join('\n'),
    options: (raw) => {
      const o = parseEnsOptions(
        { 'ens-rpc-url': w.url, 'ens-chain': '31337', 'ens-registry': w.registry, ...raw },
        t.deps.setSecret,
      )
      if (o === undefined) throw new Error('ENS is off')
      return o
    },
  }
}

const nonce = (a: `0x${string}`): Promise<number> =>
  w.pub.getTransactionCount({ address: a, blockTag: 'pending' })

describe('the ENS name kind', () => {
  it('sets every name with the key, reports each, and cleanup then reads the CIDs back', async () => {
    const run = harness()
    const opts = run.options({ 'ens-name': 'Site.eth\nteam.eth', 'ens-private-key': keyOf(alice) })
    const results = await ensPublish(opts, `ipfs://${V0}`, run.deps, { dryRun: false })
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['site.eth', 'set'],
      ['team.eth', 'set'],
    ])
    expect(await w.contenthash('team.eth')).toBe(`0x${oracleEncode('ipfs', V1)}`)
    const report = ensReport(results)
    const hashes = JSON.parse(report.outputs['ens-tx-hash']) as Record<string, string>
    expect(Object.keys(hashes)).toEqual(['site.eth', 'team.eth'])
    expect(hashes['site.eth']).toMatch(/^0x[0-9a-f]{64}$/)
    expect(report.outputs['ens-urls']).toBe('https://site.eth.limo/\nhttps://team.eth.limo/')
    expect(report.outputs['ens-safe-tx-hash']).toBe('')
    expect(report.failures).toEqual([])
    expect(report.summary).toContain(`\`${hashes['site.eth']}\``)

    const targets = await ensTargets(opts, run.deps)
    expect(targets.error).toBeUndefined()
    expect(targets.cids).toEqual([
      { cid: V1, reason: 'the ENS name site.eth points to it' },
      { cid: V1, reason: 'the ENS name team.eth points to it' },
    ])
    // A second deploy of the same CID sends nothing.
    const before = await nonce(alice.address)
    const again = await ensPublish(opts, V1, run.deps, { dryRun: false })
    expect(again.map((r) => r.status)).toEqual(['unchanged', 'unchanged'])
    expect(await nonce(alice.address)).toBe(before)
    expect([report.summary, JSON.stringify(report.outputs), run.text()].join()).not.toContain(
      keyOf(alice).slice(2),
    )
  })

  it('reads a record in any form it was written (CIDv0 bytes, IPNS), and says which name it could not read', async () => {
    const run = harness()
    const v0bytes = `0xe301${Buffer.from(CID.parse(V0).bytes).toString('hex')}` as const
    await w.send(alice, w.resolver, RESOLVER_ABI, 'setContenthash', [namehash('site.eth'), v0bytes])
    await w.send(alice, w.resolver, RESOLVER_ABI, 'setContenthash', [
      namehash('team.eth'),
      `0x${oracleEncode('ipns', K51)}`,
    ])
    const targets = await ensTargets(
      run.options({ 'ens-name': 'site.eth\nteam.eth\nodd.eth', 'ens-private-key': keyOf(alice) }),
      run.deps,
    )
    expect(targets.cids).toEqual([{ cid: V1, reason: 'the ENS name site.eth points to it' }])
    expect(targets.names).toEqual([
      { name: 'site.eth', uri: `ipfs://${V1}` },
      { name: 'team.eth', uri: `ipns://${K51}` },
    ])
    expect(targets.error).toMatch(/odd\.eth could not be read: .*does not support contenthash/)
  })

  it('a name the key may not write fails alone, before any transaction; the others are set', async () => {
    const run = harness()
    const opts = run.options({
      'ens-name': 'wrapped.eth\nsite.eth',
      'ens-private-key': keyOf(alice),
    })
    const before = await nonce(alice.address)
    const results = await ensPublish(opts, OTHER, run.deps, { dryRun: false })
    expect(results.map((r) => r.status)).toEqual(['failed', 'set'])
    expect(results[0]?.failure?.reason).toBe('not-authorised')
    expect(await nonce(alice.address)).toBe(before + 1)
    const report = ensReport(results)
    expect(report.failures[0]).toMatch(/^ENS name wrapped\.eth: the signer .* may not change/)
    expect(report.failures[0]).not.toMatch(/ENS name wrapped\.eth: ENS name/)
    // Several names: JSON by name (the shape follows the names configured, not what succeeded).
    expect(report.outputs['ens-tx-hash']).toBe(JSON.stringify({ 'site.eth': results[1]?.txHash }))
    expect(report.summary.split('\n').filter((l) => /^\| \[?`/.test(l))).toHaveLength(2)
  })

  it('a dry run checks and simulates, and sends nothing', async () => {
    const run = harness()
    const opts = run.options({ 'ens-name': 'site.eth', 'ens-private-key': keyOf(alice) })
    const before = await nonce(alice.address)
    const results = await ensPublish(opts, V1, run.deps, { dryRun: true })
    expect(results.map((r) => r.status)).toEqual(['simulated'])
    expect(await nonce(alice.address)).toBe(before)
    expect(await w.contenthash('site.eth')).toBe('0x')
    expect(ensReport(results).summary).toContain('dry run: simulated, nothing sent')
  })

  it('proposes to the Safe: safeTxHash, confirmations still needed, never twice', async () => {
    const run = harness()
    const opts = run.options({
      'ens-name': 'dao.eth',
      'ens-private-key': keyOf(owner1),
      'ens-safe': w.safe,
      'ens-safe-api-key': API_KEY,
      'ens-safe-service-url': service.url,
    })
    const before = await nonce(deployer.address)
    const [r] = await ensPublish(opts, V1, run.deps, {
      dryRun: false,
      origin: 'https://ci.example/run/1',
    })
    expect(r).toMatchObject({ status: 'proposed', confirmationsNeeded: 1 })
    expect(r?.safeTxHash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(service.transactions).toHaveLength(1)
    const [again] = await ensPublish(opts, V1, run.deps, { dryRun: false })
    expect(again).toMatchObject({ status: 'already-proposed', safeTxHash: r?.safeTxHash })
    expect(service.transactions).toHaveLength(1)
    // Nothing was sent on chain: the owners execute it.
    expect(await nonce(deployer.address)).toBe(before)
    const report = ensReport([r!])
    expect(report.outputs['ens-safe-tx-hash']).toBe(r?.safeTxHash)
    expect(report.summary).toContain('1 owner confirmation still needed')
    expect([report.summary, run.text()].join()).not.toContain(API_KEY)
  })
})
