/**
 * ENS through the bundles (dist/index.js and dist/cli/index.js, in child processes) against a
 * real local EVM (anvil with the ENS contracts, test/support/ens-chain.ts): a push sets the
 * contenthash after the verified deploy and the retrieval check; a pull request leaves the
 * production name as it is; the CLI sets it too, and a dry run sends nothing. Cleanup keeps what
 * the name points to. The bundles load viem only for these runs (a lazy chunk).
 */
import { encode as oracleEncode } from '@ensdomains/content-hash'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest'
import { startClusterDouble, type ClusterDouble } from '../doubles/cluster.js'
import { startGatewayDouble, type GatewayDouble } from '../doubles/gateway.js'
import { ROOT, runAction, runNode } from '../support/action-harness.js'
import { startAnvil, type Anvil } from '../support/anvil.js'
import { ACCOUNTS, deployEns, keyOf, type EnsWorld } from '../support/ens-chain.js'
import { scratch, writeTree } from '../support/fs-tree.js'

const PLANETS = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const KEY = keyOf(ACCOUNTS.alice)
const tmp = scratch('e2e-ens')

let anvil: Anvil
let w: EnsWorld
let restore: () => Promise<void>
let cluster: ClusterDouble
let gateway: GatewayDouble

beforeAll(async () => {
  anvil = await startAnvil()
  w = await deployEns(anvil.url)
  // The bundle waits on the system clock: every transaction is mined as it arrives.
  await w.rpc('evm_setAutomine', [true])
}, 120_000)
afterAll(async () => {
  tmp.remove()
  await anvil?.stop()
})
beforeEach(async () => {
  restore = await w.snapshot()
  cluster = await startClusterDouble()
  cluster.pinAfterReads = 0
  gateway = await startGatewayDouble({ blocks: (k) => cluster.blocks.get(k) })
})
afterEach(async () => {
  await Promise.all([cluster.close(), gateway.close()])
  await restore()
})

const ensInputs = (): Record<string, string> => ({
  'ens-name': 'site.eth',
  'ens-rpc-url': w.url,
  'ens-chain': String(w.chainId),
  'ens-registry': w.registry,
  'ens-private-key': KEY,
})
const record = `0x${oracleEncode('ipfs', PLANETS)}`
/** Uploads the cluster double received (a CAR or a file tree each). */
const uploads = (): number =>
  cluster.server.requests.filter((r) => r.method === 'POST' && r.url.startsWith('/add')).length

