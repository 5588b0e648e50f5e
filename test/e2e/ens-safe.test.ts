/**
 * ENS through the bundles (dist/index.js, dist/cli/index.js, in child processes; the ENS code in
 * their lazy chunks) for what test/e2e/ens.test.ts leaves out: a proposal to the Safe that owns
 * `dao.eth`, through the Safe Transaction Service double (test/doubles/safe-service.ts, which
 * recomputes the safeTxHash with the Safe contract and recovers the signer on the chain), and
 * `mode: rollback` moving ENS names back, by key and by proposal. One anvil for the file, with the
 * real ENS contracts and a Safe 1.5.0 (test/support/ens-chain.ts), run as chain 1 with the
 * registry given as an input: mainnet's configuration, so the Safe app links are the real ones.
 * The owners' part (confirming and executing a proposal) is played by the test.
 */
import { encode as oracleEncode } from '@ensdomains/content-hash'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { encodeFunctionData, type Hex } from 'viem'
import { namehash } from 'viem/ens'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startClusterDouble, type ClusterDouble } from '../doubles/cluster.js'
import { startSafeService, type SafeServiceDouble, type StoredTx } from '../doubles/safe-service.js'
import { ROOT, runAction, runNode, type ActionResult } from '../support/action-harness.js'
import { startAnvil, type Anvil } from '../support/anvil.js'
import { ACCOUNTS, RESOLVER_ABI, deployEns, keyOf, type EnsWorld } from '../support/ens-chain.js'
import { scratch, writeTree } from '../support/fs-tree.js'

const PLANETS = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const API_KEY = 'safe-api-key-eyJhbGciOiJIUzI1NiJ9.e2e-secret'
const { owner1, owner2, alice, mallory } = ACCOUNTS
const tmp = scratch('e2e-ens-safe')

let anvil: Anvil
let w: EnsWorld
let service: SafeServiceDouble
let cluster: ClusterDouble
let restore: () => Promise<void>

beforeAll(async () => {
  anvil = await startAnvil(['--chain-id', '1'])
  w = await deployEns(anvil.url)
  // The bundles wait on the system clock: every transaction is mined as it arrives.
  await w.rpc('evm_setAutomine', [true])
  service = await startSafeService(w.url, { apiKey: API_KEY })
}, 120_000)
afterAll(async () => {
  tmp.remove()
  await service?.close()
  await anvil?.stop()
})
beforeEach(async () => {
  restore = await w.snapshot()
  service.forget()
  cluster = await startClusterDouble()
  cluster.pinAfterReads = 0
})
afterEach(async () => {
  await cluster.close()
  await restore()
})

const record = (cid: string): Hex => `0x${oracleEncode('ipfs', cid)}`
/** The call a proposal to point `name` at `cid` carries. */
const setCall = (name: string, cid: string): Hex =>
  encodeFunctionData({
    abi: RESOLVER_ABI,
    functionName: 'setContenthash',
    args: [namehash(name), record(cid)],
  })
/** The proposal in the Safe app, as the action links it (mainnet: `eth:`). */
const appLink = (hash: string): string =>
  `https://app.safe.global/transactions/tx?safe=eth:${w.safe}&id=multisig_${w.safe}_${hash}`
const site = (v: string): string =>
  writeTree(tmp.next(v), { 'index.html': `<h1>release ${v}</h1>` })
const proposals = (): number => service.server.requests.filter((q) => q.method === 'POST').length

function stored(i: number): StoredTx {
  const t = service.transactions[i]
  if (t === undefined) throw new Error(`no proposal #${i} stored`)
  return t
}

/** The secrets reach the runner only to be masked: nowhere else in what the step wrote. */
function onlyMasked(res: ActionResult, secrets: readonly string[]): void {
  const masks = res.stdout.match(/^::add-mask::.*$/gm) ?? []
  const rest = res.everything.replace(/^::add-mask::.*$/gm, '')
  for (const s of secrets) {
    expect(masks.some((m) => m.includes(s))).toBe(true)
    expect(rest).not.toContain(s)
  }
}

