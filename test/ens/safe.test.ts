/**
 * Proposing a contenthash change to a Safe (2-of-2, Safe 1.5.0 from npm) that owns `dao.eth`
 * on a local anvil with the real ENS contracts, through a double of the Safe Transaction Service
 * (test/doubles/safe-service.ts) that recomputes the safeTxHash with the Safe contract and
 * recovers the signer with the chain's ecrecover. A proposal the owners confirm and execute
 * sets the record; a re-run never proposes twice; strangers are refused before any proposal;
 * the nonce policy, the API key, rate limits and a lost answer behave as docs/names/ens.md says.
 */
import { encode as oracleEncode } from '@ensdomains/content-hash'
import SafeApiKit from '@safe-global/api-kit'
import { zeroAddress, type Address, type Hash, type Hex } from 'viem'
import type { HDAccount } from 'viem/accounts'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  EnsError,
  ensChain,
  proposeContenthash,
  type EnsChain,
  type EnsDeps,
  type ProposeContenthashOptions,
} from '../../src/ens/index.js'
import { startSafeService, type SafeServiceDouble } from '../doubles/safe-service.js'
import { startAnvil, type Anvil } from '../support/anvil.js'
import { testDeps } from '../support/deps.js'
import { ACCOUNTS, SAFE_ABI, deployEns, keyOf, type EnsWorld } from '../support/ens-chain.js'

const V1 = 'bafybeibj6lixxzqtsb45ysdjnupvqkufgdvzqbnvmhw2kf7cfkesy7r7d4'
const OTHER = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'
const API_KEY = 'safe-api-key-eyJhbGciOiJIUzI1NiJ9.secret'
const { owner1, owner2, delegate, mallory } = ACCOUNTS

let anvil: Anvil
let w: EnsWorld
let service: SafeServiceDouble
let chain: EnsChain
let restore: () => Promise<void>

beforeAll(async () => {
  anvil = await startAnvil()
  w = await deployEns(anvil.url)
  service = await startSafeService(w.url)
  chain = ensChain('31337', { registry: w.registry, safeService: service.url })
})
afterAll(async () => {
  await service?.close()
  await anvil?.stop()
})
beforeEach(async () => {
  restore = await w.snapshot()
  service.forget()
  service.delegates.splice(0, service.delegates.length, {
    safe: null,
    delegate: delegate.address,
    delegator: owner1.address,
    label: 'CI',
    expiryDate: null,
  })
  Object.assign(service, {
    apiKey: API_KEY,
    pageSize: 100,
    fault: undefined,
    early: undefined,
    afterPost: undefined,
  })
})
afterEach(async () => restore())

function harness(): { deps: EnsDeps; logs: string[]; warnings: string[]; sleeps: number[] } {
  const clock = w.miningClock()
  const t = testDeps([], { clock })
  const warnings: string[] = []
  return {
    deps: { ...t.deps, warn: (m) => warnings.push(m) },
    logs: t.logs,
    warnings,
    sleeps: clock.sleeps,
  }
}

const options = (
  who: HDAccount,
  more: Partial<ProposeContenthashOptions> = {},
): ProposeContenthashOptions => ({
  name: 'dao.eth',
  chain,
  rpcUrl: w.url,
  value: `ipfs://${V1}`,
  safe: w.safe,
  signerKey: keyOf(who),
  safeApiKey: API_KEY,
  ...more,
})

async function failure(p: Promise<unknown>): Promise<EnsError> {
  try {
    await p
  } catch (err) {
    if (err instanceof EnsError) return err
    throw err
  }
  throw new Error('it did not fail')
}

const onChainHash = (to: Address, data: Hex, nonce: bigint): Promise<Hash> =>
  w.pub.readContract({
    address: w.safe,
    abi: SAFE_ABI,
    functionName: 'getTransactionHash',
    args: [to, 0n, data, 0, 0n, 0n, 0n, zeroAddress, zeroAddress, nonce],
  })