describe('ENS through the bundles', () => {
  it('the action sets the contenthash after the retrieval check; a pull request leaves it', async () => {
    const inputs = {
      path: 'examples/planets',
      provider: 'cluster',
      'cluster-url': cluster.url,
      'check-gateways': gateway.url,
      'unpin-previous': 'true',
      ...ensInputs(),
    }
    const res = await runAction(inputs, { cwd: ROOT })
    expect(res.code, res.stdout).toBe(0)
    expect(await w.contenthash('site.eth')).toBe(record)
    expect(res.outputs['ens-contenthash']).toBe(record)
    expect(res.outputs['ens-tx-hash']).toMatch(/^0x[0-9a-f]{64}$/)
    expect(res.outputs['ens-urls']).toBe('https://site.eth.limo/')
    expect(res.summary).toContain('### ENS')
    // The retrieval check came first: the gateway was asked before the name changed.
    expect(gateway.server.requests.length).toBeGreaterThan(0)
    expect(res.everything.replace(/::add-mask::.*\n/g, '')).not.toContain(KEY.slice(2))

    // A pull request deploys other content: the production ENS name stays where it was.
    const site = writeTree(tmp.next('pr-site'), { 'index.html': '<p>preview</p>' })
    const event = path.join(
      writeTree(tmp.next('event'), {
        'event.json': JSON.stringify({ number: 12, pull_request: { number: 12 } }),
      }),
      'event.json',
    )
    const pr = await runAction(
      { ...inputs, path: site, 'check-gateways': '' },
      { cwd: ROOT, env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event } },
    )
    expect(pr.code, pr.stdout).toBe(0)
    expect(pr.stdout).toMatch(/pull requests never change an ENS name/)
    expect(await w.contenthash('site.eth')).toBe(record)
    expect(pr.outputs['ens-tx-hash'] ?? '').toBe('')
    // Its cleanup (the PR scope) never unpins what the production name points to.
    expect(cluster.pins.has(PLANETS)).toBe(true)

    // A dry run of the next release only simulates the ENS write, so the name still points to
    // the first release: its cleanup keeps that one, saying why.
    const next = await runAction(
      { ...inputs, path: site, 'check-gateways': '', 'dry-run': 'true' },
      { cwd: ROOT },
    )
    expect(next.code, next.stdout).toBe(0)
    expect(await w.contenthash('site.eth')).toBe(record)
    expect(next.outputs.unpinned).not.toContain(PLANETS)
    expect(next.everything).toContain('the ENS name site.eth points to it')

    // A key that may not change the name fails before anything is built or uploaded.
    const before = uploads()
    const bad = await runAction(
      { ...inputs, path: site, 'check-gateways': '', 'ens-private-key': keyOf(ACCOUNTS.mallory) },
      { cwd: ROOT },
    )
    expect(bad.code).toBe(1)
    expect(bad.stdout).toMatch(
      /::error::.*site\.eth: the signer 0x[0-9a-fA-F]{40} may not change.*nothing was uploaded.*input "ens-private-key"/,
    )
    expect(uploads()).toBe(before)
    expect(await w.contenthash('site.eth')).toBe(record)
  })

  it('the CLI sets it; a dry run first simulates and sends nothing', async () => {
    const cli = path.join(ROOT, 'dist', 'cli', 'index.js')
    const env = {
      PATH: process.env.PATH ?? '',
      IPFS_PIN_REPOSITORY: 'acme/site',
      IPFS_PIN_ENS_PRIVATE_KEY: KEY,
      IPFS_PIN_ENS_RPC_URL: w.url,
    }
    const flags = [
      '--path',
      'examples/planets',
      '--provider',
      'cluster',
      '--cluster-url',
      cluster.url,
      '--ens-name',
      'Site.eth',
      '--ens-chain',
      String(w.chainId),
      '--ens-registry',
      w.registry,
    ]
    const dry = await runNode(cli, [...flags, '--dry-run'], { cwd: ROOT, env })
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stderr + dry.stdout).toMatch(/site\.eth: simulated/)
    expect(await w.contenthash('site.eth')).toBe('0x')

    const outputs = path.join(tmp.next('out'), '..', `ens-${process.pid}.env`)
    const up = await runNode(cli, [...flags, '--outputs-file', outputs], { cwd: ROOT, env })
    expect(up.code, up.stderr).toBe(0)
    expect(await w.contenthash('site.eth')).toBe(record)
    expect(up.stdout + up.stderr).not.toContain(KEY.slice(2))

    // A key that does not own the name: a clear error naming the name, the signer and the input
    // to fix, exit 1, before anything is uploaded (docs/names/ens.md#preflight).
    const before = uploads()
    const bad = await runNode(cli, [...flags, '--ens-name', 'wrapped.eth'], { cwd: ROOT, env })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/wrapped\.eth: the signer 0x[0-9a-fA-F]{40} may not change/)
    expect(bad.stderr).toMatch(
      /nothing was uploaded.*--ens-private-key \(IPFS_PIN_ENS_PRIVATE_KEY\)/s,
    )
    expect(uploads()).toBe(before)
  })

  it('bad ENS input stops the CLI before any request, naming the flag', async () => {
    const cli = path.join(ROOT, 'dist', 'cli', 'index.js')
    const res = await runNode(
      cli,
      ['--path', 'examples/planets', '--ens-name', 'site.eth', '--ens-rpc-url', w.url],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } },
    )
    expect(res.code).toBe(2)
    expect(res.stderr).toMatch(/--ens-private-key \(IPFS_PIN_ENS_PRIVATE_KEY\)/)
  })
})
