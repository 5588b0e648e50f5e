/**
 * Published CID vectors, computed by the product's engine. Every expected CID below comes from
 * kubo's own tests or the specs, with its source; none was produced by this project.
 *
 * Small inputs go through the full path (files on disk → collect → buildDag); the large seeded
 * inputs of IPIP-499 go through `importCandidates` with generated content, to keep a GiB off disk.
 */
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { collect } from '../src/content/collect.js'
import { buildDag, importCandidates } from '../src/content/dag.js'
import { PROFILES, type ImportParams } from '../src/content/profiles.js'
import { scratch, writeTree, type TreeSpec } from './support/fs-tree.js'
import { hamtFixtureEntries, seededBytes } from './support/seeded-random.js'

const KIB = 1024
const MIB = 1024 * KIB
const V0 = PROFILES['unixfs-v0-2015']
const V1 = PROFILES['unixfs-v1-2025']
const KUBO_V1 = PROFILES['kubo-cid-v1']
/** kubo `--cid-version=1 --raw-leaves=false`. */
const V1_DAGPB: ImportParams = { ...KUBO_V1, rawLeaves: false }
/** kubo `--raw-leaves` alone: a CIDv0 root over raw CIDv1 leaves. */
const V0_RAW: ImportParams = { ...V0, rawLeaves: true }

const tmp = scratch('vectors')
afterAll(tmp.remove)

/** Writes a tree to disk and returns the product's CID for it. */
async function cidOfTree(tree: TreeSpec, params: ImportParams, wrap = false): Promise<string> {
  const dir = writeTree(path.join(tmp.next(), 'root'), tree)
  const c = await collect({ path: dir, include: [], exclude: [], hiddenFiles: 'include' })
  return (await buildDag(c, params, { wrapWithDirectory: wrap })).root.toString()
}

async function cidOfFile(
  content: string | Uint8Array,
  params: ImportParams,
  name = 'file',
  wrap = false,
): Promise<string> {
  const abs = path.join(writeTree(tmp.next('f'), { [name]: content }), name)
  const c = await collect({ path: abs, include: [], exclude: [], hiddenFiles: 'include' })
  return (await buildDag(c, params, { wrapWithDirectory: wrap })).root.toString()
}

async function cidOfSeeded(seed: string, size: number, params: ImportParams): Promise<string> {
  return (
    await importCandidates([{ path: 'f', content: seededBytes(seed, size) }], 'f', params)
  ).cid.toString()
}

async function cidOfHamtFixture(
  seed: string,
  count: number,
  nameLen: number,
  lastNameLen: number | undefined,
  params: ImportParams,
): Promise<string> {
  const entries = hamtFixtureEntries(seed, count, nameLen, lastNameLen)
  const source = [
    { path: 'd' },
    ...entries.map((e) => ({ path: `d/${e.name}`, content: e.content })),
  ]
  return (await importCandidates(source, 'd', params)).cid.toString()
}

