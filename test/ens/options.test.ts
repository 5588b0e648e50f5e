/**
 * Every ENS input read at once (src/ens/options.ts): typed options, the errors naming each
 * input with what is allowed, secrets registered first and never quoted. No network.
 */
import { describe, expect, it } from 'vitest'
import {
  ENS_CHAINS,
  ENS_SECRET_INPUTS,
  parseEnsOptions,
  type RawInputs,
} from '../../src/ens/index.js'
import { InputError } from '../../src/errors.js'

const KEY = `0x${'ab'.repeat(32)}`
const RPC = 'https://eth.example/v3/rpcsecretprojectid0123'
const SAFE = '0x5afe000000000000000000000000000000000001'
const base: RawInputs = { 'ens-name': 'Site.eth', 'ens-rpc-url': RPC, 'ens-private-key': KEY }

function parse(raw: RawInputs): {
  result?: ReturnType<typeof parseEnsOptions>
  err?: InputError
  secrets: string[]
} {
  const secrets: string[] = []
  try {
    return { result: parseEnsOptions(raw, (s) => secrets.push(s)), secrets }
  } catch (e) {
    if (e instanceof InputError) return { err: e, secrets }
    throw e
  }
}

describe('ENS inputs', () => {
  it('is off without a name; a key by default on mainnet, with the documented defaults', () => {
    expect(parse({ 'ens-rpc-url': RPC }).result).toBeUndefined()
    const { result, secrets } = parse({
      ...base,
      'ens-name': 'Site.eth\nＳＩＴＥ.eth, docs.site.eth\n',
    })
    expect(result).toMatchObject({
      names: ['site.eth', 'docs.site.eth'],
      chain: ENS_CHAINS.mainnet,
      rpcUrl: RPC,
      signer: { kind: 'key', privateKey: KEY, confirmations: 1, waitMs: 300_000 },
      unused: [],
    })
    expect(secrets).toEqual(expect.arrayContaining([RPC, KEY]))
    expect(ENS_SECRET_INPUTS).toEqual(['ens-rpc-url', 'ens-private-key', 'ens-safe-api-key'])
  })

  it('reads a key with its fee cap, confirmations and wait; a Safe with its nonce and API key', () => {
    expect(
      parse({
        ...base,
        'ens-confirmations': '3',
        'ens-max-fee-per-gas': '40 gwei',
        'ens-wait-timeout': '10m',
        'ens-chain': 'sepolia',
      }).result,
    ).toMatchObject({
      chain: { id: 11155111, experimental: true },
      signer: { kind: 'key', confirmations: 3, maxFeePerGas: 40_000_000_000n, waitMs: 600_000 },
    })
    const { result, secrets } = parse({
      ...base,
      'ens-safe': `eth:${SAFE}`,
      'ens-safe-api-key': 'safe-key-secret',
      'ens-safe-nonce': '7',
      'ens-confirmations': '2',
      'ens-chain': '31337',
      'ens-registry': SAFE,
      'ens-safe-service-url': 'http://127.0.0.1:9/api',
    })
    expect(result).toMatchObject({
      chain: {
        id: 31337,
        registry: '0x5aFE000000000000000000000000000000000001',
        safeService: 'http://127.0.0.1:9/api',
      },
      signer: { kind: 'safe', signerKey: KEY, safeApiKey: 'safe-key-secret', safeNonce: 7 },
      unused: ['ens-confirmations'],
    })
    expect(secrets).toContain('safe-key-secret')
    // The defaults the runner and the CLI fill in are not worth a notice.
    expect(
      parse({ ...base, 'ens-safe': SAFE, 'ens-confirmations': '1', 'ens-wait-timeout': '5m' })
        .result?.unused,
    ).toEqual([])
  })

  it.each([
    [{ 'ens-name': 'a_b.eth' }, 'ens-name', /"a_b\.eth".*ENSIP-15/],
    [{ 'ens-name': 'eth' }, 'ens-name', /top-level/],
    [
      { 'ens-name': Array.from({ length: 11 }, (_, i) => `n${i}.eth`).join('\n') },
      'ens-name',
      /more than 10/,
    ],
    [{ 'ens-rpc-url': '' }, 'ens-rpc-url', /required with "ens-name"/],
    [
      { 'ens-rpc-url': 'wss://x.example/secretpath' },
      'ens-rpc-url',
      /not an http\(s\) URL \(its value is a secret, not shown\)/,
    ],
    [{ 'ens-private-key': '' }, 'ens-private-key', /required.*deployer key/],
    [{ 'ens-private-key': '0x1234' }, 'ens-private-key', /64 hex digits/],
    [{ 'ens-chain': 'holesky' }, 'ens-chain', /"holesky".*Allowed: "mainnet" or "sepolia"/],
    [{ 'ens-chain': '31337' }, 'ens-registry', /needs "ens-registry"/],
    [{ 'ens-confirmations': 'two' }, 'ens-confirmations', /"two".*1 to 64/],
    [{ 'ens-confirmations': '65' }, 'ens-confirmations', /"65".*1 to 64/],
    [{ 'ens-max-fee-per-gas': 'lots' }, 'ens-max-fee-per-gas', /"lots"/],
    [{ 'ens-wait-timeout': '2s' }, 'ens-wait-timeout', /"2s".*10s to 1h/],
    [{ 'ens-safe': '0x12' }, 'ens-safe', /"0x12".*not an address/],
    [
      { 'ens-safe': `sep:${SAFE}` },
      'ens-safe',
      /"sep:0x5afe0{35}1", a Safe on the chain "sep".*"ens-chain" is mainnet.*"eth:0x…"/,
    ],
    [{ 'ens-safe': SAFE, 'ens-safe-nonce': '-1' }, 'ens-safe-nonce', /"-1".*0 or more/],
  ])('refuses %j naming the input', (over, input, message) => {
    const { err } = parse({ ...base, ...over })
    expect(err?.input).toBe(input)
    expect(err?.message).toMatch(message)
    for (const secret of [KEY, RPC, 'secretpath']) expect(err?.message).not.toContain(secret)
  })
})
