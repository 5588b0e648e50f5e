/**
 * The check before the upload (src/ens/kind.ts `ensPreflight`, docs/names/ens.md#preflight),
 * through `run()` in-process on anvil with the real ENS contracts and a Safe
 * (test/support/ens-chain.ts), against the cluster double: a key that may not change the name,
 * a Safe the key does not own, and a resolver without contenthash each fail the run before
 * anything is uploaded (the double sees no request), naming the name, the signer and the inputs
 * to fix. A correct setup still sets the name once, and the names step does not read again
 * what the check read (an RPC proxy counts the calls). A pull request skips the check.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { encode as oracleEncode } from '@ensdomains/content-hash'
import { toFunctionSelector } from 'viem'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startClusterDouble, type ClusterDouble } from '../doubles/cluster.js'
import { startSafeService, type SafeServiceDouble } from '../doubles/safe-service.js'
import { startAnvil, type Anvil } from '../support/anvil.js'
import { ACCOUNTS, deployEns, keyOf, type EnsWorld } from '../support/ens-chain.js'
import { scratch, writeTree } from '../support/fs-tree.js'
import { runRecorded } from '../support/recorded-run.js'

const PLANETS = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const { alice, mallory, owner1 } = ACCOUNTS
const SUPPORTS = toFunctionSelector('supportsInterface(bytes4)')
const GET_OWNERS = toFunctionSelector('getOwners()')
const tmp = scratch('ens-preflight')

let anvil: Anvil
let w: EnsWorld
let service: SafeServiceDouble
let cluster: ClusterDouble
let restore: () => Promise<void>
/** JSON-RPC calls that reached anvil through the proxy: method, and an eth_call's selector. */
const calls: string[] = []
let proxy: Server
let proxyUrl: string

beforeAll(async () => {
  anvil = await startAnvil()
  w = await deployEns(anvil.url)
  service = await startSafeService(w.url)
  service.apiKey = undefined
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString()
      const parsed = JSON.parse(body) as
        { method: string; params?: unknown[] } | Array<{ method: string; params?: unknown[] }>
      for (const r of Array.isArray(parsed) ? parsed : [parsed]) {
        const first = r.params?.[0] as { data?: string; input?: string } | undefined
        const data = first?.data ?? first?.input
        calls.push(
          r.method === 'eth_call' && data !== undefined
            ? `eth_call ${data.slice(0, 10)}`
            : r.method,
        )
      }
      void fetch(w.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        .then(async (a) => {
          res.writeHead(a.status, { 'content-type': 'application/json' })
          res.end(await a.text())
        })
        .catch(() => res.destroy())
    })
  })
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r))
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
}, 120_000)
afterAll(async () => {
  tmp.remove()
  await new Promise((r) => proxy?.close(r))
  await service?.close()
  await anvil?.stop()
})
beforeEach(async () => {
  restore = await w.snapshot()
  service.forget()
  calls.length = 0
  cluster = await startClusterDouble()
  cluster.pinAfterReads = 0
})
afterEach(async () => {
  await cluster.close()
  await restore()
})

const inputs = (ens: Record<string, string>): Record<string, string> => ({
  path: 'examples/planets',
  provider: 'cluster',
  'cluster-url': cluster.url,
  'ens-rpc-url': proxyUrl,
  'ens-chain': String(w.chainId),
  'ens-registry': w.registry,
  ...ens,
})
const count = (c: string): number => calls.filter((x) => x === c).length

