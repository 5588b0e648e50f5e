/**
 * ENSIP-7 contenthash and ENSIP-15 names, without a chain: the specification's vectors,
 * cross-checked with `@ensdomains/content-hash` (an independent encoder, the one the ENS app
 * uses), every form a record may hold decoded, and bad input refused naming the input.
 */
import { decode as oracleDecode, encode as oracleEncode } from '@ensdomains/content-hash'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import {
  addressInput,
  confirmationsInput,
  contenthashOf,
  decodeContenthash,
  ensChain,
  ensName,
  feeCapInput,
  gatewayUrls,
  safeNonceInput,
} from '../../src/ens/index.js'

const V0 = 'QmRAQB6YaCyidP37UdDnjFY5vQuiBrcqdyoW1CuDgwxkD4'
const V1 = 'bafybeibj6lixxzqtsb45ysdjnupvqkufgdvzqbnvmhw2kf7cfkesy7r7d4'
const IPFS_HEX = '0xe3010170122029f2d17be6139079dc48696d1f582a8530eb9805b561eda517e22a892c7e3f1f'
const K51 = 'k51qzi5uqu5dihst24f3rp2ej4co9berxohfkxaenbq1wjty7nrd5e9xp4afx1'
const PEER = '12D3KooWG4NvqQVczTrWY1H2tvsJmbQf5bbA3xGYXC4FM3wWCfE4'
const IPNS_HEX =
  '0xe50101720024080112205cbd1cc86ac20d6640795809c2a185bb2504538a2de8076da5a6971b8acb4715'
const RAW = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'

const inputError = (fn: () => unknown): InputError => {
  try {
    fn()
  } catch (err) {
    if (err instanceof InputError) return err
    throw err
  }
  throw new Error('no error')
}

describe('contenthash encoding (ENSIP-7)', () => {
  it.each([
    [`ipfs://${V0}`, IPFS_HEX],
    [`ipfs://${V1}`, IPFS_HEX],
    [`/ipfs/${V1}/`, IPFS_HEX],
    [V1.toUpperCase(), IPFS_HEX],
    [`ipns://${K51}`, IPNS_HEX],
    [`ipns://${PEER}`, IPNS_HEX],
    [`/ipns/${K51}`, IPNS_HEX],
  ])('encodes %s as the specification does', (value, hex) => {
    expect(contenthashOf(value).hex).toBe(hex)
  })

  it('writes CIDv1 in base32 and IPNS names in base36, whatever form was given', () => {
    expect(contenthashOf(V0).uri).toBe(`ipfs://${V1}`)
    expect(contenthashOf(`ipns://${PEER}`).uri).toBe(`ipns://${K51}`)
  })

  it('agrees with @ensdomains/content-hash on UnixFS roots of every kind', async () => {
    const digests = await Promise.all(
      ['a', 'b', 'c'].map(async (s) => sha256.digest(Buffer.from(s))),
    )
    const cids = [
      ...digests.map((d) => CID.createV1(0x70, d)),
      ...digests.map((d) => CID.createV1(0x55, d)),
      CID.parse(V0),
      CID.parse(RAW),
    ]
    for (const cid of cids) {
      const ours = contenthashOf(`ipfs://${cid.toString()}`)
      expect(ours.hex, cid.toString()).toBe(`0x${oracleEncode('ipfs', cid.toString())}`)
      expect(oracleDecode(ours.hex.slice(2))).toBe(cid.toV1().toString())
      expect(decodeContenthash(ours.hex).uri).toBe(ours.uri)
    }
    expect(contenthashOf(RAW).hex.slice(0, 12)).toBe('0xe301015512')
    expect(oracleDecode(IPNS_HEX.slice(2))).toBe(K51)
  })

  it.each([
    [`ipfs://${V1}/index.html`, 'no path'],
    ['ipfs://bafyreih', 'not a CID'],
    [`ipfs://${CID.createV1(0x71, CID.parse(V1).multihash).toString()}`, 'codec 0x71'],
    ['ipns://docs.ipfs.tech', 'libp2p-key'],
    [`ipns://${V1}`, 'libp2p-key'],
    ['https://example.com', 'no path'],
  ])('refuses %s naming the input', (value, why) => {
    const err = inputError(() => contenthashOf(value, 'ens-value'))
    expect(err.input).toBe('ens-value')
    expect(err.message).toContain('Input "ens-value"')
    expect(err.message).toContain(why)
    expect(err.message).toContain(JSON.stringify(value))
  })
})