describe('proposing to a Safe', () => {
  it('an owner proposes; the owners confirm and execute it; a re-run then sees the value', async () => {
    const run = harness()
    const r = await proposeContenthash(
      options(owner1, { chain: { ...chain, safeShortName: 'local' } }),
      run.deps,
    )
    if (r.status !== 'proposed') throw new Error(r.status)
    expect([r.signerRole, r.nonce, r.threshold]).toEqual(['owner', 0n, 2])
    const stored = service.transactions[0]
    if (stored === undefined) throw new Error('nothing stored')
    expect(r.safeTxHash).toBe(await onChainHash(stored.to, stored.data, 0n))
    expect(stored.confirmations.map((c) => c.owner)).toEqual([owner1.address])
    expect(stored.origin).toBe('ipfs-pin-action')
    expect(r.queueUrl).toBe(`https://app.safe.global/transactions/queue?safe=local:${w.safe}`)
    expect(r.txUrl).toBe(
      `https://app.safe.global/transactions/tx?safe=local:${w.safe}&id=multisig_${w.safe}_${r.safeTxHash}`,
    )
    const post = service.server.requests.find((q) => q.method === 'POST')
    expect(post?.headers.authorization).toBe(`Bearer ${API_KEY}`)
    for (const secret of [API_KEY, keyOf(owner1).slice(2)])
      expect([...run.logs, ...run.warnings].join('\n')).not.toContain(secret)

    // The second owner signs the same hash; anyone executes with both signatures, sorted by owner.
    await w.execute(stored, [owner2])
    expect(await w.contenthash('dao.eth')).toBe(`0x${oracleEncode('ipfs', V1)}`)
    expect((await proposeContenthash(options(owner1), harness().deps)).status).toBe('unchanged')
    expect(service.posts).toHaveLength(1)
  })

  it('does not propose twice: a re-run finds the pending proposal', async () => {
    const first = await proposeContenthash(options(owner1), harness().deps)
    const again = await proposeContenthash(options(owner1), harness().deps)
    if (first.status !== 'proposed' || again.status !== 'already-proposed')
      throw new Error(`${first.status} ${again.status}`)
    expect(again.safeTxHash).toBe(first.safeTxHash)
    expect(service.posts).toHaveLength(1)
  })

  it('takes a delegate, whose signature is not a confirmation', async () => {
    const r = await proposeContenthash(options(delegate), harness().deps)
    if (r.status !== 'proposed') throw new Error(r.status)
    expect(r.signerRole).toBe('delegate')
    expect(service.transactions[0]).toMatchObject({
      proposedByDelegate: delegate.address,
      confirmations: [],
    })
  })

  it('refuses a key that is neither owner nor delegate before any proposal', async () => {
    const err = await failure(proposeContenthash(options(mallory), harness().deps))
    expect(err.reason).toBe('not-authorised')
    for (const part of ['dao.eth', mallory.address, w.safe, owner1.address, owner2.address])
      expect(err.message).toContain(part)
    expect(service.posts).toHaveLength(0)
  })

  it('refuses a name the Safe does not own, naming the owner', async () => {
    const err = await failure(
      proposeContenthash(options(owner1, { name: 'site.eth' }), harness().deps),
    )
    expect(err.reason).toBe('not-authorised')
    expect(err.message).toContain(`the Safe ${w.safe} may not change`)
    expect(err.message).toContain(`owner is ${ACCOUNTS.alice.address}`)
    expect(service.posts).toHaveLength(0)
  })

  it('builds and signs on a dry run, and sends nothing', async () => {
    const r = await proposeContenthash(options(owner1, { dryRun: true }), harness().deps)
    if (r.status !== 'simulated') throw new Error(r.status)
    expect(r.nonce).toBe(0n)
    expect(service.posts).toHaveLength(0)
  })
})

describe('the nonce', () => {
  /** A pending proposal someone else made, as the service lists it. */
  const unrelated = (nonce: number): void => {
    service.transactions.push({
      safe: w.safe,
      to: w.registry,
      value: '0',
      data: '0x',
      operation: 0,
      safeTxGas: '0',
      baseGas: '0',
      gasPrice: '0',
      gasToken: zeroAddress,
      refundReceiver: zeroAddress,
      nonce,
      safeTxHash: `0x${nonce.toString(16).padStart(64, '0')}`,
      proposer: owner2.address,
      proposedByDelegate: null,
      origin: '',
      confirmations: [],
      trusted: true,
    })
  }

  it('goes after the queue, every page of it', async () => {
    for (let n = 0; n < 5; n++) unrelated(n)
    service.pageSize = 2
    const r = await proposeContenthash(options(owner1), harness().deps)
    if (r.status !== 'proposed') throw new Error(r.status)
    expect(r.nonce).toBe(5n)
    expect(
      service.server.requests.filter((q) => q.url.includes('multisig-transactions/?')).length,
    ).toBe(3)
  })

  it('reuses the nonce of a pending change to the same name, so the owners execute one of them', async () => {
    unrelated(0)
    const a = await proposeContenthash(options(owner1), harness().deps)
    const b = await proposeContenthash(
      options(owner1, { value: `ipfs://${OTHER}` }),
      harness().deps,
    )
    if (a.status !== 'proposed' || b.status !== 'proposed')
      throw new Error(`${a.status} ${b.status}`)
    expect([a.nonce, b.nonce]).toEqual([1n, 1n])
    expect(b.safeTxHash).not.toBe(a.safeTxHash)
  })

  it('proposes the value the record holds when a pending change would move it away (a rollback)', async () => {
    const first = await proposeContenthash(options(owner1), harness().deps)
    if (first.status !== 'proposed') throw new Error(first.status)
    const stored = service.transactions[0]
    if (stored === undefined) throw new Error('nothing stored')
    await w.execute(stored, [owner2])
    // The next release is proposed; before the owners execute it, CI goes back to V1.
    const next = await proposeContenthash(
      options(owner1, { value: `ipfs://${OTHER}` }),
      harness().deps,
    )
    if (next.status !== 'proposed') throw new Error(next.status)
    const run = harness()
    const back = await proposeContenthash(options(owner1), run.deps)
    if (back.status !== 'proposed') throw new Error(back.status)
    expect([next.nonce, back.nonce]).toEqual([1n, 1n])
    expect(run.logs.join('\n')).toContain(
      `already points to ipfs://${V1}, but the Safe ${w.safe} has a pending change of it to ipfs://${OTHER} (${next.safeTxHash}, nonce 1)`,
    )
    // A re-run finds it; once executed (which voids the other), nothing is left to propose.
    expect((await proposeContenthash(options(owner1), harness().deps)).status).toBe(
      'already-proposed',
    )
    const alternative = service.transactions.find((t) => t.safeTxHash === back.safeTxHash)
    if (alternative === undefined) throw new Error('not stored')
    await w.execute(alternative, [owner2])
    expect(await w.contenthash('dao.eth')).toBe(`0x${oracleEncode('ipfs', V1)}`)
    expect((await proposeContenthash(options(owner1), harness().deps)).status).toBe('unchanged')
    expect(service.posts).toHaveLength(3)
  })

  it('takes no pending hash that is not a 32-byte hash as its own: it proposes anew', async () => {
    const first = await proposeContenthash(options(owner1), harness().deps)
    if (first.status !== 'proposed') throw new Error(first.status)
    const t = service.transactions[0]
    if (t === undefined) throw new Error('nothing stored')
    t.safeTxHash = `${first.safeTxHash}\n::warning::injected` as Hash
    const run = harness()
    const again = await proposeContenthash(options(owner1), run.deps)
    if (again.status !== 'proposed') throw new Error(again.status)
    expect(again.safeTxHash).toBe(first.safeTxHash)
    expect(run.logs.join('\n')).not.toContain('::warning::')
  })

  it('takes a nonce given', async () => {
    const r = await proposeContenthash(options(owner1, { safeNonce: 7 }), harness().deps)
    if (r.status !== 'proposed') throw new Error(r.status)
    expect(r.nonce).toBe(7n)
    expect(service.transactions[0]?.nonce).toBe(7)
  })
})

