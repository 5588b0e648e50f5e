/**
 * Setting a contenthash with a key, against the real ENS contracts on a local anvil
 * (test/support/ens-chain.ts): the owner, the wrapped owner and an approved delegate write;
 * anyone else is refused before any transaction, with the name and the signer in the error;
 * an equal value, the fee cap, the balance, a transaction in flight, a replaced or reverted
 * transaction, expiry, confirmations and dry runs each do what docs/names/ens.md says. Every
 * record is checked against `@ensdomains/content-hash`. Mining is driven by the test clock.
 */
import { encode as oracleEncode } from '@ensdomains/content-hash'
import { createWalletClient, getAddress, http, parseGwei, type Address, type Hash } from 'viem'
import type { HDAccount } from 'viem/accounts'
import { namehash } from 'viem/ens'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  EnsError,
  ensChain,
  readContenthash,
  setContenthash,
  type EnsChain,
  type EnsDeps,
  type SetContenthashOptions,
} from '../../src/ens/index.js'
import { startAnvil, type Anvil } from '../support/anvil.js'
import type { FakeClock } from '../support/clock.js'
import { testDeps } from '../support/deps.js'
import { startServer } from '../support/server.js'
import { ACCOUNTS, RESOLVER_ABI, deployEns, keyOf, type EnsWorld } from '../support/ens-chain.js'

const V1 = 'bafybeibj6lixxzqtsb45ysdjnupvqkufgdvzqbnvmhw2kf7cfkesy7r7d4'
const V0 = 'QmRAQB6YaCyidP37UdDnjFY5vQuiBrcqdyoW1CuDgwxkD4'
const K51 = 'k51qzi5uqu5dihst24f3rp2ej4co9berxohfkxaenbq1wjty7nrd5e9xp4afx1'
const RECORD = `0x${oracleEncode('ipfs', V1)}`
const { alice, bob, carol, mallory } = ACCOUNTS

let anvil: Anvil
let w: EnsWorld
let chain: EnsChain
let restore: () => Promise<void>

beforeAll(async () => {
  anvil = await startAnvil()
  w = await deployEns(anvil.url)
  chain = ensChain('31337', { registry: w.registry })
})
afterAll(async () => anvil?.stop())
beforeEach(async () => {
  restore = await w.snapshot()
})
afterEach(async () => {
  await restore()
  // anvil keeps the next block's base fee across a revert: bring it back to the chain's.
  const { baseFeePerGas } = await w.pub.getBlock({ blockTag: 'latest' })
  await w.rpc('anvil_setNextBlockBaseFeePerGas', [`0x${(baseFeePerGas ?? 0n).toString(16)}`])
})

interface Run {
  deps: EnsDeps
  logs: string[]
  warnings: string[]
  clock: FakeClock
  /** Everything the run printed or threw, to look for secrets in. */
  text(): string
}

function harness(clock: FakeClock = w.miningClock(), extra: Partial<EnsDeps> = {}): Run {
  const t = testDeps([], { clock })
  const warnings: string[] = []
  return {
    deps: { ...t.deps, warn: (m) => warnings.push(m), pollMs: 1000, ...extra },
    logs: t.logs,
    warnings,
    clock,
    text: () => [...t.logs, ...warnings].join('\n'),
  }
}