const safeInputs = (): Record<string, string> => ({
  provider: 'cluster',
  'cluster-url': cluster.url,
  'ens-name': 'dao.eth',
  'ens-rpc-url': w.url,
  'ens-chain': 'mainnet',
  'ens-registry': w.registry,
  'ens-private-key': keyOf(owner1),
  'ens-safe': w.safe,
  'ens-safe-api-key': API_KEY,
  'ens-safe-service-url': service.url,
})
const dispatch = { GITHUB_EVENT_NAME: 'workflow_dispatch' }

describe('ENS through the bundled action', () => {
  it('proposes to the Safe, linked, never twice; a rollback proposes the earlier CID, or sends it with the key', async () => {
    const first = site('v1')
    const v1 = await runAction({ ...safeInputs(), path: first }, { cwd: ROOT })
    expect(v1.code, v1.stdout).toBe(0)
    const c1 = v1.outputs.cid ?? ''
    const p1 = stored(0)
    expect(p1).toMatchObject({
      to: w.resolver,
      data: setCall('dao.eth', c1),
      nonce: 0,
      origin: 'https://github.com/acme/site/actions/runs/1',
      confirmations: [expect.objectContaining({ owner: owner1.address })],
    })
    expect(v1.outputs['ens-safe-tx-hash']).toBe(p1.safeTxHash)
    expect(v1.outputs['ens-safe-url']).toBe(appLink(p1.safeTxHash))
    expect(v1.outputs['ens-contenthash']).toBe(record(c1))
    expect(v1.outputs['ens-tx-hash'] ?? '').toBe('')
    expect(v1.summary).toContain(`safeTxHash \`${p1.safeTxHash}\``)
    expect(v1.summary).toContain('1 owner confirmation still needed')
    expect(v1.summary).toContain(`[open in the Safe app](<${appLink(p1.safeTxHash)}>)`)
    expect(v1.stdout).toContain(appLink(p1.safeTxHash))
    // Proposed, not executed: the name is as it was until the owners act.
    expect(await w.contenthash('dao.eth')).toBe('0x')
    onlyMasked(v1, [API_KEY, keyOf(owner1).slice(2)])
    // The key-path inputs the runner fills with their defaults are not reported as unused.
    expect(v1.stdout).not.toMatch(/do nothing with "ens-safe"/)

    // The same deploy again: the pending proposal is reported, nothing is proposed.
    const again = await runAction({ ...safeInputs(), path: first }, { cwd: ROOT })
    expect(again.code, again.stdout).toBe(0)
    expect([proposals(), service.transactions.length]).toEqual([1, 1])
    expect(again.outputs['ens-safe-tx-hash']).toBe(p1.safeTxHash)
    expect(again.summary).toContain('already proposed to the Safe')

    // The owners execute it; the next release is proposed and executed too.
    await w.execute(p1, [owner2])
    expect(await w.contenthash('dao.eth')).toBe(record(c1))
    const v2 = await runAction({ ...safeInputs(), path: site('v2') }, { cwd: ROOT })
    expect(v2.code, v2.stdout).toBe(0)
    const c2 = v2.outputs.cid ?? ''
    await w.execute(stored(1), [owner2])
    expect(await w.contenthash('dao.eth')).toBe(record(c2))

    // The rollback proposes the earlier CID (counted from what the name points to now).
    const back = await runAction(
      { ...safeInputs(), mode: 'rollback' },
      { cwd: ROOT, env: dispatch },
    )
    expect(back.code, back.stdout).toBe(0)
    expect([back.outputs.cid, back.outputs['rollback-from']]).toEqual([c1, c2])
    const p3 = stored(2)
    expect(p3).toMatchObject({ data: setCall('dao.eth', c1), nonce: 2 })
    expect(back.outputs['ens-safe-tx-hash']).toBe(p3.safeTxHash)
    expect(back.outputs['ens-safe-url']).toBe(appLink(p3.safeTxHash))
    expect(await w.contenthash('dao.eth')).toBe(record(c2))
    await w.execute(p3, [owner2])
    expect(await w.contenthash('dao.eth')).toBe(record(c1))
    onlyMasked(back, [API_KEY, keyOf(owner1).slice(2)])

    // With the key: site.eth points to the newer deployment (its owner set it, as a deploy by
    // key does: test/e2e/ens.test.ts); the rollback sends the earlier CID, read back from the chain.
    await w.send(alice, w.resolver, RESOLVER_ABI, 'setContenthash', [
      namehash('site.eth'),
      record(c2),
    ])
    const keyInputs = {
      ...safeInputs(),
      'ens-name': 'site.eth',
      'ens-private-key': keyOf(alice),
      'ens-safe': '',
      'ens-safe-api-key': '',
      'ens-safe-service-url': '',
    }
    const byKey = await runAction({ ...keyInputs, mode: 'rollback' }, { cwd: ROOT, env: dispatch })
    expect(byKey.code, byKey.stdout).toBe(0)
    expect([byKey.outputs.cid, byKey.outputs['rollback-from']]).toEqual([c1, c2])
    expect(await w.contenthash('site.eth')).toBe(record(c1))
    expect(byKey.outputs['ens-tx-hash']).toMatch(/^0x[0-9a-f]{64}$/)
    expect(byKey.summary).toMatch(/Rolled back to/)
    expect(service.transactions).toHaveLength(3)
    onlyMasked(byKey, [keyOf(alice).slice(2)])
  })
})

