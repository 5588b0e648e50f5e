/**
 * The hand-written encoders of src/content/blocks.ts against the libraries the importer encodes
 * with (@ipld/dag-pb, ipfs-unixfs): byte for byte, at varint boundaries and with names dag-pb
 * sorts by their UTF-8 bytes.
 */
import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import {
  directoryBlock,
  leafBlock,
  symlinkBlock,
  v0LeafFrame,
  cidOf,
  type DirEntry,
} from '../src/content/blocks.js'
import { compareNames } from '../src/content/collect.js'
import { importCandidates } from '../src/content/dag.js'
import { PROFILES } from '../src/content/profiles.js'
import { lcgBytes } from './support/car-trees.js'

const V0 = PROFILES['unixfs-v0-2015']
const V1 = PROFILES['unixfs-v1-2025']

describe('dag-pb leaf of unixfs-v0-2015', () => {
  it.each([0, 1, 2, 127, 128, 129, 16383, 16384, 16385, 262143, 262144, 1048576, 2 ** 21 + 3])(
    '%i bytes: head ‖ chunk ‖ tail equals the library encoding',
    (n) => {
      const chunk = lcgBytes(n, n + 1)
      const expected = dagPb.encode({
        Data: new UnixFS({ type: 'file', data: chunk }).marshal(),
        Links: [],
      })
      expect(Buffer.from(leafBlock(V0, chunk)).equals(Buffer.from(expected))).toBe(true)
      const { head, tail } = v0LeafFrame(n)
      expect(head.length + n + tail.length).toBe(expected.length)
    },
  )
})

describe('basic directory', () => {
  const names = [
    'index.html',
    'B',
    'a',
    'é',
    'z',
    '\u{e000}private',
    '\u{1f680} launch',
    '日本語',
    'a-b',
    'a.b',
    'x'.repeat(200),
  ]
  const sizes = [0, 1, 127, 128, 16384, 2 ** 32 + 5, 77, 300, 2 ** 40, 5, 6]
  const entries = (version: 0 | 1): DirEntry[] =>
    names.map((name, i) => ({
      name,
      cid: cidOf(version, dagPb.code, lcgBytes(32, i)),
      size: BigInt(sizes[i] ?? 0),
    }))

  it.each([0, 1] as const)('CIDv%i: equals dagPb.encode(prepare(…)), links sorted', (version) => {
    const es = entries(version)
    const expected = dagPb.encode(
      dagPb.prepare({
        Data: new UnixFS({ type: 'directory' }).marshal(),
        Links: es.map((e) => ({ Name: e.name, Tsize: Number(e.size), Hash: e.cid })),
      }),
    )
    const got = directoryBlock(version === 0 ? V0 : V1, es)
    expect(Buffer.from(got.block).equals(Buffer.from(expected))).toBe(true)
    expect(got.size).toBe(BigInt(expected.length) + es.reduce((n, e) => n + e.size, 0n))
    expect(got.cid.version).toBe(version)
  })

  it('of no entries is the empty directory', () => {
    expect(directoryBlock(V0, []).cid.toString()).toBe(
      'QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn',
    )
  })
})

describe('symlink', () => {
  it.each([
    ['unixfs-v0-2015', 'target.txt'],
    ['unixfs-v1-2025', '../a/b/c 🚀'],
  ] as const)('%s %s: same CID as the importer', async (profile, target) => {
    const params = PROFILES[profile]
    const importer = await importCandidates([{ path: 'l', link: target }], 'l', params)
    const ours = symlinkBlock(params, target)
    expect(ours.cid.toString()).toBe(importer.cid.toString())
    expect(ours.size).toBe(importer.size)
    expect(CID.decode(ours.cid.bytes).equals(ours.cid)).toBe(true)
  })
})

describe('compareNames', () => {
  it('orders as Buffer.compare of the UTF-8 bytes, surrogates and lone surrogates included', () => {
    const alphabet = [
      'a',
      'Z',
      'é',
      '\u{e000}',
      '\u{ffff}',
      '\u{1f680}',
      '\u{10000}',
      '\ud800',
      '\udc00',
      '/',
    ]
    let seed = 7
    const pick = (): string => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return alphabet[seed % alphabet.length] ?? 'a'
    }
    const word = (): string => Array.from({ length: 1 + (seed % 4) }, pick).join('')
    for (let i = 0; i < 5000; i++) {
      const a = word()
      const b = word()
      expect(compareNames(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(
        Buffer.compare(Buffer.from(a), Buffer.from(b)),
      )
    }
  })
})