describe('contenthash decoding', () => {
  it('reads every form a record may hold, as the CID it names', () => {
    const v1 = decodeContenthash(IPFS_HEX)
    expect([v1.protocol, v1.uri, v1.cid?.toString()]).toEqual(['ipfs', `ipfs://${V1}`, V1])
    // An old record with the CIDv0 bytes after the protocol.
    const legacy = decodeContenthash(`0xe301${Buffer.from(CID.parse(V0).bytes).toString('hex')}`)
    expect([legacy.protocol, legacy.cid?.version, legacy.uri]).toEqual(['ipfs', 0, `ipfs://${V1}`])
    expect(decodeContenthash(IPFS_HEX.toUpperCase().replace('0X', '0x')).uri).toBe(`ipfs://${V1}`)
    expect(decodeContenthash(IPNS_HEX).uri).toBe(`ipns://${K51}`)
    expect(decodeContenthash('0xe5010170000f6170702e756e69737761702e6f7267').uri).toBe(
      'ipns://app.uniswap.org',
    )
    const swarm = `0x${oracleEncode('swarm', 'd1de9994b4d039f6548d191eb26786769f580809256b4685ef316805265ea162')}`
    expect(decodeContenthash(swarm).uri).toBe(
      'bzz://d1de9994b4d039f6548d191eb26786769f580809256b4685ef316805265ea162',
    )
    expect(decodeContenthash('0x').protocol).toBe('none')
    expect(decodeContenthash('0xe301ffff')).toMatchObject({ protocol: 'other', code: 0xe3 })
    expect(decodeContenthash('0xff')).toMatchObject({ protocol: 'other' })
    expect(decodeContenthash('0x01bc01')).toMatchObject({ protocol: 'other' })
  })
})

describe('ENS names (ENSIP-15, ENSIP-1)', () => {
  it.each([
    ['Site.eth', 'site.eth'],
    ['ＳＩＴＥ.eth', 'site.eth'],
    ['_dnslink.site.eth', '_dnslink.site.eth'],
    ['site.eth.', 'site.eth'],
    ['💩.eth', '💩.eth'],
    ['ß.eth', 'ß.eth'],
    ['example.xyz', 'example.xyz'],
  ])('normalises %s to %s', (input, name) => {
    expect(ensName(input).name).toBe(name)
  })

  it('hashes as ENSIP-1 does', () => {
    expect(ensName('foo.eth').node).toBe(
      '0xde9b09fd7c5f901e23a3f19fecc54828e9c848539801e86591bd9801b019f84f',
    )
  })

  it.each([
    ['a_b.eth', 'underscore'],
    ['a b.eth', 'disallowed character'],
    ['xn--ls8h.eth', 'invalid label extension'],
    ['', 'empty'],
    ['eth', 'top-level'],
  ])('refuses %s with the normaliser reason, naming the input', (input, why) => {
    const err = inputError(() => ensName(input, 'ens-name'))
    expect(err.input).toBe('ens-name')
    expect(err.message).toContain(why)
    expect(err.message).toContain(JSON.stringify(input))
  })

  it('gives eth.limo gateway URLs for .eth names only, with a punycode host', () => {
    expect(gatewayUrls('site.eth')).toEqual(['https://site.eth.limo/'])
    expect(gatewayUrls('💩.eth')).toEqual(['https://xn--ls8h.eth.limo/'])
    expect(gatewayUrls('example.xyz')).toEqual([])
  })
})

describe('chains and inputs', () => {
  it('knows mainnet and sepolia (experimental) and needs a registry for any other chain', () => {
    expect(ensChain('mainnet')).toMatchObject({ id: 1, experimental: false, safeShortName: 'eth' })
    expect(ensChain('1').label).toBe('mainnet')
    expect(ensChain('Sepolia')).toMatchObject({ id: 11155111, experimental: true })
    const local = ensChain('31337', {
      registry: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
      safeService: 'http://127.0.0.1:1/api',
    })
    expect(local).toMatchObject({
      id: 31337,
      registry: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      safeService: 'http://127.0.0.1:1/api',
    })
    expect(inputError(() => ensChain('31337')).input).toBe('ens-registry')
    const bad = inputError(() => ensChain('holesky'))
    expect(bad.message).toContain('"mainnet" or "sepolia"')
  })

  it('takes addresses with an EIP-3770 prefix and refuses a wrong checksum', () => {
    expect(addressInput('eth:0x5fbdb2315678afecb367f032d93f642f64180aa3', 'ens-safe')).toBe(
      '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    )
    expect(
      inputError(() => addressInput('0x5FBdb2315678afecb367f032d93f642f64180aa3', 'ens-safe'))
        .message,
    ).toContain('checksum')
    expect(inputError(() => addressInput('0x1234', 'ens-safe')).message).toContain('40 hex digits')
  })

  it('reads a fee cap in gwei or wei', () => {
    expect(feeCapInput('')).toBeUndefined()
    expect(feeCapInput('30')).toBe(30_000_000_000n)
    expect(feeCapInput('1.5 gwei')).toBe(1_500_000_000n)
    expect(feeCapInput('7 wei')).toBe(7n)
    for (const bad of ['0', 'lots', '1.5 wei', '-3', '30 eth'])
      expect(inputError(() => feeCapInput(bad)).message).toContain(
        `Input "ens-max-fee-per-gas" has ${JSON.stringify(bad)}`,
      )
    expect(inputError(() => safeNonceInput(-1)).input).toBe('ens-safe-nonce')
  })

  it('bounds the confirmations', () => {
    expect(confirmationsInput(undefined)).toBe(1)
    expect(confirmationsInput(12)).toBe(12)
    for (const n of [0, 65, 1.5])
      expect(inputError(() => confirmationsInput(n)).input).toBe('ens-confirmations')
  })
})