/** The run failed before anything was uploaded: the cluster double saw no request at all. */
function expectNothingUploaded(): void {
  expect(cluster.server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([])
  expect(cluster.pins.size).toBe(0)
}

describe('the ENS check before the upload', () => {
  it('a key that may not change the name fails before anything is uploaded', async () => {
    const ran = await runRecorded(
      inputs({ 'ens-name': 'site.eth', 'ens-private-key': keyOf(mallory) }),
      tmp.next('run'),
    )
    expect(ran.error?.message).toMatch(
      /ENS name site\.eth: the signer 0x[0-9a-fA-F]{40} may not change/,
    )
    expect(ran.error?.message).toContain(mallory.address)
    expect(ran.error?.message).toContain(`The name's owner is ${alice.address}`)
    expect(ran.error?.message).toMatch(
      /nothing was uploaded.*Fix input "ens-private-key", "ens-name"/s,
    )
    expectNothingUploaded()
    expect(await w.contenthash('site.eth')).toBe('0x')
    expect(ran.host.text()).not.toContain(keyOf(mallory).slice(2))
  })

  it('a Safe the key does not own fails before anything is uploaded', async () => {
    const ran = await runRecorded(
      inputs({
        'ens-name': 'dao.eth',
        'ens-private-key': keyOf(alice),
        'ens-safe': w.safe,
        'ens-safe-service-url': service.url,
      }),
      tmp.next('run'),
    )
    expect(ran.error?.message).toMatch(
      /ENS name dao\.eth: the signer 0x[0-9a-fA-F]{40} is neither an owner of the Safe/,
    )
    expect(ran.error?.message).toContain(alice.address)
    expect(ran.error?.message).toMatch(/nothing was uploaded.*"ens-safe", "ens-private-key"/s)
    expectNothingUploaded()
    expect(service.transactions).toEqual([])
  })

  it('a resolver without contenthash fails before anything is uploaded', async () => {
    const ran = await runRecorded(
      inputs({ 'ens-name': 'odd.eth', 'ens-private-key': keyOf(alice) }),
      tmp.next('run'),
    )
    expect(ran.error?.message).toMatch(
      /ENS name odd\.eth: its resolver .* does not support contenthash/,
    )
    expect(ran.error?.message).toContain(alice.address)
    expect(ran.error?.message).toMatch(/Fix input "ens-name"/)
    expectNothingUploaded()
  })

  it('a correct setup is checked first, then sets the name once, without reading it all again', async () => {
    const ran = await runRecorded(
      inputs({ 'ens-name': 'site.eth', 'ens-private-key': keyOf(alice) }),
      tmp.next('run'),
      {},
      { clock: w.miningClock() },
    )
    expect(ran.error).toBeUndefined()
    expect(await w.contenthash('site.eth')).toBe(`0x${oracleEncode('ipfs', PLANETS)}`)
    const text = ran.host.text()
    const checked = text.indexOf(
      `ens: site.eth: checked before the upload: ${alice.address} may set`,
    )
    expect(checked).toBeGreaterThanOrEqual(0)
    expect(checked).toBeLessThan(text.indexOf(PLANETS))
    expect(count('eth_sendRawTransaction')).toBe(1)
    // Read once a run: the chain id and the resolver's ERC-165 answer.
    expect(count('eth_chainId')).toBe(1)
    expect(count(`eth_call ${SUPPORTS}`)).toBe(1)
  })

  it('a Safe proposal reads the Safe and the signer once, the queue at the names step', async () => {
    const ran = await runRecorded(
      inputs({
        'ens-name': 'dao.eth',
        'ens-private-key': keyOf(owner1),
        'ens-safe': w.safe,
        'ens-safe-service-url': service.url,
      }),
      tmp.next('run'),
    )
    expect(ran.error).toBeUndefined()
    expect(ran.host.text()).toMatch(
      /ens: dao\.eth: checked before the upload: .* \(owner of the Safe/,
    )
    expect(service.transactions).toHaveLength(1)
    expect(count(`eth_call ${GET_OWNERS}`)).toBe(1)
    expect(count('eth_chainId')).toBe(1)
  })

  it('a pull request never sets the name, so it is not checked', async () => {
    const event = path.join(
      writeTree(tmp.next('event'), {
        'event.json': JSON.stringify({ number: 3, pull_request: { number: 3 } }),
      }),
      'event.json',
    )
    const ran = await runRecorded(
      inputs({ 'ens-name': 'site.eth', 'ens-private-key': keyOf(mallory) }),
      tmp.next('run'),
      {
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_REPOSITORY: 'acme/site',
      },
    )
    expect(ran.error, ran.host.text()).toBeUndefined()
    expect(ran.host.text()).not.toContain('checked before the upload')
    expect(cluster.pins.size).toBe(1)
  })
})