const options = (
  name: string,
  who: HDAccount,
  more: Partial<SetContenthashOptions> = {},
): SetContenthashOptions => ({
  name,
  chain,
  rpcUrl: w.url,
  value: `ipfs://${V1}`,
  privateKey: keyOf(who),
  waitMs: 3_600_000,
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

/** Transactions of `who` sent (mined or waiting): the pending-tag nonce. */
const sentBy = (who: Address): Promise<number> =>
  w.pub.getTransactionCount({ address: who, blockTag: 'pending' })
const poolSize = async (): Promise<number> =>
  Number.parseInt(((await w.rpc('txpool_status')) as { pending: string }).pending, 16)

describe('who may write', () => {
  it.each([
    ['the owner of an unwrapped name', 'site.eth', alice],
    ['the owner of a wrapped name', 'wrapped.eth', bob],
    ['a delegate the owner approved on the resolver for this name', 'team.eth', carol],
  ])('%s sets the record in one transaction, read back', async (_, name, who) => {
    const run = harness()
    const before = await sentBy(who.address)
    const r = await setContenthash(options(name, who), run.deps)
    expect(r.status).toBe('set')
    if (r.status !== 'set') return
    expect(await w.contenthash(name)).toBe(RECORD)
    expect(r.contenthash).toBe(RECORD)
    expect(r.previous.protocol).toBe('none')
    expect(await sentBy(who.address)).toBe(before + 1)
    const tx = await w.pub.getTransaction({ hash: r.txHash })
    expect([getAddress(tx.from), getAddress(tx.to ?? '0x'), tx.blockNumber]).toEqual([
      who.address,
      w.resolver,
      r.blockNumber,
    ])
    // The hash is logged before it is sent, so a human can follow it if the job dies.
    expect(run.logs.findIndex((l) => l.includes(`sending ${r.txHash}`))).toBeLessThan(
      run.logs.findIndex((l) => l.includes('points to')),
    )
    expect(run.text()).not.toContain(keyOf(who).slice(2))
  })

  it('refuses a stranger before any transaction, naming the name, the signer, the owner and the fix', async () => {
    const run = harness()
    const err = await failure(setContenthash(options('site.eth', mallory), run.deps))
    expect(err.reason).toBe('not-authorised')
    for (const part of [
      'site.eth',
      mallory.address,
      alice.address,
      `approve(${namehash('site.eth')}, ${mallory.address}, true)`,
      w.resolver,
    ])
      expect(err.message).toContain(part)
    expect(await sentBy(mallory.address)).toBe(0)
    expect(await poolSize()).toBe(0)
    expect(err.message + run.text()).not.toContain(keyOf(mallory).slice(2))
  })

  it('names the wrapped owner when a stranger tries a wrapped name, and approvals are per name', async () => {
    const wrapped = await failure(setContenthash(options('wrapped.eth', alice), harness().deps))
    expect(wrapped.message).toContain(`owner is ${bob.address} (a wrapped name`)
    expect(wrapped.message).toContain(w.nameWrapper)
    // carol is approved for team.eth only.
    const other = await failure(setContenthash(options('site.eth', carol), harness().deps))
    expect(other.reason).toBe('not-authorised')
    expect(await sentBy(carol.address)).toBe(0)
  })

  it('refuses a subname that only inherits its parent resolver, and a resolver without contenthash', async () => {
    const sub = await failure(setContenthash(options('preview.site.eth', alice), harness().deps))
    expect(sub.reason).toBe('no-resolver')
    expect(sub.message).toContain(`inherits the resolver ${w.resolver} of site.eth`)
    const odd = await failure(setContenthash(options('odd.eth', alice), harness().deps))
    expect(odd.reason).toBe('unsupported-resolver')
    expect(odd.message).toContain('0xbc1c58d1')
    expect(await sentBy(alice.address)).toBe(
      await w.pub.getTransactionCount({ address: alice.address }),
    )
  })

  it('refuses an RPC of another chain before reading anything else', async () => {
    const err = await failure(
      setContenthash({ ...options('site.eth', alice), chain: ensChain('mainnet') }, harness().deps),
    )
    expect(err.reason).toBe('wrong-chain')
    expect(err.message).toContain('serves chain 31337, not mainnet (1)')
  })
})

describe('what is sent, and when nothing is', () => {
  it('sends nothing when the record already holds the value, in whatever form the CID is given', async () => {
    await setContenthash(options('site.eth', alice), harness().deps)
    const before = await sentBy(alice.address)
    const again = await setContenthash(options('site.eth', alice, { value: V0 }), harness().deps)
    expect(again.status).toBe('unchanged')
    expect(await sentBy(alice.address)).toBe(before)
    const read = await readContenthash({ name: 'Site.eth', chain, rpcUrl: w.url }, harness().deps)
    expect([read.name, read.current.uri, read.gatewayUrls]).toEqual([
      'site.eth',
      `ipfs://${V1}`,
      ['https://site.eth.limo/'],
    ])
  })

  it('writes an IPNS name as ipns-ns', async () => {
    const r = await setContenthash(
      options('site.eth', alice, { value: `ipns://${K51}` }),
      harness().deps,
    )
    expect(r.status).toBe('set')
    expect(await w.contenthash('site.eth')).toBe(`0x${oracleEncode('ipns', K51)}`)
  })

  it('simulates only on a dry run, and a dry run still refuses a stranger', async () => {
    const r = await setContenthash(options('site.eth', alice, { dryRun: true }), harness().deps)
    expect(r.status).toBe('simulated')
    expect(await w.contenthash('site.eth')).toBe('0x')
    expect(await poolSize()).toBe(0)
    expect(
      (
        await failure(
          setContenthash(options('site.eth', mallory, { dryRun: true }), harness().deps),
        )
      ).reason,
    ).toBe('not-authorised')
  })

  it('fails over the fee cap before signing, and never pays more than the cap under it', async () => {
    await w.rpc('anvil_setNextBlockBaseFeePerGas', [`0x${parseGwei('50').toString(16)}`])
    await w.mine()
    const err = await failure(
      setContenthash(options('site.eth', alice, { maxFeePerGas: parseGwei('30') }), harness().deps),
    )
    expect(err.reason).toBe('fee-cap')
    expect(err.message).toContain('base fee is 50 gwei')
    expect(await poolSize()).toBe(0)
    const r = await setContenthash(
      options('site.eth', alice, { maxFeePerGas: parseGwei('60') }),
      harness().deps,
    )
    if (r.status !== 'set') throw new Error(r.status)
    const tx = await w.pub.getTransaction({ hash: r.txHash })
    expect(tx.maxFeePerGas).toBe(parseGwei('60'))
    expect(tx.maxPriorityFeePerGas ?? 0n).toBeLessThanOrEqual(parseGwei('10'))
  })

  it('fails when the signer cannot pay, naming the address', async () => {
    await w.rpc('anvil_setBalance', [alice.address, '0x1'])
    const err = await failure(setContenthash(options('site.eth', alice), harness().deps))
    expect(err.reason).toBe('insufficient-funds')
    expect(err.message).toContain(`Fund ${alice.address}`)
    expect(await poolSize()).toBe(0)
  })

  it('waits for the confirmations asked', async () => {
    const run = harness()
    const r = await setContenthash(options('site.eth', alice, { confirmations: 3 }), run.deps)
    if (r.status !== 'set') throw new Error(r.status)
    expect(await w.pub.getBlockNumber()).toBeGreaterThanOrEqual(r.blockNumber + 2n)
    expect(run.clock.sleeps.length).toBeGreaterThanOrEqual(3)
  })
})

describe('re-runs and transactions that do not land', () => {
  it('times out with the hash, then a re-run sends nothing while it is pending, then sees the value', async () => {
    const idle = w.miningClock({ mining: false })
    const first = await failure(
      setContenthash(
        options('site.eth', alice, { waitMs: 60_000 }),
        harness(idle, { pollMs: 4000 }).deps,
      ),
    )
    expect(first.reason).toBe('timeout')
    expect(first.hash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(first.message).toContain(first.hash)
    expect(idle.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60_000)
    expect(await poolSize()).toBe(1)
    const second = await failure(setContenthash(options('site.eth', alice), harness().deps))
    expect(second.reason).toBe('pending-transaction')
    expect(await poolSize()).toBe(1)
    await w.mine()
    expect((await w.pub.getTransactionReceipt({ hash: first.hash as Hash })).status).toBe('success')
    const third = await setContenthash(options('site.eth', alice), harness().deps)
    expect(third.status).toBe('unchanged')
  })

  it('reports a transaction replaced by another with the same nonce', async () => {
    const clock = w.miningClock()
    const sleep = clock.sleep.bind(clock)
    let replaced = false
    clock.sleep = async (ms, signal) => {
      if (!replaced) {
        replaced = true
        const nonce = await w.pub.getTransactionCount({ address: carol.address })
        const wallet = createWalletClient({ account: carol, transport: http(w.url) })
        await wallet.sendTransaction({
          chain: null,
          to: carol.address,
          nonce,
          maxFeePerGas: parseGwei('500'),
          maxPriorityFeePerGas: parseGwei('100'),
        })
      }
      await sleep(ms, signal)
    }
    const err = await failure(setContenthash(options('team.eth', carol), harness(clock).deps))
    expect(err.reason).toBe('replaced')
    expect(err.message).toContain(carol.address)
    expect(await w.contenthash('team.eth')).toBe('0x')
  })

  it('reports a transaction that reverts because the approval ended after the simulation', async () => {
    const clock = w.miningClock()
    const sleep = clock.sleep.bind(clock)
    let revoked = false
    clock.sleep = async (ms, signal) => {
      if (!revoked) {
        revoked = true
        const wallet = createWalletClient({ account: alice, transport: http(w.url) })
        await wallet.writeContract({
          chain: null,
          address: w.resolver,
          abi: RESOLVER_ABI,
          functionName: 'approve',
          args: [namehash('team.eth'), carol.address, false],
          maxFeePerGas: parseGwei('500'),
          maxPriorityFeePerGas: parseGwei('100'),
        })
      }
      await sleep(ms, signal)
    }
    const err = await failure(setContenthash(options('team.eth', carol), harness(clock).deps))
    expect(err.reason).toBe('reverted')
    expect(err.hash).toMatch(/^0x/)
    expect(await w.contenthash('team.eth')).toBe('0x')
  })
})

describe('expiry', () => {
  it('warns about an unwrapped name past its grace period, and refuses an expired wrapped one', async () => {
    await w.rpc('evm_increaseTime', [(365 + 100) * 86_400])
    await w.mine()
    const run = harness()
    expect((await setContenthash(options('site.eth', alice), run.deps)).status).toBe('set')
    expect(run.warnings.join('\n')).toContain('ENS name site.eth expired')
    const err = await failure(setContenthash(options('wrapped.eth', bob), harness().deps))
    expect(err.reason).toBe('expired')
    expect(err.message).toContain('renewed')
  })

  it('warns when a name expires within 30 days', async () => {
    await w.rpc('evm_increaseTime', [(365 + 70) * 86_400])
    await w.mine()
    const run = harness()
    await setContenthash(options('wrapped.eth', bob), run.deps)
    expect(run.warnings.join('\n')).toMatch(/ENS name wrapped\.eth expires 20\d\d-/)
  })
})

describe('an RPC that fails', () => {
  const SECRET = '0123456789abcdef0123456789abcdef'
  const PASS = 'hunter2-password'

  /** A JSON-RPC proxy in front of anvil that plays a fault where `script` says. */
  async function proxy(
    script: (
      method: string,
      n: number,
    ) =>
      | 'stall'
      | 'reset'
      | 'slow-down'
      | 'forward-then-reset'
      | { status: number; headers?: Record<string, string> }
      | undefined,
  ) {
    const counts = new Map<string, number>()
    const server = await startServer(async (req, res, body) => {
      const msg = JSON.parse(body.toString('utf8')) as { id: number; method: string }
      const n = (counts.get(msg.method) ?? 0) + 1
      counts.set(msg.method, n)
      const act = script(msg.method, n)
      if (act === 'stall') return
      if (act === 'reset') return req.socket.destroy()
      if (act === 'slow-down') {
        res.writeHead(200, { 'content-type': 'application/json' })
        return res.end(
          JSON.stringify({
            jsonrpc: '2.0',
            id: msg.id,
            error: { code: -32005, message: 'limit exceeded' },
          }),
        )
      }
      if (typeof act === 'object') {
        res.writeHead(act.status, act.headers ?? {})
        return res.end('upstream unavailable')
      }
      const upstream = await fetch(w.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      const text = await upstream.text()
      if (act === 'forward-then-reset') return req.socket.destroy()
      res.writeHead(upstream.status, { 'content-type': 'application/json' })
      res.end(text)
    })
    const host = server.url.replace('http://', '')
    return { server, counts, url: `http://ci:${PASS}@${host}/v3/${SECRET}` }
  }

  it('retries a 429 as Retry-After says, a JSON-RPC rate limit and a stall, and sends one transaction', async () => {
    const p = await proxy((method, n) => {
      if (method === 'eth_chainId' && n === 1)
        return { status: 429, headers: { 'retry-after': '1' } }
      if (method === 'eth_call' && n === 1) return 'slow-down'
      if (method === 'eth_getBalance' && n === 1) return 'stall'
      return undefined
    })
    try {
      const run = harness(w.miningClock(), { stallMs: 1000 })
      const r = await setContenthash({ ...options('site.eth', alice), rpcUrl: p.url }, run.deps)
      expect(r.status).toBe('set')
      expect(run.clock.sleeps).toContain(1000)
      const log = run.logs.join('\n')
      expect(log).toContain('attempt 1 of 3 failed (HTTP 429)')
      expect(log).toContain('JSON-RPC error -32005')
      expect(log).toContain('no data moved')
      expect(p.counts.get('eth_sendRawTransaction')).toBe(1)
      const req = p.server.requests[0]
      expect(req?.url).toBe(`/v3/${SECRET}`)
      expect(req?.headers.authorization).toBe(
        `Basic ${Buffer.from(`ci:${PASS}`).toString('base64')}`,
      )
      for (const secret of [SECRET, PASS, keyOf(alice).slice(2)])
        expect(run.text()).not.toContain(secret)
    } finally {
      await p.server.close()
    }
  })

  it('does not send the transaction again when the answer to sending it is lost', async () => {
    const p = await proxy((method, n) =>
      method === 'eth_sendRawTransaction' && n === 1 ? 'forward-then-reset' : undefined,
    )
    try {
      const run = harness()
      const before = await sentBy(alice.address)
      const r = await setContenthash({ ...options('site.eth', alice), rpcUrl: p.url }, run.deps)
      expect(r.status).toBe('set')
      expect(p.counts.get('eth_sendRawTransaction')).toBe(1)
      expect(p.counts.get('eth_getTransactionByHash')).toBe(1)
      expect(run.logs.join('\n')).toContain('had taken the request')
      expect(await sentBy(alice.address)).toBe(before + 1)
    } finally {
      await p.server.close()
    }
  })

  it('fails within its retries naming the host, never the URL or its key', async () => {
    const p = await proxy(() => ({ status: 503 }))
    try {
      const run = harness()
      const err = await failure(
        setContenthash({ ...options('site.eth', alice), rpcUrl: p.url }, run.deps),
      )
      expect(err.reason).toBe('rpc')
      expect(err.message).toContain('RPC 127.0.0.1')
      expect(err.message).toContain('HTTP 503')
      expect(p.counts.get('eth_chainId')).toBe(3)
      for (const secret of [SECRET, PASS, keyOf(alice).slice(2)])
        expect(err.message + run.text()).not.toContain(secret)
      expect(await poolSize()).toBe(0)
    } finally {
      await p.server.close()
    }
  })

  it('refuses an RPC URL that is not one without quoting it', async () => {
    const err = await setContenthash(
      { ...options('site.eth', alice), rpcUrl: `ftp://${SECRET}` },
      harness().deps,
    ).then(
      () => new Error('it did not fail'),
      (e: unknown) => e as Error,
    )
    expect(err.message).toContain('Input "ens-rpc-url" must be an http(s) URL')
    expect(err.message).not.toContain(SECRET)
  })
})