describe('the Transaction Service', () => {
  it("sends the request Safe's own api-kit sends for the same proposal", async () => {
    const r = await proposeContenthash(options(owner1), harness().deps)
    if (r.status !== 'proposed') throw new Error(r.status)
    const ours = service.server.requests.find((q) => q.method === 'POST')
    const body = service.posts[0] as Record<string, unknown>
    service.transactions.length = 0
    // api-kit's declarations use extension-less imports NodeNext cannot follow: typed here.
    const Kit = SafeApiKit as unknown as new (config: {
      chainId: bigint
      txServiceUrl: string
      apiKey: string
    }) => { proposeTransaction(props: Record<string, unknown>): Promise<void> }
    const kit = new Kit({ chainId: 31337n, txServiceUrl: service.url, apiKey: API_KEY })
    await kit.proposeTransaction({
      safeAddress: w.safe,
      safeTransactionData: {
        to: body.to as string,
        value: '0',
        data: body.data as string,
        operation: 0,
        safeTxGas: '0',
        baseGas: '0',
        gasPrice: '0',
        gasToken: zeroAddress,
        refundReceiver: zeroAddress,
        nonce: Number(r.nonce),
      },
      safeTxHash: r.safeTxHash,
      senderAddress: owner1.address,
      senderSignature: body.signature,
      origin: 'ipfs-pin-action',
    })
    const theirs = service.server.requests.filter((q) => q.method === 'POST')[1]
    expect(service.posts[1]).toEqual(body)
    expect([theirs?.url, theirs?.headers.authorization, theirs?.headers['content-type']]).toEqual([
      ours?.url,
      ours?.headers.authorization,
      ours?.headers['content-type'],
    ])
  })

  it('names the API key input when the service refuses the call', async () => {
    const err = await failure(
      proposeContenthash(options(owner1, { safeApiKey: undefined }), harness().deps),
    )
    expect(err.reason).toBe('safe')
    expect(err.message).toContain('HTTP 401')
    expect(err.message).toContain('"ens-safe-api-key"')
    expect(service.posts).toHaveLength(0)
  })

  it('waits as a 429 asks, then proposes', async () => {
    service.fault = (n) =>
      n === 1
        ? {
            status: 429,
            body: '{"detail":"Request was throttled."}',
            headers: { 'retry-after': '1' },
          }
        : undefined
    const run = harness()
    const r = await proposeContenthash(options(owner1), run.deps)
    expect(r.status).toBe('proposed')
    expect(run.sleeps).toContain(1000)
  })

  it('does not propose twice when the answer to the proposal is lost', async () => {
    service.afterPost = 'reset'
    const run = harness()
    const r = await proposeContenthash(options(owner1), run.deps)
    expect(r.status).toBe('proposed')
    expect(service.posts).toHaveLength(1)
    expect(service.transactions).toHaveLength(1)
    expect(run.logs.join('\n')).toContain('had taken the request')
  })
})