describe('a Safe proposal through the CLI', () => {
  it('proposes with flags and variables; a key that is no owner fails naming them, proposing nothing', async () => {
    const cli = path.join(ROOT, 'dist', 'cli', 'index.js')
    const env = {
      PATH: process.env.PATH ?? '',
      IPFS_PIN_REPOSITORY: 'acme/site',
      IPFS_PIN_ENS_RPC_URL: w.url,
      IPFS_PIN_ENS_PRIVATE_KEY: keyOf(owner1),
      IPFS_PIN_ENS_SAFE_API_KEY: API_KEY,
    }
    const dir = writeTree(tmp.next('cli-out'), {})
    const flags = [
      ...['--path', 'examples/planets', '--provider', 'cluster', '--cluster-url', cluster.url],
      ...['--ens-name', 'dao.eth', '--ens-chain', 'mainnet', '--ens-registry', w.registry],
      ...['--ens-safe', w.safe, '--ens-safe-service-url', service.url],
      ...['--outputs-file', path.join(dir, 'ens.env')],
    ]
    const up = await runNode(cli, flags, { cwd: ROOT, env })
    expect(up.code, up.stderr).toBe(0)
    expect(up.stdout.trim()).toBe(PLANETS)
    const p = stored(0)
    expect(p.data).toBe(setCall('dao.eth', PLANETS))
    const outputs = JSON.parse(readFileSync(path.join(dir, 'ens.json'), 'utf8')) as Record<
      string,
      string
    >
    expect(outputs['ens-safe-tx-hash']).toBe(p.safeTxHash)
    expect(outputs['ens-safe-url']).toBe(appLink(p.safeTxHash))
    expect(up.stderr).toContain(`1 owner confirmation(s) still needed: ${appLink(p.safeTxHash)}`)
    for (const secret of [API_KEY, keyOf(owner1).slice(2)])
      expect(up.stdout + up.stderr).not.toContain(secret)

    const stranger = await runNode(cli, flags, {
      cwd: ROOT,
      env: { ...env, IPFS_PIN_ENS_PRIVATE_KEY: keyOf(mallory) },
    })
    expect(stranger.code).toBe(1)
    const said = stranger.stderr.split('\n').find((l) => l.startsWith('error: ')) ?? ''
    for (const part of [
      'dao.eth',
      mallory.address,
      w.safe,
      '--ens-safe (IPFS_PIN_ENS_SAFE)',
      '--ens-private-key (IPFS_PIN_ENS_PRIVATE_KEY)',
    ])
      expect(said).toContain(part)
    expect(said).not.toContain('ENS name dao.eth: ENS name')
    expect(proposals()).toBe(1)
    expect(stranger.stdout + stranger.stderr).not.toContain(keyOf(mallory).slice(2))
  })
})