describe('UnixFS spec appendix and kubo t0040-add-and-cat.sh', () => {
  it.each([
    // [label, content, params, expected, source]
    ['empty file, kubo default', '', V0, 'QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH'], // t0040 L224
    [
      'empty file, v1 dag-pb leaves',
      '',
      V1_DAGPB,
      'bafybeif7ztnhq65lumvvtr4ekcwd2ifwgm3awq4zfr3srh462rwyinlb4y',
    ], // spec appendix
    [
      'empty file, --cid-version=1',
      '',
      KUBO_V1,
      'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku',
    ], // t0040 L568
    [
      'hello world\\n, kubo default',
      'hello world\n',
      V0,
      'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o',
    ],
    [
      'hello world\\n, --cid-version=1',
      'hello world\n',
      KUBO_V1,
      'bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4',
    ], // spec appendix
    ['hello world, v0', 'hello world', V0, 'Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD'], // kubo test/cli/add_test.go
    [
      'hello world, v1 raw',
      'hello world',
      V1,
      'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e',
    ], // add_test.go, IPIP-499
    [
      'hello world, v1 dag-pb leaves',
      'hello world',
      V1_DAGPB,
      'bafybeihykld7uyxzogax6vgyvag42y7464eywpf55gxi5qpoisibh3c5wa',
    ], // add_test.go
    [
      'Hello Worlds!\\n, v0',
      'Hello Worlds!\n',
      V0,
      'QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH',
    ], // t0040 L36
    ['IPFS\\n, v0', 'IPFS\n', V0, 'QmdFyxZXsFiP4csgfM5uPu99AvFiKH62CSPDw5TP92nr7w'], // t0040 L236
    ['Hello Venus!\\n, v0', 'Hello Venus!\n', V0, 'QmU5kp3BH3B8tnWUU2Pikdb2maksBNkb92FHRr56hyghh4'], // t0040 L746
    [
      'Hello Jupiter!\\n, v0',
      'Hello Jupiter!\n',
      V0,
      'QmUnvPcBctVTAcJpigv6KMqDvmDewksPWrNVoy1E1WP5fh',
    ], // t0040 L756
    [
      'Hello Neptune!\\nHello Pluton!, v0',
      'Hello Neptune!\nHello Pluton!',
      V0,
      'QmZDhWpi8NvKrekaYYhxKCdNVGWsFFe1CREnAjP1QbPaB3',
    ], // t0040 L775
  ] as const)('%s', async (_label, content, params, expected) => {
    expect(await cidOfFile(content, params)).toBe(expected)
  })

  it('base32 test\\n: v0 CID re-encoded as v1 (t0040 L293)', async () => {
    const { CID } = await import('multiformats/cid')
    const cid = CID.parse(await cidOfFile('base32 test\n', V0))
    expect(cid.toV1().toString()).toBe(
      'bafybeibyosqxljd2eptb4ebbtvk7pb4aoxzqa6ttdsflty6rsslz5y6i34',
    )
  })

  it('empty directory, both profiles (spec appendix, IPIP-499)', async () => {
    expect(await cidOfTree({}, V0).catch((e: Error) => e.message)).toMatch(/empty directory/)
    // `path` pointing at an empty directory is refused as bad input; its CID is still checked here.
    expect((await importCandidates([{ path: 'e' }], 'e', V0)).cid.toString()).toBe(
      'QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn',
    )
    expect((await importCandidates([{ path: 'e' }], 'e', V1)).cid.toString()).toBe(
      'bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354',
    )
  })

  it('directory with a subdirectory: ipfs add -r (t0040 L267)', async () => {
    expect(await cidOfTree({ hey: 'Hey\n', 'hello/world': 'World\n' }, V0)).toBe(
      'QmZQWnfcqJ6hNkkPvrY9Q5X39GP3jUnUbAV4AbmbbR3Cb1',
    )
  })

  it.each([
    ['v0', V0, 'QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY'],
    ['v0 --raw-leaves', V0_RAW, 'QmfWfQfKCY5Ukv9peBbxM5vqWM9BzmqUSXvdCgjT2wsiBT'],
    ['--cid-version=1', KUBO_V1, 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'],
    ['unixfs-v1-2025', V1, 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'],
    [
      '--cid-version=1 --raw-leaves=false',
      V1_DAGPB,
      'bafybeif5tuep5ap2d7zyhbktucey75aoacxufgt6i3v4gebmixyipnyp7y',
    ],
  ] as const)('planets directory, %s (t0040 L855-872)', async (_l, params, expected) => {
    expect(
      await cidOfTree({ 'mars.txt': 'Hello Mars!\n', 'venus.txt': 'Hello Venus!\n' }, params),
    ).toBe(expected)
  })

  it('nested moons directory and its subdirectories, v0 (t0040 "ipfs add -rn")', async () => {
    const moons = {
      'jupiter/europa.txt': 'Hello Europa!\n',
      'saturn/titan.txt': 'Hello Titan!\n',
      'mercury.txt': 'hey youre no moon!\n',
    }
    expect(await cidOfTree(moons, V0)).toBe('QmVKvomp91nMih5j6hYBA8KjbiaYvEetU2Q7KvtZkLe9nQ')
    expect(await cidOfTree({ 'europa.txt': 'Hello Europa!\n' }, V0)).toBe(
      'QmS5mZddhFPLWFX3w6FzAy9QxyYkaxvUpsWCtZ3r7jub9J',
    )
    expect(await cidOfTree({ 'titan.txt': 'Hello Titan!\n' }, V0)).toBe(
      'QmaMagZT4rTE7Nonw8KGSK4oe1bh533yhZrCo1HihSG8FK',
    )
    expect(await cidOfFile('hey youre no moon!\n', V0)).toBe(
      'QmUJjVtnN8YEeYcS8VmUeWffTWhnMQAkk5DzZdKnPhqUdK',
    )
  })

  it.each([
    ['v0', V0, 'QmPrrHqJzto9m7SyiRzarwkqPcCSsKR2EB1AyqJfe8L8tN'],
    [
      '--raw-leaves / --cid-version=1',
      KUBO_V1,
      'bafkreibmlvvgdyihetgocpof6xk64kjjzdeq2e4c7hqs3krdheosk4tgj4',
    ],
    [
      '--cid-version=1 --raw-leaves=false',
      V1_DAGPB,
      'bafybeiawta2ntdmsy24aro35w3homzl4ak7svr3si7l7gesvq4erglyye4',
    ],
  ] as const)('mars.txt alone, %s (t0040 add_directory)', async (_l, params, expected) => {
    expect(await cidOfFile('Hello Mars!\n', params)).toBe(expected)
  })

  it('wrapped single file: ipfs add -w example.jpg (kubo add --help)', async () => {
    expect(await cidOfFile('', V0, 'example.jpg', true)).toBe(
      'QmaG4FuMqEBnQNn3C8XJ5bpW8kLs7zq2ZXgHptJHbKDDVx',
    )
  })

  it('symlink kept as a UnixFS symlink (gateway-conformance symlink.car, kubo 0.18.1)', async () => {
    expect(await cidOfTree({ foo: 'content\n', bar: { link: 'foo' } }, V0)).toBe(
      'QmWvY6FaqFMS89YAQ9NAPjVP4WZKA1qbHbicc9HeSKQTgt',
    )
  })

  it('45,900,000 zero bytes, v0 balanced (js-ipfs-unixfs hash-parity-with-go-ipfs)', async () => {
    const zeros = function* () {
      for (let left = 45_900_000; left > 0; left -= MIB) yield new Uint8Array(Math.min(MIB, left))
    }
    expect(
      (await importCandidates([{ path: 'z', content: zeros() }], 'z', V0)).cid.toString(),
    ).toBe('QmRdPboiJQoZ5cdazR9a8vGqdJvWg6M5bfdtUSKNHpuscj')
  })
})

describe('IPIP-499 profile fixtures (kubo test/cli/cid_profiles_test.go)', () => {
  describe('unixfs-v0-2015', () => {
    it('chunk boundary: 262144 and 262145 bytes', async () => {
      expect(await cidOfSeeded('chunk-v0-seed', 256 * KIB, V0)).toBe(
        'QmWmRj3dFDZdb6ABvbmKhEL6TmPbAfBZ1t5BxsEyJrcZhE',
      )
      expect(await cidOfSeeded('chunk-v0-seed', 256 * KIB + 1, V0)).toBe(
        'QmYyLxtzZyW22zpoVAtKANLRHpDjZtNeDjQdJrcQNWoRkJ',
      )
    })
    it('link-count boundary: 174 chunks and one byte more', async () => {
      expect(await cidOfSeeded('v0-seed', 174 * 256 * KIB, V0)).toBe(
        'QmUbBALi174SnogsUzLpYbD4xPiBSFANF4iztWCsHbMKh2',
      )
      expect(await cidOfSeeded('v0-seed', 174 * 256 * KIB + 1, V0)).toBe(
        'QmV81WL765sC8DXsRhE5fJv2rwhS4icHRaf3J9Zk5FdRnW',
      )
    })
    it('HAMT threshold by link bytes: 4096×30-char names stay flat, 4033×31-char names shard', async () => {
      expect(await cidOfHamtFixture('hamt-unixfs-v0-2015', 4096, 30, undefined, V0)).toBe(
        'QmX5GtRk3TSSEHtdrykgqm4eqMEn3n2XhfkFAis5fjyZmN',
      )
      expect(await cidOfHamtFixture('hamt-unixfs-v0-2015', 4033, 31, undefined, V0)).toBe(
        'QmeMiJzmhpJAUgynAcxTQYek5PPKgdv3qEvFsdV3XpVnvP',
      )
    })
  })
  describe('unixfs-v1-2025', () => {
    it('hello world', async () => {
      expect(await cidOfFile('hello world', V1)).toBe(
        'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e',
      )
    })
    it('chunk boundary: 1048576 and 1048577 bytes', async () => {
      expect(await cidOfSeeded('chunk-v1-seed', MIB, V1)).toBe(
        'bafkreiacndfy443ter6qr2tmbbdhadvxxheowwf75s6zehscklu6ezxmta',
      )
      expect(await cidOfSeeded('chunk-v1-seed', MIB + 1, V1)).toBe(
        'bafybeigmix7t42i6jacydtquhet7srwvgpizfg7gjbq7627d35mjomtu64',
      )
    })
    it('link-count boundary: 1024 chunks (1 GiB) and one byte more', async () => {
      expect(await cidOfSeeded('v1-2025-seed', 1024 * MIB, V1)).toBe(
        'bafybeihmf37wcuvtx4hpu7he5zl5qaf2ineo2lqlfrapokkm5zzw7zyhvm',
      )
      expect(await cidOfSeeded('v1-2025-seed', 1024 * MIB + 1, V1)).toBe(
        'bafybeibdsi225ugbkmpbdohnxioyab6jsqrmkts3twhpvfnzp77xtzpyhe',
      )
    })
    it('HAMT threshold by block bytes: last name 21 chars stays flat, 22 chars shards', async () => {
      expect(await cidOfHamtFixture('hamt-unixfs-v1-2025', 4766, 11, 21, V1)).toBe(
        'bafybeic3h7rwruealwxkacabdy45jivq2crwz6bufb5ljwupn36gicplx4',
      )
      expect(await cidOfHamtFixture('hamt-unixfs-v1-2025', 4766, 11, 22, V1)).toBe(
        'bafybeiegvuterwurhdtkikfhbxcldohmxp566vpjdofhzmnhv6o4freidu',
      )
    })
  })
  it('kubo add_test.go: 256 MiB, seed "hello world", v0 with --max-file-links 1024', async () => {
    expect(await cidOfSeeded('hello world', 256 * MIB, { ...V0, maxLinks: 1024 })).toBe(
      'QmbBftNHWmjSWKLC49dMVrfnY8pjrJYntiAXirFJ7oJrNk',
    )
  })
})
